// Applies verified Stripe events to readers' subscriptions. Every change is
// idempotent (Stripe delivers at least once and may replay), and tolerant of
// Stripe's unordered delivery where it can be: a checkout that arrives after
// the subscription's own events keeps their later end.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { mapStripeEvent } from './stripe-webhook.js';
import * as repository from './stripe.repository.js';

export type StripeEventOutcome =
  | { kind: 'applied'; subscriptionId: string; endsAt: string }
  | { kind: 'ignored'; reason: string }
  /** Worth an operator's attention: a payment we could not match to a live reader. */
  | { kind: 'unattributed'; reason: string; subscriptionId: string | null };

export function createStripeSubscriptionsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** Applies one verified Stripe event (already signature-checked and parsed). */
  async function applyStripeEvent(event: unknown): Promise<StripeEventOutcome> {
    const change = mapStripeEvent(event);
    const now = clock.now().toISOString();
    switch (change.kind) {
      case 'ignored':
      case 'unattributed':
        return change;

      case 'checkout-completed': {
        if (!(await repository.isLiveReader(db, change.userId))) {
          return { kind: 'unattributed', reason: `checkout for reader ${change.userId}, who has no live account`, subscriptionId: change.subscriptionId };
        }
        const endsAt = await repository.upsertStripeSubscription(db, {
          userId: change.userId,
          externalId: change.subscriptionId,
          startsAt: now,
          endsAt: change.provisionalEndsAt,
          now,
          onExisting: 'keep-later-end',
        });
        return { kind: 'applied', subscriptionId: change.subscriptionId, endsAt };
      }

      case 'subscription-running': {
        const endsAt = await repository.setStripeSubscriptionEnd(db, { externalId: change.subscriptionId, endsAt: change.endsAt, now });
        if (endsAt !== null) return { kind: 'applied', subscriptionId: change.subscriptionId, endsAt };
        // Before its checkout completed, a subscription is only ours if it names the reader.
        if (change.userId === null) return { kind: 'ignored', reason: 'subscription not linked to a reader yet (no checkout, no masthead_user_id)' };
        if (!(await repository.isLiveReader(db, change.userId))) {
          return { kind: 'unattributed', reason: `subscription for reader ${change.userId}, who has no live account`, subscriptionId: change.subscriptionId };
        }
        const created = await repository.upsertStripeSubscription(db, {
          userId: change.userId,
          externalId: change.subscriptionId,
          startsAt: now,
          endsAt: change.endsAt,
          now,
          onExisting: 'replace-end',
        });
        return { kind: 'applied', subscriptionId: change.subscriptionId, endsAt: created };
      }

      case 'subscription-ended': {
        const endsAt = await repository.endStripeSubscription(db, { externalId: change.subscriptionId, endedAt: change.endedAt ?? now, now });
        if (endsAt === null) return { kind: 'ignored', reason: 'ended subscription not linked to a reader' };
        return { kind: 'applied', subscriptionId: change.subscriptionId, endsAt };
      }
    }
  }

  return { applyStripeEvent };
}

export type StripeSubscriptionsService = ReturnType<typeof createStripeSubscriptionsService>;
