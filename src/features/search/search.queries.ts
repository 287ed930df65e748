// The result page's read-model, one query per engine over the documents the
// reader may search (search-scope.ts): SQLite's here, PostgreSQL's in
// search-postgres.ts. The engine query is built from the parsed terms only
// (search-query.ts); every other value is a parameter.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isPostgres, type Db } from '../../core/db/database.js';
import { toFts5Query } from './search-query.js';
import { searchedScopes } from './search-scope.js';
import { searchPostgres } from './search-postgres.js';
import {
  articleIsPublishedAndDue,
  documentConditions,
  MARK_END,
  MARK_START,
  SNIPPET_TOKENS,
  type SearchHitRow,
  type SearchQuery,
} from './search-sql.js';

export { MARK_END, MARK_START, type SearchFilters, type SearchHitRow, type SearchQuery, type SearchSort } from './search-sql.js';

/**
 * The most matches SQLite ranks or sorts for one query: the newest documents
 * (by index order, which follows publication and edits) up to this many. A
 * query matching more — one of the commonest words — is answered from its most
 * recent matches, so its cost stops growing with the archive
 * (docs/decisions/020-search.md). PostgreSQL's budget: search-postgres.ts.
 */
export const RANKED_CANDIDATES = 2_000;
/**
 * The same for a query with a prefix: bm25 walks every instance of every word
 * the prefix expands to in each candidate (`the*` is "the", "their", "then"…),
 * so ranking 2,000 cost 60–170 ms at 100,000 articles.
 */
export const RANKED_PREFIX_CANDIDATES = 300;

/** Published, due, and a teaser cut no wider than the setting allows. */
function commonConditions(query: SearchQuery): RawBuilder<SqlBool> {
  return sql<SqlBool>`${documentConditions(query)} and ${articleIsPublishedAndDue(query)}`;
}

async function searchSqlite(db: Db, query: SearchQuery): Promise<SearchHitRow[]> {
  const match = toFts5Query(query.terms, searchedScopes(query.fullTextLevels).words);
  const order = query.sort === 'date' ? sql`c.published_at desc, c.article_id desc` : sql`c.score, c.published_at desc`;
  // Two steps. The page first: FTS5 drives (CROSS JOIN keeps SQLite from walking
  // search_documents by date and asking FTS5 about each row) and hands over its
  // matches newest document first, so the candidates stop at RANKED_CANDIDATES
  // and bm25 is computed for those alone. Then highlights and snippets for the
  // page's rows only: SQLite's sorter would otherwise compute them for every match.
  const page = await sql<{ id: number }>`
    select c.id from (
      select d.id, d.article_id, d.published_at, bm25(search_index, 10.0, 4.0, 1.0, 0.0) as score
      from search_index
      cross join search_documents d on d.id = search_index.rowid
      cross join articles a on a.id = d.article_id
      where search_index match ${match} and ${commonConditions(query)}
      order by search_index.rowid desc
      limit ${query.terms.some((term) => term.kind === 'prefix') ? RANKED_PREFIX_CANDIDATES : RANKED_CANDIDATES}
    ) c
    order by ${order}
    limit ${query.limit} offset ${query.offset}`.execute(db);
  if (page.rows.length === 0) return [];
  const ids = page.rows.map((row) => row.id);
  const wanted = sql.join(ids);
  // Marks for the page's rows: FTS5 walks the matches between the page's lowest
  // and highest document ids (within the candidates above, so bounded alike) and
  // computes them only where CASE asks. Asking by `rowid in (…)` instead would
  // make FTS5 evaluate the whole query once per id.
  const marks = await sql<{ id: number; headline: string | null; standfirst: string | null; snippet: string | null }>`
    select rowid as id,
      case when rowid in (${wanted}) then highlight(search_index, 0, ${MARK_START}, ${MARK_END}) end as headline,
      case when rowid in (${wanted}) then highlight(search_index, 1, ${MARK_START}, ${MARK_END}) end as standfirst,
      case when rowid in (${wanted}) then snippet(search_index, 2, ${MARK_START}, ${MARK_END}, '…', ${SNIPPET_TOKENS}) end as snippet
    from search_index
    where search_index match ${match} and rowid >= ${Math.min(...ids)} and rowid <= ${Math.max(...ids)}`.execute(db);
  const marksById = new Map(marks.rows.filter((row) => row.headline !== null).map((row) => [row.id, row]));
  const details = await sql<Omit<SearchHitRow, 'headline' | 'standfirst' | 'snippet'> & { id: number }>`
    select d.id, d.article_id, a.slug, s.path as section_path, s.name as section_name, d.published_at, a.access_level
    from search_documents d
    join articles a on a.id = d.article_id
    join sections s on s.id = a.section_id
    where d.id in (${wanted})`.execute(db);
  const detailsById = new Map(details.rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const detail = detailsById.get(id);
    const marked = marksById.get(id);
    if (!detail || !marked) return [];
    const { id: _id, ...rest } = detail;
    return [{ ...rest, headline: marked.headline!, standfirst: marked.standfirst ?? '', snippet: marked.snippet ?? '' }];
  });
}

export function searchArticles(db: Db, query: SearchQuery): Promise<SearchHitRow[]> {
  if (query.terms.length === 0) return Promise.resolve([]);
  return isPostgres(db) ? searchPostgres(db, query) : searchSqlite(db, query);
}

/** Sections, topics and authors for the filter form's choices (a handful of short lists, cached by the service). */
export async function listFilterChoices(db: Db) {
  const [sections, topics, authors] = await Promise.all([
    db.selectFrom('sections').select(['path', 'name']).orderBy('path').execute(),
    db.selectFrom('topics').select(['slug', 'name']).orderBy('name').execute(),
    db.selectFrom('authors').select(['slug', 'name']).orderBy('name').execute(),
  ]);
  return { sections, topics, authors };
}
