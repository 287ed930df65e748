// Writes, and the lookups the community service and the comment-published
// hook need. Every function takes the database or the caller's transaction first.
import type { DbOrTransaction } from '../../core/db/database.js';
import { preparedQuery } from '../../core/db/prepared-query.js';
import { DEFAULT_EMAIL_PREFERENCES, type EmailNotificationKind, type EmailPreferences } from './community.types.js';

/** Banned, or suspended until later than `now`: such a reader may not write anything (403). */
export async function isRefusedWriter(db: DbOrTransaction, userId: number, now: string): Promise<boolean> {
  const row = await db
    .selectFrom('reader_moderation')
    .where('user_id', '=', userId)
    .select(['banned_at', 'suspended_until'])
    .executeTakeFirst();
  return !!row && (row.banned_at !== null || (row.suspended_until !== null && row.suspended_until > now));
}

/** Follows once; following again changes nothing (the primary key holds the pair). */
export async function insertFollow(
  db: DbOrTransaction,
  follow: { followerId: number; followeeId: number; createdAt: string },
): Promise<void> {
  await db
    .insertInto('follows')
    .values({ follower_id: follow.followerId, followee_id: follow.followeeId, created_at: follow.createdAt })
    .onConflict((conflict) => conflict.columns(['follower_id', 'followee_id']).doNothing())
    .execute();
}

export async function deleteFollow(db: DbOrTransaction, followerId: number, followeeId: number): Promise<void> {
  await db.deleteFrom('follows').where('follower_id', '=', followerId).where('followee_id', '=', followeeId).execute();
}

export async function readEmailPreferences(db: DbOrTransaction, userId: number): Promise<EmailPreferences> {
  const row = await db
    .selectFrom('notification_preferences')
    .where('user_id', '=', userId)
    .select(['email_replies', 'email_follows'])
    .executeTakeFirst();
  return row ? { replies: row.email_replies === 1, follows: row.email_follows === 1 } : { ...DEFAULT_EMAIL_PREFERENCES };
}

export async function saveEmailPreferences(db: DbOrTransaction, userId: number, preferences: EmailPreferences, now: string): Promise<void> {
  const values = { email_replies: preferences.replies ? 1 : 0, email_follows: preferences.follows ? 1 : 0, updated_at: now };
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, ...values })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet(values))
    .execute();
}

/** Switches one kind of email off, keeping the reader's choice for the other. */
export async function turnEmailOff(db: DbOrTransaction, userId: number, kind: EmailNotificationKind, now: string): Promise<void> {
  const column = kind === 'replies' ? 'email_replies' : 'email_follows';
  const defaults = { email_replies: DEFAULT_EMAIL_PREFERENCES.replies ? 1 : 0, email_follows: DEFAULT_EMAIL_PREFERENCES.follows ? 1 : 0 };
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, ...defaults, [column]: 0, updated_at: now })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ [column]: 0, updated_at: now }))
    .execute();
}

export async function isActiveUser(db: DbOrTransaction, userId: number): Promise<boolean> {
  const row = await db.selectFrom('users').where('id', '=', userId).where('deleted_at', 'is', null).select('id').executeTakeFirst();
  return row !== undefined;
}

