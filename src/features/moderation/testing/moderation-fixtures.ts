// Test rows written straight into the tables (the comments feature's posting
// is not needed to test moderation): readers, an article, comments with
// their thread path, reports.
import type { DbOrTransaction } from '../../../core/db/database.js';
import type { CommentStatus } from '../../../core/db/schema.js';

export const MODERATION_NOW = new Date('2026-03-10T12:00:00.000Z');

let sequence = 0;

export async function insertReader(db: DbOrTransaction, options: { createdAt?: string; firstName?: string; role?: 'reader' | 'editor' } = {}): Promise<number> {
  sequence++;
  const createdAt = options.createdAt ?? '2025-01-01T00:00:00.000Z';
  const row = await db
    .insertInto('users')
    .values({
      email: `moderated-${sequence}-${Date.now()}@example.test`,
      email_verified_at: createdAt,
      password_hash: null,
      first_name: options.firstName ?? `Reader${sequence}`,
      last_name: 'Tester',
      role: options.role ?? 'reader',
      created_at: createdAt,
      updated_at: createdAt,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertArticle(db: DbOrTransaction, options: { headline?: string } = {}): Promise<number> {
  sequence++;
  let section = await db.selectFrom('sections').where('path', '=', 'moderation-tests').select('id').executeTakeFirst();
  section ??= await db
    .insertInto('sections')
    .values({ slug: 'moderation-tests', path: 'moderation-tests', name: 'Moderation tests', parent_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const iso = MODERATION_NOW.toISOString();
  const row = await db
    .insertInto('articles')
    .values({
      slug: `moderated-article-${sequence}`,
      section_id: section.id,
      headline: options.headline ?? `A quiet week at the lighthouse ${sequence}`,
      body_json: JSON.stringify({ type: 'doc', content: [] }),
      hero_image_id: null,
      access_level: 'free',
      status: 'published',
      published_at: iso,
      updated_at: null,
      modified_at: iso,
      created_at: iso,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertComment(
  db: DbOrTransaction,
  comment: { articleId: number; authorId: number; body?: string; status?: CommentStatus; parentId?: number; createdAt?: string; isFeatured?: boolean },
): Promise<number> {
  const parent = comment.parentId ? await db.selectFrom('comments').where('id', '=', comment.parentId).select(['path', 'depth', 'root_id']).executeTakeFirstOrThrow() : undefined;
  const row = await db
    .insertInto('comments')
    .values({
      article_id: comment.articleId,
      author_id: comment.authorId,
      parent_id: comment.parentId ?? null,
      root_id: parent?.root_id ?? null,
      depth: parent ? parent.depth + 1 : 0,
      path: 'pending',
      body: comment.body ?? 'A thoughtful remark about the harbour.',
      status: comment.status ?? 'published',
      status_reason: null,
      is_featured: comment.isFeatured ? 1 : 0,
      created_at: comment.createdAt ?? MODERATION_NOW.toISOString(),
      edited_at: null,
      deleted_at: comment.status === 'deleted' ? MODERATION_NOW.toISOString() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ownPath = String(row.id).padStart(10, '0');
  await db
    .updateTable('comments')
    .set({ path: parent ? `${parent.path}/${ownPath}` : ownPath, root_id: parent?.root_id ?? row.id })
    .where('id', '=', row.id)
    .execute();
  return row.id;
}

export async function insertReport(db: DbOrTransaction, report: { commentId: number; reporterId: number; reason: string; createdAt?: string }): Promise<void> {
  await db
    .insertInto('comment_reports')
    .values({ comment_id: report.commentId, reporter_id: report.reporterId, reason: report.reason, created_at: report.createdAt ?? MODERATION_NOW.toISOString(), resolved_at: null, resolved_by: null })
    .execute();
}

/** Every moderation-owned row, to prove a refused request stored nothing. */
export async function moderationSnapshot(db: DbOrTransaction) {
  const [comments, reports, readers, articleSettings, words, log, articles] = await Promise.all([
    db.selectFrom('comments').select(['id', 'status', 'status_reason', 'is_featured']).orderBy('id').execute(),
    db.selectFrom('comment_reports').select(['id', 'resolved_at', 'resolved_by']).orderBy('id').execute(),
    db.selectFrom('reader_moderation').selectAll().orderBy('user_id').execute(),
    db.selectFrom('article_comment_settings').selectAll().orderBy('article_id').execute(),
    db.selectFrom('banned_words').select(['id', 'phrase', 'action']).orderBy('id').execute(),
    db.selectFrom('moderation_log').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    db.selectFrom('articles').select(['id', 'comments_enabled']).orderBy('id').execute(),
  ]);
  return { comments, reports, readers, articleSettings, words, logCount: Number(log.count), articles };
}
