// Attendees' questions to an event's speakers (issue 16): confirmed attendees
// ask before and during the event; each attendee upvotes a question once;
// staff mark one answered, hide it, or publish one the policy held.
// Screening is the moderation feature's policy, the one comments use (banned
// words, bans and suspensions, pre-moderated readers), asked here rather than
// copied; rate limits are the comments' figures under keys of their own.
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { EventQuestionStatus } from '../../core/db/schema-events.js';
import type { RateLimiter, RateLimitRule } from '../../core/http/rate-limit.js';
import { hasVisibleCharacters } from '../../core/text/visible-text.js';
import { normaliseCommentText } from '../comments/comment-text.js';
import type { ModerationPolicy } from '../comments/comments.types.js';
import { isWriteBlocked } from '../moderation/moderation.service.js';
import * as repository from './event-questions.repository.js';

export const QUESTION_MAX_LENGTH = 500;

export const QUESTION_RATE_LIMITS = {
  /** A reader's questions in a burst (as comments' posts). */
  askBurst: { limit: 5, windowSeconds: 60 },
  /** The same question by the same reader, once per window. */
  duplicateText: { limit: 1, windowSeconds: 600 },
  /** Upvotes. */
  votes: { limit: 60, windowSeconds: 60 },
} satisfies Record<string, RateLimitRule>;

/** A published question as readers see it: never who asked. */
export interface EventQuestion {
  id: number;
  body: string;
  votes: number;
  answeredAt: string | null;
  createdAt: string;
}

/** A question as staff see it, whatever its state. */
export interface StaffQuestion extends EventQuestion {
  eventId: number;
  eventTitle: string;
  status: EventQuestionStatus;
  statusReason: string | null;
  askedBy: { id: number; name: string };
}

export type AskOutcome =
  | { kind: 'published'; questionId: number }
  | { kind: 'held'; questionId: number; reason: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'not-attendee' }
  | { kind: 'blocked' }
  | { kind: 'unverified' }
  | { kind: 'rate-limited'; message: string; retryAfterSeconds: number };

/** Who asks: the signed-in reader, with whether they have confirmed their address. */
export interface Asker {
  id: number;
  isEmailVerified: boolean;
}

export type VoteOutcome =
  | { kind: 'voted' }
  | { kind: 'already-voted' }
  | { kind: 'refused' }
  | { kind: 'rate-limited'; message: string; retryAfterSeconds: number };

export type StaffQuestionAction = 'answer' | 'hide' | 'publish';
export type StaffQuestionOutcome = { kind: 'done'; eventId: number } | { kind: 'not-found' } | { kind: 'conflict'; message: string };

/** No article is involved: questions are never on a pre-moderated article's thread. */
const NO_ARTICLE = { id: 0, isPremoderated: false };
const HIDDEN_REASON = 'Hidden by staff';

const hashText = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 32);

const toQuestion = (row: {
  id: number;
  body: string;
  vote_count: number;
  answered_at: string | null;
  created_at: string;
}): EventQuestion => ({
  id: row.id,
  body: row.body,
  votes: row.vote_count,
  answeredAt: row.answered_at,
  createdAt: row.created_at,
});

const toStaffQuestion = (row: Awaited<ReturnType<typeof repository.listForStaff>>[number]): StaffQuestion => ({
  ...toQuestion(row),
  eventId: row.event_id,
  eventTitle: row.title,
  status: row.status,
  statusReason: row.status_reason,
  askedBy: { id: row.user_id, name: `${row.first_name} ${row.last_name}`.trim() },
});

/** Without a limiter (service tests) every request is allowed. */
const NO_LIMITS: Pick<RateLimiter, 'consume'> = { consume: async (_key, rule) => ({ allowed: true, remaining: rule.limit }) };

