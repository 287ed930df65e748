// Writes to comments, recommendations and reports, and the lookups the
// service needs to decide a write. Page read-models are in comments.queries.ts.
import { sql } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';
import { preparedQuery } from '../../core/db/prepared-query.js';
import type { CommentStatus } from '../../core/db/schema.js';
import { isPublishedAndDue } from '../articles/article-publication.js';

/** Zero-padded so that ordering paths as text orders ids numerically. */
export const PATH_SEGMENT_WIDTH = 10;

export function pathSegment(id: number): string {
  return String(id).padStart(PATH_SEGMENT_WIDTH, '0');
}

export interface ArticleForCommentsRow {
  id: number;
  slug: string;
  headline: string;
  section_path: string;
  access_level: 'free' | 'registered' | 'premium';
  published_at: string;
  comments_enabled: number;
  premoderated: number | null;
}

/**
 * A published, live article (not a draft, not scheduled, not withdrawn),
 * with its comment settings: whether comments are open (articles) and
 * pre-moderated (the moderation feature's article_comment_settings), read
 * here so a post looks its article up once.
 */
// The statements of a post are prepared (built and compiled once: core/db/prepared-query.ts).
const liveArticleQuery = preparedQuery('findLiveArticle', (db, args: { articleId: number; now: string }) =>
  db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .leftJoin('article_comment_settings as settings', 'settings.article_id', 'articles.id')
    .where('articles.id', '=', args.articleId)
    .where(isPublishedAndDue(args.now))
    .select([
      'articles.id',
      'articles.slug',
      'articles.headline',
      'sections.path as section_path',
      'articles.access_level',
      'articles.published_at',
      'articles.comments_enabled',
      'settings.premoderated',
    ]),
);

export async function findLiveArticle(db: DbOrTransaction, articleId: number, now: string): Promise<ArticleForCommentsRow | undefined> {
  const row = (await liveArticleQuery(db, { articleId, now })).rows[0];
  return row ? { ...row, published_at: row.published_at! } : undefined;
}

export interface CommentRow {
  id: number;
  article_id: number;
  author_id: number;
  parent_id: number | null;
  root_id: number | null;
  depth: number;
  path: string;
  body: string;
  status: CommentStatus;
  reply_count: number;
  created_at: string;
  edited_at: string | null;
}

export async function findComment(db: DbOrTransaction, commentId: number): Promise<CommentRow | undefined> {
  return db
    .selectFrom('comments')
    .where('id', '=', commentId)
    .select([
      'id',
      'article_id',
      'author_id',
      'parent_id',
      'root_id',
      'depth',
      'path',
      'body',
      'status',
      'reply_count',
      'created_at',
      'edited_at',
    ])
    .executeTakeFirst();
}

export interface NewComment {
  articleId: number;
  authorId: number;
  parent: { id: number; rootId: number; depth: number; path: string } | null;
  body: string;
  status: CommentStatus;
  statusReason: string | null;
  createdAt: string;
}

/**
 * Inserts a comment and, with its new id, sets its path and thread root; a
 * reply bumps its parent's reply count. Run inside the caller's transaction so
 * no reader ever sees a comment without its path.
 */
export async function insertComment(
  trx: DbOrTransaction,
  comment: NewComment,
): Promise<{ id: number; rootId: number; depth: number; path: string; publishedSeq: number | null }> {
  const depth = comment.parent ? comment.parent.depth + 1 : 0;
  const fields = {
    articleId: comment.articleId,
    authorId: comment.authorId,
    depth,
    body: comment.body,
    status: comment.status,
    createdAt: comment.createdAt,
  };
  const inserted = comment.parent
    ? await insertReplyQuery(trx, {
        ...fields,
        parentId: comment.parent.id,
        rootId: comment.parent.rootId,
        statusReason: comment.statusReason ?? '',
      })
    : await insertTopLevelQuery(trx, { ...fields, statusReason: comment.statusReason ?? '' });
  const id = Number(inserted.rows[0]!.id);
  const path = comment.parent ? `${comment.parent.path}/${pathSegment(id)}` : pathSegment(id);
  const rootId = comment.parent?.rootId ?? id;
  // Read back here: a trigger numbered the comment if it was published (migration 0010).
  const { published_seq: publishedSeq } = (await setPathQuery(trx, { id, path, rootId })).rows[0]!;
  if (comment.parent) await countReplyQuery(trx, { parentId: comment.parent.id });
  return { id, rootId, depth, path, publishedSeq: publishedSeq === null ? null : Number(publishedSeq) };
}

