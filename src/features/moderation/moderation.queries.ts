// Read models for the moderation pages. Views receive these types, never
// rows: no reader's email address or password hash can reach a staff page by
// accident.
import type { Db } from '../../core/db/database.js';
import type { BannedWordAction, CommentStatus, Role } from '../../core/db/schema.js';
import { REPORT_REASONS, type AuthorStanding } from '../comments/comments.types.js';
import { standingFrom } from './moderation.policy.js';

export const QUEUE_PAGE_SIZE = 50;
export const LOG_PAGE_SIZE = 50;
/** Report reasons shown per comment (the count says how many there are). */
export const REASONS_SHOWN = 20;

export interface Page<T> {
  items: T[];
  page: number;
  hasNextPage: boolean;
}

export interface QueueComment {
  id: number;
  articleId: number;
  articleHeadline: string;
  authorId: number;
  authorName: string;
  /** Null for a comment its author deleted. */
  body: string | null;
  status: CommentStatus;
  statusReason: string | null;
  isFeatured: boolean;
  createdAt: string;
  openReports: { count: number; reasons: string[] };
}

function pageOf<T>(rows: T[], page: number, size: number): Page<T> {
  return { items: rows.slice(0, size), page, hasNextPage: rows.length > size };
}

/** A stored report reason ("spam", or "other: the reader's words") as staff read it: "Spam or advertising", "Something else: …". */
export function describeReportReason(stored: string): string {
  const colon = stored.indexOf(':');
  const code = (colon === -1 ? stored : stored.slice(0, colon)).trim();
  if (!Object.hasOwn(REPORT_REASONS, code)) return stored;
  const words = colon === -1 ? '' : stored.slice(colon + 1).trim();
  const label = REPORT_REASONS[code as keyof typeof REPORT_REASONS];
  return words ? `${label}: ${words}` : label;
}

const fullName = (row: { first_name: string; last_name: string }) => `${row.first_name} ${row.last_name}`.trim() || 'Former reader';

function baseCommentQuery(db: Db) {
  return db
    .selectFrom('comments')
    .innerJoin('articles', 'articles.id', 'comments.article_id')
    .innerJoin('users', 'users.id', 'comments.author_id')
    .select([
      'comments.id',
      'comments.article_id',
      'comments.author_id',
      'comments.body',
      'comments.status',
      'comments.status_reason',
      'comments.is_featured',
      'comments.created_at',
      'articles.headline',
      'users.first_name',
      'users.last_name',
    ]);
}

type CommentRow = Awaited<ReturnType<ReturnType<typeof baseCommentQuery>['execute']>>[number];

async function withOpenReports(db: Db, rows: CommentRow[]): Promise<QueueComment[]> {
  const ids = rows.map((row) => row.id);
  const reports = ids.length
    ? await db
        .selectFrom('comment_reports')
        .where('comment_id', 'in', ids)
        .where('resolved_at', 'is', null)
        .select(['comment_id', 'reason'])
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    : [];
  const byComment = new Map<number, { count: number; reasons: string[] }>();
  for (const report of reports) {
    const entry = byComment.get(report.comment_id) ?? { count: 0, reasons: [] };
    entry.count++;
    if (entry.reasons.length < REASONS_SHOWN) entry.reasons.push(describeReportReason(report.reason));
    byComment.set(report.comment_id, entry);
  }
  return rows.map((row) => ({
    id: row.id,
    articleId: row.article_id,
    articleHeadline: row.headline,
    authorId: row.author_id,
    authorName: fullName(row),
    body: row.status === 'deleted' ? null : row.body,
    status: row.status,
    statusReason: row.status_reason,
    isFeatured: row.is_featured === 1,
    createdAt: row.created_at,
    openReports: byComment.get(row.id) ?? { count: 0, reasons: [] },
  }));
}

/** Held comments, oldest first: the longest-waiting reader is answered first. */
export async function listPendingComments(db: Db, page: number): Promise<Page<QueueComment>> {
  const rows = await baseCommentQuery(db)
    .where('comments.status', '=', 'pending')
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .limit(QUEUE_PAGE_SIZE + 1)
    .offset((page - 1) * QUEUE_PAGE_SIZE)
    .execute();
  return pageOf(await withOpenReports(db, rows), page, QUEUE_PAGE_SIZE);
}