export function createEventQuestions(deps: {
  db: Db;
  clock: Clock;
  policy: ModerationPolicy;
  rateLimiter?: Pick<RateLimiter, 'consume'>;
  /** The comments' setting (REQUIRE_VERIFIED_EMAIL_TO_COMMENT): a question is public writing too. */
  requireVerifiedEmail?: boolean;
}) {
  const { db, clock, policy } = deps;
  const limiter = deps.rateLimiter ?? NO_LIMITS;

  async function limited(key: string, rule: RateLimitRule, message: string) {
    const result = await limiter.consume(key, rule);
    return result.allowed ? null : ({ kind: 'rate-limited', message, retryAfterSeconds: result.retryAfterSeconds } as const);
  }

  async function ask(eventId: number, asker: Asker, body: string): Promise<AskOutcome> {
    const userId = asker.id;
    // The comments' normalising: controls dropped (PostgreSQL refuses NUL in text), newlines and spaces tidied.
    const text = normaliseCommentText(body);
    if (!hasVisibleCharacters(text)) return { kind: 'invalid', message: 'Write your question.' };
    if (text.length > QUESTION_MAX_LENGTH)
      return { kind: 'invalid', message: `Keep your question to ${QUESTION_MAX_LENGTH} characters or fewer (it has ${text.length}).` };
    const now = clock.now().toISOString();
    if (!(await repository.isConfirmedAttendee(db, { eventId, userId, now }))) return { kind: 'not-attendee' };
    if (deps.requireVerifiedEmail && !asker.isEmailVerified) return { kind: 'unverified' };
    const standing = await policy.standing(db, userId, now);
    if (isWriteBlocked(standing)) return { kind: 'blocked' };
    // Counted only for someone allowed to ask: a refused attendee's tries never use up their limit.
    const refusal =
      (await limited(`questions:ask:${userId}`, QUESTION_RATE_LIMITS.askBurst, 'You are asking very quickly. Please wait a moment.')) ??
      (await limited(
        `questions:text:${userId}:${hashText(text)}`,
        QUESTION_RATE_LIMITS.duplicateText,
        'You have just asked this question. It is in the list (or with a moderator).',
      ));
    if (refusal) return refusal;
    const screening = await policy.screen(db, { article: NO_ARTICLE, authorId: userId, body: text, now, standing });
    if (screening.kind === 'reject') return { kind: 'invalid', message: screening.reason };
    const row = await repository.insertQuestion(db, {
      eventId,
      userId,
      body: text,
      status: screening.kind === 'publish' ? 'published' : 'pending',
      reason: screening.kind === 'hold' ? screening.reason : null,
      now,
    });
    return screening.kind === 'publish'
      ? { kind: 'published', questionId: row.id }
      : { kind: 'held', questionId: row.id, reason: screening.reason };
  }

  /** One vote per attendee and question of `eventId`: insert-if-absent, and the count rises only when a row went in. */
  async function vote(eventId: number, questionId: number, userId: number): Promise<VoteOutcome> {
    const now = clock.now().toISOString();
    const refusal = await limited(
      `questions:vote:${userId}`,
      QUESTION_RATE_LIMITS.votes,
      'You are voting very quickly. Please wait a moment.',
    );
    if (refusal) return refusal;
    return db.transaction().execute(async (trx): Promise<VoteOutcome> => {
      const question = await repository.findQuestion(trx, questionId);
      if (!question || question.event_id !== eventId || question.status !== 'published') return { kind: 'refused' };
      if (!(await repository.isConfirmedAttendee(trx, { eventId, userId, now }))) return { kind: 'refused' };
      // A suspended or banned reader writes nothing, votes included (as comments' recommendations).
      if (isWriteBlocked(await policy.standing(trx, userId, now))) return { kind: 'refused' };
      return (await repository.addVote(trx, { questionId, userId, now })) ? { kind: 'voted' } : { kind: 'already-voted' };
    });
  }

  /** Staff: answered (published questions, once), hidden from readers, or published after the policy held it. */
  async function moderate(questionId: number, action: StaffQuestionAction): Promise<StaffQuestionOutcome> {
    const question = await repository.findQuestion(db, questionId);
    if (!question || question.status === 'deleted') return { kind: 'not-found' };
    const done = { kind: 'done', eventId: question.event_id } as const;
    switch (action) {
      case 'answer':
        if (await repository.markAnswered(db, questionId, clock.now().toISOString())) return done;
        return {
          kind: 'conflict',
          message: question.answered_at ? 'This question is already marked answered.' : 'Only a published question can be marked answered.',
        };
      case 'hide':
        if (await repository.changeStatus(db, { questionId, from: ['published', 'pending'], to: 'rejected', reason: HIDDEN_REASON }))
          return done;
        return { kind: 'conflict', message: 'This question is already hidden.' };
      case 'publish':
        if (await repository.changeStatus(db, { questionId, from: ['pending', 'rejected'], to: 'published', reason: null })) return done;
        return { kind: 'conflict', message: 'This question is already published.' };
    }
  }

  /** Staff: answered once; a second call changes nothing. */
  async function markAnswered(questionId: number): Promise<boolean> {
    return (await moderate(questionId, 'answer')).kind === 'done';
  }

  /** Published questions, most wanted first (at most 200). */
  async function published(eventId: number): Promise<EventQuestion[]> {
    return (await repository.listPublished(db, eventId)).map(toQuestion);
  }

  return {
    ask,
    vote,
    moderate,
    markAnswered,
    published,
    votedBy: (eventId: number, userId: number) => repository.votedQuestionIds(db, eventId, userId),
    /** Staff's queue for one event: every state but withdrawn, unanswered first, by votes. */
    forStaff: async (eventId: number) => (await repository.listForStaff(db, eventId)).map(toStaffQuestion),
    /** Held by the moderation policy, every event, oldest first: what moderators check. */
    pending: async () => (await repository.listPending(db)).map(toStaffQuestion),
    countPending: () => repository.countPending(db),
  };
}

export type EventQuestions = ReturnType<typeof createEventQuestions>;
