// The one place that says what a generated article writes to the database:
// a row per table, every NOT NULL column filled explicitly (none left to a
// default, so a column added without a default shows up here as a type error
// or an insert error, not as a silently different archive), and what runs
// once after a bulk load. bench/bulk-insert.ts writes whatever these return,
// by column name, on either engine.
//
// Filled today:
// - articles: every column. id is given (max(id) + 1 onwards), so the link
//   rows below need no RETURNING; version 1; modified_at = updated_at ??
//   published_at ?? created_at, as insertArticle sets it.
// - article_authors (article_id, author_id, position) and article_topics
//   (article_id, topic_id, position): position in byline / topic order.
// - finishBulkLoad: the PostgreSQL id sequence moved past the new ids, the
//   content revision bumped (every node drops its cached pages), and ANALYZE
//   on PostgreSQL (what autovacuum would do soon after a load; SQLite's
//   connection runs `optimize` when it opens, src/core/db/database.ts).
//
// A new denormalised column (say article_topics.published_at) is one line in
// its row function; a table kept beside articles (say related articles) is a
// new entry in `rowsOf`, or an INSERT … SELECT in `finishBulkLoad` if it is
// derived from rows already written.
import { sql, type Insertable } from 'kysely';
import type { Db } from '../src/core/db/database.js';
import type { Database } from '../src/core/db/schema.js';
import { bumpContentRevision } from '../src/features/articles/articles.repository.js';
import type { GeneratedArticle } from './generate-articles.js';

type Row<Table extends keyof Database> = Insertable<Database[Table]>;

export function articleRow(article: GeneratedArticle): Row<'articles'> & { id: number } {
  return {
    id: article.id,
    slug: article.slug,
    section_id: article.sectionId,
    kicker: article.kicker,
    headline: article.headline,
    standfirst: article.standfirst,
    body_json: article.bodyJson,
    hero_image_id: article.heroImageId,
    agency_credit: article.agencyCredit,
    access_level: article.accessLevel,
    comments_enabled: article.commentsEnabled ? 1 : 0,
    status: article.status,
    published_at: article.publishedAt,
    updated_at: article.updatedAt,
    modified_at: article.updatedAt ?? article.publishedAt ?? article.createdAt,
    version: 1,
    created_at: article.createdAt,
  };
}

export function articleAuthorRows(article: GeneratedArticle): Row<'article_authors'>[] {
  return article.authorIds.map((authorId, position) => ({ article_id: article.id, author_id: authorId, position }));
}

export function articleTopicRows(article: GeneratedArticle): Row<'article_topics'>[] {
  return article.topicIds.map((topicId, position) => ({ article_id: article.id, topic_id: topicId, position }));
}

/** The rows of a batch of articles, table by table, in the order they must be written (foreign keys). */
export function rowsOf(articles: readonly GeneratedArticle[]): { table: keyof Database & string; rows: Record<string, unknown>[] }[] {
  return [
    { table: 'articles', rows: articles.map(articleRow) },
    { table: 'article_authors', rows: articles.flatMap(articleAuthorRows) },
    { table: 'article_topics', rows: articles.flatMap(articleTopicRows) },
  ];
}

/** Once, after every batch is in: what the app's own writes would have kept up to date. */
export async function finishBulkLoad(db: Db, options: { engine: 'sqlite' | 'postgres'; now: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (options.engine === 'postgres') {
      await sql`select setval(pg_get_serial_sequence('articles', 'id'), (select max(id) from articles))`.execute(trx);
    }
    await bumpContentRevision(trx, options.now);
  });
  if (options.engine === 'postgres') await sql`analyze articles, article_authors, article_topics`.execute(db);
}
