// Attendees' questions to an event's speakers (issue 16): confirmed attendees
// of a scheduled event ask; each attendee upvotes a question once; staff mark
// one answered. Screening is the moderation feature's policy, the one comments
// use (banned words, bans and suspensions, pre-moderated readers), asked here
// rather than copied. The service only; the pages are still to come.
import type { Clock } from '../../core/clock.js';
import type { Db, DbOrTransaction } from '../../core/db/database.js';
import type { ModerationPolicy } from '../comments/comments.types.js';
import { isWriteBlocked } from '../moderation/moderation.policy.js';

export const QUESTION_MAX_LENGTH = 500;

export interface EventQuestion {
  id: number;
  body: string;
  votes: number;
  answeredAt: string | null;
  createdAt: string;
}

export type AskOutcome =
  | { kind: 'published'; questionId: number }
  | { kind: 'held'; questionId: number; reason: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'not-attendee' }
  | { kind: 'blocked' };

export type VoteOutcome = { kind: 'voted' } | { kind: 'already-voted' } | { kind: 'refused' };

/** No article is involved: questions are never on a pre-moderated article's thread. */
const NO_ARTICLE = { id: 0, isPremoderated: false };

function isConfirmedAttendee(db: DbOrTransaction, eventId: number, userId: number) {
  return db
    .selectFrom('event_registrations')
    .innerJoin('events', 'events.id', 'event_registrations.event_id')
    .select('event_registrations.id')
    .where('event_registrations.event_id', '=', eventId)
    .where('event_registrations.user_id', '=', userId)
    .where('event_registrations.state', '=', 'confirmed')
    .where('events.status', '=', 'scheduled')
    .executeTakeFirst();
}

export function createEventQuestions(deps: { db: Db; clock: Clock; policy: ModerationPolicy }) {
  const { db, clock, policy } = deps;

  async function ask(eventId: number, userId: number, body: string): Promise<AskOutcome> {
    const text = body.trim();
    if (!text) return { kind: 'invalid', message: 'Write your question.' };
    if (text.length > QUESTION_MAX_LENGTH)
      return { kind: 'invalid', message: `Keep your question under ${QUESTION_MAX_LENGTH} characters.` };
    const now = clock.now().toISOString();
    return db.transaction().execute(async (trx): Promise<AskOutcome> => {
      if (!(await isConfirmedAttendee(trx, eventId, userId))) return { kind: 'not-attendee' };
      const standing = await policy.standing(trx, userId, now);
      if (isWriteBlocked(standing)) return { kind: 'blocked' };
      const screening = await policy.screen(trx, { article: NO_ARTICLE, authorId: userId, body: text, now, standing });
      if (screening.kind === 'reject') return { kind: 'invalid', message: screening.reason };
      const row = await trx
        .insertInto('event_questions')
        .values({
          event_id: eventId,
          user_id: userId,
          body: text,
          status: screening.kind === 'publish' ? 'published' : 'pending',
          status_reason: screening.kind === 'hold' ? screening.reason : null,
          answered_at: null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return screening.kind === 'publish'
        ? { kind: 'published', questionId: row.id }
        : { kind: 'held', questionId: row.id, reason: screening.reason };
    });
  }

  /** One vote per attendee and question: insert-if-absent, and the count rises only when a row went in. */
  async function vote(questionId: number, userId: number): Promise<VoteOutcome> {
    const now = clock.now().toISOString();
    return db.transaction().execute(async (trx): Promise<VoteOutcome> => {
      const question = await trx
        .selectFrom('event_questions')
        .select(['event_id', 'status'])
        .where('id', '=', questionId)
        .executeTakeFirst();
      if (!question || question.status !== 'published' || !(await isConfirmedAttendee(trx, question.event_id, userId)))
        return { kind: 'refused' };
      const inserted = await trx
        .insertInto('event_question_votes')
        .values({ question_id: questionId, user_id: userId, created_at: now })
        .onConflict((conflict) => conflict.columns(['question_id', 'user_id']).doNothing())
        .returning('question_id')
        .executeTakeFirst();
      if (!inserted) return { kind: 'already-voted' };
      await trx
        .updateTable('event_questions')
        .set((eb) => ({ vote_count: eb('vote_count', '+', 1) }))
        .where('id', '=', questionId)
        .execute();
      return { kind: 'voted' };
    });
  }

  /** Staff: answered once; a second call changes nothing. */
  async function markAnswered(questionId: number): Promise<boolean> {
    const result = await db
      .updateTable('event_questions')
      .set({ answered_at: clock.now().toISOString() })
      .where('id', '=', questionId)
      .where('answered_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Published questions, most wanted first (at most 200). */
  async function published(eventId: number): Promise<EventQuestion[]> {
    const rows = await db
      .selectFrom('event_questions')
      .select(['id', 'body', 'vote_count', 'answered_at', 'created_at'])
      .where('event_id', '=', eventId)
      .where('status', '=', 'published')
      .orderBy('vote_count', 'desc')
      .orderBy('id')
      .limit(200)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      body: row.body,
      votes: row.vote_count,
      answeredAt: row.answered_at,
      createdAt: row.created_at,
    }));
  }

  return { ask, vote, markAnswered, published };
}

export type EventQuestions = ReturnType<typeof createEventQuestions>;
