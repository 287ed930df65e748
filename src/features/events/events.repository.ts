// Events' SQL: event rows, speakers and registrations. Every change to an
// event's seats runs inside a transaction that first locks the event row
// (`lockEvent`), so sign-ups, cancellations and capacity changes of one event
// happen one after another on every engine: PostgreSQL takes a row lock
// (`for update`), SQLite has one writer and the first statement here is a
// write, so the transaction holds the write lock from its start
// (docs/decisions/019-event-seats-and-join-links.md).
import { sql } from 'kysely';
import { hasRowLocks, type DbOrTransaction } from '../../core/db/database.js';
import type { EventRegistrationState } from '../../core/db/schema-events.js';
import { MAX_EVENT_DURATION_MS } from './event-rules.js';

export const EVENT_COLUMNS = [
  'id',
  'public_id',
  'calendar_uid',
  'slug',
  'title',
  'description',
  'starts_at',
  'ends_at',
  'capacity',
  'access',
  'stream_url',
  'recording_url',
  'recording_access',
  'status',
  'sequence',
  'version',
  'confirmed_count',
  'next_arrival',
  'updated_at',
] as const;

const REGISTRATION_COLUMNS = ['id', 'public_id', 'event_id', 'user_id', 'state', 'arrival', 'created_at', 'confirmed_at'] as const;

export type EventRow = Awaited<ReturnType<typeof findEventById>> & {};
export type RegistrationRow = Awaited<ReturnType<typeof findLiveRegistration>> & {};

export async function findEventById(db: DbOrTransaction, id: number) {
  return db.selectFrom('events').where('id', '=', id).select(EVENT_COLUMNS).executeTakeFirst();
}

/** An event by its public id or its slug (both unique). */
export async function findEventByKey(db: DbOrTransaction, key: string) {
  return db
    .selectFrom('events')
    .where((where) => where.or([where('public_id', '=', key), where('slug', '=', key)]))
    .select(EVENT_COLUMNS)
    .orderBy('id')
    .executeTakeFirst();
}

/** Locks the event row for the rest of the transaction and reads it. */
export async function lockEvent(trx: DbOrTransaction, id: number) {
  if (hasRowLocks(trx)) return trx.selectFrom('events').where('id', '=', id).select(EVENT_COLUMNS).forUpdate().executeTakeFirst();
  // SQLite: a write first, so this transaction holds the one write lock now rather than upgrading later.
  await trx
    .updateTable('events')
    .set({ confirmed_count: (eb) => eb.ref('confirmed_count') })
    .where('id', '=', id)
    .execute();
  return findEventById(trx, id);
}

