// The memory and Redis limiters keep the same contract (testing/rate-limit-contract.ts); the
// Redis one is what several nodes share. The database's: rate-limit.db.test.ts.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { createMemoryRateLimiter, createRedisRateLimiter } from './rate-limit.js';
import { rateLimiterContract, rule } from './testing/rate-limit-contract.js';

const redisUrl = process.env.TEST_REDIS_URL;

rateLimiterContract(
  'memory rate limiter',
  () => {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    return { limiter: createMemoryRateLimiter(clock), advance: (ms) => clock.advance(ms) };
  },
  { canAdvanceTime: true },
);

describe.skipIf(!redisUrl)('redis rate limiter', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl!);
  });
  afterAll(() => redis.quit());

  rateLimiterContract('shared through Redis', () => ({ limiter: createRedisRateLimiter(redis, `masthead-test:${Math.random()}:`) }), {
    canAdvanceTime: false,
  });

  it('counts across two clients, as two app nodes would', async () => {
    const other = new Redis(redisUrl!);
    try {
      const prefix = `masthead-test:${Math.random()}:`;
      const nodeA = createRedisRateLimiter(redis, prefix);
      const nodeB = createRedisRateLimiter(other, prefix);
      await nodeA.consume('shared', rule);
      await nodeB.consume('shared', rule);
      await nodeA.consume('shared', rule);
      expect((await nodeB.consume('shared', rule)).allowed).toBe(false);
    } finally {
      await other.quit();
    }
  });
});
