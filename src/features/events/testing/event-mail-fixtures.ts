// Rows for the event emails' tests: an event and its registrations written
// directly (the seat rules are the events service's and tested there), and
// the queued emails read back.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../core/db/database.js';
import type { EventRegistrationState } from '../../../core/db/schema-events.js';
import { randomToken } from '../../../core/security/tokens.js';

export const MAIL_NOW = new Date('2026-10-20T12:00:00.000Z');
export const STREAM_URL = 'https://stream.example.test/secret-room-9182';
export const emailContext = {
  publicationName: 'The Test Gazette',
  publicUrl: 'https://news.example.test',
  timeZone: 'Europe/London',
  organizerEmail: 'newsroom@news.example.test',
};

let counter = 0;

export async function insertMailEvent(
  db: Db,
  overrides: Partial<{ startsAt: string; endsAt: string; title: string; status: 'scheduled' | 'cancelled'; sequence: number }> = {},
) {
  const n = ++counter;
  const now = MAIL_NOW.toISOString();
  const row = await db
    .insertInto('events')
    .values({
      public_id: randomToken(9),
      calendar_uid: `${randomUUID()}@masthead-events`,
      slug: `mail-event-${n}-${randomToken(4).toLowerCase()}`,
      title: overrides.title ?? `The harbour evening ${n}`,
      description: 'An hour with the harbour desk.',
      starts_at: overrides.startsAt ?? '2026-10-22T18:00:00.000Z',
      ends_at: overrides.endsAt ?? '2026-10-22T19:00:00.000Z',
      capacity: 100,
      access: 'registered',
      stream_url: STREAM_URL,
      status: overrides.status ?? 'scheduled',
      sequence: overrides.sequence ?? 0,
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'public_id', 'calendar_uid', 'starts_at'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function insertAttendee(
  db: Db,
  eventId: number,
  options: { state?: EventRegistrationState; confirmedAt?: string; firstName?: string } = {},
) {
  const n = ++counter;
  const now = MAIL_NOW.toISOString();
  const user = await db
    .insertInto('users')
    .values({
      email: `attendee-${n}-${randomToken(4).toLowerCase()}@readers.example.test`,
      password_hash: null,
      first_name: options.firstName ?? `Reader${n}`,
      last_name: 'Attendee',
      date_of_birth: null,
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
  const state = options.state ?? 'confirmed';
  const registration = await db
    .insertInto('event_registrations')
    .values({
      public_id: randomToken(12),
      event_id: eventId,
      user_id: user.id,
      state,
      arrival: n,
      join_token_hash: randomToken(16),
      created_at: now,
      confirmed_at: state === 'confirmed' ? (options.confirmedAt ?? now) : null,
      cancelled_at: null,
      updated_at: now,
    })
    .returning(['id', 'public_id'])
    .executeTakeFirstOrThrow();
  return { userId: user.id, email: user.email, registrationId: registration.id, registrationPublicId: registration.public_id };
}

export function queuedEmails(db: Db) {
  return db.selectFrom('email_outbox').selectAll().orderBy('id').execute();
}
