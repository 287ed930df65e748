// The demo's events: upcoming ones open to registered readers with free seats,
// and a past one with a recording, as readers' pages list them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../core/db/testing.js';
import { insertAuthor } from '../features/articles/testing/article-fixtures.js';
import { createEventsService } from '../features/events/events.service.js';
import { demoAuthors } from './content/index.js';
import { seedDemoEvents } from './seed-demo-events.js';

describeEachEngine('demo events', (engine) => {
  let database: TestDatabase;
  const clock = fixedClock('2026-12-06T10:20:00Z');
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const authorIds = new Map<string, number>();
    for (const author of demoAuthors)
      authorIds.set(author.slug, await insertAuthor(database.db, { ...author, createdAt: clock.now().toISOString() }));
    await database.db.transaction().execute((trx) => seedDemoEvents(trx, { now: clock.now(), authorIds }));
  });
  afterAll(() => database.destroy());

  it('has upcoming events for registered readers with free seats, and a past one with a recording', async () => {
    const events = createEventsService({
      db: database.db,
      clock,
      secret: 'demo-events-test-secret-0123456789',
      joinOpensMinutes: 15,
      signedInReader: async () => ({ kind: 'registered', premiumReads: [], subscriptionEndsAt: null }),
    });
    const upcoming = await events.listUpcoming();
    expect(upcoming.length).toBeGreaterThanOrEqual(2);
    for (const event of upcoming) {
      expect(event).toMatchObject({ access: 'registered', status: 'scheduled', confirmedCount: 0 });
      expect(event.capacity).toBeGreaterThan(0);
      expect(event.speakers.length).toBeGreaterThan(0);
      expect(event.startsAt.endsWith(':00:00.000Z')).toBe(true);
    }
    const past = await events.listPast();
    expect(past).toHaveLength(1);
    expect(past[0]).toMatchObject({ hasRecording: true, recordingAccess: 'registered' });
    expect(await events.recordingFor(past[0]!.id, { id: 1, role: 'reader' })).toMatch(/^https:\/\/video\.example\.org\//);
  });
});
