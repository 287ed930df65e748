// The concurrency test: 5,000 signed-in readers press "Sign up" at
// once for 1,000 seats, through the app's own route (sessions, CSRF, the
// access decision, the service), on both engines. Exactly 1,000 get seats,
// the rest wait in order of arrival, nobody holds two places, nothing answers
// 5xx. Then 300 attendees cancel while 500 more readers sign up: each freed
// seat goes to exactly one reader, the first waiting.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { EVENT_NOW, eventInput, insertReaders } from './testing/event-fixtures.js';
import { pressButton, signInReaders, type SignedInReader } from './testing/event-sessions.js';

const SEATS = 1000;
const READERS = 5000;

describeEachEngine('events: the sign-up race', (engine) => {
  let testApp: TestApp;
  let readers: SignedInReader[];
  let eventId: number;
  let publicId: string;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: EVENT_NOW });
    const created = await testApp.events.createEvent(eventInput({ capacity: SEATS }));
    if (created.kind !== 'created') throw new Error('event not created');
    eventId = created.event.id;
    publicId = created.event.publicId;
    readers = await signInReaders(testApp, await insertReaders(testApp.database.db, READERS + 500));
  }, 120_000);
  afterAll(() => testApp.destroy());

  async function liveRows() {
    return testApp.database.db
      .selectFrom('event_registrations')
      .where('event_id', '=', eventId)
      .where('state', '<>', 'cancelled')
      .select(['user_id', 'state', 'arrival'])
      .orderBy('arrival')
      .execute();
  }

  it('5,000 sign-ups for 1,000 seats: exactly 1,000 confirmed, the rest waiting in order, nobody twice, never a 5xx', async () => {
    const racing = readers.slice(0, READERS);
    // A hundred readers also press twice (a double click): still one place each.
    const presses = [...racing, ...racing.slice(0, 100)];
    const started = performance.now();
    const responses = await Promise.all(presses.map((reader) => pressButton(testApp, reader, `/events/${publicId}/sign-up`)));
    const seconds = (performance.now() - started) / 1000;
    console.log(`[${engine}] ${presses.length} sign-ups in ${seconds.toFixed(1)} s (${Math.round(presses.length / seconds)}/s)`);
    expect(responses.filter((response) => response.statusCode >= 500)).toEqual([]);
    expect(new Set(responses.map((response) => response.statusCode))).toEqual(new Set([303]));

    const rows = await liveRows();
    expect(rows).toHaveLength(READERS);
    expect(new Set(rows.map((row) => row.user_id)).size).toBe(READERS);
    const confirmed = rows.filter((row) => row.state === 'confirmed');
    const waiting = rows.filter((row) => row.state === 'waiting');
    expect(confirmed).toHaveLength(SEATS);
    expect(waiting).toHaveLength(READERS - SEATS);
    // Seats went to the first 1,000 arrivals; arrival numbers are unique.
    expect(new Set(rows.map((row) => row.arrival)).size).toBe(READERS);
    expect(Math.max(...confirmed.map((row) => row.arrival))).toBeLessThan(Math.min(...waiting.map((row) => row.arrival)));
    expect((await testApp.events.findEvent(eventId))?.confirmedCount).toBe(SEATS);
    // Places in the list follow arrival: the 1st and the last waiting reader see 1 and 4,000.
    expect(await testApp.events.attendanceOf(eventId, waiting[0]!.user_id)).toMatchObject({ kind: 'waiting', place: 1 });
    expect(await testApp.events.attendanceOf(eventId, waiting.at(-1)!.user_id)).toMatchObject({ kind: 'waiting', place: READERS - SEATS });
    // Each seat's confirmation was queued with it: one each, to exactly the readers seated.
    expect((await confirmationRecipients('You are signed up%')).sort((a, b) => a - b)).toEqual(
      confirmed.map((row) => row.user_id).sort((a, b) => a - b),
    );
  }, 240_000);

  it('300 cancellations racing 500 new sign-ups: each freed seat promotes exactly one reader, the first waiting', async () => {
    const before = await liveRows();
    const confirmedBefore = before.filter((row) => row.state === 'confirmed').map((row) => row.user_id);
    const waitingBefore = before.filter((row) => row.state === 'waiting').map((row) => row.user_id);
    const leaving = new Set(confirmedBefore.slice(0, 300));
    const byUser = new Map(readers.map((reader) => [reader.userId, reader]));
    const cancellations = [...leaving].map((userId) => pressButton(testApp, byUser.get(userId)!, `/events/${publicId}/cancel`));
    const newcomers = readers.slice(READERS).map((reader) => pressButton(testApp, reader, `/events/${publicId}/sign-up`));
    const responses = await Promise.all([...cancellations, ...newcomers]);
    expect(responses.filter((response) => response.statusCode !== 303)).toEqual([]);

    const after = await liveRows();
    const confirmedAfter = new Set(after.filter((row) => row.state === 'confirmed').map((row) => row.user_id));
    expect(confirmedAfter.size).toBe(SEATS);
    const expected = new Set([...confirmedBefore.filter((userId) => !leaving.has(userId)), ...waitingBefore.slice(0, 300)]);
    expect(confirmedAfter).toEqual(expected);
    expect(after.filter((row) => row.state === 'waiting')).toHaveLength(READERS - SEATS - 300 + 500);
    expect((await testApp.events.findEvent(eventId))?.confirmedCount).toBe(SEATS);
    // Each promotion's email was queued with the seat it gave.
    expect((await confirmationRecipients('A seat opened up%')).sort((a, b) => a - b)).toEqual(
      [...waitingBefore.slice(0, 300)].sort((a, b) => a - b),
    );
  }, 240_000);

  /** The user ids an outbox subject was queued to, one entry per email. */
  async function confirmationRecipients(subject: string): Promise<number[]> {
    const rows = await testApp.database.db
      .selectFrom('email_outbox')
      .innerJoin('users', 'users.email', 'email_outbox.recipient')
      .select('users.id')
      .where('email_outbox.subject', 'like', subject)
      .execute();
    return rows.map((row) => row.id);
  }
});
