// Test support: Stripe events as Stripe sends them (only the fields the webhook
// reads, plus a few it must ignore), and signatures made with Stripe's own helper.
import Stripe from 'stripe';

export const TEST_WEBHOOK_SECRET = 'whsec_masthead_test_secret_0123456789abcdef';

const seconds = (date: Date | string) => Math.floor(new Date(date).getTime() / 1000);

let nextEvent = 0;

export function stripeEvent(type: string, object: Record<string, unknown>, created: Date | string): Record<string, unknown> {
  return {
    id: `evt_test_${(++nextEvent).toString().padStart(6, '0')}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: seconds(created),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

export function checkoutCompleted(options: {
  subscriptionId: string | null;
  clientReferenceId: string | null;
  created: Date | string;
  paymentStatus?: string;
  mode?: string;
}) {
  return stripeEvent(
    'checkout.session.completed',
    {
      id: 'cs_test_a1b2c3',
      object: 'checkout.session',
      mode: options.mode ?? 'subscription',
      status: 'complete',
      payment_status: options.paymentStatus ?? 'paid',
      client_reference_id: options.clientReferenceId,
      customer: 'cus_test_reader',
      subscription: options.subscriptionId,
      amount_total: 900,
      currency: 'gbp',
    },
    options.created,
  );
}

/**
 * A subscription object. `periodEnd` goes on the item (API 2025-03-31 and later)
 * unless `legacyPeriod` puts it on the subscription, as older API versions did.
 */
export function subscriptionObject(options: {
  id: string;
  status: string;
  periodEnd?: Date | string;
  legacyPeriod?: boolean;
  cancelAtPeriodEnd?: boolean;
  cancelAt?: Date | string;
  endedAt?: Date | string;
  metadata?: Record<string, string>;
}): Record<string, unknown> {
  const end = options.periodEnd ? seconds(options.periodEnd) : null;
  return {
    id: options.id,
    object: 'subscription',
    customer: 'cus_test_reader',
    status: options.status,
    cancel_at_period_end: options.cancelAtPeriodEnd ?? false,
    cancel_at: options.cancelAt ? seconds(options.cancelAt) : null,
    ended_at: options.endedAt ? seconds(options.endedAt) : null,
    metadata: options.metadata ?? {},
    ...(options.legacyPeriod ? { current_period_end: end } : {}),
    items: {
      object: 'list',
      data: [
        {
          id: 'si_test_1',
          object: 'subscription_item',
          price: { id: 'price_test_monthly' },
          ...(options.legacyPeriod ? {} : { current_period_end: end }),
        },
      ],
      has_more: false,
    },
  };
}

/** Signs a body the way Stripe does, with the real current time unless told otherwise (the tolerance check reads real time). */
export function signStripePayload(payload: string, options: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? TEST_WEBHOOK_SECRET,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
}

/**
 * A `customer.subscription.*` event whose subscription names its reader in
 * `metadata.masthead_user_id`: Stripe repeats a subscription's metadata on each of
 * its events, so any of them may arrive first and create the row. With
 * `namesReader: false`, no metadata, as a Payment Link's subscription has by
 * default: only the checkout says whose it is.
 */
export function subscriptionEventFor(
  type: 'created' | 'updated' | 'deleted',
  options: {
    id: string;
    userId: number;
    status: string;
    created: Date;
    periodEnd?: Date;
    cancelAt?: Date;
    cancelAtPeriodEnd?: boolean;
    endedAt?: Date;
    namesReader?: boolean;
  },
): Record<string, unknown> {
  const { userId, created, namesReader = true, ...subscription } = options;
  return stripeEvent(
    `customer.subscription.${type}`,
    subscriptionObject({ ...subscription, metadata: namesReader ? { masthead_user_id: String(userId) } : {} }),
    created,
  );
}

/**
 * One subscription's life as Stripe reports it, from `start`: created while its first
 * payment is pending, paid, checked out, renewed, a failed renewal, resumed, set to
 * cancel, then ended on day 80 — with events Stripe created in the same second, as it does.
 * The same arguments give the same events, ids aside.
 */
export function realisticSubscriptionHistory(options: {
  subscriptionId: string;
  userId: number;
  start: Date;
  /** False: the subscription events carry no `masthead_user_id`, so only the checkout links them. */
  namesReader?: boolean;
}): Array<Record<string, unknown>> {
  const { subscriptionId: id, userId, start, namesReader = true } = options;
  const at = (days: number, seconds = 0) => new Date(start.getTime() + days * 86_400_000 + seconds * 1000);
  const event = (
    type: 'created' | 'updated' | 'deleted',
    status: string,
    created: Date,
    fields: { periodEnd: Date; cancelAt?: Date; cancelAtPeriodEnd?: boolean; endedAt?: Date },
  ) => subscriptionEventFor(type, { id, userId, status, created, namesReader, ...fields });
  return [
    event('created', 'incomplete', start, { periodEnd: at(30) }),
    event('updated', 'active', at(0, 2), { periodEnd: at(30) }),
    checkoutCompleted({ subscriptionId: id, clientReferenceId: String(userId), created: at(0, 3) }),
    event('updated', 'active', at(30), { periodEnd: at(60) }),
    event('updated', 'past_due', at(60), { periodEnd: at(90) }),
    event('updated', 'unpaid', at(63), { periodEnd: at(90) }),
    event('updated', 'active', at(65), { periodEnd: at(90) }),
    event('updated', 'active', at(70), { periodEnd: at(90), cancelAtPeriodEnd: true }),
    event('updated', 'active', at(70), { periodEnd: at(90), cancelAt: at(80) }),
    event('updated', 'active', at(80), { periodEnd: at(90), cancelAt: at(80) }),
    event('updated', 'canceled', at(80), { periodEnd: at(90), endedAt: at(80) }),
    event('deleted', 'canceled', at(80), { periodEnd: at(90), endedAt: at(80) }),
  ];
}
