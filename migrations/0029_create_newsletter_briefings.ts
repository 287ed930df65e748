// Frozen. The automatic daily briefing (features/newsletters):
// - `newsletter_briefings`: one row per (newsletter, local date) — the primary
//   key is what makes a day's briefing happen once however many nodes look at
//   the same moment. The row is inserted in the transaction that writes the
//   day's issue, so a crash leaves either both or neither. `outcome` says what
//   became of the day: 'scheduled' (an issue was made and handed to the
//   sender) or 'empty-front' (nothing was on the home front: no issue that day).
// - on `newsletters`: `briefing_armed_at`, when the briefing was last switched
//   on or given a new time; only briefing times from then on are owed (so
//   switching it on at 07:30 for 07:00 does not send at once). Null for rows
//   from before this migration: every time is owed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('newsletters').addColumn('briefing_armed_at', 'text').execute();
  await db.schema
    .createTable('newsletter_briefings')
    .addColumn('newsletter_id', 'integer', (c) => c.notNull().references('newsletters.id').onDelete('cascade'))
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('issue_id', 'integer', (c) => c.references('newsletter_issues.id').onDelete('set null'))
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('newsletter_briefings_pkey', ['newsletter_id', 'local_date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('newsletter_briefings').execute();
  await db.schema.alterTable('newsletters').dropColumn('briefing_armed_at').execute();
}
