// The query options every Content API resource reads (`limit`, `page`,
// `order`, `include`, `fields`, `formats`, `filter`), checked in one place and
// turned into a canonical form, which is also the response's cache key (so
// `?limit=5&page=1` and `?page=1&limit=5` share one entry). Parameters the API
// does not know are ignored, as Ghost does (the official client sends `slug`
// again as a parameter when reading by slug). A parameter given twice, or a
// value out of range, is a `ContentApiInputError`: a 400 in Ghost's shape.
import { FilterError, parseFilter, type FilterNode } from './content-filter.js';
import { COUNT_CAP } from './content-api.queries.js';

export class ContentApiInputError extends Error {
  constructor(
    message: string,
    readonly context: string | null = null,
  ) {
    super(message);
    this.name = 'ContentApiInputError';
  }
}

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 15;

export interface ResourceRules {
  /** Fields `fields=` may name (the resource's own keys). */
  fields: readonly string[];
  /** Relations `include=` may name. */
  includes: readonly string[];
  /** Fields `order=` may sort by, the first being the default with `defaultDirection`. */
  orderFields: readonly string[];
  defaultDirection: 'asc' | 'desc';
  /** Whether `formats=` applies (posts and pages). */
  hasFormats: boolean;
}

export interface ContentOptions {
  limit: number;
  page: number;
  order: { field: string; direction: 'asc' | 'desc' };
  include: string[];
  fields: string[] | null;
  formats: ('html' | 'plaintext')[];
  filter: FilterNode | null;
}

const FORMATS = ['html', 'plaintext'] as const;

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ContentApiInputError(`Give the ${name} parameter once.`, `${name} was sent more than once.`);
  if (value.includes('\u0000')) throw new ContentApiInputError(`The ${name} parameter cannot contain a NUL character.`);
  return value;
}

function list(value: string | undefined): string[] {
  return value === undefined
    ? []
    : value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
}

function whole(name: string, value: string, min: number): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < min)
    throw new ContentApiInputError(`${name} must be a whole number from ${min}.`, `${name}=${value.slice(0, 40)}`);
  return Number(value);
}

function readOrder(value: string | undefined, rules: ResourceRules): ContentOptions['order'] {
  if (value === undefined || !value.trim()) return { field: rules.orderFields[0]!, direction: rules.defaultDirection };
  const match = /^\s*([a-z_]+)(?:\s+(asc|desc))?\s*$/i.exec(value);
  const field = match?.[1]?.toLowerCase();
  if (!field || !rules.orderFields.includes(field))
    throw new ContentApiInputError(
      `order must be one of ${rules.orderFields.map((name) => `"${name} asc|desc"`).join(', ')}.`,
      `order=${value.slice(0, 60)}`,
    );
  return { field, direction: (match?.[2]?.toLowerCase() as 'asc' | 'desc' | undefined) ?? 'asc' };
}

/**
 * The options of a request, checked against a resource's rules. `limit=all`
 * and limits over 100 are clamped to 100 (decision 021): front-ends written
 * for Ghost ask for `all` tags or authors, and the pagination tells them
 * there is more. A page deeper than COUNT_CAP posts is refused: past it, walk
 * on with `filter=published_at:<'…'` from the last post seen.
 */
export function readContentOptions(query: Record<string, unknown>, rules: ResourceRules): ContentOptions {
  const limitText = single(query, 'limit');
  const limit =
    limitText === undefined ? DEFAULT_LIMIT : limitText === 'all' ? MAX_LIMIT : Math.min(whole('limit', limitText, 1), MAX_LIMIT);
  const pageText = single(query, 'page');
  const page = pageText === undefined ? 1 : whole('page', pageText, 1);
  if ((page - 1) * limit >= COUNT_CAP)
    throw new ContentApiInputError(
      `Pages reach the first ${COUNT_CAP} items; to go further back, filter by date: filter=published_at:<'<the last published_at you have>'.`,
      `page=${page}`,
    );
  const include = list(single(query, 'include'));
  for (const name of include)
    if (!rules.includes.includes(name))
      throw new ContentApiInputError(
        rules.includes.length ? `include takes ${rules.includes.join(', ')}.` : 'This resource has nothing to include.',
        `include=${name.slice(0, 40)}`,
      );
  const fieldsList = list(single(query, 'fields'));
  for (const name of fieldsList)
    if (!rules.fields.includes(name))
      throw new ContentApiInputError(`Unknown field "${name.slice(0, 40)}" in fields.`, `fields=${name.slice(0, 40)}`);
  const formatsList = list(single(query, 'formats'));
  for (const name of formatsList)
    if (!(FORMATS as readonly string[]).includes(name) || !rules.hasFormats)
      throw new ContentApiInputError(
        rules.hasFormats ? 'formats takes html and plaintext.' : 'This resource has no formats.',
        `formats=${name.slice(0, 40)}`,
      );
  const filterText = single(query, 'filter');
  let filter: FilterNode | null = null;
  if (filterText !== undefined) {
    try {
      filter = parseFilter(filterText);
    } catch (error) {
      if (error instanceof FilterError) throw new ContentApiInputError(error.message, 'filter');
      throw error;
    }
  }
  return {
    limit,
    page,
    order: readOrder(single(query, 'order'), rules),
    include: [...new Set(include)].sort(),
    fields: fieldsList.length ? [...new Set(fieldsList)].sort() : null,
    formats: formatsList.length ? ([...new Set(formatsList)].sort() as ContentOptions['formats']) : ['html'],
    filter,
  };
}