// A null can only be written as a constant in a prepared query, so a reply and a
// top-level comment are two statements; an empty status reason is stored as null.
const newCommentValues = (args: {
  articleId: number;
  authorId: number;
  depth: number;
  body: string;
  status: string;
  statusReason: string;
  createdAt: string;
}) => ({
  article_id: args.articleId,
  author_id: args.authorId,
  depth: args.depth,
  path: '',
  body: args.body,
  status: args.status as CommentStatus,
  status_reason: sql<string | null>`nullif(${args.statusReason}, '')`,
  created_at: args.createdAt,
});

const insertTopLevelQuery = preparedQuery(
  'insertTopLevelComment',
  (
    db,
    args: { articleId: number; authorId: number; depth: number; body: string; status: string; statusReason: string; createdAt: string },
  ) =>
    db
      .insertInto('comments')
      .values({ ...newCommentValues(args), parent_id: null, root_id: null })
      .returning('id'),
);

const insertReplyQuery = preparedQuery(
  'insertReply',
  (
    db,
    args: {
      articleId: number;
      authorId: number;
      parentId: number;
      rootId: number;
      depth: number;
      body: string;
      status: string;
      statusReason: string;
      createdAt: string;
    },
  ) =>
    db
      .insertInto('comments')
      .values({ ...newCommentValues(args), parent_id: args.parentId, root_id: args.rootId })
      .returning('id'),
);

const setPathQuery = preparedQuery('setCommentPath', (db, args: { id: number; path: string; rootId: number }) =>
  db.updateTable('comments').set({ path: args.path, root_id: args.rootId }).where('id', '=', args.id).returning('published_seq'),
);

const countReplyQuery = preparedQuery('countReply', (db, args: { parentId: number }) =>
  db
    .updateTable('comments')
    .set({ reply_count: sql`reply_count + 1` })
    .where('id', '=', args.parentId),
);

export async function updateCommentText(
  trx: DbOrTransaction,
  commentId: number,
  changes: { body: string; status: CommentStatus; statusReason: string | null; editedAt: string },
): Promise<void> {
  await trx
    .updateTable('comments')
    .set({ body: changes.body, status: changes.status, status_reason: changes.statusReason, edited_at: changes.editedAt })
    .where('id', '=', commentId)
    .execute();
}

/** Deleted by its author: the text goes at once (a tombstone keeps its replies, never its words). */
export async function markCommentDeleted(trx: DbOrTransaction, commentId: number, now: string): Promise<void> {
  await trx
    .updateTable('comments')
    .set({ status: 'deleted', body: '', deleted_at: now, is_featured: 0 })
    .where('id', '=', commentId)
    .execute();
}

