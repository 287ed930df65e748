// The newsroom's roster on both engines: each list a page at a time by
// arrival (keyset), places continuing across pages, and the CSV streaming
// every row in batches.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { rosterCsvChunks, rosterPage } from './event-roster.js';
import { createEventsService } from './events.service.js';
import { EVENT_NOW, eventInput, insertReaders } from './testing/event-fixtures.js';

describeEachEngine('event roster', (engine) => {
  let database: TestDatabase;
  let eventId: number;
  let readers: number[];

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const events = createEventsService({
      db: database.db,
      clock: fixedClock(EVENT_NOW),
      secret: 'roster-test-secret-0123456789abcdef',
      joinOpensMinutes: 15,
      signedInReader: async () => ({ kind: 'registered', premiumReads: [], subscriptionEndsAt: null }),
    });
    const created = await events.createEvent(eventInput({ capacity: 5 }));
    if (created.kind !== 'created') throw new Error('not created');
    eventId = created.event.id;
    readers = await insertReaders(database.db, 13);
    for (const id of readers) await events.signUp(eventId, { id, role: 'reader' });
    // A place given up leaves no gap in the numbers.
    await events.cancelPlace(eventId, readers[7]!);
  });
  afterAll(() => database.destroy());

  async function allPages(state: 'confirmed' | 'waiting') {
    const pages = [];
    let after = -1;
    for (;;) {
      const page = await rosterPage(database.db, eventId, state, { after, limit: 2 });
      pages.push(page);
      if (page.nextAfter === null) return pages;
      after = page.nextAfter;
    }
  }

  it('pages through the attendees and the waiting list by arrival, places continuing across pages', async () => {
    const confirmed = await allPages('confirmed');
    expect(confirmed.map((page) => page.entries.map((entry) => entry.place))).toEqual([[1, 2], [3, 4], [5]]);
    expect(confirmed.every((page) => page.total === 5)).toBe(true);
    const waiting = await allPages('waiting');
    expect(waiting.map((page) => page.entries.map((entry) => entry.place))).toEqual([[1, 2], [3, 4], [5, 6], [7]]);
    expect(waiting[0]!.total).toBe(7);
    // Arrival order: readers 5, 6, then 8 onwards (7 cancelled).
    const names = waiting.flatMap((page) => page.entries.map((entry) => entry.name));
    expect(names).toEqual([5, 6, 8, 9, 10, 11, 12].map((n) => `Event Reader ${n}`));
  });

  it('streams every row of the CSV in batches: confirmed then waiting, with waiting places', async () => {
    const chunks: string[] = [];
    for await (const chunk of rosterCsvChunks(database.db, eventId, 2)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(5);
    const lines = chunks.join('').trim().split('\r\n');
    expect(lines[0]).toBe('"name","email","state","place","signed_up_at"');
    expect(lines.slice(1).map((line) => line.split(',').slice(2, 4).join(','))).toEqual([
      ...Array.from({ length: 5 }, () => '"confirmed",""'),
      ...[1, 2, 3, 4, 5, 6, 7].map((place) => `"waiting","${place}"`),
    ]);
  });
});
