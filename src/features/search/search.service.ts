// Reader search: parses the query, asks the engine for one page of the
// documents this reader may search, and keeps the index in step with the
// articles (inside their write's transaction) and whole (`masthead search reindex`).
import type { Transaction } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Db, DbOrTransaction } from '../../core/db/database.js';
import type { AccessLevel, Database } from '../../core/db/schema.js';
import { articlePath } from '../articles/articles.service.js';
import { parseSearchQuery } from './search-query.js';
import { postgresTextSearchConfig } from './search-scope.js';
import * as queries from './search.queries.js';
import * as repository from './search.repository.js';
import type { SearchFilters, SearchSort } from './search.queries.js';
import type { MarkedText, SearchForm, SearchHit, SearchPageModel } from './search.types.js';
import { dayStartInZone, isCalendarDay, nextDay } from './search-dates.js';

/** Results per page. */
export const SEARCH_PAGE_SIZE = 20;
/**
 * The last page offered: a bounded OFFSET, so a deep page never costs more
 * than this many skipped rows (docs/decisions/020-search.md).
 */
export const MAX_SEARCH_PAGE = 10;
const REINDEX_CHUNK = 500;
/** The migration that creates the index: whoever applies it to an existing archive fills it (server.ts, `masthead migrate`). */
export const SEARCH_INDEX_MIGRATION = '0024_create_search_index';
const FILTER_CHOICES_MS = 60_000;

export interface SearchServiceDependencies {
  db: Db;
  clock: Clock;
  /** WALL_TEASER_BLOCKS. */
  teaserBlocks: number;
  /** PUBLICATION_LANGUAGE: PostgreSQL's stemming follows it. */
  language: string;
  /** PUBLICATION_TIME_ZONE: date filters are days there. */
  timeZone: string;
}

export interface SearchInput {
  q?: string;
  section?: string;
  topic?: string;
  author?: string;
  from?: string;
  to?: string;
  sort: SearchSort;
  page?: string;
}

export function markedText(text: string): MarkedText {
  const pieces: string[] = [];
  for (const part of text.split(queries.MARK_START)) {
    const end = part.indexOf(queries.MARK_END);
    if (pieces.length === 0) pieces.push(end === -1 ? part : part.replaceAll(queries.MARK_END, ''));
    else if (end === -1) pieces.push('', part);
    else pieces.push(part.slice(0, end), part.slice(end + 1).replaceAll(queries.MARK_END, ''));
  }
  return pieces;
}

export function createSearchService(deps: SearchServiceDependencies) {
  const { db, clock } = deps;
  const settings: repository.IndexSettings = {
    teaserBlocks: deps.teaserBlocks,
    textSearchConfig: postgresTextSearchConfig(deps.language),
  };
  let filterChoices: { at: number; value: Promise<Awaited<ReturnType<typeof queries.listFilterChoices>>> } | null = null;
  function choices() {
    const now = clock.now().getTime();
    if (!filterChoices || now - filterChoices.at > FILTER_CHOICES_MS) {
      const value = queries.listFilterChoices(db);
      value.catch(() => (filterChoices = null));
      filterChoices = { at: now, value };
    }
    return filterChoices.value;
  }

  async function search(input: SearchInput, fullTextLevels: readonly AccessLevel[]): Promise<SearchPageModel> {
    const notices: string[] = [];
    const form: SearchForm = {
      q: input.q ?? '',
      section: input.section ?? '',
      topic: input.topic ?? '',
      author: input.author ?? '',
      from: input.from ?? '',
      to: input.to ?? '',
      sort: input.sort,
    };
    const known = await choices();
    const filters: SearchFilters = {};
    if (form.section && known.sections.some((section) => section.path === form.section)) filters.sectionPath = form.section;
    else if (form.section) {
      notices.push('There is no such section; searching every section.');
      form.section = '';
    }
    const topic = form.topic ? known.topics.find((candidate) => candidate.slug === form.topic) : undefined;
    if (topic) filters.topicSlug = topic.slug;
    else form.topic = '';
    const author = form.author ? known.authors.find((candidate) => candidate.slug === form.author) : undefined;
    if (author) filters.authorSlug = author.slug;
    else form.author = '';
    for (const [field, label] of [
      ['from', 'From'],
      ['to', 'To'],
    ] as const) {
      if (form[field] && !isCalendarDay(form[field])) {
        notices.push(`${label} must be a date such as 2026-11-28; it was left out.`);
        form[field] = '';
      }
    }
    if (form.from) filters.from = dayStartInZone(form.from, deps.timeZone);
    if (form.to) filters.until = dayStartInZone(nextDay(form.to), deps.timeZone);
    let page = /^[1-9][0-9]{0,4}$/.test(input.page ?? '') ? Number(input.page) : 1;
    if (page > MAX_SEARCH_PAGE) {
      notices.push(`Results stop at page ${MAX_SEARCH_PAGE}. Add a word, a section or dates to narrow the search.`);
      page = MAX_SEARCH_PAGE;
    }
    const terms = parseSearchQuery(form.q);
    const base = {
      form,
      page,
      pageSize: SEARCH_PAGE_SIZE,
      notices,
      sections: known.sections,
      topicName: topic?.name ?? null,
      authorName: author?.name ?? null,
    };
    if (terms.length === 0) return { ...base, isEmptyQuery: true, hits: [], hasNextPage: false };
    const rows = await queries.searchArticles(db, {
      terms,
      fullTextLevels,
      filters,
      sort: form.sort,
      limit: SEARCH_PAGE_SIZE + 1,
      offset: (page - 1) * SEARCH_PAGE_SIZE,
      now: clock.now().toISOString(),
      teaserBlocks: deps.teaserBlocks,
      textSearchConfig: settings.textSearchConfig,
    });
    const hits: SearchHit[] = rows.slice(0, SEARCH_PAGE_SIZE).map((row) => ({
      url: articlePath({ sectionPath: row.section_path, publishedAt: row.published_at, slug: row.slug }, deps.timeZone),
      headline: markedText(row.headline),
      standfirst: markedText(row.standfirst),
      snippet: markedText(row.snippet),
      sectionName: row.section_name,
      publishedAt: row.published_at,
      accessLevel: row.access_level,
    }));
    return { ...base, isEmptyQuery: false, hits, hasNextPage: rows.length > SEARCH_PAGE_SIZE && page < MAX_SEARCH_PAGE };
  }

  /** For articles.service's `afterArticlesWritten`: inside the write's transaction. */
  function refreshArticles(trx: Transaction<Database> | DbOrTransaction, articleIds: number[]): Promise<void> {
    return repository.refreshSearchDocuments(trx, articleIds, settings);
  }

  /** Rebuilds every article's documents, a chunk per transaction (searches keep working meanwhile). */
  async function reindex(options: { onProgress?: (done: number, total: number) => void } = {}): Promise<{ articles: number }> {
    const total = await repository.countArticlesToIndex(db);
    let done = 0;
    let afterId = 0;
    options.onProgress?.(0, total);
    for (;;) {
      const ids = await repository.listArticleIdsAfter(db, afterId, REINDEX_CHUNK);
      if (ids.length === 0) break;
      await db.transaction().execute((trx) => repository.refreshSearchDocuments(trx, ids, settings));
      afterId = ids[ids.length - 1]!;
      done += ids.length;
      options.onProgress?.(Math.min(done, total), Math.max(total, done));
    }
    await repository.optimiseSearchIndex(db);
    return { articles: done };
  }

  return { search, refreshArticles, reindex };
}

export type SearchService = ReturnType<typeof createSearchService>;