/** The reader's recommendation, once; true when this call added it. */
export async function addRecommendation(trx: DbOrTransaction, commentId: number, userId: number, now: string): Promise<boolean> {
  const result = await trx
    .insertInto('comment_recommendations')
    .values({ comment_id: commentId, user_id: userId, created_at: now })
    .onConflict((conflict) => conflict.columns(['comment_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** True when this call removed the reader's recommendation. */
export async function removeRecommendation(trx: DbOrTransaction, commentId: number, userId: number): Promise<boolean> {
  const result = await trx
    .deleteFrom('comment_recommendations')
    .where('comment_id', '=', commentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Relative, so parallel recommendations never overwrite each other's count. */
export async function adjustRecommendCount(trx: DbOrTransaction, commentId: number, delta: 1 | -1): Promise<number> {
  const row = await trx
    .updateTable('comments')
    .set({ recommend_count: sql`recommend_count + ${delta}` })
    .where('id', '=', commentId)
    .returning('recommend_count')
    .executeTakeFirstOrThrow();
  return row.recommend_count;
}

export async function readRecommendCount(db: DbOrTransaction, commentId: number): Promise<number> {
  const row = await db.selectFrom('comments').where('id', '=', commentId).select('recommend_count').executeTakeFirst();
  return row?.recommend_count ?? 0;
}

/** A reader reports a comment once; false when they already had. */
export async function insertReport(
  db: DbOrTransaction,
  report: { commentId: number; reporterId: number; reason: string; now: string },
): Promise<boolean> {
  const result = await db
    .insertInto('comment_reports')
    .values({ comment_id: report.commentId, reporter_id: report.reporterId, reason: report.reason, created_at: report.now })
    .onConflict((conflict) => conflict.columns(['comment_id', 'reporter_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface CommentCounts {
  /** Published comments at any depth. */
  published: number;
  /** Top-level comments a thread page lists (published, or holding replies). */
  listedThreads: number;
}

/** The article's counts, kept by triggers on `comments` (migration 0007): a few rows, however long the thread. */
export async function readCommentCounts(db: DbOrTransaction, articleId: number): Promise<CommentCounts> {
  const row = (await commentCountsQuery(db, { articleId })).rows[0];
  return { published: Number(row?.published ?? 0), listedThreads: Number(row?.listed ?? 0) };
}

const commentCountsQuery = preparedQuery('readCommentCounts', (db, args: { articleId: number }) =>
  db
    .selectFrom('article_comment_counts')
    .where('article_id', '=', args.articleId)
    .select((eb) => [
      eb.fn.sum<number | null>('published_count').as('published'),
      eb.fn.sum<number | null>('listed_thread_count').as('listed'),
    ]),
);

/**
 * The article's publication sequence now (0 before its first comment): the
 * mark a thread page gives its live stream, read before the page's comments.
 */
export async function readLatestPublicationSeq(db: DbOrTransaction, articleId: number): Promise<number> {
  const row = (await latestPublicationSeqQuery(db, { articleId })).rows[0];
  return Number(row?.seq ?? 0);
}

const latestPublicationSeqQuery = preparedQuery('readLatestPublicationSeq', (db, args: { articleId: number }) =>
  db
    .selectFrom('article_comment_counts')
    .where('article_id', '=', args.articleId)
    .select((eb) => eb.fn.max<number | null>('last_published_seq').as('seq')),
);

/**
 * The article's published count, and where the thread started by `rootId`
 * sits in the oldest-first order (how many listed threads start at or
 * before it), read in one statement so both come from the same snapshot. The
 * position is the listed count less the listed threads started after the
 * root: for a new comment those are the few posted since, so this costs a
 * short index range instead of counting the whole thread.
 */
export async function readThreadPosition(
  db: DbOrTransaction,
  articleId: number,
  rootId: number,
): Promise<{ published: number; position: number }> {
  const row = (await threadPositionQuery(db, { articleId, rootId })).rows[0];
  return { published: Number(row?.published ?? 0), position: Number(row?.position ?? 0) };
}

const threadPositionQuery = preparedQuery('readThreadPosition', (db, args: { articleId: number; rootId: number }) => {
  const newer = db
    .selectFrom('comments')
    .where('comments.article_id', '=', args.articleId)
    .where('comments.parent_id', 'is', null)
    .where('comments.id', '>', args.rootId)
    .where((eb) => eb.or([eb('comments.status', '=', 'published'), eb('comments.reply_count', '>', 0)]))
    .select((eb) => eb.fn.countAll<number>().as('newer'));
  return db
    .selectFrom('article_comment_counts as counts')
    .where('counts.article_id', '=', args.articleId)
    .select((eb) => [
      eb.fn.sum<number | null>('counts.published_count').as('published'),
      eb(eb.fn.sum<number>('counts.listed_thread_count'), '-', newer).as('position'),
    ]);
});
