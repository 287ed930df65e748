// What a parsed `filter` means for posts, checked before any query is built:
// each comparison names a field posts have, with a value of the right kind, and
// taxonomy slugs are resolved to ids here (the taxonomy is small and read
// whole). The result is a tree of conditions the queries turn into SQL with
// bound values; tags and authors filter their small lists in memory.
import type { AccessLevel } from '../../core/db/schema.js';
import { comparisonsIn, FilterError, type ComparisonOperator, type FilterNode } from './content-filter.js';
import type { ContentTaxonomy } from './content-api.queries.js';

export type PostCondition =
  | { kind: 'and' | 'or'; children: PostCondition[] }
  | { kind: 'not'; child: PostCondition }
  | { kind: 'nothing' }
  | { kind: 'sections'; ids: number[] }
  | { kind: 'topics'; ids: number[] }
  | { kind: 'authors'; ids: number[]; primaryOnly: boolean }
  | { kind: 'featured'; featured: boolean }
  | { kind: 'published-at'; operator: ComparisonOperator; at: string }
  | { kind: 'access'; levels: AccessLevel[] }
  | { kind: 'ids'; ids: number[] }
  | { kind: 'slugs'; slugs: string[] };

/** Ghost's `visibility` for each of our access levels. */
export const VISIBILITY_OF: Record<AccessLevel, 'public' | 'members' | 'paid'> = {
  free: 'public',
  registered: 'members',
  premium: 'paid',
};
const LEVEL_OF_VISIBILITY = new Map<string, AccessLevel>(
  Object.entries(VISIBILITY_OF).map(([level, visibility]) => [visibility, level as AccessLevel]),
);

export const POST_FILTER_FIELDS = [
  'tag',
  'tags',
  'primary_tag',
  'author',
  'authors',
  'primary_author',
  'featured',
  'published_at',
  'visibility',
  'id',
  'slug',
] as const;

/** A section's tag slug: its path with `/` as `-` (`world/europe` → `world-europe`). */
export function sectionTagSlug(path: string): string {
  return path.replaceAll('/', '-');
}

/** Ghost accepts `tags.slug:x` and `authors.slug:x` as well as `tag:x` and `author:x`. */
function fieldName(field: string): string {
  return field.replace(/^(tags|authors|primary_tag|primary_author)\.slug$/, '$1');
}

function parseInstant(value: string): string {
  // Ghost writes times as 'YYYY-MM-DD HH:MM:SS' (UTC); ISO 8601 and a bare date work too.
  const normalised = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const date = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(normalised) ? new Date(normalised) : null;
  if (!date || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1000 || date.getUTCFullYear() > 9999)
    throw new FilterError(`published_at needs a date such as '2026-11-28' or '2026-11-28 09:30:00', not "${value}".`);
  return date.toISOString();
}

function leaf(comparison: Extract<FilterNode, { kind: 'compare' }>, taxonomy: ContentTaxonomy): PostCondition {
  const field = fieldName(comparison.field);
  const { values, operator } = comparison;
  if (!(POST_FILTER_FIELDS as readonly string[]).includes(field))
    throw new FilterError(`Posts cannot be filtered by "${comparison.field}"; use one of: ${POST_FILTER_FIELDS.join(', ')}.`);
  if (operator !== '=' && field !== 'published_at') throw new FilterError(`Only published_at can be compared with < or >.`);
  switch (field) {
    case 'tag':
    case 'tags':
    case 'primary_tag': {
      const sections = taxonomy.sections.filter((section) => values.includes(sectionTagSlug(section.path))).map((section) => section.id);
      const topics = field === 'primary_tag' ? [] : taxonomy.topics.filter((topic) => values.includes(topic.slug)).map((topic) => topic.id);
      const children: PostCondition[] = [];
      if (sections.length) children.push({ kind: 'sections', ids: sections });
      if (topics.length) children.push({ kind: 'topics', ids: topics });
      return children.length === 0 ? { kind: 'nothing' } : children.length === 1 ? children[0]! : { kind: 'or', children };
    }
    case 'author':
    case 'authors':
    case 'primary_author': {
      const ids = taxonomy.authors.filter((author) => values.includes(author.slug)).map((author) => author.id);
      return ids.length ? { kind: 'authors', ids, primaryOnly: field === 'primary_author' } : { kind: 'nothing' };
    }
    case 'featured': {
      if (values.length !== 1 || !['true', 'false'].includes(values[0]!)) throw new FilterError('featured is true or false.');
      return { kind: 'featured', featured: values[0] === 'true' };
    }
    case 'published_at': {
      if (values.length !== 1) throw new FilterError('published_at compares with one date, not a list.');
      return { kind: 'published-at', operator, at: parseInstant(values[0]!) };
    }
    case 'visibility': {
      const levels = values.map((value) => {
        const level = LEVEL_OF_VISIBILITY.get(value);
        if (!level) throw new FilterError(`visibility is public, members or paid, not "${value}".`);
        return level;
      });
      return { kind: 'access', levels };
    }
    case 'id': {
      const ids = values.filter((value) => /^[1-9]\d{0,8}$/.test(value)).map(Number);
      return ids.length ? { kind: 'ids', ids } : { kind: 'nothing' };
    }
    default:
      return { kind: 'slugs', slugs: values };
  }
}

function condition(node: FilterNode, taxonomy: ContentTaxonomy): PostCondition {
  if (node.kind !== 'compare') return { kind: node.kind, children: node.children.map((child) => condition(child, taxonomy)) };
  const positive = leaf(node, taxonomy);
  return node.negated ? { kind: 'not', child: positive } : positive;
}

/** The filter's meaning for posts, or a FilterError naming what is not allowed. */
export function postConditionOf(node: FilterNode, taxonomy: ContentTaxonomy): PostCondition {
  return condition(node, taxonomy);
}

/**
 * Whether a record (a tag or author as the API shows it) passes a filter over
 * the given text fields: equality, negation and lists only.
 */
export function recordMatches(node: FilterNode, record: Record<string, string>, fields: readonly string[]): boolean {
  if (node.kind !== 'compare')
    return node.kind === 'and'
      ? node.children.every((child) => recordMatches(child, record, fields))
      : node.children.some((child) => recordMatches(child, record, fields));
  const matched = node.values.includes(record[node.field] ?? '');
  return node.negated ? !matched : matched;
}

/** Checks a filter over tags or authors before it is applied. */
export function checkRecordFilter(node: FilterNode, fields: readonly string[], resource: string): void {
  for (const comparison of comparisonsIn(node)) {
    if (!fields.includes(comparison.field))
      throw new FilterError(`${resource} cannot be filtered by "${comparison.field}"; use one of: ${fields.join(', ')}.`);
    if (comparison.operator !== '=') throw new FilterError(`${resource} filters compare with ":" only, not < or >.`);
  }
}
