// PostgreSQL's sign-up in one statement (decision 019), with the reader's
// confirmation email queued by the same statement when they get a seat, so
// the seat and its email commit together.
import { sql } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';
import { outboxValues } from '../../core/jobs/email-queue.js';
import type { PreparedConfirmation } from './events.types.js';

export interface OneStatementSignUp {
  publicId: string;
  eventId: number;
  userId: number;
  joinTokenHash: string;
  now: Date;
  /** The event's version the caller read: the statement applies only to that version. */
  eventVersion: number;
  /** The confirmation to queue with a seat; without one, the statement applies only when no seat is free. */
  confirmation: PreparedConfirmation | null;
}

/**
 * A whole sign-up in one statement, so the event row is locked only while the
 * server runs it, never across a round trip to the app. The `for update` in the
 * first step waits for the row and reads its latest values; the seat, the
 * arrival number, the registration and, with a seat, the confirmation email
 * follow from them. A reader who already holds a place breaks the partial
 * unique index: the statement fails as a whole (error 23505) and changes
 * nothing. Answers nothing, changing nothing, when the event is not open, has
 * changed since the email was written (another version), or has a free seat
 * and no email was written: the caller then signs up in a transaction.
 */
export async function signUpInOneStatement(db: DbOrTransaction, signUp: OneStatementSignUp) {
  const { publicId, eventId, userId, joinTokenHash } = signUp;
  const now = signUp.now.toISOString();
  const hasEmail = signUp.confirmation !== null;
  const email = signUp.confirmation && outboxValues(signUp.confirmation.message, signUp.now);
  const result = await sql<{
    id: number;
    public_id: string;
    event_id: number;
    user_id: number;
    state: 'confirmed' | 'waiting';
    arrival: number;
    created_at: string;
    confirmed_at: string | null;
  }>`
    with locked as (
      select id, capacity, confirmed_count, next_arrival from events
      where id = ${eventId} and status = 'scheduled' and ends_at > ${now} and version = ${signUp.eventVersion}
        and (${hasEmail} or confirmed_count >= capacity)
      for update
    ),
    bumped as (
      update events set
        next_arrival = locked.next_arrival + 1,
        confirmed_count = locked.confirmed_count + (case when locked.confirmed_count < locked.capacity then 1 else 0 end)
      from locked where events.id = locked.id
      returning locked.next_arrival as arrival, locked.confirmed_count < locked.capacity as has_seat
    ),
    registered as (
      insert into event_registrations
        (public_id, event_id, user_id, state, arrival, join_token_hash, created_at, confirmed_at, updated_at)
      select ${publicId}, ${eventId}, ${userId}, case when has_seat then 'confirmed' else 'waiting' end, arrival,
        ${joinTokenHash}, ${now}, case when has_seat then ${now} end, ${now}
      from bumped
      returning id, public_id, event_id, user_id, state, arrival, created_at, confirmed_at
    ),
    mailed as (
      insert into email_outbox
        (recipient, subject, text_body, html_body, headers_json, attachments_json, available_at, created_at)
      select ${email?.recipient ?? null}, ${email?.subject ?? null}, ${email?.text_body ?? null}, ${email?.html_body ?? null},
        ${email?.headers_json ?? null}, ${email?.attachments_json ?? null}, ${now}, ${now}
      from registered where registered.state = 'confirmed' and ${hasEmail}
      returning id
    )
    select registered.* from registered
  `.execute(db);
  return result.rows[0];
}
