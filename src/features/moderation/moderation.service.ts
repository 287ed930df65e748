// What moderators do: approve, reject, feature comments and resolve reports;
// close or pre-moderate an article's comments; pre-moderate, suspend, ban or
// restore a reader; keep the banned-words list. Every action writes its
// moderation_log row in the transaction that makes the change, so the audit
// log never misses or invents an action.
import type { Clock } from '../../core/clock.js';
import type { Db, DbOrTransaction } from '../../core/db/database.js';
import type { BannedWordAction } from '../../core/db/schema.js';
import type { CommentBroadcaster, CommentPublishedHook } from '../comments/comments.types.js';
import { checkPhrase } from './comment-text.js';
import { parseLocalDateTime } from './local-date-time.js';
import type { ModerationPolicyHandle } from './moderation.policy.js';
import * as queries from './moderation.queries.js';
import * as repository from './moderation.repository.js';
import type { ModerationNotice, ModerationOutcome } from './moderation.types.js';

// Beyond the service, what other features and the composition root use (they
// import a feature's service and types only): the policy comments ask, and
// the standing check and screening reasons.
export { createModerationPolicy, isWriteBlocked, SCREENING_REASONS, type ModerationPolicyHandle } from './moderation.policy.js';
export type { ModerationNotice, ModerationOutcome } from './moderation.types.js';

export const MAX_REASON_LENGTH = 500;
/** Longer than this is a ban, and should say so. */
export const MAX_SUSPENSION_DAYS = 366 * 5;

export interface ModerationServiceDependencies {
  db: Db;
  clock: Clock;
  /** Told when staff change the banned-words list, so this node screens with the new list at once. */
  policy: Pick<ModerationPolicyHandle, 'bannedWordsChanged'>;
  /** The community feature's hook, run inside the transaction that publishes an approved comment. */
  onCommentPublished: CommentPublishedHook;
  broadcaster: Pick<CommentBroadcaster, 'publish'>;
  /** Drops the article's cached page on every node (ArticlesService.afterArticlePageChange) after its comments are closed or opened. */
  onArticleChanged: (articleId: number) => Promise<void>;
  /** Suspension times are typed in the publication's zone. */
  timeZone: string;
}

type Reason = { kind: 'valid'; text: string } | { kind: 'invalid'; message: string };

function checkReason(input: string, options: { isRequired: boolean; what: string }): Reason {
  const text = input.replace(/\r\n?/g, '\n').trim();
  if (text.length === 0 && options.isRequired) return { kind: 'invalid', message: `Give a reason for ${options.what}.` };
  if (text.length > MAX_REASON_LENGTH) return { kind: 'invalid', message: `The reason can be at most ${MAX_REASON_LENGTH} characters.` };
  // PostgreSQL refuses NUL in text; other control characters have no place in a reason either.
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/u.test(text))
    return { kind: 'invalid', message: 'The reason contains characters that cannot be stored.' };
  return { kind: 'valid', text };
}

const done = (notice: ModerationNotice): ModerationOutcome => ({ kind: 'done', notice });
const notFound: ModerationOutcome = { kind: 'not-found' };
const invalid = (message: string): ModerationOutcome => ({ kind: 'invalid', message });
const conflict = (message: string): ModerationOutcome => ({ kind: 'conflict', message });

