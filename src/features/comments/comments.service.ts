// Comments: posting, replying, editing, deleting, recommending and reporting;
// the thread read-models are comment-threads.ts. Every write checks, in this order: the text,
// the article (live, comments open), the writer (verified, in good standing),
// the comment written to, the rate limits, then the moderation policy — so a
// refused write stores nothing and spends no allowance it need not.
// Whether the writer may read the article is the access gate's answer, asked
// by the routes per request before they call in here.
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { GroupCommit } from '../../core/db/group-commit.js';
import type { RateLimiter, RateLimitRule } from '../../core/http/rate-limit.js';
import { formatDateline } from '../../core/views/format.js';
import { checkCommentText, normaliseCommentText } from './comment-text.js';
import { createCommentThreads, isEditableBy } from './comment-threads.js';
import * as repository from './comments.repository.js';
import {
  REPORT_REASONS,
  type CommentArticle,
  type CommentBroadcaster,
  type CommentPublishedHook,
  type CommentRefusal,
  type CommentWriter,
  type DeleteCommentOutcome,
  type EditCommentOutcome,
  type ModerationPolicy,
  type PostCommentOutcome,
  type RecommendOutcome,
  type ReportOutcome,
} from './comments.types.js';

export { DISPLAY_DEPTH, LIVE_REPLAY_LIMIT, type PlacedComment } from './comment-threads.js';
// Beyond the service, what other features use (they import a feature's service
// and types only): a comment's text as HTML (community pages), how stored text
// is normalised (importers keep other platforms' comments as the same text),
// and the in-process live fan-out for services built beside the app's (test harnesses).
export { renderCommentBody } from './views/comment-body.js';
export { normaliseCommentText } from './comment-text.js';
export { createInProcessBroadcaster } from './comments-live.js';

export interface CommentsSettings {
  /** COMMENT_MAX_LENGTH */
  maxLength: number;
  /** COMMENT_EDIT_WINDOW_MINUTES */
  editWindowMinutes: number;
  /** REQUIRE_VERIFIED_EMAIL_TO_COMMENT */
  requireVerifiedEmail: boolean;
  /** The publication's zone, for dates in messages (a suspension's end). */
  timeZone: string;
}

export interface CommentsServiceDependencies {
  db: Db;
  /** Posting transactions, grouped into shared commits on SQLite (core/db/group-commit.ts). */
  groupCommit: GroupCommit;
  clock: Clock;
  policy: ModerationPolicy;
  /** The community feature's notifications and feeds, inside the publishing transaction. */
  onPublished: CommentPublishedHook;
  /** Live updates, after commit. */
  broadcaster: CommentBroadcaster;
  rateLimiter: RateLimiter;
  settings: CommentsSettings;
  /** Top-level comments per thread page. */
  pageSize?: number;
}

export const COMMENT_RATE_LIMITS = {
  /** A reader's posts (comments and replies) in a burst. */
  postBurst: { limit: 5, windowSeconds: 60 },
  /** The same text by the same reader, once per window. */
  duplicateText: { limit: 1, windowSeconds: 600 },
  /** Recommendations, reports and edits together. */
  otherWrites: { limit: 60, windowSeconds: 60 },
} satisfies Record<string, RateLimitRule>;

/**
 * The deepest reply accepted. Paths grow by 11 characters a level and are
 * indexed; PostgreSQL's btree entries stop at about 2,700 bytes.
 */
export const MAX_DEPTH = 100;
const REPORT_DETAILS_MAX = 500;

const refuse = {
  notFound: (message: string): CommentRefusal => ({ kind: 'not-found', message }),
  forbidden: (message: string): CommentRefusal => ({ kind: 'forbidden', message }),
  conflict: (message: string): CommentRefusal => ({ kind: 'conflict', message }),
  invalid: (message: string): CommentRefusal => ({ kind: 'invalid', message }),
};

const ARTICLE_NOT_FOUND = 'This article could not be found.';
const COMMENT_NOT_FOUND = 'That comment could not be found.';
const COMMENTS_CLOSED = 'Comments are closed for this article.';

function toArticle(row: repository.ArticleForCommentsRow): CommentArticle {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    sectionPath: row.section_path,
    accessLevel: row.access_level,
    publishedAt: row.published_at,
    commentsEnabled: row.comments_enabled === 1,
    isPremoderated: row.premoderated === 1,
  };
}

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 32);
}

