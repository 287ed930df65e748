// SQL of the newsroom's notifications ("submitted for review") and each
// staff member's choice to get them by email too.
import type { DbOrTransaction } from '../../core/db/database.js';

/** Editors and admins who can review: everyone told when a story is submitted. */
export async function listReviewers(
  db: DbOrTransaction,
): Promise<Array<{ id: number; email: string; firstName: string; wantsEmail: boolean }>> {
  const rows = await db
    .selectFrom('users')
    .where('role', 'in', ['editor', 'admin'])
    .where('deleted_at', 'is', null)
    .select(['id', 'email', 'first_name', 'review_emails'])
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, email: row.email, firstName: row.first_name, wantsEmail: Number(row.review_emails) === 1 }));
}

export async function insertNotifications(
  db: DbOrTransaction,
  rows: Array<{ userId: number; articleId: number; actorName: string; now: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('newsroom_notifications')
    .values(
      rows.map((row) => ({
        user_id: row.userId,
        article_id: row.articleId,
        kind: 'submitted',
        actor_name: row.actorName,
        created_at: row.now,
      })),
    )
    .execute();
}

export interface NotificationRow {
  id: number;
  articleId: number;
  headline: string;
  actorName: string;
  createdAt: string;
  readAt: string | null;
}

/** The newest notifications of one staff member (a bounded list: the newsroom shows the latest 50). */
export async function listNotifications(db: DbOrTransaction, userId: number, limit: number): Promise<NotificationRow[]> {
  const rows = await db
    .selectFrom('newsroom_notifications')
    .innerJoin('articles', 'articles.id', 'newsroom_notifications.article_id')
    .where('newsroom_notifications.user_id', '=', userId)
    .orderBy('newsroom_notifications.id', 'desc')
    .limit(limit)
    .select([
      'newsroom_notifications.id',
      'newsroom_notifications.article_id',
      'articles.headline',
      'newsroom_notifications.actor_name',
      'newsroom_notifications.created_at',
      'newsroom_notifications.read_at',
    ])
    .execute();
  return rows.map((row) => ({
    id: row.id,
    articleId: row.article_id,
    headline: row.headline,
    actorName: row.actor_name,
    createdAt: row.created_at,
    readAt: row.read_at,
  }));
}

export async function countUnread(db: DbOrTransaction, userId: number): Promise<number> {
  const row = await db
    .selectFrom('newsroom_notifications')
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('unread'))
    .executeTakeFirstOrThrow();
  return Number(row.unread);
}

export async function markAllRead(db: DbOrTransaction, userId: number, now: string): Promise<void> {
  await db.updateTable('newsroom_notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

export async function findWantsReviewEmails(db: DbOrTransaction, userId: number): Promise<boolean> {
  const row = await db.selectFrom('users').where('id', '=', userId).select('review_emails').executeTakeFirst();
  return Number(row?.review_emails ?? 0) === 1;
}

export async function setWantsReviewEmails(db: DbOrTransaction, userId: number, wants: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ review_emails: wants ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}
