// Frozen. Newsletters (features/newsletters):
// - on `newsletters`: how often it comes (free text), the sender's display
//   name, the default send time (HH:MM in the publication's zone, '' for
//   none), whether it is an automatic daily briefing built from the front,
//   and when it last changed. `access_level` already exists: 'registered'
//   (the old 'free' reads the same) or 'premium'.
// - `newsletter_subscribers`: people without an account (imported from CSV)
//   on one newsletter, with where their consent came from. Readers with an
//   account stay in `newsletter_subscriptions`. An unsubscribed row is kept
//   (unsubscribed_at) so a later import does not sign the person up again.
// - `newsletter_issues`: what is sent: a subject and a body (the article
//   body JSON, or HTML, or a list of article ids), its state, when it goes,
//   and, once a send starts, the audience build's progress (a cursor walked in
//   chunks under a lease any node can take over) and the rendering made once
//   for every recipient.
// - `newsletter_deliveries`: the audience fixed when the send starts, one
//   row per (issue, address) — the unique key that keeps an address from
//   being queued twice. Workers claim rows with a lease (claimed_until);
//   `attempt_started_at` is written before a message is handed to the SMTP
//   server, so a claim that expires with it set is known to have been in
//   flight at a crash (`possible_duplicate`).
// - `newsletter_suppressions`: per address, permanent failures counted and
//   complaints noted; an address past the threshold is suppressed.
import type { Kysely } from 'kysely';

function engineOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = engineOf(db) === 'postgres';
  const id = postgres ? 'serial' : 'integer';
  const primaryKey = (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .alterTable('newsletters')
    .addColumn('frequency', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('newsletters')
    .addColumn('sender_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('newsletters')
    .addColumn('send_time', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('newsletters')
    .addColumn('is_briefing', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('newsletters').addColumn('updated_at', 'text').execute();
  // Who has chosen a newsletter, walked by newsletter in id order to fix an audience.
  await db.schema
    .createIndex('newsletter_subscriptions_newsletter_idx')
    .on('newsletter_subscriptions')
    .columns(['newsletter_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('newsletter_subscribers')
    .addColumn('id', id, primaryKey)
    .addColumn('newsletter_id', 'integer', (c) => c.notNull().references('newsletters.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('last_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('consent_source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('unsubscribed_at', 'text')
    .addUniqueConstraint('newsletter_subscribers_address_key', ['newsletter_id', 'email'])
    .execute();

  await db.schema
    .createTable('newsletter_issues')
    .addColumn('id', id, primaryKey)
    .addColumn('newsletter_id', 'integer', (c) => c.notNull().references('newsletters.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('preheader', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_json', 'text')
    .addColumn('body_html', 'text')
    .addColumn('article_ids_json', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('send_at', 'text')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('audience_state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('audience_cursor', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('audience_claimed_by', 'text')
    .addColumn('audience_claimed_until', 'text')
    .addColumn('rendered_html', 'text')
    .addColumn('rendered_text', 'text')
    .execute();
  await db.schema
    .createIndex('newsletter_issues_newsletter_idx')
    .on('newsletter_issues')
    .columns(['newsletter_id', 'state', 'id'])
    .execute();
  await db.schema.createIndex('newsletter_issues_state_idx').on('newsletter_issues').columns(['state', 'send_at']).execute();

  await db.schema
    .createTable('newsletter_deliveries')
    .addColumn('id', id, primaryKey)
    .addColumn('issue_id', 'integer', (c) => c.notNull().references('newsletter_issues.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('subscriber_id', 'integer')
    .addColumn('first_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('attempt_started_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('smtp_response', 'text')
    .addColumn('last_error', 'text')
    .addColumn('possible_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bounced_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('newsletter_deliveries_recipient_key', ['issue_id', 'email'])
    .execute();
  // The claim: an issue's rows still to send, oldest retry first.
  await db.schema
    .createIndex('newsletter_deliveries_claim_idx')
    .on('newsletter_deliveries')
    .columns(['issue_id', 'state', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('newsletter_suppressions')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('bounce_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('complained_at', 'text')
    .addColumn('suppressed_at', 'text')
    .addColumn('last_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('newsletter_suppressions').execute();
  await db.schema.dropTable('newsletter_deliveries').execute();
  await db.schema.dropTable('newsletter_issues').execute();
  await db.schema.dropTable('newsletter_subscribers').execute();
  await db.schema.dropIndex('newsletter_subscriptions_newsletter_idx').execute();
  for (const column of ['updated_at', 'is_briefing', 'send_time', 'sender_name', 'frequency']) {
    await db.schema.alterTable('newsletters').dropColumn(column).execute();
  }
}
