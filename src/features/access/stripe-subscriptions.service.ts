// Applies verified Stripe events to readers' subscriptions. Stripe delivers at
// least once, may replay, and does not order deliveries, so every change is
// idempotent and ordered by the event's own `created` time: the row keeps the
// state of the latest subscription event, whatever order the events arrive in.
// A checkout only links the reader, with a provisional end that the
// subscription's own events replace. A subscription event that comes before its
// checkout and names no reader is held (stripe_pending_events) and applied by
// the checkout, so it is not lost and the order still holds.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { mapStripeEvent, type StripeSubscriptionChange } from './stripe-webhook.js';
import * as repository from './stripe.repository.js';

export type StripeEventOutcome =
  | { kind: 'applied'; subscriptionId: string; endsAt: string }
  | { kind: 'ignored'; reason: string }
  /** Kept until the checkout that names its reader arrives, then applied. */
  | { kind: 'held'; subscriptionId: string }
  /** Worth an operator's attention: a payment we could not match to a live reader. */
  | { kind: 'unattributed'; reason: string; subscriptionId: string | null };

/**
 * How long an event waits for its checkout. Stripe sends a checkout's events within
 * seconds of each other and retries a failed delivery for three days; an event still
 * held after this is for a subscription that is not ours.
 */
const HOLD_MS = 30 * 86_400_000;

type SubscriptionEvent = Extract<StripeSubscriptionChange, { kind: 'subscription-running' | 'subscription-ended' }>;

export function createStripeSubscriptionsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function applyCheckout(
    change: Extract<StripeSubscriptionChange, { kind: 'checkout-completed' }>,
    now: string,
  ): Promise<StripeEventOutcome> {
    if (!(await repository.isLiveReader(db, change.userId))) {
      return {
        kind: 'unattributed',
        reason: `checkout for reader ${change.userId}, who has no live account`,
        subscriptionId: change.subscriptionId,
      };
    }
    const row = await repository.linkCheckoutToStripeSubscription(db, {
      userId: change.userId,
      externalId: change.subscriptionId,
      startsAt: now,
      provisionalEndsAt: change.provisionalEndsAt,
      now,
    });
    const applied = await applyHeldEvent(change.subscriptionId, now);
    if (applied !== null) return { kind: 'applied', subscriptionId: change.subscriptionId, endsAt: applied };
    if (row.provider_event_at !== null) return { kind: 'ignored', reason: 'checkout after the subscription events that set its end' };
    return { kind: 'applied', subscriptionId: change.subscriptionId, endsAt: row.ends_at };
  }

  /**
   * Once a row exists, the event held for it (if any) is applied like any subscription event
   * (changing nothing if the row records a newer one) and let go. The new end, or null.
   */
  async function applyHeldEvent(subscriptionId: string, now: string): Promise<string | null> {
    const held = await repository.findHeldStripeSubscriptionEvent(db, subscriptionId);
    if (held === undefined) return null;
    const event = { externalId: subscriptionId, endsAt: held.ends_at, eventAt: held.event_at };
    const applied = await repository.applyStripeSubscriptionEvent(db, { ...event, now });
    await repository.deleteHeldStripeSubscriptionEvent(db, event);
    return applied;
  }

  /**
   * Keeps an event that came before its checkout and names no reader. Then looks again: a
   * checkout that linked the subscription meanwhile may have read the held events before
   * this one was kept, so the event applies itself to the row if there is one now.
   */
  async function holdUntilCheckout(change: SubscriptionEvent, endsAt: string, now: string): Promise<StripeEventOutcome> {
    const { subscriptionId, eventAt } = change;
    await repository.deleteStripeEventsHeldSince(db, new Date(Date.parse(now) - HOLD_MS).toISOString());
    await repository.holdStripeSubscriptionEvent(db, { externalId: subscriptionId, endsAt, eventAt, now });
    const applied = await repository.applyStripeSubscriptionEvent(db, { externalId: subscriptionId, endsAt, eventAt, now });
    if (applied !== null) return { kind: 'applied', subscriptionId, endsAt: applied };
    if (await repository.hasStripeSubscription(db, subscriptionId))
      return { kind: 'ignored', reason: 'an event as recent or more recent was applied already' };
    return { kind: 'held', subscriptionId };
  }

  async function applySubscriptionEvent(change: SubscriptionEvent, now: string): Promise<StripeEventOutcome> {
    const { subscriptionId, eventAt, userId } = change;
    const endsAt = change.kind === 'subscription-running' ? change.endsAt : change.endedAt;
    const event = { externalId: subscriptionId, endsAt, eventAt, now };
    const applied = await repository.applyStripeSubscriptionEvent(db, event);
    if (applied !== null) return { kind: 'applied', subscriptionId, endsAt: applied };
    if (await repository.hasStripeSubscription(db, subscriptionId)) {
      // A racing delivery (the checkout) may have created the row since the update looked.
      const retried = await repository.applyStripeSubscriptionEvent(db, event);
      if (retried !== null) return { kind: 'applied', subscriptionId, endsAt: retried };
      return { kind: 'ignored', reason: 'an event as recent or more recent was applied already' };
    }

    // Before its checkout completed, a subscription names its reader only in metadata; without
    // it, the event waits for the checkout. An ending is kept too, so an older running event
    // delivered after it stays out.
    if (userId === null) return holdUntilCheckout(change, endsAt, now);
    if (!(await repository.isLiveReader(db, userId))) {
      if (change.kind === 'subscription-ended')
        return { kind: 'ignored', reason: `ended subscription for reader ${userId}, who has no live account` };
      return { kind: 'unattributed', reason: `subscription for reader ${userId}, who has no live account`, subscriptionId };
    }
    const created = await repository.insertStripeSubscriptionFromEvent(db, {
      userId,
      externalId: subscriptionId,
      startsAt: now,
      endsAt,
      eventAt,
      now,
    });
    // An event held before this one named the reader (metadata added later) is ordered with it.
    const newEnd = (await applyHeldEvent(subscriptionId, now)) ?? created;
    if (newEnd === null) return { kind: 'ignored', reason: 'an event as recent or more recent was applied already' };
    return { kind: 'applied', subscriptionId, endsAt: newEnd };
  }

  /** Applies one verified Stripe event (already signature-checked and parsed). */
  async function applyStripeEvent(event: unknown): Promise<StripeEventOutcome> {
    const change = mapStripeEvent(event);
    const now = clock.now().toISOString();
    switch (change.kind) {
      case 'ignored':
      case 'unattributed':
        return change;
      case 'checkout-completed':
        return applyCheckout(change, now);
      case 'subscription-running':
      case 'subscription-ended':
        return applySubscriptionEvent(change, now);
    }
  }

  return { applyStripeEvent };
}

export type StripeSubscriptionsService = ReturnType<typeof createStripeSubscriptionsService>;
