// Frozen. Fixed-window rate limits kept in the database, for nodes on one
// PostgreSQL without Redis: each node counting for itself let a guesser try
// the sign-in limit's worth of passwords on every node. One row per key (an
// address, an account) and window; rows past `resets_at` are dead and deleted.
// Unlogged on PostgreSQL: counts that a crash forgets cost nothing worth a
// write-ahead log entry per sign-in attempt. SQLite (one node) counts in memory.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  await db.schema
    .createTable('rate_limit_windows')
    .$call((table) => (isPostgres ? table.modifyFront(sql`unlogged`) : table))
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('resets_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_windows_resets_idx').on('rate_limit_windows').column('resets_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_windows').execute();
}
