// Read-models for comment pages. A thread page costs a fixed number of
// queries whatever its size: the page's top-level comments, then every reply
// under them in one query by root_id (authors joined), then the viewer's
// recommendations among them.
import type { DbOrTransaction } from '../../core/db/database.js';
import type { Role } from '../../core/db/schema.js';
import type { CommentRow } from './comments.repository.js';
import type { CommentSort } from './comments.types.js';

/** A comment as a thread shows it: the stored row (comments.repository.ts) with its author. */
export interface ThreadRow extends CommentRow {
  is_featured: number;
  recommend_count: number;
  first_name: string;
  last_name: string;
  role: Role;
}

function selectThreadRows(db: DbOrTransaction) {
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select([
      'c.id',
      'c.article_id',
      'c.author_id',
      'c.parent_id',
      'c.root_id',
      'c.depth',
      'c.path',
      'c.body',
      'c.status',
      'c.is_featured',
      'c.recommend_count',
      'c.reply_count',
      'c.created_at',
      'c.edited_at',
      'u.first_name',
      'u.last_name',
      'u.role',
    ]);
}

export async function listTopLevel(
  db: DbOrTransaction,
  options: { articleId: number; sort: CommentSort; limit: number; offset: number },
): Promise<ThreadRow[]> {
  let query = selectThreadRows(db)
    .where('c.article_id', '=', options.articleId)
    .where('c.parent_id', 'is', null)
    .where((eb) => eb.or([eb('c.status', '=', 'published'), eb('c.reply_count', '>', 0)]));
  if (options.sort === 'newest') query = query.orderBy('c.id', 'desc');
  else if (options.sort === 'top') query = query.orderBy('c.recommend_count', 'desc').orderBy('c.id', 'asc');
  else query = query.orderBy('c.id', 'asc');
  return query.limit(options.limit).offset(options.offset).execute();
}

/** Every reply (any status; the page decides what shows) under the given threads, in reading order. */
export async function listRepliesOfThreads(db: DbOrTransaction, articleId: number, rootIds: number[]): Promise<ThreadRow[]> {
  if (rootIds.length === 0) return [];
  // By thread: the (root_id, path) index reads only these threads' replies (article_id is implied by the roots).
  return selectThreadRows(db)
    .where('c.root_id', 'in', rootIds)
    .where('c.depth', '>', 0)
    .where('c.article_id', '=', articleId)
    .orderBy('c.path')
    .execute();
}

export async function findThreadRow(db: DbOrTransaction, commentId: number): Promise<ThreadRow | undefined> {
  return selectThreadRows(db).where('c.id', '=', commentId).executeTakeFirst();
}

/** The replies under one comment, in reading order (its path is a prefix of theirs). */
export async function listSubtree(db: DbOrTransaction, comment: { rootId: number; path: string }): Promise<ThreadRow[]> {
  // Within its thread (the root_id, path index): LIKE rather than a range, because under a
  // linguistic collation (en_US) '/' sorts as if absent, so a range on paths would be wrong;
  // paths hold only digits and '/', never a wildcard.
  return selectThreadRows(db)
    .where('c.root_id', '=', comment.rootId)
    .where('c.path', 'like', `${comment.path}/%`)
    .orderBy('c.path')
    .execute();
}

/** Published comments on the article numbered after `afterSeq` (migration 0010), in that order; `limit` at most. */
export async function listPublishedAfterSeq(
  db: DbOrTransaction,
  options: { articleId: number; afterSeq: number; limit: number },
): Promise<Array<{ commentId: number; seq: number }>> {
  // The (article_id, published_seq) index: the few numbered after a recent mark, whatever the thread's length.
  const rows = await db
    .selectFrom('comments')
    .where('article_id', '=', options.articleId)
    .where('published_seq', '>', options.afterSeq)
    .where('status', '=', 'published')
    .select(['id', 'published_seq'])
    .orderBy('published_seq')
    .limit(options.limit)
    .execute();
  return rows.map((row) => ({ commentId: row.id, seq: Number(row.published_seq) }));
}

/** Which of these comments the viewer recommends. */
export async function listRecommendedBy(db: DbOrTransaction, userId: number, commentIds: number[]): Promise<Set<number>> {
  if (commentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('comment_recommendations')
    .where('user_id', '=', userId)
    .where('comment_id', 'in', commentIds)
    .select('comment_id')
    .execute();
  return new Set(rows.map((row) => row.comment_id));
}
