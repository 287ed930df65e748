// Virtual events: listings, an event's page facts, sign-up with a waiting
// list, cancelling a place, changing an event (capacity, time, cancellation)
// and the personal join link. Seats change only inside a transaction that
// holds the event row (events.repository.ts, `lockEvent`), so "a free seat"
// is decided by one sign-up at a time per event on both engines; a confirmed
// reader's email is queued by the same transaction (or statement), so the seat
// and its email commit together.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { isPostgres, type Db, type DbOrTransaction } from '../../core/db/database.js';
import { enqueueEmail } from '../../core/jobs/email-queue.js';
import type { AccessLevel, Role } from '../../core/db/schema.js';
import { randomToken } from '../../core/security/tokens.js';
import type { Reader } from '../access/access-decision.js';
import { eventEligibility } from './event-eligibility.js';
import * as repository from './events.repository.js';
import { signUpInOneStatement } from './event-sign-up.repository.js';
import { parseEventCursor, toPublicEvent, toRegistration, toStaffEvent } from './event-rows.js';
import { checkEventInput, type EventChanges } from './event-rules.js';
import { isWellFormedJoinToken, joinPath, joinTokenFor, joinTokenHash } from './join-token.js';
import { hashToken } from '../../core/security/tokens.js';
import {
  NO_EVENT_NOTIFICATIONS,
  type Attendance,
  type CancelPlaceOutcome,
  type EventEligibility,
  type EventInput,
  type EventNotifier,
  type JoinOutcome,
  type PublicEvent,
  type Registration,
  type SignUpOutcome,
  type StaffEvent,
} from './events.types.js';

export { eventEligibility } from './event-eligibility.js';
export { joinPath } from './join-token.js';
export { parseEventCursor, toPublicEvent } from './event-rows.js';

const MINUTE_MS = 60_000;
/** Thrown inside a sign-up's transaction to roll it back when the reader already holds a place. */
const ALREADY_SIGNED_UP: unique symbol = Symbol('already signed up');
/** Listings show at most this many events each way: a reader's page never grows with the archive. */
export const EVENT_LIST_LIMIT = 50;

export interface EventsServiceDependencies {
  db: Db;
  clock: Clock;
  secret: string;
  /** The access decision's view of a signed-in reader (access service). */
  signedInReader(user: { id: number; role: Role }): Promise<Reader>;
  /** How long before the start a join link opens. */
  joinOpensMinutes: number;
  notifier?: EventNotifier;
  onNotifyError?: (error: unknown) => void;
}

export type CreateEventOutcome = { kind: 'created'; event: StaffEvent } | { kind: 'invalid'; errors: Record<string, string> };
export type UpdateEventOutcome =
  | { kind: 'updated'; event: StaffEvent; timeChanged: boolean; promoted: Registration[] }
  | { kind: 'stale'; currentVersion: number }
  /** A cancelled event is final: nothing about it changes any more (its attendees were told it is off). */
  | { kind: 'event-cancelled' }
  | { kind: 'not-found' }
  | { kind: 'invalid'; errors: Record<string, string> };

