// Test support: readers, articles, comments and follows written straight to
// the database (the comments feature's posting is tested on its own), with
// original fixture text.
import type { Db, DbOrTransaction } from '../../../core/db/database.js';
import type { AccessLevel, ArticleStatus, CommentStatus, Role } from '../../../core/db/schema.js';

export const COMMUNITY_NOW = new Date('2026-03-10T12:00:00.000Z');
const MINUTE = 60_000;

/** An ISO time `minutes` before COMMUNITY_NOW. */
export const minutesAgo = (minutes: number) => new Date(COMMUNITY_NOW.getTime() - minutes * MINUTE).toISOString();

let readerCount = 0;

export interface ReaderOptions {
  firstName?: string;
  lastName?: string;
  role?: Role;
  isVerified?: boolean;
  createdAt?: string;
}

export async function createReader(db: Db, options: ReaderOptions = {}): Promise<{ id: number; email: string }> {
  readerCount++;
  const email = `community-reader-${readerCount}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const createdAt = options.createdAt ?? '2025-11-04T09:30:00.000Z';
  const row = await db
    .insertInto('users')
    .values({
      email,
      email_verified_at: options.isVerified === false ? null : createdAt,
      password_hash: null,
      first_name: options.firstName ?? 'Marisol',
      last_name: options.lastName ?? `Quayside${readerCount}`,
      date_of_birth: '1988-02-14',
      role: options.role ?? 'reader',
      created_at: createdAt,
      updated_at: createdAt,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email };
}

export async function deleteReader(db: Db, userId: number): Promise<void> {
  await db.updateTable('users').set({ deleted_at: minutesAgo(1), email: `deleted-${userId}@invalid`, first_name: 'Deleted', last_name: 'reader' }).where('id', '=', userId).execute();
}

export async function banReader(db: Db, userId: number): Promise<void> {
  await db.insertInto('reader_moderation').values({ user_id: userId, banned_at: minutesAgo(1), reason: 'fixture ban', updated_at: minutesAgo(1) }).execute();
}

export async function suspendReader(db: Db, userId: number, until: string): Promise<void> {
  await db.insertInto('reader_moderation').values({ user_id: userId, suspended_until: until, reason: 'fixture suspension', updated_at: minutesAgo(1) }).execute();
}

let articleCount = 0;

export interface ArticleOptions {
  sectionPath?: string;
  headline?: string;
  accessLevel?: AccessLevel;
  status?: ArticleStatus;
  publishedAt?: string;
}

export async function createArticle(db: Db, options: ArticleOptions = {}): Promise<{ id: number; slug: string; publishedAt: string; sectionPath: string }> {
  articleCount++;
  const sectionPath = options.sectionPath ?? 'world';
  let section = await db.selectFrom('sections').where('path', '=', sectionPath).select('id').executeTakeFirst();
  if (!section) {
    const slug = sectionPath.split('/').at(-1)!;
    section = await db.insertInto('sections').values({ slug, path: sectionPath, name: slug[0]!.toUpperCase() + slug.slice(1), parent_id: null }).returning('id').executeTakeFirstOrThrow();
  }
  const slug = `tide-tables-${articleCount}`;
  const publishedAt = options.publishedAt ?? minutesAgo(24 * 60);
  const row = await db
    .insertInto('articles')
    .values({
      slug,
      section_id: section.id,
      headline: options.headline ?? `Tide tables reprinted for the ${articleCount}th time`,
      body_json: JSON.stringify({ type: 'doc', content: [] }),
      hero_image_id: null,
      access_level: options.accessLevel ?? 'free',
      status: options.status ?? 'published',
      published_at: publishedAt,
      updated_at: null,
      modified_at: publishedAt,
      created_at: publishedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, slug, publishedAt, sectionPath };
}

export interface CommentOptions {
  articleId: number;
  authorId: number;
  body?: string;
  parentId?: number | null;
  status?: CommentStatus;
  createdAt?: string;
}

const pad = (id: number) => String(id).padStart(10, '0');

/** A comment as the comments feature stores one: path of zero-padded ids, root_id the top-level comment. */
export async function addComment(db: DbOrTransaction, options: CommentOptions): Promise<number> {
  const parent = options.parentId ? await db.selectFrom('comments').where('id', '=', options.parentId).select(['path', 'root_id', 'depth']).executeTakeFirstOrThrow() : null;
  const row = await db
    .insertInto('comments')
    .values({
      article_id: options.articleId,
      author_id: options.authorId,
      parent_id: options.parentId ?? null,
      root_id: null,
      depth: parent ? parent.depth + 1 : 0,
      path: 'pending',
      body: options.body ?? 'The harbour master says the new timetable is kinder to the night ferry.',
      status: options.status ?? 'published',
      status_reason: null,
      created_at: options.createdAt ?? minutesAgo(10),
      edited_at: null,
      deleted_at: options.status === 'deleted' ? minutesAgo(5) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('comments')
    .set({ path: parent ? `${parent.path}/${pad(row.id)}` : pad(row.id), root_id: parent ? parent.root_id : row.id })
    .where('id', '=', row.id)
    .execute();
  return row.id;
}

export async function follow(db: Db, followerId: number, followeeId: number, createdAt = minutesAgo(60)): Promise<void> {
  await db.insertInto('follows').values({ follower_id: followerId, followee_id: followeeId, created_at: createdAt }).execute();
}

/** What community writes can change: a refused request must leave all of it as it was. */
export async function communitySnapshot(db: Db) {
  return {
    follows: await db.selectFrom('follows').selectAll().orderBy('follower_id').orderBy('followee_id').execute(),
    notifications: await db.selectFrom('notifications').selectAll().orderBy('id').execute(),
    preferences: await db.selectFrom('notification_preferences').selectAll().orderBy('user_id').execute(),
    emails: await db.selectFrom('email_outbox').select(['id', 'recipient']).orderBy('id').execute(),
  };
}
