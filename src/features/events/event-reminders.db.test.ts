import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { createEventReminders, dueReminder } from './event-reminders.js';
import { emailContext, insertAttendee, insertMailEvent, queuedEmails, STREAM_URL } from './testing/event-mail-fixtures.js';

const HOUR = 60 * 60 * 1000;

describe('dueReminder', () => {
  const start = '2026-10-22T18:00:00.000Z';
  const at = (iso: string) => dueReminder(start, new Date(iso))?.kind ?? null;
  it('is the 24-hour one from a day before until the 1-hour one, then the 1-hour one until the start', () => {
    expect(at('2026-10-21T17:59:59.999Z')).toBeNull();
    expect(at('2026-10-21T18:00:00.000Z')).toBe('24h');
    expect(at('2026-10-22T16:59:59.999Z')).toBe('24h');
    expect(at('2026-10-22T17:00:00.000Z')).toBe('1h');
    expect(at('2026-10-22T18:00:00.000Z')).toBeNull();
  });
});

describeEachEngine('event reminders', (engine) => {
  let database: TestDatabase;
  let otherNode: ReturnType<TestDatabase['openAnotherHandle']>;
  const clock = fixedClock('2026-10-20T12:00:00.000Z');

  const reminders = () => createEventReminders({ db: database.db, clock, context: emailContext });

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    otherNode = database.openAnotherHandle();
  });
  afterAll(async () => {
    await otherNode.close();
    await database.destroy();
  });
  beforeEach(async () => {
    await database.db.deleteFrom('email_outbox').execute();
    await database.db.updateTable('events').set({ status: 'cancelled' }).execute();
  });

  it('sends each reminder once, at its time, without a calendar file or the stream address', async () => {
    const start = new Date('2026-10-22T18:00:00.000Z');
    const event = await insertMailEvent(database.db, { startsAt: start.toISOString(), endsAt: '2026-10-22T19:00:00.000Z' });
    const attendee = await insertAttendee(database.db, event.id, { confirmedAt: '2026-10-20T09:00:00.000Z' });
    await insertAttendee(database.db, event.id, { state: 'waiting' });
    const job = reminders();

    clock.set(new Date(start.getTime() - 25 * HOUR));
    expect(await job.run()).toBe(0);
    clock.set(new Date(start.getTime() - 24 * HOUR));
    expect(await job.run()).toBe(1);
    clock.advance(10 * 60 * 1000);
    expect(await job.run()).toBe(0);
    clock.set(new Date(start.getTime() - 30 * 60 * 1000));
    expect(await job.run()).toBe(1);
    expect(await job.run()).toBe(0);
    clock.set(start);
    expect(await job.run()).toBe(0);

    const rows = await queuedEmails(database.db);
    expect(rows.map((row) => [row.recipient, row.subject])).toEqual([
      [attendee.email, `Starting tomorrow: “${await title(event.id)}”`],
      [attendee.email, `Starting in an hour: “${await title(event.id)}”`],
    ]);
    for (const row of rows) {
      expect(row.attachments_json ?? null).toBeNull();
      expect(row.text_body + row.html_body).not.toContain(STREAM_URL);
      expect(row.text_body).toContain('Thursday 22 October 2026 19:00 BST');
    }
  });

  it('gives a reader confirmed after the 24-hour mark only the 1-hour reminder', async () => {
    const start = new Date('2026-10-23T18:00:00.000Z');
    const event = await insertMailEvent(database.db, { startsAt: start.toISOString(), endsAt: '2026-10-23T19:00:00.000Z' });
    const early = await insertAttendee(database.db, event.id, { confirmedAt: '2026-10-20T09:00:00.000Z' });
    const late = await insertAttendee(database.db, event.id, { confirmedAt: new Date(start.getTime() - 5 * HOUR).toISOString() });
    const job = reminders();
    clock.set(new Date(start.getTime() - 4 * HOUR));
    expect(await job.run()).toBe(1);
    clock.set(new Date(start.getTime() - HOUR));
    expect(await job.run()).toBe(2);
    const rows = await queuedEmails(database.db);
    expect(rows.filter((row) => row.recipient === late.email).map((row) => row.subject)).toEqual([
      expect.stringMatching(/^Starting in an hour/),
    ]);
    expect(rows.filter((row) => row.recipient === early.email)).toHaveLength(2);
  });

  it('re-arms the reminders when the event moves', async () => {
    const start = new Date('2026-10-24T18:00:00.000Z');
    const event = await insertMailEvent(database.db, { startsAt: start.toISOString(), endsAt: '2026-10-24T19:00:00.000Z' });
    await insertAttendee(database.db, event.id, { confirmedAt: '2026-10-20T09:00:00.000Z' });
    const job = reminders();
    clock.set(new Date(start.getTime() - 23 * HOUR));
    expect(await job.run()).toBe(1);
    const moved = new Date(start.getTime() + 30 * 60 * 1000);
    await database.db
      .updateTable('events')
      .set({ starts_at: moved.toISOString(), ends_at: new Date(moved.getTime() + HOUR).toISOString() })
      .where('id', '=', event.id)
      .execute();
    expect(await job.run()).toBe(1);
    expect(await job.run()).toBe(0);
  });

  it('sends nothing for a cancelled event', async () => {
    const start = new Date('2026-10-25T18:00:00.000Z');
    const event = await insertMailEvent(database.db, {
      startsAt: start.toISOString(),
      endsAt: '2026-10-25T19:00:00.000Z',
      status: 'cancelled',
    });
    await insertAttendee(database.db, event.id, { confirmedAt: '2026-10-20T09:00:00.000Z' });
    clock.set(new Date(start.getTime() - 2 * HOUR));
    expect(await reminders().run()).toBe(0);
  });

  it('queues each reminder once when two nodes run at the same moment', async () => {
    const start = new Date('2026-10-26T18:00:00.000Z');
    const event = await insertMailEvent(database.db, { startsAt: start.toISOString(), endsAt: '2026-10-26T19:00:00.000Z' });
    for (let i = 0; i < 30; i++) await insertAttendee(database.db, event.id, { confirmedAt: '2026-10-20T09:00:00.000Z' });
    clock.set(new Date(start.getTime() - 12 * HOUR));
    const here = reminders();
    const there = createEventReminders({ db: otherNode.db, clock, context: emailContext });
    // SQLite is one node (and better-sqlite3 blocks the thread a second writer would wait on): the nodes take turns.
    const [a, b] = engine === 'postgres' ? await Promise.all([here.run(), there.run()]) : [await here.run(), await there.run()];
    expect(a + b).toBe(30);
    expect(await queuedEmails(database.db)).toHaveLength(30);
  });

  it('pages through every event due, in pages of two, events sharing a start time included', async () => {
    clock.set('2026-11-02T18:30:00.000Z');
    const starts = [
      '2026-11-03T09:00:00.000Z',
      '2026-11-03T09:00:00.000Z',
      '2026-11-03T09:00:00.000Z',
      '2026-11-03T10:00:00.000Z',
      '2026-11-03T11:00:00.000Z',
    ];
    const attendees = [];
    for (const startsAt of starts) {
      const event = await insertMailEvent(database.db, { startsAt, endsAt: '2026-11-03T12:00:00.000Z' });
      attendees.push(await insertAttendee(database.db, event.id, { confirmedAt: '2026-10-20T09:00:00.000Z' }));
    }
    const job = createEventReminders({ db: database.db, clock, context: emailContext, eventsPerPage: 2 });
    expect(await job.run()).toBe(starts.length);
    expect(await job.run()).toBe(0);
    const rows = await queuedEmails(database.db);
    expect(rows.map((row) => row.recipient).sort()).toEqual(attendees.map((attendee) => attendee.email).sort());
  });

  it('reminds the attendees of every event of a busy day, past the first page of 200 events', async () => {
    clock.set('2026-11-05T08:00:00.000Z');
    const now = clock.now().toISOString();
    const ids: number[] = [];
    // 205 events starting one minute apart from 09:00, the last (with the only attendee) at 12:24.
    const rows = await database.db
      .insertInto('events')
      .values(
        Array.from({ length: 205 }, (_, n) => {
          const startsAt = new Date(Date.parse('2026-11-05T09:00:00.000Z') + n * 60_000);
          return {
            public_id: `busy-day-${engine}-${n}`,
            calendar_uid: `busy-day-${engine}-${n}@masthead-events`,
            slug: `busy-day-${engine}-${n}`,
            title: `Busy day ${n}`,
            description: 'One of many.',
            starts_at: startsAt.toISOString(),
            ends_at: new Date(startsAt.getTime() + HOUR).toISOString(),
            capacity: 10,
            access: 'registered' as const,
            stream_url: STREAM_URL,
            created_at: now,
            updated_at: now,
          };
        }),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((row) => row.id));
    const last = await insertAttendee(database.db, ids.at(-1)!, { confirmedAt: '2026-10-20T09:00:00.000Z' });
    expect(await reminders().run()).toBe(1);
    expect((await queuedEmails(database.db)).map((row) => [row.recipient, row.subject])).toEqual([
      [last.email, 'Starting tomorrow: “Busy day 204”'],
    ]);
  });

  async function title(eventId: number) {
    return (await database.db.selectFrom('events').select('title').where('id', '=', eventId).executeTakeFirstOrThrow()).title;
  }
});