export async function markAllNotificationsRead(db: DbOrTransaction, userId: number, now: string): Promise<void> {
  await db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

/**
 * Unread notifications about comments still published: the header badge.
 * Walks notifications_user_idx (user_id, read_at, …) and each comment by its key.
 */
export async function countUnread(db: DbOrTransaction, userId: number): Promise<number> {
  const { rows } = await unreadCountQuery(db, { userId });
  return Number(rows[0]?.count ?? 0);
}

// In the header of every signed-in page (core/db/prepared-query.ts).
const unreadCountQuery = preparedQuery('countUnreadNotifications', (db, args: { userId: number }) =>
  db
    .selectFrom('notifications')
    .innerJoin('comments', 'comments.id', 'notifications.comment_id')
    .where('notifications.user_id', '=', args.userId)
    .where('notifications.read_at', 'is', null)
    .where('comments.status', '=', 'published')
    .select((eb) => eb.fn.countAll<number>().as('count')),
);

/** What a notification email says about a comment; undefined unless it is published. */
export async function findCommentForNotice(db: DbOrTransaction, commentId: number) {
  return db
    .selectFrom('comments as c')
    .innerJoin('users as author', 'author.id', 'c.author_id')
    .innerJoin('articles as a', 'a.id', 'c.article_id')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .where('c.id', '=', commentId)
    .where('c.status', '=', 'published')
    .select([
      'c.id',
      'c.body',
      'author.first_name as author_first_name',
      'author.last_name as author_last_name',
      'a.headline',
      'a.slug',
      'a.published_at',
      'a.access_level',
      's.path as section_path',
    ])
    .executeTakeFirst();
}

// Both inserts below read the recipients first and insert plain VALUES rows:
// on SQLite an INSERT … SELECT with ON CONFLICT and RETURNING cost ~150–450 µs
// even when it selected nothing (measured: docs/benchmarks.md, "Comments"),
// against ~10 µs for the read and nothing more for a comment by someone
// nobody follows — the usual case, on every post.

/** A 'reply' notification for the parent's author, if that account still exists; true when one was added. */
export async function insertReplyNotification(
  db: DbOrTransaction,
  notice: { userId: number; commentId: number; actorId: number; createdAt: string },
): Promise<boolean> {
  const recipient = await db
    .selectFrom('users')
    .where('id', '=', notice.userId)
    .where('deleted_at', 'is', null)
    .select('id')
    .executeTakeFirst();
  if (!recipient) return false;
  const inserted = await db
    .insertInto('notifications')
    .values({ user_id: recipient.id, kind: 'reply', comment_id: notice.commentId, actor_id: notice.actorId, created_at: notice.createdAt })
    .onConflict((conflict) => conflict.columns(['user_id', 'kind', 'comment_id']).doNothing())
    .returning('user_id')
    .execute();
  return inserted.length > 0;
}

/**
 * 'followed-comment' notifications for the author's followers (the earliest
 * `limit` of them, never `excludeUserId`). Returns who got one.
 */
export async function insertFollowerNotifications(
  db: DbOrTransaction,
  notice: { authorId: number; commentId: number; createdAt: string; excludeUserId: number | null; limit: number },
): Promise<number[]> {
  // Ids start at 1: excluding 0 excludes no one.
  const { rows: recipients } = await followersToNotifyQuery(db, {
    authorId: notice.authorId,
    excludeUserId: notice.excludeUserId ?? 0,
    limit: notice.limit,
  });
  if (recipients.length === 0) return [];
  const inserted = await db
    .insertInto('notifications')
    .values(
      recipients.map((row) => ({
        user_id: row.follower_id,
        kind: 'followed-comment' as const,
        comment_id: notice.commentId,
        actor_id: notice.authorId,
        created_at: notice.createdAt,
      })),
    )
    .onConflict((conflict) => conflict.columns(['user_id', 'kind', 'comment_id']).doNothing())
    .returning('user_id')
    .execute();
  return inserted.map((row) => row.user_id);
}

// On every post (core/db/prepared-query.ts). Deleted accounts are filtered by NOT EXISTS,
// not a join: joined, SQLite's planner (with statistics from when there were few
// readers) walked every user to probe follows.
const followersToNotifyQuery = preparedQuery('followersToNotify', (db, args: { authorId: number; excludeUserId: number; limit: number }) =>
  db
    .selectFrom('follows')
    .where('follows.followee_id', '=', args.authorId)
    .where('follows.follower_id', '<>', args.excludeUserId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('users').whereRef('users.id', '=', 'follows.follower_id').where('users.deleted_at', 'is not', null).select('users.id'),
        ),
      ),
    )
    .select('follows.follower_id')
    .orderBy('follows.created_at')
    .orderBy('follows.follower_id')
    .limit(args.limit),
);

/** Of `userIds`, those with a confirmed address who want this kind of email. */
export async function findEmailRecipients(db: DbOrTransaction, userIds: number[], kind: EmailNotificationKind) {
  if (userIds.length === 0) return [];
  let query = db
    .selectFrom('users')
    .leftJoin('notification_preferences as np', 'np.user_id', 'users.id')
    .where('users.id', 'in', userIds)
    .where('users.deleted_at', 'is', null)
    .where('users.email_verified_at', 'is not', null)
    .select(['users.id', 'users.email', 'users.first_name']);
  const column = kind === 'replies' ? 'np.email_replies' : 'np.email_follows';
  const isOnByDefault = kind === 'replies' ? DEFAULT_EMAIL_PREFERENCES.replies : DEFAULT_EMAIL_PREFERENCES.follows;
  query = isOnByDefault ? query.where((eb) => eb.or([eb(column, 'is', null), eb(column, '=', 1)])) : query.where(column, '=', 1);
  return query.orderBy('users.id').execute();
}

export type CommentForNotice = NonNullable<Awaited<ReturnType<typeof findCommentForNotice>>>;
