// Stripe's webhook contract, kept apart from HTTP and the database: verifying a
// delivery, and reading what a verified event means for a reader's subscription.
// Only the fields used here are read, each checked, so a payload shaped by
// another API version is ignored rather than failing (Stripe would retry a 500
// for three days).
import type Stripe from 'stripe';
import { z } from 'zod';

const DAY_MS = 86_400_000;

/**
 * How long a completed checkout grants before the subscription's own events
 * (which carry the paid period's end) replace it. Counted from the event's
 * creation, not from receipt, so a replayed delivery grants the same end.
 */
export const PROVISIONAL_ACCESS_MS = 2 * DAY_MS;

// The stripe package is large (~65 ms to load): loaded on the first delivery, not at start-up.
let stripeModule: Promise<typeof Stripe> | undefined;
function loadStripe(): Promise<typeof Stripe> {
  stripeModule ??= import('stripe').then((module) => module.default);
  return stripeModule;
}

export type VerifiedDelivery = { kind: 'verified'; event: unknown } | { kind: 'rejected'; message: string };

/**
 * Checks the `Stripe-Signature` header against the raw body with Stripe's own
 * helper (HMAC over the exact bytes, timestamp within Stripe's default 300 s
 * of real time, so a captured delivery cannot be replayed later), then parses it.
 */
export async function verifyStripeDelivery(rawBody: Buffer, signatureHeader: string, webhookSecret: string): Promise<VerifiedDelivery> {
  const stripe = await loadStripe();
  try {
    return { kind: 'verified', event: stripe.webhooks.constructEvent(rawBody, signatureHeader, webhookSecret) };
  } catch (error) {
    // Parsing happens only after the signature matched, so a SyntaxError means signed non-JSON.
    return {
      kind: 'rejected',
      message: error instanceof SyntaxError ? 'The body is not JSON.' : 'The Stripe signature could not be verified.',
    };
  }
}

export type StripeSubscriptionChange =
  /** A reader paid at checkout: link the subscription to them, with access until `provisionalEndsAt`. */
  | { kind: 'checkout-completed'; subscriptionId: string; userId: number; provisionalEndsAt: string }
  /**
   * The subscription runs until `endsAt`, as of `eventAt` (the event's `created`, which orders
   * Stripe's unordered deliveries); `userId` (from metadata) lets an event that beats the checkout create the row.
   */
  | { kind: 'subscription-running'; subscriptionId: string; endsAt: string; eventAt: string; userId: number | null }
  /** The subscription stopped at `endedAt`, never after `eventAt`; `userId` as above. */
  | { kind: 'subscription-ended'; subscriptionId: string; endedAt: string; eventAt: string; userId: number | null }
  | { kind: 'ignored'; reason: string }
  /** A checkout we cannot attribute to a reader: money taken, nobody to grant it to. */
  | { kind: 'unattributed'; reason: string; subscriptionId: string | null };

// Unix seconds up to the year 9999, the range `Date#toISOString` can write.
const unixSeconds = z.number().int().min(0).max(253_402_300_799);
const toIso = (seconds: number) => new Date(seconds * 1000).toISOString();

const eventSchema = z.object({
  id: z.string(),
  type: z.string(),
  created: unixSeconds,
  data: z.object({ object: z.unknown() }),
});

const checkoutSessionSchema = z.object({
  mode: z.string(),
  client_reference_id: z.string().nullish(),
  payment_status: z.string().nullish(),
  subscription: z.union([z.string().min(1), z.object({ id: z.string().min(1) })]).nullish(),
});

const subscriptionSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  // API versions from 2025-03-31 put the period on each item; earlier ones on the subscription.
  current_period_end: unixSeconds.nullish(),
  items: z.object({ data: z.array(z.object({ current_period_end: unixSeconds.nullish() })) }).nullish(),
  cancel_at: unixSeconds.nullish(),
  ended_at: unixSeconds.nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
type StripeSubscription = z.infer<typeof subscriptionSchema>;

