// The SQL of attendees' questions: who may ask (a confirmed place in a
// scheduled event that has not ended), the question rows, the vote rows
// (insert-if-absent on their primary key) and staff's changes of state, each a
// conditional update so two staff pressing at once change a question once.
import type { Db, DbOrTransaction } from '../../core/db/database.js';
import type { EventQuestionStatus } from '../../core/db/schema-events.js';

/** A reader's confirmed place in a scheduled event still open for questions (`now` before its end). */
export async function isConfirmedAttendee(db: DbOrTransaction, input: { eventId: number; userId: number; now: string }): Promise<boolean> {
  const row = await db
    .selectFrom('event_registrations')
    .innerJoin('events', 'events.id', 'event_registrations.event_id')
    .select('event_registrations.id')
    .where('event_registrations.event_id', '=', input.eventId)
    .where('event_registrations.user_id', '=', input.userId)
    .where('event_registrations.state', '=', 'confirmed')
    .where('events.status', '=', 'scheduled')
    .where('events.ends_at', '>', input.now)
    .executeTakeFirst();
  return row !== undefined;
}

export function insertQuestion(
  db: DbOrTransaction,
  row: { eventId: number; userId: number; body: string; status: EventQuestionStatus; reason: string | null; now: string },
) {
  return db
    .insertInto('event_questions')
    .values({
      event_id: row.eventId,
      user_id: row.userId,
      body: row.body,
      status: row.status,
      status_reason: row.reason,
      answered_at: null,
      created_at: row.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function findQuestion(db: DbOrTransaction, questionId: number) {
  return db
    .selectFrom('event_questions')
    .select(['id', 'event_id', 'status', 'answered_at'])
    .where('id', '=', questionId)
    .executeTakeFirst();
}

/** True when this vote went in (the reader had not voted for it); the count rises only then. */
export async function addVote(db: DbOrTransaction, input: { questionId: number; userId: number; now: string }): Promise<boolean> {
  const inserted = await db
    .insertInto('event_question_votes')
    .values({ question_id: input.questionId, user_id: input.userId, created_at: input.now })
    .onConflict((conflict) => conflict.columns(['question_id', 'user_id']).doNothing())
    .returning('question_id')
    .executeTakeFirst();
  if (!inserted) return false;
  await db
    .updateTable('event_questions')
    .set((eb) => ({ vote_count: eb('vote_count', '+', 1) }))
    .where('id', '=', input.questionId)
    .execute();
  return true;
}

/** Which of an event's questions this reader has upvoted. */
export async function votedQuestionIds(db: Db, eventId: number, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('event_question_votes')
    .innerJoin('event_questions', 'event_questions.id', 'event_question_votes.question_id')
    .select('event_question_votes.question_id')
    .where('event_questions.event_id', '=', eventId)
    .where('event_question_votes.user_id', '=', userId)
    .execute();
  return rows.map((row) => row.question_id);
}

export async function markAnswered(db: Db, questionId: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('event_questions')
    .set({ answered_at: now })
    .where('id', '=', questionId)
    .where('status', '=', 'published')
    .where('answered_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Moves a question from one of `from` to `to`; false when it was in none of them (already moved, or gone). */
export async function changeStatus(
  db: Db,
  input: { questionId: number; from: EventQuestionStatus[]; to: EventQuestionStatus; reason: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('event_questions')
    .set({ status: input.to, status_reason: input.reason })
    .where('id', '=', input.questionId)
    .where('status', 'in', input.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

const LIST_LIMIT = 200;

/** Published questions, most wanted first; ties in order of asking. */
export function listPublished(db: Db, eventId: number) {
  return db
    .selectFrom('event_questions')
    .select(['id', 'body', 'vote_count', 'answered_at', 'created_at'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'published')
    .orderBy('vote_count', 'desc')
    .orderBy('id')
    .limit(LIST_LIMIT)
    .execute();
}

const staffColumns = [
  'event_questions.id',
  'event_questions.event_id',
  'event_questions.body',
  'event_questions.status',
  'event_questions.status_reason',
  'event_questions.vote_count',
  'event_questions.answered_at',
  'event_questions.created_at',
  'event_questions.user_id',
  'users.first_name',
  'users.last_name',
  'events.title',
] as const;

/** Every question of an event but those withdrawn: unanswered before answered, then by votes. */
export function listForStaff(db: Db, eventId: number) {
  return db
    .selectFrom('event_questions')
    .innerJoin('users', 'users.id', 'event_questions.user_id')
    .innerJoin('events', 'events.id', 'event_questions.event_id')
    .select(staffColumns)
    .where('event_questions.event_id', '=', eventId)
    .where('event_questions.status', '<>', 'deleted')
    .orderBy((eb) => eb.case().when('event_questions.answered_at', 'is', null).then(0).else(1).end())
    .orderBy('event_questions.vote_count', 'desc')
    .orderBy('event_questions.id')
    .limit(LIST_LIMIT)
    .execute();
}

/** Questions held by the moderation policy, every event, oldest first. */
export function listPending(db: Db) {
  return db
    .selectFrom('event_questions')
    .innerJoin('users', 'users.id', 'event_questions.user_id')
    .innerJoin('events', 'events.id', 'event_questions.event_id')
    .select(staffColumns)
    .where('event_questions.status', '=', 'pending')
    .orderBy('event_questions.id')
    .limit(LIST_LIMIT)
    .execute();
}

export async function countPending(db: Db): Promise<number> {
  const row = await db
    .selectFrom('event_questions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
