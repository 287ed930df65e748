// Read-models for the community pages. Every listing of comments goes through
// `visibleComments`: published comments, under articles that are published
// now, by readers whose accounts exist and who are not banned. Each page is a
// single query (plus one for its reader), ordered newest first and paged by
// offset with one extra row to know whether there is a next page.
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { AccessLevel, Role } from '../../core/db/schema.js';
import { isPublishedAndDue } from '../articles/article-publication.js';

export const PAGE_SIZE = 20;

export interface PageRequest {
  page: number;
  pageSize?: number;
}

function window(request: PageRequest) {
  const size = request.pageSize ?? PAGE_SIZE;
  return { limit: size + 1, offset: (request.page - 1) * size, size };
}

export function pageOf<T>(rows: T[], request: PageRequest) {
  const { size } = window(request);
  return { rows: rows.slice(0, size), page: request.page, hasNext: rows.length > size };
}

export interface CommentRow {
  id: number;
  body: string;
  created_at: string;
  parent_id: number | null;
  author_id: number;
  author_first_name: string;
  author_last_name: string;
  author_role: Role;
  headline: string;
  slug: string;
  published_at: string | null;
  access_level: AccessLevel;
  section_path: string;
}

/**
 * `isStatusIndexUsable: false` (the default) writes the status test as
 * `status || ''`, which keeps both planners off comments_status_created_idx:
 * walking every published comment newest first to find one reader's few is
 * the slow plan for listings narrowed by author or parent. A listing ordered
 * by something else (notifications) passes true: PostgreSQL has no statistics
 * for the expression and then guesses 0.5% of comments are published, and
 * drives the whole query from comments (measured: bench/community-feeds.ts).
 */
function visibleComments(db: Db, now: string, options: { isStatusIndexUsable?: boolean } = {}) {
  return (
    db
      .selectFrom('comments as c')
      .innerJoin('users as author', 'author.id', 'c.author_id')
      .innerJoin('articles as a', 'a.id', 'c.article_id')
      .innerJoin('sections as s', 's.id', 'a.section_id')
      .where(options.isStatusIndexUsable ? sql<string>`c.status` : sql<string>`c.status || ''`, '=', 'published')
      .where('author.deleted_at', 'is', null)
      // NOT EXISTS, not a LEFT JOIN … IS NULL: PostgreSQL estimated the join from the
      // share of NULL banned_at among reader_moderation rows, so with only bans there
      // it expected one row and chose nested loops over every comment (5–7 s).
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('reader_moderation as author_standing')
              .whereRef('author_standing.user_id', '=', 'c.author_id')
              .where('author_standing.banned_at', 'is not', null)
              .select('author_standing.user_id'),
          ),
        ),
      )
      .where(isPublishedAndDue(now, 'a'))
      .select([
        'c.id',
        'c.body',
        'c.created_at',
        'c.parent_id',
        'c.author_id',
        'author.first_name as author_first_name',
        'author.last_name as author_last_name',
        'author.role as author_role',
        'a.headline',
        'a.slug',
        'a.published_at',
        'a.access_level',
        's.path as section_path',
      ])
  );
}

/** A reader others may see: the account exists and is not banned. */
export async function findPublicReader(db: Db, readerId: number) {
  return db
    .selectFrom('users')
    .leftJoin('reader_moderation', 'reader_moderation.user_id', 'users.id')
    .where('users.id', '=', readerId)
    .where('users.deleted_at', 'is', null)
    .where('reader_moderation.banned_at', 'is', null)
    .select(['users.id', 'users.first_name', 'users.last_name', 'users.role', 'users.created_at'])
    .executeTakeFirst();
}

