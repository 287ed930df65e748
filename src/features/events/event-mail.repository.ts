// SQL for the events' emails, reminders and calendar feeds (the service side
// is event-emails.ts, event-reminders.ts, event-calendar-feeds.ts). Seats and
// registrations are written by events.repository.ts only; this file reads
// them and writes its own tables (reminder claims, feed tokens).
import type { DbOrTransaction } from '../../core/db/database.js';
import type { EventReminderKind } from '../../core/db/schema-events.js';

const EVENT_COLUMNS = [
  'events.id',
  'events.public_id',
  'events.calendar_uid',
  'events.slug',
  'events.title',
  'events.description',
  'events.starts_at',
  'events.ends_at',
  'events.status',
  'events.sequence',
  'events.version',
  'events.updated_at',
] as const;

export interface MailEventRow {
  id: number;
  public_id: string;
  calendar_uid: string;
  slug: string;
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  version: number;
  updated_at: string;
}

export interface AttendeeRow {
  registration_id: number;
  registration_public_id: string;
  user_id: number;
  email: string;
  first_name: string;
  last_name: string;
}

export function findMailEvent(db: DbOrTransaction, eventId: number): Promise<MailEventRow | undefined> {
  return db.selectFrom('events').select(EVENT_COLUMNS).where('events.id', '=', eventId).executeTakeFirst();
}

function attendees(db: DbOrTransaction) {
  return db
    .selectFrom('event_registrations')
    .innerJoin('users', 'users.id', 'event_registrations.user_id')
    .select([
      'event_registrations.id as registration_id',
      'event_registrations.public_id as registration_public_id',
      'users.id as user_id',
      'users.email',
      'users.first_name',
      'users.last_name',
    ])
    .where('users.deleted_at', 'is', null);
}

/** One confirmed registration with its reader's address (the confirmation email's recipient). */
export function findConfirmedAttendee(db: DbOrTransaction, registrationId: number): Promise<AttendeeRow | undefined> {
  return attendees(db)
    .where('event_registrations.id', '=', registrationId)
    .where('event_registrations.state', '=', 'confirmed')
    .executeTakeFirst();
}

/** A reader's address and name (a confirmation written before their sign-up); nothing for a deleted account. */
export function findReaderAddress(db: DbOrTransaction, userId: number) {
  return db
    .selectFrom('users')
    .select(['email', 'first_name', 'last_name'])
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Confirmed attendees of an event, in arrival order, a page after `afterArrival` (the queue index serves it). */
export function listConfirmedAttendees(
  db: DbOrTransaction,
  eventId: number,
  options: { afterArrival: number; limit: number },
): Promise<Array<AttendeeRow & { arrival: number }>> {
  return attendees(db)
    .select('event_registrations.arrival')
    .where('event_registrations.event_id', '=', eventId)
    .where('event_registrations.state', '=', 'confirmed')
    .where('event_registrations.arrival', '>', options.afterArrival)
    .orderBy('event_registrations.arrival')
    .limit(options.limit)
    .execute();
}

/** A registration by its public id, with its event (the signed "add to calendar" download). */
export function findRegistrationForDownload(db: DbOrTransaction, registrationPublicId: string) {
  return db
    .selectFrom('event_registrations')
    .innerJoin('events', 'events.id', 'event_registrations.event_id')
    .select(EVENT_COLUMNS)
    .select(['event_registrations.state as registration_state'])
    .where('event_registrations.public_id', '=', registrationPublicId)
    .executeTakeFirst();
}

// Reminders.

/**
 * Scheduled events starting in (from, to], in (starts_at, id) order, a page
 * after `after` (keyset): each page is a range of the starts_at index, so a
 * run costs the events due, never the archive.
 */
export function listEventsStartingBetween(
  db: DbOrTransaction,
  options: { from: string; to: string; after: { startsAt: string; id: number } | null; limit: number },
): Promise<MailEventRow[]> {
  const { after } = options;
  return db
    .selectFrom('events')
    .select(EVENT_COLUMNS)
    .where('events.starts_at', '>', options.from)
    .where('events.starts_at', '<=', options.to)
    .$if(after !== null, (query) =>
      query.where(({ eb, refTuple, tuple }) => eb(refTuple('events.starts_at', 'events.id'), '>', tuple(after!.startsAt, after!.id))),
    )
    .where('events.status', '=', 'scheduled')
    .orderBy('events.starts_at')
    .orderBy('events.id')
    .limit(options.limit)
    .execute();
}

/**
 * Confirmed attendees still owed a reminder for this start time: confirmed by
 * the reminder's time (a later sign-up gets only reminders still ahead) and
 * with no claim for (registration, kind, start).
 */
export function listOwedReminders(
  db: DbOrTransaction,
  options: { eventId: number; reminder: EventReminderKind; startsAt: string; remindAt: string; limit: number },
): Promise<AttendeeRow[]> {
  return attendees(db)
    .where('event_registrations.event_id', '=', options.eventId)
    .where('event_registrations.state', '=', 'confirmed')
    .where('event_registrations.confirmed_at', '<=', options.remindAt)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('event_reminder_deliveries')
            .select('event_reminder_deliveries.registration_id')
            .whereRef('event_reminder_deliveries.registration_id', '=', 'event_registrations.id')
            .where('event_reminder_deliveries.reminder', '=', options.reminder)
            .where('event_reminder_deliveries.event_starts_at', '=', options.startsAt),
        ),
      ),
    )
    .orderBy('event_registrations.arrival')
    .limit(options.limit)
    .execute();
}

