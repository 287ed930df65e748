// Test rows written straight into the tables, for the comments, community and
// moderation tests alike (posting through the comments service is tested on
// its own): readers, their standing and follows, articles, comments with
// their thread path, reports and banned words. Original fixture text.
import type { DbOrTransaction } from '../../../core/db/database.js';
import type { AccessLevel, ArticleStatus, BannedWordAction, CommentStatus, Role } from '../../../core/db/schema.js';
import { pathSegment } from '../comments.repository.js';

/** The fixed "now" of these tests' clocks: fixture times are told relative to it. */
export const COMMENTS_NOW = new Date('2026-03-10T12:00:00.000Z');
const MINUTE = 60_000;

/** An ISO time `minutes` before COMMENTS_NOW (after it, for a negative number). */
export const minutesAgo = (minutes: number) => new Date(COMMENTS_NOW.getTime() - minutes * MINUTE).toISOString();

let sequence = 0;

export interface ReaderOptions {
  firstName?: string;
  lastName?: string;
  role?: Role;
  isVerified?: boolean;
  createdAt?: string;
}

export async function insertReader(db: DbOrTransaction, options: ReaderOptions = {}): Promise<{ id: number; email: string }> {
  sequence++;
  const email = `reader-${sequence}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const createdAt = options.createdAt ?? '2025-11-04T09:30:00.000Z';
  const row = await db
    .insertInto('users')
    .values({
      email,
      email_verified_at: options.isVerified === false ? null : createdAt,
      password_hash: null,
      first_name: options.firstName ?? 'Marisol',
      last_name: options.lastName ?? `Quayside${sequence}`,
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

export async function deleteReader(db: DbOrTransaction, userId: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ deleted_at: minutesAgo(1), email: `deleted-${userId}@invalid`, first_name: 'Deleted', last_name: 'reader' })
    .where('id', '=', userId)
    .execute();
}

export async function banReader(db: DbOrTransaction, userId: number): Promise<void> {
  await db
    .insertInto('reader_moderation')
    .values({ user_id: userId, banned_at: minutesAgo(1), reason: 'fixture ban', updated_at: minutesAgo(1) })
    .execute();
}

export async function suspendReader(db: DbOrTransaction, userId: number, until: string): Promise<void> {
  await db
    .insertInto('reader_moderation')
    .values({ user_id: userId, suspended_until: until, reason: 'fixture suspension', updated_at: minutesAgo(1) })
    .execute();
}

export async function insertFollow(db: DbOrTransaction, followerId: number, followeeId: number, createdAt = minutesAgo(60)): Promise<void> {
  await db.insertInto('follows').values({ follower_id: followerId, followee_id: followeeId, created_at: createdAt }).execute();
}

export interface ArticleOptions {
  sectionPath?: string;
  headline?: string;
  accessLevel?: AccessLevel;
  status?: ArticleStatus;
  publishedAt?: string;
}

export async function insertArticle(
  db: DbOrTransaction,
  options: ArticleOptions = {},
): Promise<{ id: number; slug: string; publishedAt: string; sectionPath: string }> {
  sequence++;
  const sectionPath = options.sectionPath ?? 'world';
  let section = await db.selectFrom('sections').where('path', '=', sectionPath).select('id').executeTakeFirst();
  if (!section) {
    const slug = sectionPath.split('/').at(-1)!;
    section = await db
      .insertInto('sections')
      .values({ slug, path: sectionPath, name: slug[0]!.toUpperCase() + slug.slice(1), parent_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  const slug = `tide-tables-${sequence}`;
  const publishedAt = options.publishedAt ?? minutesAgo(24 * 60);
  const row = await db
    .insertInto('articles')
    .values({
      slug,
      section_id: section.id,
      headline: options.headline ?? `Tide tables reprinted for the ${sequence}th time`,
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
  isFeatured?: boolean;
}

/** A comment as the comments feature stores one: path of zero-padded ids, root_id the top-level comment. */
export async function insertComment(db: DbOrTransaction, options: CommentOptions): Promise<number> {
  const parent = options.parentId
    ? await db.selectFrom('comments').where('id', '=', options.parentId).select(['path', 'root_id', 'depth']).executeTakeFirstOrThrow()
    : null;
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
      is_featured: options.isFeatured ? 1 : 0,
      created_at: options.createdAt ?? minutesAgo(10),
      edited_at: null,
      deleted_at: options.status === 'deleted' ? minutesAgo(5) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('comments')
    .set({ path: parent ? `${parent.path}/${pathSegment(row.id)}` : pathSegment(row.id), root_id: parent ? parent.root_id : row.id })
    .where('id', '=', row.id)
    .execute();
  return row.id;
}

export async function insertReport(
  db: DbOrTransaction,
  report: { commentId: number; reporterId: number; reason: string; createdAt?: string },
): Promise<void> {
  await db
    .insertInto('comment_reports')
    .values({
      comment_id: report.commentId,
      reporter_id: report.reporterId,
      reason: report.reason,
      created_at: report.createdAt ?? minutesAgo(5),
      resolved_at: null,
      resolved_by: null,
    })
    .execute();
}

/** A phrase on the moderation list, as another node (or a seed) writes it: a running policy sees it once its cached list expires. */
export async function insertBannedWord(
  db: DbOrTransaction,
  phrase: string,
  action: BannedWordAction,
  createdBy: number | null = null,
): Promise<void> {
  await db
    .insertInto('banned_words')
    .values({ phrase, action, created_at: minutesAgo(60), created_by: createdBy })
    .execute();
}