/** Comments with open reports, the longest-reported first. */
export async function listReportedComments(db: Db, page: number): Promise<Page<QueueComment>> {
  const reported = await db
    .selectFrom('comment_reports')
    .where('resolved_at', 'is', null)
    .groupBy('comment_id')
    .select((eb) => ['comment_id', eb.fn.min('created_at').as('first_reported_at')])
    .orderBy('first_reported_at')
    .orderBy('comment_id')
    .limit(QUEUE_PAGE_SIZE + 1)
    .offset((page - 1) * QUEUE_PAGE_SIZE)
    .execute();
  const ids = reported.map((row) => row.comment_id);
  const rows = ids.length ? await baseCommentQuery(db).where('comments.id', 'in', ids).execute() : [];
  const order = new Map(ids.map((id, index) => [id, index]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { ...pageOf(await withOpenReports(db, rows), page, QUEUE_PAGE_SIZE), hasNextPage: reported.length > QUEUE_PAGE_SIZE };
}

/** Every comment, newest first. */
export async function listRecentComments(db: Db, page: number): Promise<Page<QueueComment>> {
  const rows = await baseCommentQuery(db)
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(QUEUE_PAGE_SIZE + 1)
    .offset((page - 1) * QUEUE_PAGE_SIZE)
    .execute();
  return pageOf(await withOpenReports(db, rows), page, QUEUE_PAGE_SIZE);
}

export async function countQueues(db: Db): Promise<{ pending: number; reported: number }> {
  const pending = await db
    .selectFrom('comments')
    .where('status', '=', 'pending')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  const reported = await db
    .selectFrom('comment_reports')
    .where('resolved_at', 'is', null)
    .select((eb) => eb.fn.count<number>('comment_id').distinct().as('count'))
    .executeTakeFirstOrThrow();
  return { pending: Number(pending.count), reported: Number(reported.count) };
}

export interface ArticleModeration {
  id: number;
  headline: string;
  isCommentsOpen: boolean;
  isPremoderated: boolean;
  counts: Record<'published' | 'pending' | 'rejected', number>;
}

export async function findArticleModeration(db: Db, articleId: number): Promise<ArticleModeration | undefined> {
  const article = await db
    .selectFrom('articles')
    .leftJoin('article_comment_settings', 'article_comment_settings.article_id', 'articles.id')
    .where('articles.id', '=', articleId)
    .select(['articles.id', 'articles.headline', 'articles.comments_enabled', 'article_comment_settings.premoderated'])
    .executeTakeFirst();
  if (!article) return undefined;
  const counts = await db
    .selectFrom('comments')
    .where('article_id', '=', articleId)
    .groupBy('status')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .execute();
  const countOf = (status: CommentStatus) => Number(counts.find((row) => row.status === status)?.count ?? 0);
  return {
    id: article.id,
    headline: article.headline,
    isCommentsOpen: article.comments_enabled === 1,
    isPremoderated: article.premoderated === 1,
    counts: { published: countOf('published'), pending: countOf('pending'), rejected: countOf('rejected') },
  };
}

export interface ReaderModeration {
  id: number;
  name: string;
  role: Role;
  joinedAt: string;
  standing: AuthorStanding;
  isPremoderated: boolean;
  reason: string | null;
  publishedCount: number;
  recentComments: Page<QueueComment>;
}

export async function findReaderModeration(db: Db, userId: number, now: string): Promise<ReaderModeration | undefined> {
  const user = await db
    .selectFrom('users')
    .leftJoin('reader_moderation', 'reader_moderation.user_id', 'users.id')
    .where('users.id', '=', userId)
    .where('users.deleted_at', 'is', null)
    .select([
      'users.id',
      'users.first_name',
      'users.last_name',
      'users.role',
      'users.created_at',
      'reader_moderation.premoderated',
      'reader_moderation.suspended_until',
      'reader_moderation.banned_at',
      'reader_moderation.reason',
    ])
    .executeTakeFirst();
  if (!user) return undefined;
  const moderation =
    user.premoderated === null
      ? undefined
      : { premoderated: user.premoderated, suspended_until: user.suspended_until, banned_at: user.banned_at };
  const published = await db
    .selectFrom('comments')
    .where('author_id', '=', userId)
    .where('status', '=', 'published')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  const recent = await baseCommentQuery(db)
    .where('comments.author_id', '=', userId)
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(21)
    .execute();
  return {
    id: user.id,
    name: fullName(user),
    role: user.role,
    joinedAt: user.created_at,
    standing: standingFrom(moderation, now),
    isPremoderated: user.premoderated === 1,
    reason: user.reason,
    publishedCount: Number(published.count),
    recentComments: pageOf(await withOpenReports(db, recent), 1, 20),
  };
}

export interface BannedWordItem {
  id: number;
  phrase: string;
  action: BannedWordAction;
  createdAt: string;
}

export async function listBannedWordItems(db: Db): Promise<BannedWordItem[]> {
  const rows = await db.selectFrom('banned_words').select(['id', 'phrase', 'action', 'created_at']).orderBy('phrase').execute();
  return rows.map((row) => ({ id: row.id, phrase: row.phrase, action: row.action, createdAt: row.created_at }));
}

export interface LogItem {
  id: number;
  staffName: string;
  action: string;
  commentId: number | null;
  reader: { id: number; name: string } | null;
  article: { id: number; headline: string } | null;
  reason: string;
  createdAt: string;
}

/** The audit log, newest first. */
export async function listLogEntries(db: Db, page: number): Promise<Page<LogItem>> {
  const rows = await db
    .selectFrom('moderation_log')
    .innerJoin('users as staff', 'staff.id', 'moderation_log.staff_id')
    .leftJoin('users as reader', 'reader.id', 'moderation_log.user_id')
    .leftJoin('articles', 'articles.id', 'moderation_log.article_id')
    .select([
      'moderation_log.id',
      'moderation_log.action',
      'moderation_log.comment_id',
      'moderation_log.user_id',
      'moderation_log.article_id',
      'moderation_log.reason',
      'moderation_log.created_at',
      'staff.first_name as staff_first_name',
      'staff.last_name as staff_last_name',
      'reader.first_name as reader_first_name',
      'reader.last_name as reader_last_name',
      'articles.headline',
    ])
    .orderBy('moderation_log.id', 'desc')
    .limit(LOG_PAGE_SIZE + 1)
    .offset((page - 1) * LOG_PAGE_SIZE)
    .execute();
  const items = rows.map((row): LogItem => ({
    id: row.id,
    staffName: fullName({ first_name: row.staff_first_name, last_name: row.staff_last_name }),
    action: row.action,
    commentId: row.comment_id,
    reader:
      row.user_id === null
        ? null
        : { id: row.user_id, name: fullName({ first_name: row.reader_first_name ?? '', last_name: row.reader_last_name ?? '' }) },
    article: row.article_id === null || row.headline === null ? null : { id: row.article_id, headline: row.headline },
    reason: row.reason,
    createdAt: row.created_at,
  }));
  return pageOf(items, page, LOG_PAGE_SIZE);
}
