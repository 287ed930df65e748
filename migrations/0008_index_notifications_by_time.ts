// Frozen. A reader's notifications page lists them newest first; the only
// index by reader, notifications_user_idx (user_id, read_at, created_at),
// serves the unread count but not that order (read_at sits between), so each
// page sorted all of a reader's notifications — and on PostgreSQL the planner
// drove the page from a scan of every comment instead (bench/community-feeds.ts:
// 36–63 ms at 2,000 notifications and 100,000 comments, 5 s when every
// reader_moderation row was a ban; with this index and the page's query
// rewritten, 2.4 ms on PostgreSQL and 0.3 ms on SQLite).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('notifications_user_created_idx').on('notifications').columns(['user_id', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notifications_user_created_idx').execute();
}