export function createCommentsService(deps: CommentsServiceDependencies) {
  const { db, clock, policy, settings } = deps;
  const pageSize = deps.pageSize ?? 50;
  const now = () => clock.now().toISOString();
  const editWindowMs = settings.editWindowMinutes * 60_000;

  async function liveArticle(articleId: number): Promise<CommentArticle | null> {
    const row = await repository.findLiveArticle(db, articleId, now());
    return row ? toArticle(row) : null;
  }

  /** Whether the writer may write at all (a confirmed address, good standing): their standing, or why not. */
  async function goodStandingOf(writer: CommentWriter): Promise<{ kind: 'good'; premoderated: boolean } | CommentRefusal> {
    if (settings.requireVerifiedEmail && !writer.isEmailVerified) {
      return refuse.forbidden(
        'Please confirm your email address before you take part in the conversation: follow the link in the email we sent you when you registered.',
      );
    }
    const standing = await policy.standing(db, writer.id, now());
    if (standing.kind === 'banned')
      return refuse.forbidden('You cannot post comments: your account has been barred from commenting by our moderators.');
    if (standing.kind === 'suspended') {
      return refuse.forbidden(
        `You cannot post comments until ${formatDateline(standing.until, settings.timeZone)}: your account has been suspended by our moderators.`,
      );
    }
    return standing;
  }

  async function checkWriter(writer: CommentWriter): Promise<CommentRefusal | null> {
    const standing = await goodStandingOf(writer);
    return standing.kind === 'good' ? null : standing;
  }

  async function limit(key: string, rule: RateLimitRule, message: string): Promise<CommentRefusal | null> {
    const result = await deps.rateLimiter.consume(key, rule);
    return result.allowed ? null : { kind: 'rate-limited', message, retryAfterSeconds: result.retryAfterSeconds };
  }

  const isEditable = (row: { author_id: number; status: string; created_at: string }, viewerId: number | null) =>
    isEditableBy(row, viewerId, clock.now(), editWindowMs);
  const threads = createCommentThreads({ db, clock, pageSize, editWindowMs, liveArticle });

  /**
   * `article` is `findArticle`'s answer for this request (live, looked up
   * once: the route asked the access gate about the same article).
   */
  async function postComment(input: {
    writer: CommentWriter;
    article: CommentArticle;
    parentId: number | null;
    body: unknown;
  }): Promise<PostCommentOutcome> {
    const checked = checkCommentText(input.body, settings.maxLength);
    if (!checked.ok) return refuse.invalid(checked.message);
    const { article } = input;
    if (!article.commentsEnabled) return refuse.forbidden(COMMENTS_CLOSED);
    const standing = await goodStandingOf(input.writer);
    if (standing.kind !== 'good') return standing;

    let parent: repository.CommentRow | undefined;
    if (input.parentId !== null) {
      parent = await repository.findComment(db, input.parentId);
      if (!parent) return refuse.notFound('The comment you replied to could not be found.');
      if (parent.article_id !== article.id) return refuse.invalid('You can only reply to a comment under the same article.');
      if (parent.status !== 'published') {
        return refuse.conflict(
          parent.status === 'deleted'
            ? 'The comment you replied to has been deleted, so it can no longer be replied to.'
            : 'The comment you replied to is not available, so it cannot be replied to.',
        );
      }
      if (parent.depth + 1 > MAX_DEPTH)
        return refuse.invalid('This conversation is too deep to reply to here. Please reply to an earlier comment in it.');
    }

    const burst = await limit(
      `comments:post:${input.writer.id}`,
      COMMENT_RATE_LIMITS.postBurst,
      'You are posting very quickly. Please wait a moment before you post again.',
    );
    if (burst) return burst;
    const duplicate = await limit(
      `comments:text:${input.writer.id}:${hashText(checked.text)}`,
      COMMENT_RATE_LIMITS.duplicateText,
      'You have just posted the same comment. Please wait before you post it again.',
    );
    if (duplicate) return duplicate;

    const createdAt = now();
    const screening = await policy.screen(db, { article, authorId: input.writer.id, body: checked.text, now: createdAt, standing });
    if (screening.kind === 'reject') return refuse.invalid(screening.reason);
    const status = screening.kind === 'hold' ? 'pending' : 'published';

    // Runs only statements on `trx` (group commit may run it twice): the live event goes out after.
    const { stored, placed } = await deps.groupCommit.transaction(async (trx) => {
      const stored = await repository.insertComment(trx, {
        articleId: article.id,
        authorId: input.writer.id,
        parent: parent ? { id: parent.id, rootId: parent.root_id ?? parent.id, depth: parent.depth, path: parent.path } : null,
        body: checked.text,
        status,
        statusReason: screening.kind === 'hold' ? screening.reason : null,
        createdAt,
      });
      if (status === 'published') {
        await deps.onPublished(trx, {
          id: stored.id,
          articleId: article.id,
          authorId: input.writer.id,
          parentId: parent?.id ?? null,
          parentAuthorId: parent?.author_id ?? null,
          createdAt,
        });
      }
      // The counts the triggers just moved, read before commit: no second look at the thread.
      return { stored, placed: await repository.readThreadPosition(trx, article.id, stored.rootId) };
    });
    if (stored.publishedSeq !== null)
      deps.broadcaster.publish({
        type: 'comment',
        articleId: article.id,
        commentId: stored.id,
        seq: stored.publishedSeq,
        count: placed.published,
      });
    return {
      kind: 'posted',
      id: stored.id,
      articleId: article.id,
      status,
      depth: stored.depth,
      path: stored.path,
      rootId: stored.rootId,
      threadPosition: placed.position,
    };
  }

  /** The writer's own comment, on a live article with comments open, which they may still change. */
  async function ownComment(
    writer: CommentWriter,
    commentId: number,
    action: string,
  ): Promise<
    { comment: repository.CommentRow; article: CommentArticle; standing: { kind: 'good'; premoderated: boolean } } | CommentRefusal
  > {
    const comment = await repository.findComment(db, commentId);
    if (!comment) return refuse.notFound(COMMENT_NOT_FOUND);
    if (comment.author_id !== writer.id) return refuse.forbidden(`You can only ${action} your own comments.`);
    const article = await liveArticle(comment.article_id);
    if (!article) return refuse.notFound(ARTICLE_NOT_FOUND);
    const standing = await goodStandingOf(writer);
    if (standing.kind !== 'good') return standing;
    return { comment, article, standing };
  }

  async function editComment(input: { writer: CommentWriter; commentId: number; body: unknown }): Promise<EditCommentOutcome> {
    const checked = checkCommentText(input.body, settings.maxLength);
    if (!checked.ok) return refuse.invalid(checked.message);
    const found = await ownComment(input.writer, input.commentId, 'edit');
    if ('kind' in found) return found;
    const { standing } = found;
    const { comment, article } = found;
    if (comment.status === 'deleted' || comment.status === 'rejected') return refuse.conflict('This comment can no longer be edited.');
    if (!article.commentsEnabled) return refuse.forbidden(COMMENTS_CLOSED);
    if (clock.now().getTime() - Date.parse(comment.created_at) >= editWindowMs) {
      return refuse.forbidden(
        `Comments can only be edited for ${settings.editWindowMinutes} minutes after posting, and that time has passed.`,
      );
    }
    if (checked.text === comment.body)
      return { kind: 'edited', id: comment.id, articleId: article.id, status: comment.status === 'pending' ? 'pending' : 'published' };
    const limited = await limit(
      `comments:write:${input.writer.id}`,
      COMMENT_RATE_LIMITS.otherWrites,
      'Please wait a moment and try again.',
    );
    if (limited) return limited;
    const editedAt = now();
    const screening = await policy.screen(db, { article, authorId: input.writer.id, body: checked.text, now: editedAt, standing });
    if (screening.kind === 'reject') return refuse.invalid(screening.reason);
    // A comment held for moderation stays held: editing is not a way round the queue.
    const status = comment.status === 'pending' || screening.kind === 'hold' ? 'pending' : 'published';
    await db.transaction().execute((trx) =>
      repository.updateCommentText(trx, comment.id, {
        body: checked.text,
        status,
        statusReason: screening.kind === 'hold' ? screening.reason : null,
        editedAt,
      }),
    );
    return { kind: 'edited', id: comment.id, articleId: article.id, status };
  }

  async function deleteComment(input: { writer: CommentWriter; commentId: number }): Promise<DeleteCommentOutcome> {
    const found = await ownComment(input.writer, input.commentId, 'delete');
    if ('kind' in found) return found;
    const { comment } = found;
    const isTombstone = comment.reply_count > 0;
    if (comment.status !== 'deleted') await db.transaction().execute((trx) => repository.markCommentDeleted(trx, comment.id, now()));
    return { kind: 'deleted', id: comment.id, articleId: comment.article_id, isTombstone };
  }

  /** Someone else's visible comment on a live article, for a reaction or a report. */
  async function othersComment(
    writer: CommentWriter,
    commentId: number,
    ownMessage: string,
  ): Promise<{ comment: repository.CommentRow; article: CommentArticle } | CommentRefusal> {
    const comment = await repository.findComment(db, commentId);
    if (!comment || comment.status === 'pending' || comment.status === 'rejected') return refuse.notFound(COMMENT_NOT_FOUND);
    const article = await liveArticle(comment.article_id);
    if (!article) return refuse.notFound(ARTICLE_NOT_FOUND);
    const writerRefusal = await checkWriter(writer);
    if (writerRefusal) return writerRefusal;
    if (comment.author_id === writer.id) return refuse.forbidden(ownMessage);
    if (comment.status === 'deleted') return refuse.conflict('This comment has been deleted.');
    return { comment, article };
  }

  /** Sets (not flips) the reader's recommendation, so a repeated request changes nothing. */
  async function setRecommendation(input: { writer: CommentWriter; commentId: number; recommended: boolean }): Promise<RecommendOutcome> {
    const found = await othersComment(input.writer, input.commentId, 'You cannot recommend your own comment.');
    if ('kind' in found) return found;
    const limited = await limit(
      `comments:write:${input.writer.id}`,
      COMMENT_RATE_LIMITS.otherWrites,
      'Please wait a moment and try again.',
    );
    if (limited) return limited;
    const { comment } = found;
    const count = await db.transaction().execute(async (trx) => {
      const changed = input.recommended
        ? await repository.addRecommendation(trx, comment.id, input.writer.id, now())
        : await repository.removeRecommendation(trx, comment.id, input.writer.id);
      if (!changed) return repository.readRecommendCount(trx, comment.id);
      return repository.adjustRecommendCount(trx, comment.id, input.recommended ? 1 : -1);
    });
    return { kind: 'recommended', id: comment.id, articleId: comment.article_id, recommended: input.recommended, count };
  }

  async function reportComment(input: {
    writer: CommentWriter;
    commentId: number;
    reason: unknown;
    details: unknown;
  }): Promise<ReportOutcome> {
    const reason = typeof input.reason === 'string' && Object.hasOwn(REPORT_REASONS, input.reason) ? input.reason : null;
    if (!reason) return refuse.invalid('Please choose why you are reporting this comment.');
    const details = typeof input.details === 'string' ? normaliseCommentText(input.details).replace(/\n+/g, ' ') : '';
    if (details.length > REPORT_DETAILS_MAX) return refuse.invalid(`Please keep your explanation under ${REPORT_DETAILS_MAX} characters.`);
    if (reason === 'other' && !details) return refuse.invalid('Please say briefly what is wrong with this comment.');
    const found = await othersComment(input.writer, input.commentId, 'You cannot report your own comment.');
    if ('kind' in found) return found;
    const limited = await limit(
      `comments:write:${input.writer.id}`,
      COMMENT_RATE_LIMITS.otherWrites,
      'Please wait a moment and try again.',
    );
    if (limited) return limited;
    const stored = await repository.insertReport(db, {
      commentId: found.comment.id,
      reporterId: input.writer.id,
      reason: details ? `${reason}: ${details}` : reason,
      now: now(),
    });
    if (!stored) return refuse.conflict('You have already reported this comment. Thank you: our moderators will look at it.');
    return { kind: 'reported', id: found.comment.id, articleId: found.comment.article_id };
  }

  /** The article a comment belongs to (for the access gate), when both are live. */
  async function findArticleOfComment(commentId: number): Promise<CommentArticle | null> {
    const comment = await repository.findComment(db, commentId);
    return comment ? liveArticle(comment.article_id) : null;
  }

  /** A comment as its author sees it in the edit form. */
  async function findOwnComment(
    writer: { id: number },
    commentId: number,
  ): Promise<{ id: number; articleId: number; text: string; isEditable: boolean } | null> {
    const comment = await repository.findComment(db, commentId);
    if (!comment || comment.author_id !== writer.id) return null;
    return {
      id: comment.id,
      articleId: comment.article_id,
      text: comment.body,
      isEditable:
        isEditable(comment, writer.id) ||
        (comment.status === 'pending' && clock.now().getTime() - Date.parse(comment.created_at) < editWindowMs),
    };
  }

  return {
    findArticle: liveArticle,
    findArticleOfComment,
    findOwnComment,
    /** Why this reader may not write (unconfirmed address, suspended, banned), or null: pages hide the forms they could not use. */
    writeRefusal: checkWriter,
    countPublished: async (articleId: number) => (await repository.readCommentCounts(db, articleId)).published,
    postComment,
    editComment,
    deleteComment,
    setRecommendation,
    reportComment,
    ...threads,
    settings: {
      maxLength: settings.maxLength,
      editWindowMinutes: settings.editWindowMinutes,
      requireVerifiedEmail: settings.requireVerifiedEmail,
    },
  };
}

export type CommentsService = ReturnType<typeof createCommentsService>;
