// PostgreSQL's search query (SQLite's: search.queries.ts). The GIN index
// answers "which documents match" but not "the newest that match": a bitmap
// scan reads every match's row before it can sort them, so a query of common
// words (a third of the archive) read tens of thousands of rows and their
// toasted vectors. Two paths, chosen per query by the planner's own estimate
// of the matches (EXPLAIN, from the vector's statistics; about a millisecond):
//
// - `index`: few matches expected. The GIN's matches, every one, then the
//   newest `rankedCandidates`. Exact; costs grow with the matches, which the
//   estimate keeps under `indexMatchLimit`.
// - `newest-first`: many matches expected. Documents in the reader's scope are
//   walked newest first, at most `examinedDocuments` of them, each checked
//   against the query, until `rankedCandidates` match. When matches are dense
//   (the reason for the path) the walk stops early with the same answer as the
//   index path; when they are not (a rare "phrase" of common words, whose
//   words the estimate counts), the answer comes from the newest documents
//   only. Either way the cost has a ceiling that does not grow with the archive.
//
// Only the candidates are ranked (`ts_rank` reads each one's whole vector), and
// only the page's rows are checked against their article and given headlines
// and snippets. See docs/decisions/020-search.md.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { toTsqueryText, type SearchTerm } from './search-query.js';
import { searchedScopes } from './search-scope.js';
import {
  articleIsPublishedAndDue,
  documentConditions,
  MARK_END,
  MARK_START,
  SNIPPET_TOKENS,
  type SearchHitRow,
  type SearchQuery,
} from './search-sql.js';

export interface PostgresSearchBudget {
  /** Matches ranked by relevance: the newest this many (a date-sorted page needs only its own rows). */
  rankedCandidates: number;
  /** Documents the newest-first path reads at most. */
  examinedDocuments: number;
  /** Estimated matches above which the newest-first path is taken. */
  estimatedMatchLimit: number;
  /**
   * Matches the index path reads at most; past them it gives way to the
   * newest-first path. The estimate's safety net: words that travel together
   * ("market hall") match far more often than their separate frequencies predict.
   */
  indexMatchLimit: number;
}

// Measured at 100,000 articles (docs/benchmarks.md, "Search"): each examined
// document costs its vector's decompression (~8 µs), each index match a row
// visit (~2 µs); both paths stay within ~30 ms at these figures.
export const POSTGRES_SEARCH_BUDGET: PostgresSearchBudget = {
  rankedCandidates: 300,
  examinedDocuments: 3_000,
  estimatedMatchLimit: 2_000,
  indexMatchLimit: 6_000,
};

export type PostgresCandidatePath = 'index' | 'newest-first';

const headlineOptions = `HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_END}`;
const snippetOptions = `MaxWords=${SNIPPET_TOKENS}, MinWords=12, MaxFragments=2, FragmentDelimiter=" … ", StartSel=${MARK_START}, StopSel=${MARK_END}`;

interface Parts {
  tsquery: RawBuilder<unknown>;
  /** The query with each phrase's words merely required: the matches the GIN hands over to be checked (phrases are checked row by row). */
  indexedTsquery: RawBuilder<unknown>;
  /** The document conditions with the reader's scope: what every candidate meets. */
  where: RawBuilder<unknown>;
  /** Candidates' order (alias `d`): the newest by index order for ranking, by publication for a date sort. */
  newest: RawBuilder<unknown>;
  candidates: number;
  /** Matches the index path reads at most (see `indexMatchLimit`). */
  indexLimit: number;
}

function partsOf(query: SearchQuery, budget: PostgresSearchBudget): Parts {
  // A constant for the planner (to_tsquery with a configuration is immutable), so its estimates read the vector's statistics.
  const tsquery = sql`to_tsquery(${query.textSearchConfig}::regconfig, ${toTsqueryText(query.terms)})`;
  const unordered = query.terms.flatMap((term): SearchTerm[] =>
    term.kind === 'phrase' ? term.words.map((word) => ({ kind: 'word', word })) : [term],
  );
  const scopes = searchedScopes(query.fullTextLevels).keys;
  return {
    tsquery,
    indexedTsquery: sql`to_tsquery(${query.textSearchConfig}::regconfig, ${toTsqueryText(unordered)})`,
    where: sql`d.scope_key in (${sql.join(scopes)}) and ${documentConditions(query)}`,
    newest: query.sort === 'date' ? sql`d.published_at desc, d.id desc` : sql`d.id desc`,
    candidates: query.sort === 'date' ? query.offset + query.limit : budget.rankedCandidates,
    // A phrase's matches are checked row by row (its word order is not in the index): each costs what an examined document does.
    indexLimit: query.terms.some((term) => term.kind === 'phrase') ? budget.examinedDocuments : budget.indexMatchLimit,
  };
}