export function createModerationService(deps: ModerationServiceDependencies) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();

  async function approveComment(input: { staffId: number; commentId: number }): Promise<ModerationOutcome> {
    const timestamp = now();
    const result = await db.transaction().execute(async (trx) => {
      const comment = await repository.findCommentForModeration(trx, input.commentId);
      if (!comment || comment.status === 'deleted') return { outcome: notFound };
      const isChanged = await repository.changeCommentStatus(trx, {
        commentId: comment.id,
        from: ['pending', 'rejected'],
        to: 'published',
        reason: null,
      });
      if (!isChanged) return { outcome: conflict('This comment is already published.') };
      const parentAuthorId = comment.parent_id === null ? null : await repository.findLiveAuthorOf(trx, comment.parent_id);
      await deps.onCommentPublished(trx, {
        id: comment.id,
        articleId: comment.article_id,
        authorId: comment.author_id,
        parentId: comment.parent_id,
        parentAuthorId,
        createdAt: comment.created_at,
      });
      await repository.insertLogEntry(trx, {
        staffId: input.staffId,
        action: 'comment-approved',
        commentId: comment.id,
        userId: comment.author_id,
        articleId: comment.article_id,
        now: timestamp,
      });
      const count = await repository.readPublishedCommentCount(trx, comment.article_id);
      const seq = await repository.readPublishedSeq(trx, comment.id);
      return {
        outcome: done('comment-approved'),
        event: seq === null ? undefined : { articleId: comment.article_id, commentId: comment.id, seq, count },
      };
    });
    if (result.event) announce(result.event);
    return result.outcome;
  }

  /** After commit only: live readers must never see a comment that then rolled back. */
  function announce(event: { articleId: number; commentId: number; seq: number; count: number }): void {
    try {
      deps.broadcaster.publish({ type: 'comment', ...event });
    } catch {
      // The approval stands; live readers see the comment when they reload.
    }
  }

  async function rejectComment(input: { staffId: number; commentId: number; reason: string }): Promise<ModerationOutcome> {
    const reason = checkReason(input.reason, { isRequired: true, what: 'rejecting the comment' });
    const timestamp = now();
    return db.transaction().execute(async (trx) => {
      const comment = await repository.findCommentForModeration(trx, input.commentId);
      if (!comment || comment.status === 'deleted') return notFound;
      if (reason.kind === 'invalid') return invalid(reason.message);
      const isChanged = await repository.changeCommentStatus(trx, {
        commentId: comment.id,
        from: ['pending', 'published'],
        to: 'rejected',
        reason: reason.text,
      });
      if (!isChanged) return conflict('This comment has already been rejected.');
      // A featured comment that is taken down is no longer anyone's pick.
      if (comment.is_featured === 1) await trx.updateTable('comments').set({ is_featured: 0 }).where('id', '=', comment.id).execute();
      // Rejecting a reported comment answers its reports.
      await repository.resolveOpenReports(trx, { commentId: comment.id, staffId: input.staffId, now: timestamp });
      await repository.insertLogEntry(trx, {
        staffId: input.staffId,
        action: 'comment-rejected',
        commentId: comment.id,
        userId: comment.author_id,
        articleId: comment.article_id,
        reason: reason.text,
        now: timestamp,
      });
      return done('comment-rejected');
    });
  }

  async function setCommentFeatured(input: { staffId: number; commentId: number; isFeatured: boolean }): Promise<ModerationOutcome> {
    const timestamp = now();
    return db.transaction().execute(async (trx) => {
      const comment = await repository.findCommentForModeration(trx, input.commentId);
      if (!comment || comment.status === 'deleted') return notFound;
      if (comment.status !== 'published') return conflict('Only a published comment can be an Editor’s pick.');
      const isChanged = await repository.setCommentFeatured(trx, comment.id, input.isFeatured);
      if (!isChanged)
        return conflict(input.isFeatured ? 'This comment is already an Editor’s pick.' : 'This comment is not an Editor’s pick.');
      const action = input.isFeatured ? 'comment-featured' : 'comment-unfeatured';
      await repository.insertLogEntry(trx, {
        staffId: input.staffId,
        action,
        commentId: comment.id,
        userId: comment.author_id,
        articleId: comment.article_id,
        now: timestamp,
      });
      return done(action);
    });
  }

  async function resolveReports(input: { staffId: number; commentId: number }): Promise<ModerationOutcome> {
    const timestamp = now();
    return db.transaction().execute(async (trx) => {
      const comment = await repository.findCommentForModeration(trx, input.commentId);
      if (!comment) return notFound;
      const resolved = await repository.resolveOpenReports(trx, { commentId: comment.id, staffId: input.staffId, now: timestamp });
      if (resolved === 0) return conflict('This comment has no open reports.');
      await repository.insertLogEntry(trx, {
        staffId: input.staffId,
        action: 'reports-resolved',
        commentId: comment.id,
        userId: comment.author_id,
        articleId: comment.article_id,
        reason: `${resolved} ${resolved === 1 ? 'report' : 'reports'} resolved`,
        now: timestamp,
      });
      return done('reports-resolved');
    });
  }

  async function setArticleCommentsOpen(input: { staffId: number; articleId: number; isOpen: boolean }): Promise<ModerationOutcome> {
    const timestamp = now();
    const outcome = await db.transaction().execute(async (trx) => {
      const article = await repository.findArticleForModeration(trx, input.articleId);
      if (!article) return notFound;
      if ((article.comments_enabled === 1) === input.isOpen)
        return conflict(input.isOpen ? 'Comments on this article are already open.' : 'Comments on this article are already closed.');
      await repository.setArticleCommentsEnabled(trx, article.id, input.isOpen);
      const action = input.isOpen ? 'article-comments-opened' : 'article-comments-closed';
      await repository.insertLogEntry(trx, { staffId: input.staffId, action, articleId: article.id, now: timestamp });
      return done(action);
    });
    // The article page shows the form or "comments are closed": cached copies must go (that page only).
    if (outcome.kind === 'done') await deps.onArticleChanged(input.articleId);
    return outcome;
  }

  async function setArticlePremoderated(input: {
    staffId: number;
    articleId: number;
    isPremoderated: boolean;
  }): Promise<ModerationOutcome> {
    const timestamp = now();
    return db.transaction().execute(async (trx) => {
      const article = await repository.findArticleForModeration(trx, input.articleId);
      if (!article) return notFound;
      await repository.setArticlePremoderation(trx, { articleId: article.id, isPremoderated: input.isPremoderated, now: timestamp });
      const action = input.isPremoderated ? 'article-premoderation-on' : 'article-premoderation-off';
      await repository.insertLogEntry(trx, { staffId: input.staffId, action, articleId: article.id, now: timestamp });
      return done(action);
    });
  }

  /** Finds the reader a standing change is about; staff accounts are managed elsewhere, and nobody restricts themselves. */
  async function readerTarget(trx: DbOrTransaction, input: { staffId: number; userId: number }): Promise<ModerationOutcome | null> {
    const user = await repository.findUserForModeration(trx, input.userId);
    if (!user || user.isDeleted) return notFound;
    if (user.role !== 'reader') return invalid('Staff accounts cannot be pre-moderated, suspended or banned. Change their role first.');
    return null;
  }

  async function setReaderPremoderated(input: { staffId: number; userId: number; isPremoderated: boolean }): Promise<ModerationOutcome> {
    const timestamp = now();
    return db.transaction().execute(async (trx) => {
      const refusal = await readerTarget(trx, input);
      if (refusal) return refusal;
      await repository.updateReaderModeration(trx, {
        userId: input.userId,
        staffId: input.staffId,
        now: timestamp,
        changes: { premoderated: input.isPremoderated ? 1 : 0 },
      });
      const action = input.isPremoderated ? 'reader-premoderation-on' : 'reader-premoderation-off';
      await repository.insertLogEntry(trx, { staffId: input.staffId, action, userId: input.userId, now: timestamp });
      return done(action);
    });
  }

  async function suspendReader(input: { staffId: number; userId: number; until: string; reason: string }): Promise<ModerationOutcome> {
    const timestamp = now();
    return db.transaction().execute(async (trx) => {
      const refusal = await readerTarget(trx, input);
      if (refusal) return refusal;
      const until = parseLocalDateTime(input.until, deps.timeZone);
      if (!until) return invalid('Enter the end of the suspension as a date and time, for example 2026-12-24T18:00.');
      if (until.getTime() <= clock.now().getTime()) return invalid('The end of the suspension must be in the future.');
      if (until.getTime() - clock.now().getTime() > MAX_SUSPENSION_DAYS * 24 * 3600_000)
        return invalid('A suspension can last at most five years; ban the reader instead.');
      const reason = checkReason(input.reason, { isRequired: false, what: 'the suspension' });
      if (reason.kind === 'invalid') return invalid(reason.message);
      const untilIso = until.toISOString();
      await repository.updateReaderModeration(trx, {
        userId: input.userId,
        staffId: input.staffId,
        now: timestamp,
        changes: { suspended_until: untilIso, banned_at: null, reason: reason.text || null },
      });
      await repository.insertLogEntry(trx, {
        staffId: input.staffId,
        action: 'reader-suspended',
        userId: input.userId,
        reason: `Until ${untilIso}${reason.text ? `: ${reason.text}` : ''}`,
        now: timestamp,
      });
      return done('reader-suspended');
    });
  }

  async function banReader(input: { staffId: number; userId: number; reason: string }): Promise<ModerationOutcome> {
    const timestamp = now();
    return db.transaction().execute(async (trx) => {
      const refusal = await readerTarget(trx, input);
      if (refusal) return refusal;
      const reason = checkReason(input.reason, { isRequired: true, what: 'the ban' });
      if (reason.kind === 'invalid') return invalid(reason.message);
      await repository.updateReaderModeration(trx, {
        userId: input.userId,
        staffId: input.staffId,
        now: timestamp,
        changes: { banned_at: timestamp, suspended_until: null, reason: reason.text },
      });
      await repository.insertLogEntry(trx, {
        staffId: input.staffId,
        action: 'reader-banned',
        userId: input.userId,
        reason: reason.text,
        now: timestamp,
      });
      return done('reader-banned');
    });
  }

  async function liftReaderRestrictions(input: { staffId: number; userId: number }): Promise<ModerationOutcome> {
    const timestamp = now();
    return db.transaction().execute(async (trx) => {
      const refusal = await readerTarget(trx, input);
      if (refusal) return refusal;
      const current = await repository.findReaderModeration(trx, input.userId);
      const isRestricted =
        !!current && (current.banned_at !== null || (current.suspended_until !== null && current.suspended_until > timestamp));
      if (!isRestricted) return conflict('This reader is neither suspended nor banned.');
      await repository.updateReaderModeration(trx, {
        userId: input.userId,
        staffId: input.staffId,
        now: timestamp,
        changes: { banned_at: null, suspended_until: null, reason: null },
      });
      await repository.insertLogEntry(trx, { staffId: input.staffId, action: 'reader-restored', userId: input.userId, now: timestamp });
      return done('reader-restored');
    });
  }

  async function addBannedWord(input: { staffId: number; phrase: string; action: BannedWordAction }): Promise<ModerationOutcome> {
    const checked = checkPhrase(input.phrase);
    if (checked.kind === 'invalid') return invalid(checked.message);
    const timestamp = now();
    const outcome = await db.transaction().execute(async (trx) => {
      const id = await repository.insertBannedWord(trx, {
        phrase: checked.phrase,
        action: input.action,
        staffId: input.staffId,
        now: timestamp,
      });
      if (id === null) return conflict('That word or phrase is already on the list.');
      await repository.insertLogEntry(trx, {
        staffId: input.staffId,
        action: 'banned-word-added',
        reason: `${checked.phrase} (${input.action})`,
        now: timestamp,
      });
      return done('banned-word-added');
    });
    if (outcome.kind === 'done') deps.policy.bannedWordsChanged();
    return outcome;
  }

  async function removeBannedWord(input: { staffId: number; id: number }): Promise<ModerationOutcome> {
    const timestamp = now();
    const outcome = await db.transaction().execute(async (trx) => {
      const removed = await repository.deleteBannedWord(trx, input.id);
      if (!removed) return notFound;
      await repository.insertLogEntry(trx, {
        staffId: input.staffId,
        action: 'banned-word-removed',
        reason: `${removed.phrase} (${removed.action})`,
        now: timestamp,
      });
      return done('banned-word-removed');
    });
    if (outcome.kind === 'done') deps.policy.bannedWordsChanged();
    return outcome;
  }

  return {
    approveComment,
    rejectComment,
    setCommentFeatured,
    resolveReports,
    setArticleCommentsOpen,
    setArticlePremoderated,
    setReaderPremoderated,
    suspendReader,
    banReader,
    liftReaderRestrictions,
    addBannedWord,
    removeBannedWord,
    // The staff pages' read-models (moderation.queries.ts).
    listPending: (page: number) => queries.listPendingComments(db, page),
    listReported: (page: number) => queries.listReportedComments(db, page),
    listRecent: (page: number) => queries.listRecentComments(db, page),
    countQueues: () => queries.countQueues(db),
    /** The reader's standing as of `at` (the page also offers a suspension from that moment). */
    findReader: (userId: number, at: Date) => queries.findReaderModeration(db, userId, at.toISOString()),
    findArticle: (articleId: number) => queries.findArticleModeration(db, articleId),
    listBannedWords: () => queries.listBannedWordItems(db),
    listLogEntries: (page: number) => queries.listLogEntries(db, page),
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;