export async function countFollows(db: Db, readerId: number) {
  const count = (side: 'follower_id' | 'followee_id', other: 'follower_id' | 'followee_id') =>
    db
      .selectFrom('follows')
      .innerJoin('users', 'users.id', `follows.${other}`)
      .leftJoin('reader_moderation', 'reader_moderation.user_id', 'users.id')
      .where(`follows.${side}`, '=', readerId)
      .where('users.deleted_at', 'is', null)
      .where('reader_moderation.banned_at', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
  const [followers, following] = await Promise.all([count('followee_id', 'follower_id'), count('follower_id', 'followee_id')]);
  return { followers: Number(followers.count), following: Number(following.count) };
}

export async function isFollowing(db: Db, followerId: number, followeeId: number): Promise<boolean> {
  const row = await db
    .selectFrom('follows')
    .where('follower_id', '=', followerId)
    .where('followee_id', '=', followeeId)
    .select('created_at')
    .executeTakeFirst();
  return row !== undefined;
}

export async function listReaderComments(db: Db, options: PageRequest & { readerId: number; now: string }): Promise<CommentRow[]> {
  const { limit, offset } = window(options);
  return visibleComments(db, options.now)
    .where('c.author_id', '=', options.readerId)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Followers (`direction: 'followers'`) or followees of a reader, most recent follow first. */
export async function listFollowReaders(db: Db, options: PageRequest & { readerId: number; direction: 'followers' | 'following' }) {
  const { limit, offset } = window(options);
  const [side, other] =
    options.direction === 'followers' ? (['followee_id', 'follower_id'] as const) : (['follower_id', 'followee_id'] as const);
  return db
    .selectFrom('follows')
    .innerJoin('users', 'users.id', `follows.${other}`)
    .leftJoin('reader_moderation', 'reader_moderation.user_id', 'users.id')
    .where(`follows.${side}`, '=', options.readerId)
    .where('users.deleted_at', 'is', null)
    .where('reader_moderation.banned_at', 'is', null)
    .select(['users.id', 'users.first_name', 'users.last_name', 'users.role', 'follows.created_at'])
    .orderBy('follows.created_at', 'desc')
    .orderBy('users.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * The Following feed: comments by the readers `readerId` follows, and replies
 * to their comments, never the reader's own. Read from the feed fanned out on
 * write (`following_feed`, migration 0011: triggers add a comment for its
 * author's and its parent's author's followers when it is stored, a follow's
 * history when it is made, and take out an unfollow's), newest first by
 * (reader_id, created_at, comment_id), so a page walks only its own rows and
 * the invisible ones among them, however much the followees ever wrote. No
 * recursion: follow cycles cannot make it loop.
 */
export async function listFollowingFeed(db: Db, options: PageRequest & { readerId: number; now: string }) {
  const { limit, offset } = window(options);
  // The page first, in a subquery of its own (a LIMIT keeps PostgreSQL from
  // flattening it), then who each comment answers: planned as one join of
  // eight tables, PostgreSQL spent 130–160 ms choosing a plan that ran in 0.5 ms.
  const page = visibleComments(db, options.now, { isStatusIndexUsable: true })
    .innerJoin('following_feed as entry', 'entry.comment_id', 'c.id')
    .where('entry.reader_id', '=', options.readerId)
    .where('c.author_id', '<>', options.readerId)
    .orderBy('entry.created_at', 'desc')
    .orderBy('entry.comment_id', 'desc')
    .limit(limit)
    .offset(offset);
  return db
    .selectFrom(page.as('page'))
    .leftJoin('comments as parent', 'parent.id', 'page.parent_id')
    .leftJoin('users as parent_author', (join) =>
      join.onRef('parent_author.id', '=', 'parent.author_id').on('parent_author.deleted_at', 'is', null),
    )
    .selectAll('page')
    .select([
      'parent_author.id as parent_author_id',
      'parent_author.first_name as parent_first_name',
      'parent_author.last_name as parent_last_name',
      'parent_author.role as parent_role',
    ])
    .orderBy('page.created_at', 'desc')
    .orderBy('page.id', 'desc')
    .execute();
}

/** Published replies by others to `readerId`'s comments, with the comment each answers. */
export async function listRepliesToReader(db: Db, options: PageRequest & { readerId: number; now: string }) {
  const { limit, offset } = window(options);
  // Driven from the reader's own comments (author index) to their replies (parent index).
  const own = db.selectFrom('comments as own').where('own.author_id', '=', options.readerId).select('own.id');
  return visibleComments(db, options.now)
    .innerJoin('comments as parent', 'parent.id', 'c.parent_id')
    .where('c.parent_id', 'in', own)
    .where('c.author_id', '<>', options.readerId)
    .select(['parent.body as parent_body', 'parent.status as parent_status'])
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** A reader's notifications whose comment is still visible, newest first. */
export async function listNotifications(db: Db, options: PageRequest & { readerId: number; now: string }) {
  const { limit, offset } = window(options);
  // Walks notifications_user_created_idx (user_id, created_at, id) newest first and stops at the page.
  return visibleComments(db, options.now, { isStatusIndexUsable: true })
    .innerJoin('notifications as n', 'n.comment_id', 'c.id')
    .where('n.user_id', '=', options.readerId)
    .select(['n.id as notification_id', 'n.kind', 'n.read_at', 'n.created_at as notified_at'])
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}
