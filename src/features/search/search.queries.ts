// The result page's read-model, one query per engine over the documents the
// reader may search (search-scope.ts). The engine query is built from the
// parsed terms only (search-query.ts); every other value is a parameter.
// Matches are marked with \u0002…\u0003 (which no document contains, see
// articles/article-search-text.ts); the view turns them into <mark>.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isPostgres, type Db } from '../../core/db/database.js';
import type { AccessLevel } from '../../core/db/schema.js';
import { toFts5Query, toTsqueryText, type SearchTerm } from './search-query.js';
import { searchedScopes } from './search-scope.js';

export const MARK_START = '\u0002';
export const MARK_END = '\u0003';
/**
 * The most matches ranked or sorted for one query: the newest documents (by
 * index order, which follows publication and edits) up to this many. A query
 * matching more — one of the commonest words — is answered from its most
 * recent matches, so its cost stops growing with the archive (docs/decisions/020-search.md).
 */
export const RANKED_CANDIDATES = 2_000;
/** Body words around the matches in a snippet. */
const SNIPPET_TOKENS = 28;

export type SearchSort = 'relevance' | 'date';

export interface SearchFilters {
  /** A section path: the section and those under it. */
  sectionPath?: string;
  topicSlug?: string;
  authorSlug?: string;
  /** ISO instants: published at or after `from`, before `until`. */
  from?: string;
  until?: string;
}

export interface SearchQuery {
  terms: readonly SearchTerm[];
  fullTextLevels: readonly AccessLevel[];
  filters: SearchFilters;
  sort: SearchSort;
  limit: number;
  offset: number;
  now: string;
  /** WALL_TEASER_BLOCKS now: teasers cut with more blocks are not searched. */
  teaserBlocks: number;
  textSearchConfig: string;
}

export interface SearchHitRow {
  article_id: number;
  slug: string;
  section_path: string;
  section_name: string;
  published_at: string;
  access_level: AccessLevel;
  headline: string;
  standfirst: string;
  snippet: string;
}

/** Published, due, and a teaser cut no wider than the setting allows. */
function commonConditions(query: SearchQuery): RawBuilder<SqlBool> {
  const { filters } = query;
  const conditions: RawBuilder<unknown>[] = [
    sql`d.published_at <= ${query.now}`,
    sql`a.status = 'published' and a.published_at <= ${query.now}`,
    sql`(d.scope_key like 'full:%' or d.teaser_blocks <= ${query.teaserBlocks})`,
  ];
  if (filters.sectionPath !== undefined)
    conditions.push(
      sql`d.section_id in (select id from sections where path = ${filters.sectionPath} or substr(path, 1, ${filters.sectionPath.length + 1}) = ${`${filters.sectionPath}/`})`,
    );
  if (filters.topicSlug !== undefined)
    conditions.push(
      sql`exists (select 1 from article_topics t join topics on topics.id = t.topic_id where t.article_id = d.article_id and topics.slug = ${filters.topicSlug})`,
    );
  if (filters.authorSlug !== undefined)
    conditions.push(
      sql`exists (select 1 from article_authors aa join authors on authors.id = aa.author_id where aa.article_id = d.article_id and authors.slug = ${filters.authorSlug})`,
    );
  if (filters.from !== undefined) conditions.push(sql`d.published_at >= ${filters.from}`);
  if (filters.until !== undefined) conditions.push(sql`d.published_at < ${filters.until}`);
  return sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
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
      limit ${RANKED_CANDIDATES}
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

const headlineOptions = `HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_END}`;
const snippetOptions = `MaxWords=${SNIPPET_TOKENS}, MinWords=12, MaxFragments=2, FragmentDelimiter=" … ", StartSel=${MARK_START}, StopSel=${MARK_END}`;

async function searchPostgres(db: Db, query: SearchQuery): Promise<SearchHitRow[]> {
  const config = query.textSearchConfig;
  const tsquery = sql`to_tsquery(${config}::regconfig, ${toTsqueryText(query.terms)})`;
  const scopes = searchedScopes(query.fullTextLevels).keys;
  const order = (table: string) =>
    query.sort === 'date'
      ? sql`${sql.ref(`${table}.published_at`)} desc, ${sql.ref(`${table}.article_id`)} desc`
      : sql`${sql.ref(table === 'c' ? 'rank' : `${table}.rank`)} desc, ${sql.ref(`${table}.published_at`)} desc`;
  // The page's rows first, then their headlines and snippets: ts_headline re-parses a body, so only for the rows shown.
  const result = await sql<SearchHitRow>`
    with q as (select ${tsquery} as query),
    candidates as (
      select d.id, d.article_id, d.published_at, d.document
      from search_documents d join articles a on a.id = d.article_id, q
      where d.document @@ q.query and d.scope_key in (${sql.join(scopes)}) and ${commonConditions(query)}
      order by d.id desc
      limit ${RANKED_CANDIDATES}
    ),
    page as (
      select c.id, c.article_id, c.published_at, ts_rank(c.document, q.query) as rank
      from candidates c, q
      order by ${order('c')}
      limit ${query.limit} offset ${query.offset}
    )
    select page.article_id, a.slug, s.path as section_path, s.name as section_name, page.published_at, a.access_level,
      ts_headline(${config}::regconfig, d.headline, q.query, ${headlineOptions}) as headline,
      ts_headline(${config}::regconfig, d.standfirst, q.query, ${headlineOptions}) as standfirst,
      ts_headline(${config}::regconfig, d.body, q.query, ${snippetOptions}) as snippet
    from page join search_documents d on d.id = page.id join articles a on a.id = page.article_id join sections s on s.id = a.section_id, q
    order by ${order('page')}`.execute(db);
  return result.rows;
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
