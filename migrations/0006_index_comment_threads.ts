// Frozen. Indexes measured under load (docs/benchmarks.md, "Comments"): a
// thread's top-level comments were being counted and listed through the
// parent index, i.e. across every top-level comment on the site, on every
// post and every thread page; and a page's replies were read by scanning the
// whole article. Covering the top-level queries (article, parent, id, with
// the columns they filter and show) and indexing replies by thread makes both
// proportional to the page.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('comments_article_top_level_idx')
    .on('comments')
    .columns(['article_id', 'parent_id', 'id', 'status', 'reply_count'])
    .execute();
  await db.schema.createIndex('comments_root_path_idx').on('comments').columns(['root_id', 'path']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_root_path_idx').execute();
  await db.schema.dropIndex('comments_article_top_level_idx').execute();
}
