// Frozen. The moderation queue counts and lists the event questions the
// moderation policy held, across every event (features/events,
// event-questions.repository.ts). Without an index that read walks every
// question ever asked; this partial index holds only the held ones, so the
// queue costs what is waiting, not the archive.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('event_questions_pending_idx')
    .on('event_questions')
    .column('id')
    .where(sql.ref('status'), '=', 'pending')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('event_questions_pending_idx').execute();
}
