// Subscriptions paid through Stripe: one row per Stripe subscription (external_id = sub_…).
// Each write is a single statement, so two deliveries racing for the same
// subscription (Stripe sends checkout and subscription events together) cannot
// both insert it, and a replayed event leaves the row, updated_at included, as it was.
import { sql } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';

export async function isLiveReader(db: DbOrTransaction, userId: number): Promise<boolean> {
  const row = await db.selectFrom('users').where('id', '=', userId).where('deleted_at', 'is', null).select('id').executeTakeFirst();
  return row !== undefined;
}

/**
 * Creates the row for a Stripe subscription, or updates the one there. An
 * existing row keeps its reader and start; its end becomes `endsAt`
 * (`replace-end`), or the later of the two (`keep-later-end`: a checkout that
 * arrives after the subscription's own events must not shorten them).
 * Returns the stored end.
 */
export async function upsertStripeSubscription(
  db: DbOrTransaction,
  subscription: { userId: number; externalId: string; startsAt: string; endsAt: string; now: string; onExisting: 'replace-end' | 'keep-later-end' },
): Promise<string> {
  const newEnd =
    subscription.onExisting === 'keep-later-end'
      ? sql<string>`case when excluded.ends_at > subscriptions.ends_at then excluded.ends_at else subscriptions.ends_at end`
      : sql<string>`excluded.ends_at`;
  const row = await db
    .insertInto('subscriptions')
    .values({
      user_id: subscription.userId,
      source: 'stripe',
      external_id: subscription.externalId,
      starts_at: subscription.startsAt,
      ends_at: subscription.endsAt,
      created_at: subscription.now,
      updated_at: subscription.now,
    })
    .onConflict((conflict) =>
      conflict.column('external_id').doUpdateSet({
        ends_at: newEnd,
        updated_at: sql<string>`case when ${newEnd} = subscriptions.ends_at then subscriptions.updated_at else excluded.updated_at end`,
      }),
    )
    .returning('ends_at')
    .executeTakeFirstOrThrow();
  return row.ends_at;
}

/** Sets the end of a Stripe subscription's row; null when there is no row for it yet. */
export async function setStripeSubscriptionEnd(db: DbOrTransaction, change: { externalId: string; endsAt: string; now: string }): Promise<string | null> {
  const row = await db
    .updateTable('subscriptions')
    .set({
      ends_at: change.endsAt,
      updated_at: sql<string>`case when ends_at = ${change.endsAt} then updated_at else ${change.now} end`,
    })
    .where('external_id', '=', change.externalId)
    .returning('ends_at')
    .executeTakeFirst();
  return row?.ends_at ?? null;
}

/**
 * Ends a Stripe subscription's row at `endedAt`, or earlier if it already
 * ended: ending never extends access, so replaying an ending is harmless.
 * Null when there is no row for it.
 */
export async function endStripeSubscription(db: DbOrTransaction, change: { externalId: string; endedAt: string; now: string }): Promise<string | null> {
  const row = await db
    .updateTable('subscriptions')
    .set({
      ends_at: sql<string>`case when ends_at > ${change.endedAt} then ${change.endedAt} else ends_at end`,
      updated_at: sql<string>`case when ends_at > ${change.endedAt} then ${change.now} else updated_at end`,
    })
    .where('external_id', '=', change.externalId)
    .returning('ends_at')
    .executeTakeFirst();
  return row?.ends_at ?? null;
}