/** The planner's estimate of the documents in the reader's scope the index would hand over. */
async function estimateMatches(db: Db, parts: Parts): Promise<number> {
  const result = await sql<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>`
    explain (format json) select 1 from search_documents d where d.document @@ ${parts.indexedTsquery} and ${parts.where}`.execute(db);
  return result.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? Number.POSITIVE_INFINITY;
}

async function pathFor(db: Db, parts: Parts, budget: PostgresSearchBudget): Promise<PostgresCandidatePath> {
  return (await estimateMatches(db, parts)) > budget.estimatedMatchLimit ? 'newest-first' : 'index';
}

/** The path the estimate picks for `query` (tests read it). */
export function choosePostgresPath(db: Db, query: SearchQuery, budget = POSTGRES_SEARCH_BUDGET): Promise<PostgresCandidatePath> {
  return pathFor(db, partsOf(query, budget), budget);
}

function candidatesOf(parts: Parts, path: PostgresCandidatePath, budget: PostgresSearchBudget): RawBuilder<unknown> {
  if (path === 'index')
    // MATERIALIZED: the GIN's matches first, then the newest. Left to itself the
    // planner may walk the primary key backwards checking each row, a gamble on
    // matches being dense that costs a full walk when they are not. The LIMIT:
    // `indexMatchLimit`.
    return sql`
      matches as materialized (
        select d.id, d.published_at from search_documents d where d.document @@ ${parts.tsquery} and ${parts.where}
        limit ${parts.indexLimit + 1}
      ),
      candidates as (select d.id, d.published_at from matches d order by ${parts.newest} limit ${parts.candidates})`;
  // The inner LIMIT bounds the walk, and keeps the match (which decompresses the
  // vector) out of it: the cheap conditions are checked first.
  return sql`
    candidates as (
      select d.id, d.published_at from (
        select d.id, d.published_at, d.document from search_documents d
        where ${parts.where}
        order by ${parts.newest}
        limit ${budget.examinedDocuments}
      ) d
      where d.document @@ ${parts.tsquery}
      order by ${parts.newest}
      limit ${parts.candidates}
    )`;
}

type PageRow = SearchHitRow & { matched: number | string | null };

function pageOf(db: Db, query: SearchQuery, parts: Parts, path: PostgresCandidatePath, budget: PostgresSearchBudget) {
  const config = query.textSearchConfig;
  const ranked = query.sort === 'relevance';
  const pageOrder = ranked ? sql`page.rank desc, page.published_at desc, page.id desc` : sql`page.published_at desc, page.id desc`;
  // Rank the candidates, take the page; then its rows' articles (published and due),
  // headlines and snippets: ts_headline re-parses a body, so only for the rows shown.
  return sql<PageRow>`
    with ${candidatesOf(parts, path, budget)},
    page as (
      select c.id, c.published_at, ${ranked ? sql`ts_rank(d.document, ${parts.tsquery})` : sql`0`} as rank
      from candidates c join search_documents d on d.id = c.id
      order by ${ranked ? sql`rank desc, c.published_at desc, c.id desc` : sql`c.published_at desc, c.id desc`}
      limit ${query.limit} offset ${query.offset}
    )
    select d.article_id, a.slug, s.path as section_path, s.name as section_name, page.published_at, a.access_level,
      ts_headline(${config}::regconfig, d.headline, ${parts.tsquery}, ${headlineOptions}) as headline,
      ts_headline(${config}::regconfig, d.standfirst, ${parts.tsquery}, ${headlineOptions}) as standfirst,
      ts_headline(${config}::regconfig, d.body, ${parts.tsquery}, ${snippetOptions}) as snippet,
      ${path === 'index' ? sql`(select count(*) from matches)` : sql`null`} as matched
    from page
    join search_documents d on d.id = page.id
    join articles a on a.id = d.article_id
    join sections s on s.id = a.section_id
    where ${articleIsPublishedAndDue(query)}
    order by ${pageOrder}`.execute(db);
}

/** One page of results: on `path` when given (tests), else on the one the estimate picks. */
export async function searchPostgres(
  db: Db,
  query: SearchQuery,
  options: { budget?: PostgresSearchBudget; path?: PostgresCandidatePath } = {},
): Promise<SearchHitRow[]> {
  const budget = options.budget ?? POSTGRES_SEARCH_BUDGET;
  const parts = partsOf(query, budget);
  let path = options.path ?? (await pathFor(db, parts, budget));
  let result = await pageOf(db, query, parts, path, budget);
  // The index handed over more than the estimate allowed for: the matches are many after all.
  if (path === 'index' && options.path === undefined && Number(result.rows[0]?.matched ?? 0) > parts.indexLimit) {
    path = 'newest-first';
    result = await pageOf(db, query, parts, path, budget);
  }
  return result.rows.map(({ matched: _matched, ...row }) => row);
}
