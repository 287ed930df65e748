// Listings as walks of an index (migration 0012): the newest readable
// articles of the site, a section, a topic or an author, from a position
// (listing-cursor.ts), without counting anything or skipping rows. Each walk
// reads one table and returns (published_at, id) keys; the cards of the few
// articles shown are then read by id. So a page reads about as many index
// entries as it shows, at any depth and any archive size.
import type { SelectQueryBuilder } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import { isPublishedAndDue } from './article-publication.js';
import { readCards } from './articles.queries.js';
import type { ArticleCard } from './articles.types.js';
import type { ListingCursor, ListingPage, ListingPosition } from './listing-cursor.js';

/** Which articles a listing walks. A section's page walks its own and its subsections' (their ids). */
export type ListingWalkScope =
  | { kind: 'site'; excludeIds?: readonly number[] }
  | { kind: 'sections'; sectionIds: readonly number[] }
  | { kind: 'topic'; topicId: number }
  | { kind: 'author'; authorId: number };

export type WalkDirection = 'older' | 'newer';

export interface WalkOptions {
  now: string;
  direction: WalkDirection;
  /** Start strictly after this position (in the walk's direction); from the newest when absent. */
  from?: ListingCursor;
  limit: number;
  excludeIds?: readonly number[];
  /**
   * The instant "published and due" is applied at, when the caller chose it
   * (a prepared query must not branch on values); `dueAt` below otherwise.
   */
  dueAt?: string;
}

const byNewest = (a: ListingCursor, b: ListingCursor) =>
  a.publishedAt === b.publishedAt ? b.id - a.id : a.publishedAt < b.publishedAt ? 1 : -1;

/**
 * The instant the walk applies "published and due" at. Walking older from a
 * position, that is the position's time when it is earlier than now: the
 * same rule, never showing more, and then the position is the only upper
 * bound on published_at, so both engines start the index walk there. With
 * `now` as a second bound SQLite started at now and read every entry down to
 * the position (a deep page read as many entries as the pages above it).
 */
function dueAt(options: WalkOptions): string {
  if (options.dueAt !== undefined) return options.dueAt;
  const { from, direction, now } = options;
  return from && direction === 'older' && from.publishedAt < now ? from.publishedAt : now;
}

/** One walk of `articles` (all of it, or one section), newest first or oldest first. */
export function walkArticles(db: Db, options: WalkOptions, sectionId?: number) {
  const older = options.direction === 'older';
  const order = older ? 'desc' : 'asc';
  const { from, excludeIds } = options;
  return db
    .selectFrom('articles')
    .where(isPublishedAndDue(dueAt(options)))
    .$if(sectionId !== undefined, (query) => query.where('articles.section_id', '=', sectionId!))
    .$if(from !== undefined, (query) =>
      query.where((eb) =>
        eb(eb.refTuple('articles.published_at', 'articles.id'), older ? '<' : '>', eb.tuple(from!.publishedAt, from!.id)),
      ),
    )
    .$if(excludeIds !== undefined && excludeIds.length > 0, (query) => query.where('articles.id', 'not in', excludeIds!))
    .select(['articles.id', 'articles.published_at'])
    .orderBy('articles.published_at', order)
    .orderBy('articles.id', order)
    .limit(options.limit);
}

/**
 * One walk of a topic's or author's links, over their copies of each
 * article's status and publication time (migration 0012). The two link
 * tables share these columns; only the subject's column differs.
 */
export function walkLinks(db: Db, link: { kind: 'topic'; topicId: number } | { kind: 'author'; authorId: number }, options: WalkOptions) {
  const older = options.direction === 'older';
  const order = older ? 'desc' : 'asc';
  const { from, excludeIds } = options;
  const links =
    link.kind === 'topic'
      ? db.selectFrom('article_topics as link').where('link.topic_id', '=', link.topicId)
      : (db.selectFrom('article_authors as link').where('link.author_id', '=', link.authorId) as unknown as TopicLinks);
  return links
    .where(isPublishedAndDue(dueAt(options), 'link'))
    .$if(from !== undefined, (query) =>
      query.where((eb) =>
        eb(eb.refTuple('link.published_at', 'link.article_id'), older ? '<' : '>', eb.tuple(from!.publishedAt, from!.id)),
      ),
    )
    .$if(excludeIds !== undefined && excludeIds.length > 0, (query) => query.where('link.article_id', 'not in', excludeIds!))
    .select(['link.article_id as id', 'link.published_at'])
    .orderBy('link.published_at', order)
    .orderBy('link.article_id', order)
    .limit(options.limit);
}

