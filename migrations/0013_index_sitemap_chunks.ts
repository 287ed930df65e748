// Frozen. /sitemap.xml is a sitemap index; each article child lists the
// articles whose ids fall in one range of 50,000 (Google's limit per
// sitemap), so no child can outgrow the limit however busy a month was. The
// index gives each child a lastmod: the newest change in its range, found
// here in one index probe per child instead of reading 50,000 rows. A change
// is an edit or a status change (modified_at) or, for an article scheduled
// ahead, its publication time, when that is later: the child changes when the
// article appears in it.
//
// A child reads its range from a second index that holds every column it
// needs (id first), not from the article rows: on SQLite a body lives in its
// row, so reading 50,000 rows for their dates read most of a 640 MB file
// (0.7 s for one child at 200,000 articles, blocking the process).
//
// The range size is part of the index expression: the sitemap queries
// (src/features/articles/sitemaps.queries.ts, SITEMAP_URL_LIMIT) must write
// the same expression with the same number for the planner to use it.
import { sql, type Kysely } from 'kysely';

function engineOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create index articles_sitemap_chunk_idx on articles (
         ((id - 1) / 50000),
         (case when published_at > modified_at then published_at else modified_at end)
       )`,
    )
    .execute(db);
  await db.schema
    .createIndex('articles_sitemap_idx')
    .on('articles')
    .columns(['id', 'status', 'published_at', 'modified_at', 'section_id', 'slug'])
    .execute();
  // PostgreSQL plans from statistics: give it the new expression's at once rather than at the next autovacuum.
  if (engineOf(db) === 'postgres') await sql`analyze articles`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('articles_sitemap_idx').execute();
  await db.schema.dropIndex('articles_sitemap_chunk_idx').execute();
}
