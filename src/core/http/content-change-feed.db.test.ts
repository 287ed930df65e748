import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../db/testing.js';
import { startContentChangeFeed, type ContentChangeFeed } from './content-change-feed.js';
import { POSTGRES_CHANGE_CHANNEL_EXPRESSION, recordContentChange } from './content-changes.repository.js';

const now = '2026-03-01T12:00:00.000Z';

describeEachEngine('content change feed', (engine) => {
  let database: TestDatabase;
  let feed: ContentChangeFeed;
  let heard = 0;
  const errors: unknown[] = [];
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    feed = await startContentChangeFeed({
      database,
      redisUrl: undefined,
      choice: 'auto',
      onChange: () => heard++,
      onError: (error) => errors.push(error),
    });
  });
  afterAll(async () => {
    await feed.close();
    await database.destroy();
  });

  const record = () => database.db.transaction().execute((trx) => recordContentChange(trx, { tags: ['article:1'], now }));

  if (engine === 'sqlite') {
    it('has nothing to listen on without Redis: the window is the bound', () => {
      expect(feed.transport).toBe('none');
    });
    return;
  }

  it('hears a change when it commits', async () => {
    expect(feed.transport).toBe('postgres');
    await vi.waitFor(() => expect(heard).toBeGreaterThan(0)); // listening: it read the log once for what it missed
    const before = heard;
    await record();
    await vi.waitFor(() => expect(heard).toBeGreaterThan(before));
  });

  it('listens again after losing its connection, and reads the log for what it missed', async () => {
    const channel = (await sql<{ channel: string }>`select ${sql.raw(POSTGRES_CHANGE_CHANNEL_EXPRESSION)} as channel`.execute(database.db))
      .rows[0]!.channel;
    const before = heard;
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where query = ${`listen "${channel}"`}`.execute(database.db);
    await vi.waitFor(() => expect(heard).toBeGreaterThan(before), { timeout: 10_000 }); // reconnected
    const reconnected = heard;
    await record();
    await vi.waitFor(() => expect(heard).toBeGreaterThan(reconnected));
    expect(errors.length).toBeGreaterThan(0); // the lost connection was reported
  });
});