export async function insertEvent(
  db: DbOrTransaction,
  event: {
    publicId: string;
    calendarUid: string;
    slug: string;
    title: string;
    description: string;
    startsAt: string;
    endsAt: string;
    capacity: number;
    access: string;
    streamUrl: string;
    recordingUrl: string | null;
    recordingAccess: string;
    createdByUserId: number | null;
    now: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('events')
    .values({
      public_id: event.publicId,
      calendar_uid: event.calendarUid,
      slug: event.slug,
      title: event.title,
      description: event.description,
      starts_at: event.startsAt,
      ends_at: event.endsAt,
      capacity: event.capacity,
      access: event.access as 'registered' | 'premium',
      stream_url: event.streamUrl,
      recording_url: event.recordingUrl,
      recording_access: event.recordingAccess as 'free' | 'registered' | 'premium',
      created_by_user_id: event.createdByUserId,
      created_at: event.now,
      updated_at: event.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function replaceSpeakers(db: DbOrTransaction, eventId: number, authorIds: readonly number[]): Promise<void> {
  await db.deleteFrom('event_speakers').where('event_id', '=', eventId).execute();
  if (authorIds.length)
    await db
      .insertInto('event_speakers')
      .values(authorIds.map((authorId, position) => ({ event_id: eventId, author_id: authorId, position })))
      .execute();
}

/** Speakers of these events, in order, keyed by event id. */
export async function listSpeakers(db: DbOrTransaction, eventIds: readonly number[]) {
  const bySpeaker = new Map<number, Array<{ authorId: number; name: string; slug: string; jobTitle: string }>>();
  if (!eventIds.length) return bySpeaker;
  const rows = await db
    .selectFrom('event_speakers')
    .innerJoin('authors', 'authors.id', 'event_speakers.author_id')
    .where('event_speakers.event_id', 'in', [...new Set(eventIds)])
    .select(['event_speakers.event_id', 'authors.id', 'authors.name', 'authors.slug', 'authors.job_title'])
    .orderBy('event_speakers.event_id')
    .orderBy('event_speakers.position')
    .execute();
  for (const row of rows) {
    const list = bySpeaker.get(row.event_id) ?? [];
    list.push({ authorId: row.id, name: row.name, slug: row.slug, jobTitle: row.job_title });
    bySpeaker.set(row.event_id, list);
  }
  return bySpeaker;
}

/** Existing author ids among these (speakers must be the paper's authors). */
export async function existingAuthorIds(db: DbOrTransaction, ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('authors')
    .where('id', 'in', [...new Set(ids)])
    .select('id')
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** A place in a listing's order: the keyset the next page continues from. */
export interface EventCursor {
  at: string;
  id: number;
}

/** Events still to end, soonest first (a range of the starts_at index); after `after` when given. */
export async function listUpcomingEvents(db: DbOrTransaction, now: string, limit: number, after: EventCursor | null = null) {
  // No event lasts longer than MAX_EVENT_DURATION_MS, so nothing that started earlier can still be on: the walk of
  // the start-time index begins there and reads the recent past and the future, not every event ever held.
  const earliestStart = new Date(Date.parse(now) - MAX_EVENT_DURATION_MS).toISOString();
  return db
    .selectFrom('events')
    .where('starts_at', '>', earliestStart)
    .where('ends_at', '>', now)
    .$if(after !== null, (query) =>
      query.where(({ eb, refTuple, tuple }) => eb(refTuple('starts_at', 'id'), '>', tuple(after!.at, after!.id))),
    )
    .select(EVENT_COLUMNS)
    .orderBy('starts_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Events that have ended, most recent first (the ends_at index, backwards); before `before` when given. */
export async function listPastEvents(db: DbOrTransaction, now: string, limit: number, before: EventCursor | null = null) {
  return db
    .selectFrom('events')
    .where('ends_at', '<=', now)
    .$if(before !== null, (query) =>
      query.where(({ eb, refTuple, tuple }) => eb(refTuple('ends_at', 'id'), '<', tuple(before!.at, before!.id))),
    )
    .select(EVENT_COLUMNS)
    .orderBy('ends_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function findLiveRegistration(db: DbOrTransaction, eventId: number, userId: number) {
  return db
    .selectFrom('event_registrations')
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .where('state', '<>', 'cancelled')
    .select(REGISTRATION_COLUMNS)
    .executeTakeFirst();
}

export async function findRegistrationByTokenHash(db: DbOrTransaction, tokenHash: string) {
  return db.selectFrom('event_registrations').where('join_token_hash', '=', tokenHash).select(REGISTRATION_COLUMNS).executeTakeFirst();
}

/**
 * A sign-up's first statement: takes the next arrival number of a scheduled,
 * not yet ended event, which also locks its row until the transaction ends
 * (PostgreSQL's row lock; SQLite's one write lock). Answers the counters as
 * they are under that lock, or nothing when the event is not open.
 */
export async function takeArrival(trx: DbOrTransaction, eventId: number, now: string) {
  return trx
    .updateTable('events')
    .set({ next_arrival: (eb) => eb('next_arrival', '+', 1) })
    .where('id', '=', eventId)
    .where('status', '=', 'scheduled')
    .where('ends_at', '>', now)
    .returning(['capacity', 'confirmed_count', 'next_arrival', 'version'])
    .executeTakeFirst();
}

// PostgreSQL's sign-up in one statement: event-sign-up.repository.ts.

/** Whether a database error is a unique index refusing a row (both engines). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A new live registration; nothing (undefined) when the reader already holds one for this event. */
export async function insertRegistration(
  trx: DbOrTransaction,
  registration: {
    publicId: string;
    eventId: number;
    userId: number;
    state: Exclude<EventRegistrationState, 'cancelled'>;
    arrival: number;
    joinTokenHash: string;
    now: string;
  },
) {
  return (
    trx
      .insertInto('event_registrations')
      .values({
        public_id: registration.publicId,
        event_id: registration.eventId,
        user_id: registration.userId,
        state: registration.state,
        arrival: registration.arrival,
        join_token_hash: registration.joinTokenHash,
        created_at: registration.now,
        confirmed_at: registration.state === 'confirmed' ? registration.now : null,
        updated_at: registration.now,
      })
      // The partial unique index's own target: one live registration per reader and event.
      // Written as a literal: SQLite matches the target to the index only when its condition is the same text.
      .onConflict((conflict) =>
        conflict
          .columns(['event_id', 'user_id'])
          .where(sql<boolean>`state <> 'cancelled'`)
          .doNothing(),
      )
      .returning(REGISTRATION_COLUMNS)
      .executeTakeFirst()
  );
}

/** With the event locked by this transaction: one more seat taken. */
export async function addConfirmedSeat(trx: DbOrTransaction, eventId: number): Promise<void> {
  await trx
    .updateTable('events')
    .set({ confirmed_count: (eb) => eb('confirmed_count', '+', 1) })
    .where('id', '=', eventId)
    .execute();
}

export async function markRegistrationCancelled(trx: DbOrTransaction, registrationId: number, now: string): Promise<void> {
  await trx
    .updateTable('event_registrations')
    .set({ state: 'cancelled', cancelled_at: now, updated_at: now })
    .where('id', '=', registrationId)
    .execute();
}

/** With the event locked: the first `count` waiting readers, by arrival, get seats. */
export async function promoteWaiting(trx: DbOrTransaction, eventId: number, count: number, now: string) {
  if (count <= 0) return [];
  const first = await trx
    .selectFrom('event_registrations')
    .where('event_id', '=', eventId)
    .where('state', '=', 'waiting')
    .select(REGISTRATION_COLUMNS)
    .orderBy('arrival')
    .limit(count)
    .execute();
  if (!first.length) return [];
  await trx
    .updateTable('event_registrations')
    .set({ state: 'confirmed', confirmed_at: now, updated_at: now })
    .where(
      'id',
      'in',
      first.map((row) => row.id),
    )
    .execute();
  return first.map((row) => ({ ...row, state: 'confirmed' as const, confirmed_at: now }));
}

/** With the event locked: its counters after a change of seats. */
export async function updateSeatCounters(
  trx: DbOrTransaction,
  eventId: number,
  counters: { confirmedCount: number; nextArrival?: number; now: string },
): Promise<void> {
  await trx
    .updateTable('events')
    .set({
      confirmed_count: counters.confirmedCount,
      ...(counters.nextArrival !== undefined ? { next_arrival: counters.nextArrival } : {}),
    })
    .where('id', '=', eventId)
    .execute();
}

/** A waiting reader's place: 1 + those waiting who arrived before them (an index range, bounded by the list). */
export async function waitingPlace(db: DbOrTransaction, eventId: number, arrival: number): Promise<number> {
  const row = await db
    .selectFrom('event_registrations')
    .where('event_id', '=', eventId)
    .where('state', '=', 'waiting')
    .where('arrival', '<', arrival)
    .select((eb) => eb.fn.countAll<number>().as('ahead'))
    .executeTakeFirstOrThrow();
  return Number(row.ahead) + 1;
}

export async function updateEventRow(
  trx: DbOrTransaction,
  eventId: number,
  changes: Partial<{
    title: string;
    description: string;
    starts_at: string;
    ends_at: string;
    capacity: number;
    access: 'registered' | 'premium';
    stream_url: string;
    recording_url: string | null;
    recording_access: 'free' | 'registered' | 'premium';
    status: 'scheduled' | 'cancelled';
    sequence: number;
    version: number;
    cancelled_at: string | null;
    updated_at: string;
  }>,
): Promise<void> {
  await trx.updateTable('events').set(changes).where('id', '=', eventId).execute();
}