/** Insert-if-absent: answers the registrations this call claimed (another node's claims are left out). */
export async function claimReminders(
  db: DbOrTransaction,
  options: { registrationIds: number[]; reminder: EventReminderKind; startsAt: string; now: string },
): Promise<Set<number>> {
  if (!options.registrationIds.length) return new Set();
  const rows = await db
    .insertInto('event_reminder_deliveries')
    .values(
      options.registrationIds.map((registrationId) => ({
        registration_id: registrationId,
        reminder: options.reminder,
        event_starts_at: options.startsAt,
        queued_at: options.now,
      })),
    )
    .onConflict((conflict) => conflict.columns(['registration_id', 'reminder', 'event_starts_at']).doNothing())
    .returning('registration_id')
    .execute();
  return new Set(rows.map((row) => row.registration_id));
}

// Calendar feeds.

export async function replaceFeedToken(db: DbOrTransaction, userId: number, tokenHash: string, now: string): Promise<void> {
  await db
    .insertInto('event_calendar_feeds')
    .values({ user_id: userId, token_hash: tokenHash, created_at: now })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ token_hash: tokenHash, created_at: now }))
    .execute();
}

export async function deleteFeed(db: DbOrTransaction, userId: number): Promise<void> {
  await db.deleteFrom('event_calendar_feeds').where('user_id', '=', userId).execute();
}

export function findFeedByUser(db: DbOrTransaction, userId: number) {
  return db.selectFrom('event_calendar_feeds').select(['user_id', 'created_at']).where('user_id', '=', userId).executeTakeFirst();
}

export function findFeedOwner(db: DbOrTransaction, tokenHash: string) {
  return db
    .selectFrom('event_calendar_feeds')
    .innerJoin('users', 'users.id', 'event_calendar_feeds.user_id')
    .select(['users.id as user_id'])
    .where('event_calendar_feeds.token_hash', '=', tokenHash)
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** A reader's confirmed events, newest first, at most `limit` (the user index, then each event by id). */
export function listReaderEvents(db: DbOrTransaction, userId: number, limit: number): Promise<MailEventRow[]> {
  return db
    .selectFrom('event_registrations')
    .innerJoin('events', 'events.id', 'event_registrations.event_id')
    .select(EVENT_COLUMNS)
    .where('event_registrations.user_id', '=', userId)
    .where('event_registrations.state', '=', 'confirmed')
    .orderBy('events.starts_at', 'desc')
    .orderBy('events.id', 'desc')
    .limit(limit)
    .execute();
}

// The newsroom's and Admin API's event editing.

/** Authors by exact name (speakers are given by name); a name no author has is left out. */
export function findAuthorsByNames(db: DbOrTransaction, names: string[]): Promise<Array<{ id: number; name: string }>> {
  if (!names.length) return Promise.resolve([]);
  return db.selectFrom('authors').select(['id', 'name']).where('name', 'in', names).execute();
}