// `past_due`: Stripe is still retrying the renewal, and the period already paid
// for has not been taken back. `cancel_at_period_end` needs no case of its own:
// the subscription stays active until the period end, then is deleted.
const RUNNING_STATUSES = new Set(['active', 'trialing', 'past_due']);
// `unpaid` and `paused` may resume; when they do, an update with a running status restores access.
const STOPPED_STATUSES = new Set(['canceled', 'unpaid', 'incomplete_expired', 'paused']);

/** Our user ids as the subscribe link writes them (`client_reference_id`, `metadata.masthead_user_id`). */
function parseUserId(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,14}$/.test(value)) return null;
  return Number(value);
}

function periodEnd(subscription: StripeSubscription): number | null {
  const itemEnds = (subscription.items?.data ?? [])
    .map((item) => item.current_period_end)
    .filter((end): end is number => typeof end === 'number');
  const end = itemEnds.length > 0 ? Math.max(...itemEnds) : (subscription.current_period_end ?? null);
  if (end === null) return null;
  // A cancellation set for a date inside the period ends access then, not at the period's end.
  return subscription.cancel_at ? Math.min(end, subscription.cancel_at) : end;
}

function mapCheckout(object: unknown, created: number): StripeSubscriptionChange {
  const session = checkoutSessionSchema.safeParse(object);
  if (!session.success) return { kind: 'ignored', reason: 'checkout session in an unexpected shape' };
  if (session.data.mode !== 'subscription') return { kind: 'ignored', reason: `checkout in ${session.data.mode} mode` };
  const subscription = session.data.subscription;
  const subscriptionId = typeof subscription === 'string' ? subscription : (subscription?.id ?? null);
  const userId = parseUserId(session.data.client_reference_id);
  if (subscriptionId === null) return { kind: 'unattributed', reason: 'checkout without a subscription id', subscriptionId };
  if (userId === null) return { kind: 'unattributed', reason: 'checkout without a reader id in client_reference_id', subscriptionId };
  // A delayed payment method (e.g. a bank debit) completes checkout unpaid: link
  // the reader to the subscription now, and let its events grant access once paid.
  const isPaid = session.data.payment_status !== 'unpaid';
  const provisionalEndsAt = toIso(created + (isPaid ? PROVISIONAL_ACCESS_MS / 1000 : 0));
  return { kind: 'checkout-completed', subscriptionId, userId, provisionalEndsAt };
}

function mapSubscription(object: unknown, isDeleted: boolean, created: number): StripeSubscriptionChange {
  const parsed = subscriptionSchema.safeParse(object);
  if (!parsed.success) return { kind: 'ignored', reason: 'subscription in an unexpected shape' };
  const subscription = parsed.data;
  const subscriptionId = subscription.id;
  const eventAt = toIso(created);
  const userId = parseUserId(subscription.metadata?.masthead_user_id);
  if (isDeleted || STOPPED_STATUSES.has(subscription.status)) {
    // Stripe sets `ended_at` only once a subscription is over (not for `unpaid` or `paused`):
    // then it stopped when the event says. Never later than the event, so an ending
    // cannot grant access, whatever its payload, and its end is the same on every replay.
    const endedAt = toIso(Math.min(subscription.ended_at ?? created, created));
    return { kind: 'subscription-ended', subscriptionId, endedAt, eventAt, userId };
  }
  // `incomplete`: the first payment has not succeeded; nothing to grant yet.
  if (!RUNNING_STATUSES.has(subscription.status)) return { kind: 'ignored', reason: `subscription status ${subscription.status}` };
  const end = periodEnd(subscription);
  if (end === null) return { kind: 'ignored', reason: 'running subscription without a period end' };
  return { kind: 'subscription-running', subscriptionId, endsAt: toIso(end), eventAt, userId };
}

/** What a verified Stripe event means for a subscription. Total: any input gives a change, never an exception. */
export function mapStripeEvent(event: unknown): StripeSubscriptionChange {
  const envelope = eventSchema.safeParse(event);
  if (!envelope.success) return { kind: 'ignored', reason: 'not a Stripe event' };
  const { type, created, data } = envelope.data;
  switch (type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return mapCheckout(data.object, created);
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
      return mapSubscription(data.object, false, created);
    case 'customer.subscription.deleted':
      return mapSubscription(data.object, true, created);
    default:
      return { kind: 'ignored', reason: `event type ${type}` };
  }
}
