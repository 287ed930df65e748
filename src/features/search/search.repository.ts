// The search documents: written inside the article write's own transaction
// (articles.service's `afterArticlesWritten`), and rebuilt in chunks by
// `masthead search reindex`. Each published article gets a `teaser` and a
// `full` document (search-scope.ts); anything else gets none.
import { sql } from 'kysely';
import { isPostgres, type Db, type DbOrTransaction } from '../../core/db/database.js';
import type { AccessLevel } from '../../core/db/schema.js';
import { articleSearchText, searchableLine } from '../articles/articles.service.js';
import { scopeKey, scopeWord, type DocumentKind } from './search-scope.js';

export interface IndexSettings {
  /** WALL_TEASER_BLOCKS: the teaser is cut as the article page cuts it. */
  teaserBlocks: number;
  /** PostgreSQL's text-search configuration ('english'). */
  textSearchConfig: string;
}

interface DocumentRow {
  article_id: number;
  scope_key: string;
  section_id: number;
  published_at: string;
  teaser_blocks: number;
  headline: string;
  standfirst: string;
  body: string;
  scope_word: string;
}

function documentsOf(
  article: {
    id: number;
    access_level: AccessLevel;
    section_id: number;
    published_at: string;
    headline: string;
    standfirst: string;
    body_json: string;
  },
  teaserBlocks: number,
): DocumentRow[] {
  const text = articleSearchText(article.body_json, teaserBlocks);
  const document = (kind: DocumentKind, body: string): DocumentRow => ({
    article_id: article.id,
    scope_key: scopeKey(kind, article.access_level),
    section_id: article.section_id,
    published_at: article.published_at,
    teaser_blocks: teaserBlocks,
    headline: searchableLine(article.headline),
    standfirst: searchableLine(article.standfirst),
    body,
    scope_word: scopeWord(kind, article.access_level),
  });
  return [document('teaser', text.teaserBody), document('full', text.fullBody)];
}

async function insertDocuments(db: DbOrTransaction, rows: DocumentRow[], config: string): Promise<void> {
  if (rows.length === 0) return;
  if (!isPostgres(db)) {
    await db.insertInto('search_documents').values(rows).execute();
    return;
  }
  // Weights: headline A, standfirst B, body C (ts_rank's defaults weigh A 1.0, B 0.4, C 0.2).
  const vector = (row: DocumentRow) =>
    sql<string>`setweight(to_tsvector(${config}::regconfig, ${row.headline}), 'A') || setweight(to_tsvector(${config}::regconfig, ${row.standfirst}), 'B') || setweight(to_tsvector(${config}::regconfig, ${row.body}), 'C')`;
  await db
    .insertInto('search_documents')
    .values(rows.map((row) => ({ ...row, document: vector(row) })))
    .execute();
}

/** Brings the documents of `articleIds` in line with the articles (call inside the write's transaction). */
export async function refreshSearchDocuments(db: DbOrTransaction, articleIds: readonly number[], settings: IndexSettings): Promise<void> {
  if (articleIds.length === 0) return;
  const ids = [...articleIds];
  await db.deleteFrom('search_documents').where('article_id', 'in', ids).execute();
  const articles = await db
    .selectFrom('articles')
    .select(['id', 'access_level', 'section_id', 'published_at', 'headline', 'standfirst', 'body_json'])
    .where('id', 'in', ids)
    .where('status', '=', 'published')
    .where('published_at', 'is not', null)
    .execute();
  const rows = articles.flatMap((article) => documentsOf({ ...article, published_at: article.published_at! }, settings.teaserBlocks));
  // A few hundred rows per statement keeps PostgreSQL under its parameter limit.
  for (let start = 0; start < rows.length; start += 200)
    await insertDocuments(db, rows.slice(start, start + 200), settings.textSearchConfig);
}

/** Article ids after `afterId`, in order: the reindex walks the archive in chunks. */
export async function listArticleIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('articles').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((row) => row.id);
}

export async function countArticlesToIndex(db: Db): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** SQLite: merges FTS5's segments after a rebuild (searches read fewer b-trees); PostgreSQL: refreshes the planner's statistics. */
export async function optimiseSearchIndex(db: Db): Promise<void> {
  if (isPostgres(db)) await sql`analyze search_documents`.execute(db);
  else await sql`insert into search_index (search_index) values ('optimize')`.execute(db);
}