type TopicLinks = SelectQueryBuilder<Database & { link: Database['article_topics'] }, 'link', object>;

/**
 * Up to `limit` keys of the scope's readable articles, in the walk's order
 * (newest first when walking older). A section with subsections walks each
 * section's index in one statement and merges the few rows each returns.
 */
export async function walkListing(db: Db, scope: ListingWalkScope, options: WalkOptions): Promise<ListingCursor[]> {
  let rows: { id: number; published_at: string | null }[];
  switch (scope.kind) {
    case 'site':
      rows = await walkArticles(db, { ...options, excludeIds: [...(scope.excludeIds ?? []), ...(options.excludeIds ?? [])] }).execute();
      break;
    case 'sections': {
      const [first, ...others] = scope.sectionIds.map((sectionId) =>
        db.selectFrom(walkArticles(db, options, sectionId).as('walk')).select(['walk.id', 'walk.published_at']),
      );
      if (!first) return [];
      rows = await others.reduce((union, walk) => union.unionAll(walk), first).execute();
      break;
    }
    case 'topic':
    case 'author':
      rows = await walkLinks(db, scope, options).execute();
      break;
  }
  const keys = rows.map((row) => ({ id: row.id, publishedAt: row.published_at! }));
  keys.sort(options.direction === 'older' ? byNewest : (a, b) => byNewest(b, a));
  return keys.slice(0, options.limit);
}

/** The cards of these articles in this order (any no longer readable left out). */
async function cardsInOrder(db: Db, keys: ListingCursor[], now: string): Promise<ArticleCard[]> {
  const cards = new Map(
    (
      await readCards(
        db,
        keys.map((key) => key.id),
        now,
      )
    ).map((card) => [card.id, card]),
  );
  return keys.flatMap((key) => cards.get(key.id) ?? []);
}

export type ListingPageResult = { kind: 'page'; page: ListingPage<ArticleCard> } | { kind: 'reached-newest' } | { kind: 'not-found' };

const keyOf = (card: ArticleCard): ListingCursor => ({ publishedAt: card.publishedAt, id: card.id });

/** Whether a cursor names a readable article (links only ever carry those; anything else names no page). */
async function isReadablePosition(db: Db, cursor: ListingCursor, now: string): Promise<boolean> {
  const row = await db
    .selectFrom('articles')
    .where('articles.id', '=', cursor.id)
    .where('articles.published_at', '=', cursor.publishedAt)
    .where(isPublishedAndDue(now))
    .select('articles.id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * One page of a listing at a position. The newest page and "before" pages
 * walk older and read one row more than they show, to know whether an older
 * page exists. An "after" page walks newer; when fewer than a page's worth of
 * newer stories remain it is the newest page, and the caller sends the reader
 * there (`reached-newest`).
 */
export async function readListingPage(
  db: Db,
  scope: ListingWalkScope,
  options: { now: string; position: ListingPosition; pageSize: number },
): Promise<ListingPageResult> {
  const { now, position, pageSize } = options;
  if (position.kind !== 'newest' && !(await isReadablePosition(db, position.cursor, now))) return { kind: 'not-found' };
  if (position.kind === 'after') {
    const newer = await walkListing(db, scope, { now, direction: 'newer', from: position.cursor, limit: pageSize + 1 });
    if (newer.length <= pageSize) return { kind: 'reached-newest' };
    const items = await cardsInOrder(db, newer.slice(0, pageSize).reverse(), now);
    return {
      kind: 'page',
      page: {
        items,
        position,
        newer: items[0] ? { kind: 'after', cursor: keyOf(items[0]) } : null,
        older: items.length ? { kind: 'before', cursor: keyOf(items.at(-1)!) } : null,
      },
    };
  }
  const from = position.kind === 'before' ? position.cursor : undefined;
  const keys = await walkListing(db, scope, { now, direction: 'older', from, limit: pageSize + 1 });
  if (position.kind === 'before' && keys.length === 0) return { kind: 'not-found' };
  const items = await cardsInOrder(db, keys.slice(0, pageSize), now);
  return {
    kind: 'page',
    page: {
      items,
      position,
      newer: position.kind === 'before' && items[0] ? { kind: 'after', cursor: keyOf(items[0]) } : null,
      older: keys.length > pageSize && items.length ? { kind: 'before', cursor: keyOf(items.at(-1)!) } : null,
    },
  };
}