export function createEventsService(deps: EventsServiceDependencies) {
  const { db, clock, secret } = deps;
  const notifier = deps.notifier ?? NO_EVENT_NOTIFICATIONS;
  const onNotifyError = deps.onNotifyError ?? (() => {});

  async function withSpeakers(rows: repository.EventRow[]): Promise<StaffEvent[]> {
    const speakers = await repository.listSpeakers(
      db,
      rows.map((row) => row.id),
    );
    return rows.map((row) => toStaffEvent(row, speakers.get(row.id) ?? []));
  }

  async function staffEvent(key: string | number): Promise<StaffEvent | null> {
    const row = typeof key === 'number' ? await repository.findEventById(db, key) : await repository.findEventByKey(db, key);
    return row ? (await withSpeakers([row]))[0]! : null;
  }

  async function findEvent(key: string | number): Promise<PublicEvent | null> {
    const event = await staffEvent(key);
    return event && toPublicEvent(event);
  }

  async function listUpcoming(): Promise<PublicEvent[]> {
    const rows = await repository.listUpcomingEvents(db, clock.now().toISOString(), EVENT_LIST_LIMIT);
    return (await withSpeakers(rows)).map(toPublicEvent);
  }

  async function listPast(): Promise<PublicEvent[]> {
    const rows = await repository.listPastEvents(db, clock.now().toISOString(), EVENT_LIST_LIMIT);
    return (await withSpeakers(rows)).map(toPublicEvent);
  }

  /**
   * The newsroom's listings, a page at a time: upcoming by start, past by end (newest first), each continuing
   * after the cursor of the previous page's last event (`<ISO time>_<id>`; anything else starts at the top).
   */
  async function staffEventPage(
    when: 'upcoming' | 'past',
    cursor: string | null,
    limit = EVENT_LIST_LIMIT,
  ): Promise<{ events: PublicEvent[]; next: string | null }> {
    const now = clock.now().toISOString();
    const after = parseEventCursor(cursor);
    const rows =
      when === 'upcoming'
        ? await repository.listUpcomingEvents(db, now, limit + 1, after)
        : await repository.listPastEvents(db, now, limit + 1, after);
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    const next = rows.length > limit && last ? `${when === 'upcoming' ? last.starts_at : last.ends_at}_${last.id}` : null;
    return { events: (await withSpeakers(shown)).map(toPublicEvent), next };
  }

  async function readerOf(user: { id: number; role: Role } | null): Promise<Reader> {
    return user ? deps.signedInReader(user) : { kind: 'anonymous', meter: [] };
  }

  async function eligibilityFor(level: AccessLevel, user: { id: number; role: Role } | null): Promise<EventEligibility> {
    // Below Premium the decision depends only on being signed in (and staff or not): no need to read the
    // reader's Premium reads and subscription, which a busy sign-up would otherwise pay for each time.
    const reader: Reader =
      user && level !== 'premium'
        ? user.role === 'reader'
          ? { kind: 'registered', premiumReads: [], subscriptionEndsAt: null }
          : { kind: 'staff' }
        : await readerOf(user);
    return eventEligibility(level, reader, clock.now().getTime());
  }

  async function attendanceOf(eventId: number, userId: number): Promise<Attendance> {
    const row = await repository.findLiveRegistration(db, eventId, userId);
    if (!row) return { kind: 'none' };
    if (row.state === 'confirmed') return { kind: 'confirmed', registration: toRegistration(row) };
    return { kind: 'waiting', registration: toRegistration(row), place: await repository.waitingPlace(db, eventId, row.arrival) };
  }

  /** Inside the transaction that promoted them: each promoted reader's email, so seat and email commit together. */
  async function queuePromotions(trx: DbOrTransaction, eventId: number, promoted: repository.RegistrationRow[]) {
    for (const row of promoted) await notifier.queueConfirmation(trx, { eventId, registrationId: row.id, promoted: true });
  }

  /**
   * The sign-up itself, under the event's lock: the new registration, null when the event is not open, or
   * ALREADY_SIGNED_UP. A seat's confirmation email is queued by the same statement or transaction.
   */
  async function takePlace(event: PublicEvent, userId: number): Promise<Registration | null | typeof ALREADY_SIGNED_UP> {
    const eventId = event.id;
    const now = clock.now();
    const publicId = randomToken(12);
    const registration = { publicId, eventId, userId, joinTokenHash: joinTokenHash(secret, publicId), now: now.toISOString() };
    // Written before the lock is taken, and only when a seat looks free: a full event's sign-ups wait without an email.
    const confirmation =
      event.confirmedCount < event.capacity
        ? await notifier.prepareConfirmation({ eventId, userId, registrationPublicId: publicId })
        : null;
    try {
      if (isPostgres(db)) {
        const row = await signUpInOneStatement(db, { ...registration, now, eventVersion: event.version, confirmation });
        if (row) return toRegistration(row);
        // Not open, changed since the email was written, or a seat came free with no email ready: the transaction below.
      }
      // SQLite: one writer, so the transaction's first write holds every other sign-up back until it commits.
      return await db.transaction().execute(async (trx) => {
        const counters = await repository.takeArrival(trx, eventId, registration.now);
        if (!counters) return null;
        const hasSeat = counters.confirmed_count < counters.capacity;
        const row = await repository.insertRegistration(trx, {
          ...registration,
          state: hasSeat ? 'confirmed' : 'waiting',
          arrival: counters.next_arrival - 1,
        });
        // Already signed up (a second click): undo the arrival number taken.
        if (!row) throw ALREADY_SIGNED_UP;
        if (hasSeat) {
          await repository.addConfirmedSeat(trx, eventId);
          if (confirmation && confirmation.eventVersion === counters.version) await enqueueEmail(trx, confirmation.message, now);
          else await notifier.queueConfirmation(trx, { eventId, registrationId: row.id, promoted: false });
        }
        return toRegistration(row);
      });
    } catch (error) {
      if (error === ALREADY_SIGNED_UP || repository.isUniqueViolation(error)) return ALREADY_SIGNED_UP;
      throw error;
    }
  }

  /** Sign up: a seat while one is free, else the end of the waiting list. Signing up twice answers the place already held. */
  async function signUp(eventOrId: PublicEvent | number, user: { id: number; role: Role }): Promise<SignUpOutcome> {
    const event = typeof eventOrId === 'number' ? await findEvent(eventOrId) : eventOrId;
    if (!event) return { kind: 'not-found' };
    const eligibility = await eligibilityFor(event.access, user);
    if (eligibility.kind !== 'eligible') return { kind: 'not-eligible', eligibility };
    const taken = await takePlace(event, user.id);
    if (taken === null) {
      const current = await findEvent(event.id);
      return current ? { kind: 'closed', reason: current.status === 'cancelled' ? 'cancelled' : 'ended' } : { kind: 'not-found' };
    }
    if (taken === ALREADY_SIGNED_UP) {
      const held = await attendanceOf(event.id, user.id);
      if (held.kind === 'confirmed') return { kind: 'confirmed', registration: held.registration, alreadySignedUp: true };
      if (held.kind === 'waiting') return { kind: 'waiting', registration: held.registration, place: held.place, alreadySignedUp: true };
      // Cancelled in between: try once more.
      return signUp(event, user);
    }
    if (taken.state === 'waiting')
      return {
        kind: 'waiting',
        registration: taken,
        place: await repository.waitingPlace(db, event.id, taken.arrival),
        alreadySignedUp: false,
      };
    notifier.queued?.();
    return { kind: 'confirmed', registration: taken, alreadySignedUp: false };
  }

  /** Gives up a seat or a place in the list, in one step; a freed seat goes to the first reader waiting. */
  async function cancelPlace(eventId: number, userId: number): Promise<CancelPlaceOutcome> {
    const outcome = await db.transaction().execute(async (trx): Promise<CancelPlaceOutcome & { cancelledRow?: Registration }> => {
      const locked = await repository.lockEvent(trx, eventId);
      if (!locked) return { kind: 'not-found' };
      const existing = await repository.findLiveRegistration(trx, eventId, userId);
      if (!existing) return { kind: 'not-registered' };
      const now = clock.now().toISOString();
      await repository.markRegistrationCancelled(trx, existing.id, now);
      const wasConfirmed = existing.state === 'confirmed';
      let confirmedCount = locked.confirmed_count - (wasConfirmed ? 1 : 0);
      // No promotions once the event is over or called off: a seat then is worth nothing.
      const open = locked.status === 'scheduled' && locked.ends_at > now;
      const promotedRows = open ? await repository.promoteWaiting(trx, eventId, locked.capacity - confirmedCount, now) : [];
      confirmedCount += promotedRows.length;
      await repository.updateSeatCounters(trx, eventId, { confirmedCount, now });
      await queuePromotions(trx, eventId, promotedRows);
      return {
        kind: 'cancelled',
        wasConfirmed,
        promoted: promotedRows.map(toRegistration),
        cancelledRow: { ...toRegistration(existing), state: 'cancelled' },
      };
    });
    if (outcome.kind !== 'cancelled') return outcome;
    if (outcome.promoted.length) notifier.queued?.();
    if (notifier.cancelled && outcome.cancelledRow) {
      const event = await findEvent(eventId).catch(() => null);
      if (event) await notifier.cancelled({ event, registration: outcome.cancelledRow }).catch(onNotifyError);
    }
    const { cancelledRow: _row, ...answer } = outcome;
    return answer;
  }

  async function createEvent(input: EventInput): Promise<CreateEventOutcome> {
    const checked = checkEventInput(input);
    if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
    const speakers = await repository.existingAuthorIds(db, input.speakerIds);
    if (input.speakerIds.some((id) => !speakers.has(id))) return { kind: 'invalid', errors: { speakers: 'must be authors of the paper' } };
    const taken = await repository.findEventByKey(db, input.slug);
    if (taken) return { kind: 'invalid', errors: { slug: 'is already used by another event' } };
    const now = clock.now().toISOString();
    const id = await db.transaction().execute(async (trx) => {
      const eventId = await repository.insertEvent(trx, {
        publicId: randomToken(9),
        calendarUid: `${randomUUID()}@masthead-events`,
        slug: input.slug,
        title: input.title.trim(),
        description: input.description.trim(),
        startsAt: new Date(input.startsAt).toISOString(),
        endsAt: new Date(input.endsAt).toISOString(),
        capacity: input.capacity,
        access: input.access,
        streamUrl: input.streamUrl,
        recordingUrl: input.recordingUrl ?? null,
        recordingAccess: input.recordingAccess ?? input.access,
        createdByUserId: input.createdByUserId ?? null,
        now,
      });
      await repository.replaceSpeakers(trx, eventId, input.speakerIds);
      return eventId;
    });
    return { kind: 'created', event: (await staffEvent(id))! };
  }

  /**
   * An editor's change, against the version they saw (stale → nothing stored). A new start or end, or a
   * cancellation, raises the calendar SEQUENCE; a higher capacity promotes the waiting list in order.
   */
  async function updateEvent(eventId: number, expectedVersion: number, changes: EventChanges): Promise<UpdateEventOutcome> {
    const current = await staffEvent(eventId);
    if (!current) return { kind: 'not-found' };
    if (current.status === 'cancelled') return { kind: 'event-cancelled' };
    const merged: EventInput = {
      slug: current.slug,
      title: changes.title ?? current.title,
      description: changes.description ?? current.description,
      startsAt: changes.startsAt ?? current.startsAt,
      endsAt: changes.endsAt ?? current.endsAt,
      capacity: changes.capacity ?? current.capacity,
      access: changes.access ?? current.access,
      streamUrl: changes.streamUrl ?? current.streamUrl,
      recordingUrl: changes.recordingUrl === undefined ? current.recordingUrl : changes.recordingUrl,
      recordingAccess: changes.recordingAccess ?? current.recordingAccess,
      speakerIds: changes.speakerIds ?? current.speakers.map((speaker) => speaker.authorId),
    };
    const checked = checkEventInput(merged);
    if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
    if (changes.speakerIds) {
      const known = await repository.existingAuthorIds(db, changes.speakerIds);
      if (changes.speakerIds.some((id) => !known.has(id))) return { kind: 'invalid', errors: { speakers: 'must be authors of the paper' } };
    }
    const result = await db.transaction().execute(async (trx) => {
      const locked = await repository.lockEvent(trx, eventId);
      if (!locked) return { kind: 'not-found' as const };
      // Checked again under the lock: a cancellation may have committed since the read above.
      if (locked.status === 'cancelled') return { kind: 'event-cancelled' as const };
      if (locked.version !== expectedVersion) return { kind: 'stale' as const, currentVersion: locked.version };
      const now = clock.now().toISOString();
      const startsAt = new Date(merged.startsAt).toISOString();
      const endsAt = new Date(merged.endsAt).toISOString();
      const timeChanged = startsAt !== locked.starts_at || endsAt !== locked.ends_at;
      const cancelling = changes.status === 'cancelled';
      await repository.updateEventRow(trx, eventId, {
        title: merged.title.trim(),
        description: merged.description.trim(),
        starts_at: startsAt,
        ends_at: endsAt,
        capacity: merged.capacity,
        access: merged.access,
        stream_url: merged.streamUrl,
        recording_url: merged.recordingUrl ?? null,
        recording_access: merged.recordingAccess ?? merged.access,
        ...(cancelling ? { status: 'cancelled' as const, cancelled_at: now } : {}),
        sequence: locked.sequence + (timeChanged || cancelling ? 1 : 0),
        version: locked.version + 1,
        updated_at: now,
      });
      if (changes.speakerIds) await repository.replaceSpeakers(trx, eventId, changes.speakerIds);
      const open = !cancelling && locked.status === 'scheduled' && endsAt > now;
      const promotedRows = open ? await repository.promoteWaiting(trx, eventId, merged.capacity - locked.confirmed_count, now) : [];
      if (promotedRows.length)
        await repository.updateSeatCounters(trx, eventId, { confirmedCount: locked.confirmed_count + promotedRows.length, now });
      await queuePromotions(trx, eventId, promotedRows);
      return { kind: 'updated' as const, timeChanged, promoted: promotedRows.map(toRegistration) };
    });
    if (result.kind !== 'updated') return result;
    if (result.promoted.length) notifier.queued?.();
    return { ...result, event: (await staffEvent(eventId))! };
  }

  /** Calls the event off (SEQUENCE rises; calendars get METHOD:CANCEL from the calendar files). */
  function cancelEvent(eventId: number, expectedVersion: number): Promise<UpdateEventOutcome> {
    return updateEvent(eventId, expectedVersion, { status: 'cancelled' });
  }

  /** The personal join link of a confirmed attendee (a path on this site). */
  function joinLinkFor(event: Pick<PublicEvent, 'publicId'>, registration: Pick<Registration, 'publicId'>): string {
    return joinPath(event.publicId, joinTokenFor(secret, registration.publicId));
  }

  /** When the join link opens (a set time before the start). */
  function joinOpensAt(event: Pick<PublicEvent, 'startsAt'>): Date {
    return new Date(Date.parse(event.startsAt) - deps.joinOpensMinutes * MINUTE_MS);
  }

  /** What a join link answers now: the stream address only to a confirmed attendee inside the window. */
  async function join(eventKey: string, token: string): Promise<JoinOutcome> {
    const event = await staffEvent(eventKey);
    if (!event || event.publicId !== eventKey) return { kind: 'refused', event: null };
    const visible = toPublicEvent(event);
    if (!isWellFormedJoinToken(token)) return { kind: 'refused', event: visible };
    const registration = await repository.findRegistrationByTokenHash(db, hashToken(token));
    if (!registration || registration.event_id !== event.id || registration.state !== 'confirmed' || event.status !== 'scheduled')
      return { kind: 'refused', event: visible };
    const now = clock.now().getTime();
    if (now >= Date.parse(event.endsAt)) return { kind: 'over', event: visible };
    const opensAt = joinOpensAt(event);
    if (now < opensAt.getTime()) return { kind: 'not-yet', opensAt: opensAt.toISOString(), event: visible };
    return { kind: 'open', streamUrl: event.streamUrl };
  }

  /** The recording's address for this reader, once the event has ended and if its level allows them; else null. */
  async function recordingFor(eventId: number, user: { id: number; role: Role } | null): Promise<string | null> {
    const event = await staffEvent(eventId);
    if (!event?.recordingUrl || Date.parse(event.endsAt) > clock.now().getTime()) return null;
    const eligibility = await eligibilityFor(event.recordingAccess, user);
    return eligibility.kind === 'eligible' ? event.recordingUrl : null;
  }

  return {
    findEvent,
    staffEvent,
    listUpcoming,
    listPast,
    staffEventPage,
    eligibilityFor,
    attendanceOf,
    signUp,
    cancelPlace,
    createEvent,
    updateEvent,
    cancelEvent,
    joinLinkFor,
    joinOpensAt,
    join,
    recordingFor,
  };
}

export type EventsService = ReturnType<typeof createEventsService>;
