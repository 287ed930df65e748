// What both engines' search queries share: the query's shape, the row it
// answers, the match marks and the conditions every searched document meets.
// The engine queries themselves: search.queries.ts (SQLite) and
// search-postgres.ts.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AccessLevel } from '../../core/db/schema.js';
import type { SearchTerm } from './search-query.js';

// Matches are marked with \u0002…\u0003 (which no document contains, see
// articles/article-search-text.ts); the view turns them into <mark>.
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';
/** Body words around the matches in a snippet. */
export const SNIPPET_TOKENS = 28;

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

/** Conditions on the document alone (alias `d`): due, a teaser cut no wider than the setting allows, the reader's filters. */
export function documentConditions(query: SearchQuery): RawBuilder<SqlBool> {
  const { filters } = query;
  const conditions: RawBuilder<unknown>[] = [
    sql`d.published_at <= ${query.now}`,
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

/**
 * The article (alias `a`) is published and due. Documents follow their
 * article's writes in the same transaction, so this only guards against a
 * document outliving its article's publication; a query may check it late
 * (on the page's rows) where checking every match costs too much.
 */
export function articleIsPublishedAndDue(query: SearchQuery): RawBuilder<SqlBool> {
  return sql<SqlBool>`a.status = 'published' and a.published_at <= ${query.now}`;
}
