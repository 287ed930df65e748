// Frozen. The content change log: one row per content change, numbered by
// the `content_revision` it moved the revision to, with the page-cache tags
// it touched (a JSON array of strings; ["*"] for everything). A node reads the
// rows after the last revision it applied and drops only the pages carrying
// those tags; a change made without a row (a bulk load) leaves a gap, which
// tells a node to drop everything. Old rows are pruned as new ones come.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_changes')
    .addColumn('revision', 'integer', (c) => c.primaryKey())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('content_changes').execute();
}
