// Frozen. The newsroom dashboard's aggregate counters (features/insight): one
// row per (article, day in the publication's zone, metric) holding a count —
// no reader, address or cookie is ever stored. article_id 0 is the site as a
// whole (a registration that did not come from an article's wall). Each node
// adds what it counted with `count = count + excluded.count`, so rows from
// many nodes sum. The second index serves the site-wide series and the
// "top articles by registrations" list: a range of days for one metric,
// covering the count, never a scan of the table.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('insight_daily_counts')
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('insight_daily_counts_pk', ['article_id', 'day', 'metric'])
    .execute();
  await db.schema
    .createIndex('insight_daily_counts_metric_day_idx')
    .on('insight_daily_counts')
    .columns(['metric', 'day', 'article_id', 'count'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('insight_daily_counts').execute();
}
