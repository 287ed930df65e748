// Subscriptions paid through Stripe: one row per Stripe subscription (external_id = sub_…).
// Each write is a single statement, so two deliveries racing for the same
// subscription (Stripe sends checkout and subscription events together) cannot
// both insert it, and a replayed event leaves the row, updated_at included, as it was.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';

export async function isLiveReader(db: DbOrTransaction, userId: number): Promise<boolean> {
  const row = await db.selectFrom('users').where('id', '=', userId).where('deleted_at', 'is', null).select('id').executeTakeFirst();
  return row !== undefined;
}

export async function hasStripeSubscription(db: DbOrTransaction, externalId: string): Promise<boolean> {
  const row = await db.selectFrom('subscriptions').where('external_id', '=', externalId).select('id').executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether a subscription event created at `eventAt`, ending access at `endsAt`, supersedes
 * what the row records. A later event does; one with no recorded event yet always does (a
 * checkout's provisional end is only a placeholder). At the same second, the earlier end
 * wins: an ending's end is never after its event while a running period ends after it, so
 * an ending beats a running state; every delivery order agrees, and a replay (same time,
 * same end) changes nothing.
 */
function supersedesRecordedEvent(eventAt: string | Expression<string>, endsAt: string | Expression<string>) {
  return sql<SqlBool>`(subscriptions.provider_event_at is null
    or subscriptions.provider_event_at < ${eventAt}
    or (subscriptions.provider_event_at = ${eventAt} and subscriptions.ends_at > ${endsAt}))`;
}

/**
 * A completed checkout: creates the row with the provisional end, or, while no
 * subscription event has been applied to an existing row, keeps the later of the two
 * provisional ends (an unpaid checkout, then its delayed payment succeeding). Once a
 * subscription event has set the end, a checkout (however late) neither shortens nor
 * extends it. Returns the stored row.
 */
export async function linkCheckoutToStripeSubscription(
  db: DbOrTransaction,
  checkout: { userId: number; externalId: string; startsAt: string; provisionalEndsAt: string; now: string },
) {
  const raisesProvisionalEnd = sql<SqlBool>`(subscriptions.provider_event_at is null and excluded.ends_at > subscriptions.ends_at)`;
  return db
    .insertInto('subscriptions')
    .values({
      user_id: checkout.userId,
      source: 'stripe',
      external_id: checkout.externalId,
      starts_at: checkout.startsAt,
      ends_at: checkout.provisionalEndsAt,
      provider_event_at: null,
      created_at: checkout.now,
      updated_at: checkout.now,
    })
    .onConflict((conflict) =>
      conflict.column('external_id').doUpdateSet({
        ends_at: sql<string>`case when ${raisesProvisionalEnd} then excluded.ends_at else subscriptions.ends_at end`,
        updated_at: sql<string>`case when ${raisesProvisionalEnd} then excluded.updated_at else subscriptions.updated_at end`,
      }),
    )
    .returning(['ends_at', 'provider_event_at'])
    .executeTakeFirstOrThrow();
}

/**
 * Sets the end a subscription event reports, if the event supersedes the one recorded.
 * Null when it does not, or when there is no row for the subscription.
 */
export async function applyStripeSubscriptionEvent(
  db: DbOrTransaction,
  event: { externalId: string; endsAt: string; eventAt: string; now: string },
): Promise<string | null> {
  const row = await db
    .updateTable('subscriptions')
    .set({ ends_at: event.endsAt, provider_event_at: event.eventAt, updated_at: event.now })
    .where('external_id', '=', event.externalId)
    .where(supersedesRecordedEvent(event.eventAt, event.endsAt))
    .returning('ends_at')
    .executeTakeFirst();
  return row?.ends_at ?? null;
}

/**
 * Creates the row from a subscription event that names its reader (it beat the checkout).
 * Should another delivery have created it meanwhile, the usual ordering applies.
 * Null when that row records a superseding event.
 */
export async function insertStripeSubscriptionFromEvent(
  db: DbOrTransaction,
  event: { userId: number; externalId: string; startsAt: string; endsAt: string; eventAt: string; now: string },
): Promise<string | null> {
  const row = await db
    .insertInto('subscriptions')
    .values({
      user_id: event.userId,
      source: 'stripe',
      external_id: event.externalId,
      starts_at: event.startsAt,
      ends_at: event.endsAt,
      provider_event_at: event.eventAt,
      created_at: event.now,
      updated_at: event.now,
    })
    .onConflict((conflict) =>
      conflict
        .column('external_id')
        .doUpdateSet({
          ends_at: sql.ref('excluded.ends_at'),
          provider_event_at: sql.ref('excluded.provider_event_at'),
          updated_at: sql.ref('excluded.updated_at'),
        })
        .where(supersedesRecordedEvent(sql.ref<string>('excluded.provider_event_at'), sql.ref<string>('excluded.ends_at'))),
    )
    .returning('ends_at')
    .executeTakeFirst();
  return row?.ends_at ?? null;
}

/**
 * Keeps a subscription event that arrived before its checkout and names no reader, unless
 * the one already kept supersedes it (the same order as the subscription rows: a later
 * `created`, or the same second with an earlier end). One row per subscription: the
 * checkout then applies the one event the row would have kept had they come in order.
 */
export async function holdStripeSubscriptionEvent(
  db: DbOrTransaction,
  event: { externalId: string; endsAt: string; eventAt: string; now: string },
): Promise<void> {
  await db
    .insertInto('stripe_pending_events')
    .values({ external_id: event.externalId, ends_at: event.endsAt, event_at: event.eventAt, received_at: event.now })
    .onConflict((conflict) =>
      conflict
        .column('external_id')
        .doUpdateSet({
          ends_at: sql.ref('excluded.ends_at'),
          event_at: sql.ref('excluded.event_at'),
          received_at: sql.ref('excluded.received_at'),
        })
        .where(
          sql<SqlBool>`(stripe_pending_events.event_at < excluded.event_at
            or (stripe_pending_events.event_at = excluded.event_at and stripe_pending_events.ends_at > excluded.ends_at))`,
        ),
    )
    .execute();
}

export async function findHeldStripeSubscriptionEvent(db: DbOrTransaction, externalId: string) {
  return db.selectFrom('stripe_pending_events').where('external_id', '=', externalId).select(['ends_at', 'event_at']).executeTakeFirst();
}

/** Removes the held event once applied; only that one, so an event held meanwhile stays. */
export async function deleteHeldStripeSubscriptionEvent(
  db: DbOrTransaction,
  event: { externalId: string; endsAt: string; eventAt: string },
): Promise<void> {
  await db
    .deleteFrom('stripe_pending_events')
    .where('external_id', '=', event.externalId)
    .where('ends_at', '=', event.endsAt)
    .where('event_at', '=', event.eventAt)
    .execute();
}

/** Events whose checkout never came (a subscription sold elsewhere on the same Stripe account). */
export async function deleteStripeEventsHeldSince(db: DbOrTransaction, receivedBefore: string): Promise<void> {
  await db.deleteFrom('stripe_pending_events').where('received_at', '<', receivedBefore).execute();
}
