// Fixed-window rate limits: in memory for one node (SQLite), in Redis when
// several nodes share them and REDIS_URL is set, otherwise in the PostgreSQL
// database those nodes share (docs/decisions/013-many-nodes-and-the-production-start.md).
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { hashToken } from '../security/tokens.js';
import * as windows from './rate-limits.repository.js';

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export type RateLimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  consume(key: string, rule: RateLimitRule): Promise<RateLimitResult>;
  /** Whether one more hit would be allowed, without counting one. */
  peek(key: string, rule: RateLimitRule): Promise<RateLimitResult>;
  /** Forget a key (e.g. failed sign-ins after a success). */
  reset(key: string): Promise<void>;
  /** Gives back one use taken by `consume` (an attempt counted up front that turned out not to be a failure). */
  refund(key: string): Promise<void>;
}

export function createMemoryRateLimiter(clock: Clock, maxKeys = 100_000): RateLimiter {
  const windows = new Map<string, { count: number; resetsAt: number }>();
  return {
    async consume(key, rule) {
      const now = clock.now().getTime();
      let window = windows.get(key);
      if (!window || window.resetsAt <= now) {
        if (windows.size >= maxKeys) {
          for (const [oldKey, old] of windows) if (old.resetsAt <= now) windows.delete(oldKey);
          // Still full of live windows: drop the oldest rather than grow without bound.
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        }
        window = { count: 0, resetsAt: now + rule.windowSeconds * 1000 };
        windows.set(key, window);
      }
      window.count++;
      if (window.count > rule.limit) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetsAt - now) / 1000)) };
      return { allowed: true, remaining: rule.limit - window.count };
    },
    async peek(key, rule) {
      const now = clock.now().getTime();
      const window = windows.get(key);
      if (!window || window.resetsAt <= now) return { allowed: true, remaining: rule.limit };
      if (window.count >= rule.limit) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetsAt - now) / 1000)) };
      return { allowed: true, remaining: rule.limit - window.count };
    },
    async reset(key) {
      windows.delete(key);
    },
    async refund(key) {
      const window = windows.get(key);
      if (window && window.count > 0) window.count--;
    },
  };
}

// DECR only a window that exists, so a refund never creates one without an expiry.
const REFUND_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

// INCR and set the expiry on the first hit, atomically.
const CONSUME_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }
`;

export function createRedisRateLimiter(redis: Redis, prefix = 'masthead:rate:'): RateLimiter {
  return {
    async consume(key, rule) {
      const [count, ttl] = (await redis.eval(CONSUME_SCRIPT, 1, prefix + key, String(rule.windowSeconds * 1000))) as [number, number];
      if (count > rule.limit) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
      return { allowed: true, remaining: rule.limit - count };
    },
    async peek(key, rule) {
      const [count, ttl] = await Promise.all([redis.get(prefix + key), redis.pttl(prefix + key)]);
      const used = Number(count ?? 0);
      if (used >= rule.limit) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
      return { allowed: true, remaining: rule.limit - used };
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
    async refund(key) {
      await redis.eval(REFUND_SCRIPT, 1, prefix + key);
    },
  };
}

/** How often a node deletes windows that have run out, at most. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Counts in the database the nodes share (a row per hashed key, rate-limits.repository.ts):
 * for nodes on one PostgreSQL without Redis. A hit is one upsert; windows that
 * have run out are swept by whichever node counts after a minute has passed.
 */
export function createDatabaseRateLimiter(db: Db, clock: Clock): RateLimiter {
  let nextSweepAt = 0;
  // Keys are stored hashed: they name accounts (an email address) and client addresses, which the
  // table need not hold, and a key is whatever a form sent, which PostgreSQL text may refuse (a NUL).
  const stored = (key: string) => hashToken(key);
  const retryAfter = (resetsAt: string, now: Date) => Math.max(1, Math.ceil((Date.parse(resetsAt) - now.getTime()) / 1000));
  return {
    async consume(key, rule) {
      const now = clock.now();
      if (now.getTime() >= nextSweepAt) {
        nextSweepAt = now.getTime() + SWEEP_EVERY_MS;
        await windows.deleteEndedWindows(db, now.toISOString());
      }
      const resetsAt = new Date(now.getTime() + rule.windowSeconds * 1000).toISOString();
      const window = await windows.countHit(db, stored(key), now.toISOString(), resetsAt);
      if (window.count > rule.limit) return { allowed: false, retryAfterSeconds: retryAfter(window.resetsAt, now) };
      return { allowed: true, remaining: rule.limit - window.count };
    },
    async peek(key, rule) {
      const now = clock.now();
      const window = await windows.findLiveWindow(db, stored(key), now.toISOString());
      if (window && window.count >= rule.limit) return { allowed: false, retryAfterSeconds: retryAfter(window.resetsAt, now) };
      return { allowed: true, remaining: rule.limit - (window?.count ?? 0) };
    },
    async reset(key) {
      await windows.deleteWindow(db, stored(key));
    },
    async refund(key) {
      await windows.uncountHit(db, stored(key), clock.now().toISOString());
    },
  };
}
