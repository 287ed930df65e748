// The contract every rate limiter keeps (memory, Redis, the database), for
// their tests: rate-limit.test.ts and rate-limit.db.test.ts.
import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../rate-limit.js';

export const rule = { limit: 3, windowSeconds: 60 };

export function rateLimiterContract(
  name: string,
  make: () => { limiter: RateLimiter; advance?: (ms: number) => void },
  options: { canAdvanceTime: boolean },
) {
  describe(name, () => {
    it('allows up to the limit, then refuses with a Retry-After within the window', async () => {
      const { limiter } = make();
      const key = `contract:${Math.random()}`;
      const results = [];
      for (let index = 0; index < 4; index++) results.push(await limiter.consume(key, rule));
      expect(results.slice(0, 3).every((result) => result.allowed)).toBe(true);
      const refused = results[3]!;
      expect(refused.allowed).toBe(false);
      if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      if (!refused.allowed) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    });

    it('peeks without counting and forgets a key on reset', async () => {
      const { limiter } = make();
      const key = `peek:${Math.random()}`;
      for (let index = 0; index < 3; index++) expect((await limiter.peek(key, rule)).allowed).toBe(true);
      for (let index = 0; index < 3; index++) await limiter.consume(key, rule);
      expect((await limiter.peek(key, rule)).allowed).toBe(false);
      await limiter.reset(key);
      expect((await limiter.consume(key, rule)).allowed).toBe(true);
    });

    it('gives back a use on refund, and never below nothing', async () => {
      const { limiter } = make();
      const key = `refund:${Math.random()}`;
      await limiter.refund(key);
      for (let index = 0; index < 3; index++) await limiter.consume(key, rule);
      await limiter.refund(key);
      expect((await limiter.consume(key, rule)).allowed).toBe(true);
      expect((await limiter.consume(key, rule)).allowed).toBe(false);
    });

    it('keeps keys apart', async () => {
      const { limiter } = make();
      for (let index = 0; index < 3; index++) await limiter.consume('apart:a', rule);
      expect((await limiter.consume(`apart:b:${Math.random()}`, rule)).allowed).toBe(true);
    });

    if (options.canAdvanceTime) {
      it('opens a new window when the old one ends', async () => {
        const { limiter, advance } = make();
        for (let index = 0; index < 4; index++) await limiter.consume('window', rule);
        advance!(61_000);
        expect((await limiter.consume('window', rule)).allowed).toBe(true);
      });
    }
  });
}
