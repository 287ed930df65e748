// Frozen. Queued emails may carry attachments (an event's calendar file):
// a JSON array of { filename, contentType, content } kept with the row, so a
// retried send carries the very same file. Null for every other email.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('email_outbox').addColumn('attachments_json', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('email_outbox').dropColumn('attachments_json').execute();
}
