// How often one reader may change their places and how often join links may
// be tried, through the app's rate limiter (core/http/rate-limit.ts: memory on
// one node, Redis when REDIS_URL is set, else the shared PostgreSQL).
import type { RateLimitRule } from '../../core/http/rate-limit.js';
import { hashToken } from '../../core/security/tokens.js';

export const EVENT_RATE_LIMITS = {
  /**
   * A reader's sign-ups and cancellations, every event together. Each may queue
   * an email (their confirmation, or a promotion for the next reader waiting),
   * so flipping a place on and off must not become a way to send mail.
   */
  placeChanges: { limit: 10, windowSeconds: 600 },
  /** Refused join links from one address: a link is 256 bits, so this bounds the work of guessing, not the odds. */
  refusedJoins: { limit: 30, windowSeconds: 600 },
  /** Hits on one working join link, from anywhere: an attendee reloading is a handful; a link passed round is many. */
  joinsPerLink: { limit: 60, windowSeconds: 600 },
} satisfies Record<string, RateLimitRule>;

export const eventLimitKeys = {
  placeChanges: (userId: number) => `event-places:${userId}`,
  refusedJoins: (ip: string) => `event-join-refused:${ip}`,
  // Hashed: the key names the link without being it (the limiter may be a shared Redis).
  joinLink: (token: string) => `event-join-link:${hashToken(`event-join-limit:${token}`)}`,
};
