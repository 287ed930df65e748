// Writes and lookups for the moderation policy and service. Every function
// takes the database or the caller's transaction first; the service owns the
// unit of work.
import type { DbOrTransaction } from '../../core/db/database.js';
import { preparedQuery } from '../../core/db/prepared-query.js';
import type { BannedWordAction, CommentStatus, Role } from '../../core/db/schema.js';

export async function findReaderModeration(db: DbOrTransaction, userId: number) {
  return (await readerModerationQuery(db, { userId })).rows[0];
}

// Asked on every comment write (core/db/prepared-query.ts).
const readerModerationQuery = preparedQuery('findReaderModeration', (db, args: { userId: number }) =>
  db.selectFrom('reader_moderation').where('user_id', '=', args.userId).select(['premoderated', 'suspended_until', 'banned_at', 'reason']),
);

export async function countPublishedCommentsBy(db: DbOrTransaction, authorId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .where('author_id', '=', authorId)
    .where('status', '=', 'published')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The article's published comments as the triggers on `comments` keep them (migration 0007), in the caller's transaction. */
export async function readPublishedCommentCount(db: DbOrTransaction, articleId: number): Promise<number> {
  const row = await db
    .selectFrom('article_comment_counts')
    .where('article_id', '=', articleId)
    .select((eb) => eb.fn.sum<number | null>('published_count').as('published'))
    .executeTakeFirst();
  return Number(row?.published ?? 0);
}

/** The comment's number in its article's publication sequence, set by a trigger when it was published (migration 0010). */
export async function readPublishedSeq(db: DbOrTransaction, commentId: number): Promise<number | null> {
  const row = await db.selectFrom('comments').where('id', '=', commentId).select('published_seq').executeTakeFirst();
  return row?.published_seq == null ? null : Number(row.published_seq);
}

export async function findUserCreatedAt(db: DbOrTransaction, userId: number): Promise<string | undefined> {
  const row = await db.selectFrom('users').where('id', '=', userId).select('created_at').executeTakeFirst();
  return row?.created_at;
}

export async function listBannedWords(db: DbOrTransaction) {
  return db.selectFrom('banned_words').select(['id', 'phrase', 'action', 'created_at']).orderBy('phrase').execute();
}

export async function insertBannedWord(
  db: DbOrTransaction,
  word: { phrase: string; action: BannedWordAction; staffId: number; now: string },
): Promise<number | null> {
  const row = await db
    .insertInto('banned_words')
    .values({ phrase: word.phrase, action: word.action, created_at: word.now, created_by: word.staffId })
    .onConflict((conflict) => conflict.column('phrase').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function deleteBannedWord(db: DbOrTransaction, id: number) {
  return db.deleteFrom('banned_words').where('id', '=', id).returning(['phrase', 'action']).executeTakeFirst();
}

export async function findCommentForModeration(db: DbOrTransaction, commentId: number) {
  return db
    .selectFrom('comments')
    .where('id', '=', commentId)
    .select(['id', 'article_id', 'author_id', 'parent_id', 'status', 'is_featured', 'created_at'])
    .executeTakeFirst();
}

/** Moves a comment to `to` only from one of `from`: of two moderators acting at once, exactly one changes it. */
export async function changeCommentStatus(
  db: DbOrTransaction,
  change: { commentId: number; from: readonly CommentStatus[]; to: CommentStatus; reason: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('comments')
    .set({ status: change.to, status_reason: change.reason })
    .where('id', '=', change.commentId)
    .where('status', 'in', change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setCommentFeatured(db: DbOrTransaction, commentId: number, isFeatured: boolean): Promise<boolean> {
  const result = await db
    .updateTable('comments')
    .set({ is_featured: isFeatured ? 1 : 0 })
    .where('id', '=', commentId)
    .where('status', '=', 'published')
    .where('is_featured', '=', isFeatured ? 0 : 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findLiveAuthorOf(db: DbOrTransaction, commentId: number): Promise<number | null> {
  const row = await db
    .selectFrom('comments')
    .where('id', '=', commentId)
    .where('status', '!=', 'deleted')
    .select('author_id')
    .executeTakeFirst();
  return row?.author_id ?? null;
}

export async function resolveOpenReports(
  db: DbOrTransaction,
  report: { commentId: number; staffId: number; now: string },
): Promise<number> {
  const result = await db
    .updateTable('comment_reports')
    .set({ resolved_at: report.now, resolved_by: report.staffId })
    .where('comment_id', '=', report.commentId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findArticleForModeration(db: DbOrTransaction, articleId: number) {
  return db.selectFrom('articles').where('id', '=', articleId).select(['id', 'comments_enabled']).executeTakeFirst();
}

export async function setArticleCommentsEnabled(db: DbOrTransaction, articleId: number, isEnabled: boolean): Promise<void> {
  await db
    .updateTable('articles')
    .set({ comments_enabled: isEnabled ? 1 : 0 })
    .where('id', '=', articleId)
    .execute();
}

export async function setArticlePremoderation(
  db: DbOrTransaction,
  settings: { articleId: number; isPremoderated: boolean; now: string },
): Promise<void> {
  const premoderated = settings.isPremoderated ? 1 : 0;
  await db
    .insertInto('article_comment_settings')
    .values({ article_id: settings.articleId, premoderated, updated_at: settings.now })
    .onConflict((conflict) => conflict.column('article_id').doUpdateSet({ premoderated, updated_at: settings.now }))
    .execute();
}

export async function findUserForModeration(
  db: DbOrTransaction,
  userId: number,
): Promise<{ id: number; role: Role; isDeleted: boolean } | undefined> {
  const row = await db.selectFrom('users').where('id', '=', userId).select(['id', 'role', 'deleted_at']).executeTakeFirst();
  return row ? { id: row.id, role: row.role, isDeleted: row.deleted_at !== null } : undefined;
}

export interface ReaderModerationChanges {
  premoderated?: 0 | 1;
  suspended_until?: string | null;
  banned_at?: string | null;
  reason?: string | null;
}

export async function updateReaderModeration(
  db: DbOrTransaction,
  change: { userId: number; staffId: number; now: string; changes: ReaderModerationChanges },
): Promise<void> {
  const audit = { updated_at: change.now, updated_by: change.staffId };
  await db
    .insertInto('reader_moderation')
    .values({ user_id: change.userId, suspended_until: null, banned_at: null, reason: null, ...change.changes, ...audit })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ ...change.changes, ...audit }))
    .execute();
}

export interface LogEntry {
  staffId: number;
  action: string;
  commentId?: number | null;
  userId?: number | null;
  articleId?: number | null;
  reason?: string;
  now: string;
}

export async function insertLogEntry(db: DbOrTransaction, entry: LogEntry): Promise<void> {
  await db
    .insertInto('moderation_log')
    .values({
      staff_id: entry.staffId,
      action: entry.action,
      comment_id: entry.commentId ?? null,
      user_id: entry.userId ?? null,
      article_id: entry.articleId ?? null,
      reason: entry.reason ?? '',
      created_at: entry.now,
    })
    .execute();
}
