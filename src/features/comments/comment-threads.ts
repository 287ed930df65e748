// The thread read-models of the comments service: a page of a thread, a
// comment's own page ("Continue this thread"), one comment as the live thread
// inserts it, what a live reader missed, and where a comment is read (its page).
// Each costs a fixed number of queries whatever the thread's size
// (comments.queries.ts); the counts come from article_comment_counts.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { buildCommentTree, viewOfRow } from './comment-tree.js';
import * as queries from './comments.queries.js';
import * as repository from './comments.repository.js';
import type { CommentArticle, CommentSort, CommentView, MissedComments, SubtreePage, ThreadPage } from './comments.types.js';

/** Replies nest this deep on one page; deeper ones continue on the reply's own page. */
export const DISPLAY_DEPTH = 4;
/** A reconnecting live reader is sent at most this many missed comments; beyond, a refresh notice. */
export const LIVE_REPLAY_LIMIT = 50;

/** A comment `locate` places; `threadPosition` when the caller already read it (a new post). */
export interface PlacedComment {
  articleId: number;
  id: number;
  rootId: number;
  depth: number;
  path: string;
  threadPosition?: number;
}

/** Its author may still change it: published, and younger than the edit window. */
export function isEditableBy(
  row: { author_id: number; status: string; created_at: string },
  viewerId: number | null,
  now: Date,
  editWindowMs: number,
): boolean {
  return row.author_id === viewerId && row.status === 'published' && now.getTime() - Date.parse(row.created_at) < editWindowMs;
}

export interface CommentThreadsDependencies {
  db: Db;
  clock: Clock;
  /** Top-level comments per thread page. */
  pageSize: number;
  editWindowMs: number;
  /** The comments service's live-article lookup. */
  liveArticle(articleId: number): Promise<CommentArticle | null>;
}

export function createCommentThreads(deps: CommentThreadsDependencies) {
  const { db, clock, pageSize, editWindowMs, liveArticle } = deps;

  /** A page of a thread: null when the page is beyond the last. */
  async function threadPage(input: {
    article: CommentArticle;
    sort: CommentSort;
    page: number;
    viewerId: number | null;
  }): Promise<ThreadPage | null> {
    const { article } = input;
    // Read before the page's comments: a comment published in between is numbered after it, so replayed live, not lost.
    const liveAfter = await repository.readLatestPublicationSeq(db, article.id);
    const counts = await repository.readCommentCounts(db, article.id);
    const pageCount = Math.max(1, Math.ceil(counts.listedThreads / pageSize));
    if (input.page > pageCount) return null;
    const topLevel = await queries.listTopLevel(db, {
      articleId: article.id,
      sort: input.sort,
      limit: pageSize,
      offset: (input.page - 1) * pageSize,
    });
    const replies = await queries.listRepliesOfThreads(
      db,
      article.id,
      topLevel.map((row) => row.id),
    );
    const comments = await withViewer(topLevel, replies, { baseDepth: 0, parentName: null, viewerId: input.viewerId });
    return { article, sort: input.sort, page: input.page, pageCount, publishedCount: counts.published, liveAfter, comments };
  }

  async function withViewer(
    top: queries.ThreadRow[],
    replies: queries.ThreadRow[],
    options: { baseDepth: number; parentName: { id: number; authorName: string | null } | null; viewerId: number | null },
  ) {
    const recommended = options.viewerId
      ? await queries.listRecommendedBy(
          db,
          options.viewerId,
          [...top, ...replies].map((row) => row.id),
        )
      : new Set<number>();
    return buildCommentTree(top, replies, {
      baseDepth: options.baseDepth,
      displayDepth: DISPLAY_DEPTH,
      rootParent: options.parentName,
      viewer: { id: options.viewerId, recommended, isEditable: (row) => isEditableBy(row, options.viewerId, clock.now(), editWindowMs) },
    });
  }

  async function inReplyTo(row: queries.ThreadRow): Promise<{ id: number; authorName: string | null } | null> {
    if (row.parent_id === null) return null;
    const parent = await queries.findThreadRow(db, row.parent_id);
    if (!parent) return null;
    return { id: parent.id, authorName: parent.status === 'published' ? (viewOfRow(parent).author?.name ?? null) : null };
  }

  /** A comment and its replies on their own page; null when there is nothing to show. */
  async function subtreePage(input: { commentId: number; viewerId: number | null }): Promise<SubtreePage | null> {
    const row = await queries.findThreadRow(db, input.commentId);
    if (!row) return null;
    const article = await liveArticle(row.article_id);
    if (!article) return null;
    const replies = await queries.listSubtree(db, { rootId: row.root_id ?? row.id, path: row.path });
    const [comment] = await withViewer([row], replies, {
      baseDepth: row.depth,
      parentName: await inReplyTo(row),
      viewerId: input.viewerId,
    });
    if (!comment) return null;
    return { article, comment, rootId: row.root_id ?? row.id };
  }

  /** One visible comment alone, as the live thread inserts it. */
  async function commentFragment(input: {
    commentId: number;
    viewerId: number | null;
  }): Promise<{ article: CommentArticle; comment: CommentView } | null> {
    const row = await queries.findThreadRow(db, input.commentId);
    if (!row || row.status !== 'published') return null;
    const article = await liveArticle(row.article_id);
    if (!article) return null;
    const [comment] = await withViewer([row], [], { baseDepth: row.depth, parentName: await inReplyTo(row), viewerId: input.viewerId });
    return comment ? { article, comment } : null;
  }

  /** What a live reader of the article missed since its publication sequence was `afterSeq` (at most `limit`). */
  async function missedComments(articleId: number, afterSeq: number, limit = LIVE_REPLAY_LIMIT): Promise<MissedComments> {
    const missed = await queries.listPublishedAfterSeq(db, { articleId, afterSeq, limit: limit + 1 });
    const { published } = await repository.readCommentCounts(db, articleId);
    return { comments: missed.slice(0, limit), count: published, isPartial: missed.length > limit };
  }

  /**
   * Where a new comment is read: its thread page in the default (oldest
   * first) order, or, deeper than a page nests, the page of the ancestor
   * whose "Continue this thread" shows it.
   */
  async function locate(posted: PlacedComment): Promise<{ kind: 'thread'; page: number } | { kind: 'subtree'; commentId: number }> {
    if (posted.depth > DISPLAY_DEPTH) {
      const ancestorDepth = DISPLAY_DEPTH * Math.floor((posted.depth - 1) / DISPLAY_DEPTH);
      return { kind: 'subtree', commentId: Number(posted.path.split('/')[ancestorDepth]) };
    }
    const position = posted.threadPosition ?? (await repository.readThreadPosition(db, posted.articleId, posted.rootId)).position;
    return { kind: 'thread', page: Math.max(1, Math.ceil(position / pageSize)) };
  }

  async function locateExisting(commentId: number): Promise<PlacedComment | null> {
    const comment = await repository.findComment(db, commentId);
    return comment
      ? { articleId: comment.article_id, id: comment.id, rootId: comment.root_id ?? comment.id, depth: comment.depth, path: comment.path }
      : null;
  }

  return { threadPage, subtreePage, commentFragment, missedComments, locate, locateExisting };
}
