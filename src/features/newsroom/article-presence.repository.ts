// Who has an article open in the editor: one row per (article, staff member),
// its time refreshed by the page's heartbeat. Rows older than the presence
// window mean nothing and are cleared as heartbeats arrive.
import type { Db } from '../../core/db/database.js';

export async function recordHeartbeat(db: Db, articleId: number, userId: number, now: string): Promise<void> {
  await db
    .insertInto('article_presence')
    .values({ article_id: articleId, user_id: userId, seen_at: now })
    .onConflict((conflict) => conflict.columns(['article_id', 'user_id']).doUpdateSet({ seen_at: now }))
    .execute();
}

export async function clearStalePresence(db: Db, before: string): Promise<void> {
  await db.deleteFrom('article_presence').where('seen_at', '<', before).execute();
}

/** The names of the others seen on the article since `since`, longest-present first. */
export async function listOthersPresent(db: Db, articleId: number, userId: number, since: string): Promise<string[]> {
  const rows = await db
    .selectFrom('article_presence')
    .innerJoin('users', 'users.id', 'article_presence.user_id')
    .where('article_presence.article_id', '=', articleId)
    .where('article_presence.user_id', '<>', userId)
    .where('article_presence.seen_at', '>=', since)
    .select(['users.first_name', 'users.last_name'])
    .orderBy('users.id')
    .limit(20)
    .execute();
  return rows.map((row) => `${row.first_name} ${row.last_name}`.trim());
}
