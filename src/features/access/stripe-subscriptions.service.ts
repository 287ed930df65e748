// Applies verified Stripe events to readers' subscriptions. Stripe delivers at
// least once, may replay, and does not order deliveries, so every change is
// idempotent and ordered by the event's own `created` time: the row keeps the
// state of the latest subscription event, whatever order the events arrive in.
// A checkout only links the reader, with a provisional end that the
// subscription's own events replace.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { mapStripeEvent, type StripeSubscriptionChange } from './stripe-webhook.js';
import * as repository from './stripe.repository.js';

export type StripeEventOutcome =
  | { kind: 'applied'; subscriptionId: string; endsAt: string }
  | { kind: 'ignored'; reason: string }
  /** Worth an operator's attention: a payment we could not match to a live reader. */
  | { kind: 'unattributed'; reason: string; subscriptionId: string | null };

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
    if (row.provider_event_at !== null) return { kind: 'ignored', reason: 'checkout after the subscription events that set its end' };
    return { kind: 'applied', subscriptionId: change.subscriptionId, endsAt: row.ends_at };
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

    // Before its checkout completed, a subscription is only ours if it names the reader.
    // An ending is stored too, so an older running event delivered after it stays out.
    if (userId === null) return { kind: 'ignored', reason: 'subscription not linked to a reader yet (no checkout, no masthead_user_id)' };
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
    if (created === null) return { kind: 'ignored', reason: 'an event as recent or more recent was applied already' };
    return { kind: 'applied', subscriptionId, endsAt: created };
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
