// Seats, the waiting list, cancellations, capacity changes and join links,
// on both engines, through the events service (the access decision is given
// as a function: registered readers, and subscribers by id).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import type { Reader } from '../access/access-decision.js';
import { createEventsService, type EventsService } from './events.service.js';
import { createEventEmails } from './event-emails.js';
import type { EventNotifier, Registration } from './events.types.js';
import { emailContext } from './testing/event-mail-fixtures.js';
import { EVENT_NOW, eventInput, insertReaders, insertSpeaker } from './testing/event-fixtures.js';

const reader = (id: number) => ({ id, role: 'reader' as const });

describeEachEngine('events service', (engine) => {
  let database: TestDatabase;
  let events: EventsService;
  const clock = fixedClock(EVENT_NOW);
  const subscribers = new Set<number>();
  let notifier: EventNotifier;
  /** What a test does just before a sign-up's prepared confirmation is used (a concurrent editor). */
  let afterPrepare: (() => Promise<void>) | null = null;
  let seenOutboxId = 0;

  /** Confirmations queued since the last call, as { userId, promoted }, in queue order (read from the outbox itself). */
  async function heardConfirmations() {
    const rows = await database.db
      .selectFrom('email_outbox')
      .innerJoin('users', 'users.email', 'email_outbox.recipient')
      .select(['email_outbox.id', 'users.id as userId', 'email_outbox.subject'])
      .where('email_outbox.id', '>', seenOutboxId)
      .orderBy('email_outbox.id')
      .execute();
    seenOutboxId = rows.at(-1)?.id ?? seenOutboxId;
    return rows.map((row) => ({ userId: row.userId, promoted: row.subject.startsWith('A seat opened up') }));
  }

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const emails = createEventEmails({ db: database.db, clock, secret: 'events-test-secret-0123456789abcdef', context: emailContext });
    notifier = {
      ...emails.notifier,
      async prepareConfirmation(input) {
        const prepared = await emails.notifier.prepareConfirmation(input);
        await afterPrepare?.();
        return prepared;
      },
    };
    events = createEventsService({
      db: database.db,
      clock,
      secret: 'events-test-secret-0123456789abcdef',
      joinOpensMinutes: 15,
      notifier,
      signedInReader: async (user): Promise<Reader> =>
        user.role === 'reader'
          ? { kind: 'registered', premiumReads: [], subscriptionEndsAt: subscribers.has(user.id) ? Date.parse('2027-01-01') : null }
          : { kind: 'staff' },
    });
  });
  afterAll(() => database.destroy());

  async function newEvent(overrides: Parameters<typeof eventInput>[0] = {}) {
    const outcome = await events.createEvent(eventInput(overrides));
    if (outcome.kind !== 'created') throw new Error(JSON.stringify(outcome));
    return outcome.event;
  }

  it('creates an event with its speakers in order, a stable calendar UID and no stream address for readers', async () => {
    const first = await insertSpeaker(database.db, 'Ines Albright');
    const second = await insertSpeaker(database.db, 'Tomas Reyes');
    const event = await newEvent({ speakerIds: [second.id, first.id] });
    expect(event.speakers.map((speaker) => speaker.name)).toEqual(['Tomas Reyes', 'Ines Albright']);
    expect(event.calendarUid).toMatch(/@masthead-events$/);
    const forReaders = await events.findEvent(event.slug);
    expect(forReaders?.id).toBe(event.id);
    expect(JSON.stringify(forReaders)).not.toContain('secret-room');
    expect(await events.findEvent(event.publicId)).toMatchObject({ id: event.id });
  });

  it('refuses bad input and stores nothing', async () => {
    const before = await database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const outcome = await events.createEvent(
      eventInput({
        slug: 'Bad Slug',
        title: ' ',
        endsAt: '2026-10-22T17:00:00Z',
        capacity: 0,
        streamUrl: 'javascript:alert(1)',
        speakerIds: [999999],
      }),
    );
    expect(outcome).toMatchObject({
      kind: 'invalid',
      errors: { slug: expect.any(String), title: 'is required', endsAt: 'must be after the start' },
    });
    const after = await database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('confirms while seats are free, then puts readers on the waiting list in order, each once', async () => {
    await heardConfirmations();
    const event = await newEvent({ capacity: 2 });
    const ids = await insertReaders(database.db, 4);
    const outcomes = [];
    for (const id of ids) outcomes.push(await events.signUp(event.id, reader(id)));
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['confirmed', 'confirmed', 'waiting', 'waiting']);
    expect(outcomes.map((outcome) => ('place' in outcome ? outcome.place : null))).toEqual([null, null, 1, 2]);
    // Signing up again answers the place already held.
    expect(await events.signUp(event.id, reader(ids[3]!))).toMatchObject({ kind: 'waiting', place: 2, alreadySignedUp: true });
    expect(await events.signUp(event.id, reader(ids[0]!))).toMatchObject({ kind: 'confirmed', alreadySignedUp: true });
    expect(await heardConfirmations()).toEqual([
      { userId: ids[0], promoted: false },
      { userId: ids[1], promoted: false },
    ]);
    expect(await events.attendanceOf(event.id, ids[3]!)).toMatchObject({ kind: 'waiting', place: 2 });
  });

  it('a cancelled seat goes to the first reader waiting, in one step, and only one', async () => {
    await heardConfirmations();
    const event = await newEvent({ capacity: 1 });
    const [holder, first, second] = await insertReaders(database.db, 3);
    for (const id of [holder!, first!, second!]) await events.signUp(event.id, reader(id));
    await heardConfirmations();
    const outcome = await events.cancelPlace(event.id, holder!);
    expect(outcome).toMatchObject({ kind: 'cancelled', wasConfirmed: true });
    expect(outcome.kind === 'cancelled' && outcome.promoted.map((registration: Registration) => registration.userId)).toEqual([first]);
    expect(await events.attendanceOf(event.id, first!)).toMatchObject({ kind: 'confirmed' });
    expect(await events.attendanceOf(event.id, second!)).toMatchObject({ kind: 'waiting', place: 1 });
    expect(await events.attendanceOf(event.id, holder!)).toEqual({ kind: 'none' });
    expect(await heardConfirmations()).toEqual([{ userId: first, promoted: true }]);
    // A waiting reader leaving frees no seat.
    expect(await events.cancelPlace(event.id, second!)).toMatchObject({ kind: 'cancelled', wasConfirmed: false, promoted: [] });
    expect(await events.cancelPlace(event.id, second!)).toEqual({ kind: 'not-registered' });
    expect((await events.findEvent(event.id))?.confirmedCount).toBe(1);
  });

  describe('a seat and its confirmation commit together', () => {
    // The outbox moved away stands for a crash between the seat's commit and the email's: either both are stored or neither.
    async function withoutOutbox(run: () => Promise<void>) {
      await sql`alter table email_outbox rename to email_outbox_away`.execute(database.db);
      try {
        await run();
      } finally {
        await sql`alter table email_outbox_away rename to email_outbox`.execute(database.db);
      }
    }

    async function states(eventId: number) {
      const rows = await database.db
        .selectFrom('event_registrations')
        .where('event_id', '=', eventId)
        .select(['user_id', 'state'])
        .orderBy('arrival')
        .execute();
      const event = await events.findEvent(eventId);
      return { rows, confirmedCount: event?.confirmedCount };
    }

    it('a sign-up whose email cannot be queued takes no seat', async () => {
      const event = await newEvent({ capacity: 2 });
      const [id] = await insertReaders(database.db, 1);
      await withoutOutbox(async () => {
        await expect(events.signUp(event.id, reader(id!))).rejects.toThrow();
      });
      expect(await states(event.id)).toEqual({ rows: [], confirmedCount: 0 });
      await heardConfirmations();
      expect(await events.signUp(event.id, reader(id!))).toMatchObject({ kind: 'confirmed' });
      expect(await heardConfirmations()).toEqual([{ userId: id, promoted: false }]);
    });

    it('a cancellation or a capacity raise whose promotion email cannot be queued changes nothing', async () => {
      const event = await newEvent({ capacity: 1 });
      const [holder, waiting] = await insertReaders(database.db, 2);
      await events.signUp(event.id, reader(holder!));
      await events.signUp(event.id, reader(waiting!));
      const before = await states(event.id);
      await withoutOutbox(async () => {
        await expect(events.cancelPlace(event.id, holder!)).rejects.toThrow();
        await expect(events.updateEvent(event.id, event.version, { capacity: 2 })).rejects.toThrow();
      });
      expect(await states(event.id)).toEqual(before);
      expect(before.rows.map((row) => row.state)).toEqual(['confirmed', 'waiting']);
    });

    it('an event edited after the confirmation was written gets a confirmation of the edited event', async () => {
      const event = await newEvent({ capacity: 2, title: 'The title before' });
      const [id] = await insertReaders(database.db, 1);
      afterPrepare = async () => {
        afterPrepare = null;
        await events.updateEvent(event.id, event.version, { title: 'The title after' });
      };
      await heardConfirmations();
      expect(await events.signUp(event.id, reader(id!))).toMatchObject({ kind: 'confirmed' });
      const [row, ...rest] = await database.db.selectFrom('email_outbox').select('subject').where('id', '>', seenOutboxId).execute();
      expect(rest).toEqual([]);
      expect(row!.subject).toContain('The title after');
    });
  });

  it('signing up again after cancelling joins the end of the list', async () => {
    const event = await newEvent({ capacity: 1 });
    const [a, b] = await insertReaders(database.db, 2);
    await events.signUp(event.id, reader(a!));
    await events.signUp(event.id, reader(b!));
    await events.cancelPlace(event.id, a!);
    expect(await events.signUp(event.id, reader(a!))).toMatchObject({ kind: 'waiting', place: 1, alreadySignedUp: false });
  });

  it('an editor raising the capacity promotes the waiting list in order; a stale version stores nothing', async () => {
    await heardConfirmations();
    const event = await newEvent({ capacity: 1 });
    const ids = await insertReaders(database.db, 4);
    for (const id of ids) await events.signUp(event.id, reader(id));
    await heardConfirmations();
    const stale = await events.updateEvent(event.id, event.version + 5, { capacity: 10 });
    expect(stale).toEqual({ kind: 'stale', currentVersion: event.version });
    const outcome = await events.updateEvent(event.id, event.version, { capacity: 3 });
    expect(outcome.kind === 'updated' && outcome.promoted.map((registration) => registration.userId)).toEqual([ids[1], ids[2]]);
    expect(outcome).toMatchObject({
      kind: 'updated',
      timeChanged: false,
      event: { version: event.version + 1, sequence: 0, confirmedCount: 3 },
    });
    expect(await events.attendanceOf(event.id, ids[3]!)).toMatchObject({ kind: 'waiting', place: 1 });
    expect((await heardConfirmations()).map((entry) => entry.userId)).toEqual([ids[1], ids[2]]);
  });

  it('a change of time and a cancellation each raise the calendar sequence; the UID never changes', async () => {
    const event = await newEvent();
    const moved = await events.updateEvent(event.id, event.version, { startsAt: '2026-10-22T19:00:00Z', endsAt: '2026-10-22T20:00:00Z' });
    expect(moved).toMatchObject({ kind: 'updated', timeChanged: true, event: { sequence: 1, calendarUid: event.calendarUid } });
    const retitled = await events.updateEvent(event.id, event.version + 1, { title: 'A new title' });
    expect(retitled).toMatchObject({ kind: 'updated', timeChanged: false, event: { sequence: 1 } });
    const cancelled = await events.cancelEvent(event.id, event.version + 2);
    expect(cancelled).toMatchObject({ kind: 'updated', event: { status: 'cancelled', sequence: 2, calendarUid: event.calendarUid } });
    const [id] = await insertReaders(database.db, 1);
    expect(await events.signUp(event.id, reader(id!))).toEqual({ kind: 'closed', reason: 'cancelled' });
  });

  it('Premium events are for subscribers; registered events for any signed-in reader', async () => {
    const event = await newEvent({ access: 'premium' });
    const [plain, subscriber] = await insertReaders(database.db, 2);
    subscribers.add(subscriber!);
    expect(await events.signUp(event.id, reader(plain!))).toEqual({ kind: 'not-eligible', eligibility: { kind: 'needs-subscription' } });
    expect(await events.signUp(event.id, reader(subscriber!))).toMatchObject({ kind: 'confirmed' });
    expect(await events.eligibilityFor('registered', null)).toEqual({ kind: 'needs-account' });
    expect(await events.eligibilityFor('premium', null)).toEqual({ kind: 'needs-account' });
    expect(await events.eligibilityFor('registered', reader(plain!))).toEqual({ kind: 'eligible' });
    const rows = await database.db.selectFrom('event_registrations').where('event_id', '=', event.id).select('user_id').execute();
    expect(rows.map((row) => row.user_id)).toEqual([subscriber]);
  });

  describe('join links', () => {
    it('open for a confirmed attendee from 15 minutes before the start to the end, and for no one else', async () => {
      const event = await newEvent({ capacity: 1 });
      const [attendee, waiting] = await insertReaders(database.db, 2);
      const confirmed = await events.signUp(event.id, reader(attendee!));
      const queued = await events.signUp(event.id, reader(waiting!));
      if (confirmed.kind !== 'confirmed' || queued.kind !== 'waiting') throw new Error('unexpected outcome');
      const link = events.joinLinkFor(event, confirmed.registration);
      const token = link.split('/').pop()!;
      expect(link).toBe(`/events/${event.publicId}/join/${token}`);
      const stored = await database.db
        .selectFrom('event_registrations')
        .where('id', '=', confirmed.registration.id)
        .select('join_token_hash')
        .executeTakeFirstOrThrow();
      expect(stored.join_token_hash).not.toContain(token);

      clock.set('2026-10-22T17:44:59.000Z');
      expect(await events.join(event.publicId, token)).toMatchObject({ kind: 'not-yet', opensAt: '2026-10-22T17:45:00.000Z' });
      clock.set('2026-10-22T17:45:00.000Z');
      expect(await events.join(event.publicId, token)).toEqual({ kind: 'open', streamUrl: 'https://stream.example.test/secret-room-4471' });
      clock.set('2026-10-22T18:59:59.000Z');
      expect(await events.join(event.publicId, token)).toMatchObject({ kind: 'open' });
      clock.set('2026-10-22T19:00:00.000Z');
      expect(await events.join(event.publicId, token)).toMatchObject({ kind: 'over' });
      clock.set('2026-10-22T18:10:00.000Z');

      const waitingLink = events.joinLinkFor(event, queued.registration).split('/').pop()!;
      expect(await events.join(event.publicId, waitingLink)).toMatchObject({ kind: 'refused' });
      expect(await events.join(event.publicId, 'x'.repeat(43))).toMatchObject({ kind: 'refused' });
      expect(await events.join(event.slug, token)).toMatchObject({ kind: 'refused', event: null });
      // Cancelled: the old link is refused, and the waiting reader's own link now works.
      await events.cancelPlace(event.id, attendee!);
      expect(await events.join(event.publicId, token)).toMatchObject({ kind: 'refused' });
      expect(await events.join(event.publicId, waitingLink)).toMatchObject({ kind: 'open' });
      clock.set(EVENT_NOW);
    });
  });

  it('recordings go only to readers of their level, after the event', async () => {
    const event = await newEvent({ recordingUrl: 'https://video.example.test/recording-88', recordingAccess: 'premium' });
    const [plain, subscriber] = await insertReaders(database.db, 2);
    subscribers.add(subscriber!);
    expect(await events.recordingFor(event.id, reader(subscriber!))).toBeNull();
    clock.set('2026-10-23T00:00:00Z');
    expect(await events.recordingFor(event.id, reader(subscriber!))).toBe('https://video.example.test/recording-88');
    expect(await events.recordingFor(event.id, reader(plain!))).toBeNull();
    expect(await events.recordingFor(event.id, null)).toBeNull();
    expect((await events.listPast()).some((past) => past.id === event.id)).toBe(true);
    expect((await events.listUpcoming()).some((upcoming) => upcoming.id === event.id)).toBe(false);
    clock.set(EVENT_NOW);
  });

  it('concurrent sign-ups and cancellations keep exactly the capacity confirmed, in order of arrival', async () => {
    const event = await newEvent({ capacity: 40 });
    const ids = await insertReaders(database.db, 200);
    await heardConfirmations();
    const outcomes = await Promise.all(ids.map((id) => events.signUp(event.id, reader(id))));
    expect(outcomes.filter((outcome) => outcome.kind === 'confirmed')).toHaveLength(40);
    const confirmed = outcomes.flatMap((outcome) => (outcome.kind === 'confirmed' ? [outcome.registration.userId] : []));
    // One confirmation for each seat, and none for a reader left waiting.
    expect((await heardConfirmations()).map((entry) => entry.userId).sort()).toEqual([...confirmed].sort());
    await Promise.all([
      ...confirmed.slice(0, 15).map((id) => events.cancelPlace(event.id, id)),
      ...ids.map((id) => events.signUp(event.id, reader(id))),
    ]);
    const rows = await database.db
      .selectFrom('event_registrations')
      .where('event_id', '=', event.id)
      .where('state', '<>', 'cancelled')
      .select(['state', 'arrival', 'user_id'])
      .orderBy('arrival')
      .execute();
    expect(rows.filter((row) => row.state === 'confirmed')).toHaveLength(40);
    expect(new Set(rows.map((row) => row.user_id)).size).toBe(rows.length);
    // Every confirmed reader arrived before every waiting one.
    const lastConfirmed = Math.max(...rows.filter((row) => row.state === 'confirmed').map((row) => row.arrival));
    const firstWaiting = Math.min(...rows.filter((row) => row.state === 'waiting').map((row) => row.arrival));
    expect(lastConfirmed).toBeLessThan(firstWaiting);
    expect((await events.findEvent(event.id))?.confirmedCount).toBe(40);
  });
});
