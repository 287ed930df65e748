// Frozen. A Stripe subscription event can arrive before the checkout that tells
// us whose subscription it is (Stripe does not order deliveries) and, without
// `metadata.masthead_user_id`, it cannot make a `subscriptions` row of its own.
// It waits here, one row per Stripe subscription holding the latest such event
// (the one the row would keep), until the checkout links the subscription and
// applies it. `received_at` lets rows whose checkout never comes be dropped.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stripe_pending_events')
    .addColumn('external_id', 'text', (c) => c.primaryKey())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('event_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stripe_pending_events_received_idx').on('stripe_pending_events').column('received_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stripe_pending_events').execute();
}
