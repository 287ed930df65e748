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

  it('stores no key as sent (they name accounts and addresses), takes any key, and deletes windows that have run out', async () => {
    // After every window the tests above opened: the first hit sweeps them away.
    const clock = fixedClock('2026-02-01T00:00:00Z');
    const limiter = createDatabaseRateLimiter(database.db, clock);
    const storedKeys = async () => (await database.db.selectFrom('rate_limit_windows').select('key').execute()).map((row) => row.key);
    const key = 'signin-fail:account:someone@example.test:\u0000';
    await limiter.consume(key, rule);
    const [stored] = await storedKeys();
    expect(await storedKeys()).toHaveLength(1);
    expect(stored).not.toContain('someone');
    expect(await limiter.peek(key, rule)).toEqual({ allowed: true, remaining: rule.limit - 1 });
    clock.advance(rule.windowSeconds * 1000 + 60_000);
    await limiter.consume('another-key', rule);
    const after = await storedKeys();
    expect(after).toHaveLength(1);
    expect(after).not.toContain(stored);
  });
});
