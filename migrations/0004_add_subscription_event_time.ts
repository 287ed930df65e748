// Frozen. Stripe delivers webhooks in no particular order, so each Stripe
// subscription row records the `created` time of the latest subscription event
// applied to it: an older event delivered later is then recognised and left out.
// Null until a subscription event has been applied (a row made by a checkout,
// and every row that predates this column): the next one is applied whatever its time.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').addColumn('provider_event_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').dropColumn('provider_event_at').execute();
}
