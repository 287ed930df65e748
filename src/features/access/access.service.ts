// Who the reader is, for the access decision, and the writes it implies:
// premium reads counted against the allowance, and subscriptions.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { Role } from '../../core/db/schema.js';
import type { MeterEntry, MeterSettings, Reader } from './access-decision.js';
import * as repository from './access.repository.js';

// The newsroom's "preview as a reader" names reader states with these (the gate's `previewVisibility` decides for them).
export { PREVIEW_READER_STATES, type PreviewReaderState } from './preview-readers.js';
/** Whether a section's free articles are metered (the Content API then sends them cut to the teaser, like a spent meter). */
export { isMeteredSection } from './access-decision.js';

const DAY_MS = 86_400_000;
const SUBSCRIBER_MEMORY_MS = 60_000;
const MAX_REMEMBERED_READERS = 10_000;

export type GrantOutcome = { kind: 'granted'; endsAt: string } | { kind: 'unknown-reader' } | { kind: 'invalid'; problem: string };

export function createAccessService(deps: { db: Db; clock: Clock; settings: MeterSettings }) {
  const { db, clock, settings } = deps;
  const periodStart = (now: Date) => new Date(now.getTime() - settings.periodDays * DAY_MS).toISOString();

  /** The decision's view of a signed-in reader: staff, or registered with their premium reads and subscription. */
  async function signedInReader(user: { id: number; role: Role }): Promise<Reader> {
    if (user.role !== 'reader') return { kind: 'staff' };
    const now = clock.now();
    const [reads, subscriptionEnd] = await Promise.all([
      repository.listPremiumReads(db, user.id, periodStart(now)),
      repository.findSubscriptionEnd(db, user.id, now.toISOString()),
    ]);
    const premiumReads: MeterEntry[] = reads.map((read) => ({ articleId: read.article_id, readAt: Date.parse(read.read_at) }));
    return { kind: 'registered', premiumReads, subscriptionEndsAt: subscriptionEnd ? Date.parse(subscriptionEnd) : null };
  }

  /** Counts a premium read; safe under concurrent reads by the same reader. */
  function recordPremiumRead(userId: number, articleId: number): Promise<repository.PremiumReadOutcome> {
    const now = clock.now();
    return repository.recordPremiumRead(db, {
      userId,
      articleId,
      now: now.toISOString(),
      periodStart: periodStart(now),
      limit: settings.registeredPremiumArticles,
    });
  }

  /** When the reader's running subscription ends, or null when they have none. */
  async function subscriptionEnd(userId: number): Promise<string | null> {
    const now = clock.now().toISOString();
    const end = await repository.findSubscriptionEnd(db, userId, now);
    return end && end > now ? end : null;
  }

  /** Staff grant: N days from now, or from the end of a subscription still running. */
  async function grantSubscription(input: { email: string; days: number }): Promise<GrantOutcome> {
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > 3660)
      return { kind: 'invalid', problem: '--days must be a whole number from 1 to 3660.' };
    const userId = await repository.findLiveUserIdByEmail(db, input.email.trim().toLowerCase());
    if (userId === null) return { kind: 'unknown-reader' };
    const now = clock.now();
    const currentEnd = await repository.findSubscriptionEnd(db, userId, now.toISOString());
    const from = currentEnd && Date.parse(currentEnd) > now.getTime() ? new Date(currentEnd) : now;
    const endsAt = new Date(from.getTime() + input.days * DAY_MS).toISOString();
    await repository.insertSubscription(db, {
      userId,
      source: 'staff-grant',
      externalId: null,
      startsAt: now.toISOString(),
      endsAt,
      now: now.toISOString(),
    });
    return { kind: 'granted', endsAt };
  }

  // Whether a signed-in reader subscribes, for the funnel's page views of free and
  // registered articles (which need no query to be decided): remembered a minute
  // per reader, so a busy reader costs one indexed lookup a minute, never one a page.
  const subscriberUntil = new Map<number, { subscriber: boolean; until: number }>();
  async function isSubscriber(userId: number): Promise<boolean> {
    const now = clock.now().getTime();
    const known = subscriberUntil.get(userId);
    if (known && known.until > now) return known.subscriber;
    const subscriber = (await subscriptionEnd(userId)) !== null;
    if (subscriberUntil.size >= MAX_REMEMBERED_READERS) subscriberUntil.clear();
    subscriberUntil.set(userId, { subscriber, until: now + SUBSCRIBER_MEMORY_MS });
    return subscriber;
  }

  return { signedInReader, recordPremiumRead, subscriptionEnd, isSubscriber, grantSubscription };
}

export type AccessService = ReturnType<typeof createAccessService>;
