// Where a listing page starts: at the newest story, or just before or after
// one story, named by its publication time and id (a keyset position). A page
// is a short walk of an index from there, so page 1,000 costs what page 1
// costs (docs/decisions/011-archive-scale-queries.md).
//
// In the address: `?before=2026-03-10T11:00:00.000Z_123` ("Older stories")
// and `?after=…` ("Newer stories"). The time is the stored text exactly as
// every timestamp is stored (toISOString, docs/decisions/003), so comparing
// it in SQL compares the same text.
import { z } from 'zod';
import { MAX_ID, inputs } from '../../core/http/route-input.js';

export interface ListingCursor {
  publishedAt: string;
  id: number;
}

export type ListingPosition = { kind: 'newest' } | { kind: 'before'; cursor: ListingCursor } | { kind: 'after'; cursor: ListingCursor };

/** One page of a listing: what it shows, where it starts, and where its links lead. */
export interface ListingPage<T> {
  items: T[];
  position: ListingPosition;
  /** Where "Older stories" leads, or null when nothing older is readable. */
  older: ListingPosition | null;
  /** Where "Newer stories" leads, or null on the newest page. */
  newer: ListingPosition | null;
}

const CURSOR_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([1-9][0-9]{0,9})$/;

export function formatListingCursor(cursor: ListingCursor): string {
  return `${cursor.publishedAt}_${cursor.id}`;
}

/** The cursor a link carries, or undefined for anything else (a time that is no real instant, an id past the column). */
export function parseListingCursor(value: string): ListingCursor | undefined {
  const match = CURSOR_PATTERN.exec(value);
  if (!match) return undefined;
  const [, publishedAt, id] = match;
  const time = Date.parse(publishedAt!);
  // 2026-02-30 parses in some engines by rolling over: only a time that prints back as itself is one.
  if (Number.isNaN(time) || new Date(time).toISOString() !== publishedAt) return undefined;
  const number = Number(id);
  return number <= MAX_ID ? { publishedAt: publishedAt!, id: number } : undefined;
}

const cursorInput = () =>
  z.string().transform((value, context) => {
    const cursor = parseListingCursor(value);
    if (!cursor) {
      context.addIssue({ code: 'custom', message: 'is not a position in this list' });
      return z.NEVER;
    }
    return cursor;
  });

/**
 * A listing's query string: `before` or `after` (not both), and the old
 * `?page=N` links, still read (page 1 is the newest page; a later page number
 * is sent to the listing's first page, as numbered pages are gone).
 */
export const listingQuery = z
  .object({ page: inputs.page(), before: cursorInput().optional(), after: cursorInput().optional() })
  .refine((query) => !(query.before && query.after), 'a list is read either before or after a story, not both');

export type ListingQuery = z.output<typeof listingQuery>;

/** Where the query asks the listing to start, or `numbered-page` for an old `?page=N` link past the first. */
export function listingPositionOf(query: ListingQuery): ListingPosition | { kind: 'numbered-page' } {
  if (query.before) return { kind: 'before', cursor: query.before };
  if (query.after) return { kind: 'after', cursor: query.after };
  return query.page > 1 ? { kind: 'numbered-page' } : { kind: 'newest' };
}

/** The position as part of a page-cache key. */
export function positionKey(position: ListingPosition): string {
  return position.kind === 'newest' ? 'newest' : `${position.kind}:${formatListingCursor(position.cursor)}`;
}

/** The address of a listing page at a position. */
export function listingHref(basePath: string, position: ListingPosition): string {
  return position.kind === 'newest' ? basePath : `${basePath}?${position.kind}=${formatListingCursor(position.cursor)}`;
}
