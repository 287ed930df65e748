// The database limiter, for nodes on one PostgreSQL without Redis: the same
// contract as the others (testing/rate-limit-contract.ts), counts shared by
// every node on the database, and never more than the limit let through by
// hits that arrive together.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../db/testing.js';
import { createDatabaseRateLimiter } from './rate-limit.js';
import { rateLimiterContract, rule } from './testing/rate-limit-contract.js';

describeEachEngine('database rate limiter', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  rateLimiterContract(
    'shared through the database',
    () => {
      const clock = fixedClock('2026-01-01T00:00:00Z');
      return { limiter: createDatabaseRateLimiter(database.db, clock), advance: (ms) => clock.advance(ms) };
    },
    { canAdvanceTime: true },
  );

  it('lets no more than the limit through when hits from two nodes arrive together', async () => {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const nodes = [createDatabaseRateLimiter(database.db, clock), createDatabaseRateLimiter(database.db, clock)];
    const results = await Promise.all(Array.from({ length: 24 }, (_, index) => nodes[index % 2]!.consume('together', rule)));
    expect(results.filter((result) => result.allowed)).toHaveLength(rule.limit);
    // Either node sees the other's count.
    expect((await nodes[0]!.peek('together', rule)).allowed).toBe(false);
    expect((await nodes[1]!.peek('together', rule)).allowed).toBe(false);
  });

  it('deletes windows that have run out, whose keys name accounts and addresses', async () => {
    const clock = fixedClock('2026-02-01T00:00:00Z');
    const limiter = createDatabaseRateLimiter(database.db, clock);
    await limiter.consume('signin-fail:account:someone@example.test', rule);
    const stored = () => database.db.selectFrom('rate_limit_windows').where('key', 'like', 'signin-fail:%').select('key').execute();
    expect(await stored()).toHaveLength(1);
    clock.advance(rule.windowSeconds * 1000 + 60_000);
    await limiter.consume('another-key', rule);
    expect(await stored()).toEqual([]);
  });
});
