// Frozen. Subscriptions (staff grants and payment-provider webhooks) and the
// premium articles each registered reader has read in the current period.
import { sql, type Kysely } from 'kysely';

function engineOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  const idType = engine === 'postgres' ? 'serial' : 'integer';
  const id = (column: any) => (engine === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement());

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', idType, id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    // The provider's subscription id (e.g. Stripe's sub_…), so webhooks update the same row.
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('subscriptions_source_check', sql`source in ('staff-grant', 'stripe')`)
    .execute();
  await db.schema.createIndex('subscriptions_user_idx').on('subscriptions').columns(['user_id', 'ends_at']).execute();

  // One row per reader and premium article: read_at is the first read in the
  // current period; a read after the period ends starts a new one.
  await db.schema
    .createTable('premium_reads')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('premium_reads_pk', ['user_id', 'article_id'])
    .execute();
  await db.schema.createIndex('premium_reads_user_time_idx').on('premium_reads').columns(['user_id', 'read_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('premium_reads').execute();
  await db.schema.dropTable('subscriptions').execute();
}
