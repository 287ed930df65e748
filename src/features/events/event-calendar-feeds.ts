// A reader's personal calendar feed: their confirmed events at a secret
// address a calendar app subscribes to (webcal:// or https://). Only the
// secret's SHA-256 is stored, so the address is shown once, when made; making
// a new one replaces it (the old address stops working) and revoking deletes
// it. The feed carries the same UIDs and SEQUENCEs as the emailed files, so
// a calendar holding both keeps one entry per event.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { hashToken, randomToken } from '../../core/security/tokens.js';
import { feedCalendarFile, type CalendarContext } from './event-calendar.js';
import { toCalendarEvent } from './event-emails.js';
import * as repository from './event-mail.repository.js';

/** The newest events a feed lists: a feed never grows without bound. */
export const FEED_EVENT_LIMIT = 200;
const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function feedPath(token: string): string {
  return `/events/feed/${token}.ics`;
}

export function createEventCalendarFeeds(deps: { db: Db; clock: Clock; context: CalendarContext }) {
  const { db, clock, context } = deps;

  return {
    /** Makes (or replaces) the reader's feed; answers its secret, which is never stored and cannot be shown again. */
    async create(userId: number): Promise<string> {
      const token = randomToken(32);
      await repository.replaceFeedToken(db, userId, hashToken(token), clock.now().toISOString());
      return token;
    },
    revoke: (userId: number) => repository.deleteFeed(db, userId),
    async status(userId: number): Promise<{ createdAt: string } | null> {
      const row = await repository.findFeedByUser(db, userId);
      return row ? { createdAt: row.created_at } : null;
    },
    /** The feed's file for a secret, or null (unknown, revoked or malformed: the same answer). */
    async file(token: string): Promise<string | null> {
      if (!FEED_TOKEN.test(token)) return null;
      const owner = await repository.findFeedOwner(db, hashToken(token));
      if (!owner) return null;
      const events = await repository.listReaderEvents(db, owner.user_id, FEED_EVENT_LIMIT);
      return feedCalendarFile(context, events.map(toCalendarEvent), { stamp: clock.now(), name: `${context.publicationName} events` });
    },
  };
}

export type EventCalendarFeeds = ReturnType<typeof createEventCalendarFeeds>;
