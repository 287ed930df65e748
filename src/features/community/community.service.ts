// Reader profiles, follows, the Following feed, My replies, notifications and
// their email preferences. Turns rows into the view-models pages render.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { Role } from '../../core/db/schema.js';
import { articlePathOf, commentHref, mayQuote } from './comment-links.js';
import * as queries from './community.queries.js';
import * as repository from './community.repository.js';
import type {
  CommentCard,
  EmailNotificationKind,
  EmailPreferences,
  FeedCard,
  FollowOutcome,
  NotificationCard,
  Paged,
  ReaderProfile,
  ReaderSummary,
  ReplyCard,
  Viewer,
} from './community.types.js';
import { verifyUnsubscribeToken } from './unsubscribe-token.js';
import { excerptOf } from './views/comment-text.js';

export interface CommunityServiceDependencies {
  db: Db;
  clock: Clock;
  /** Verifies unsubscribe links (the app's session secret). */
  secret: string;
  timeZone: string;
  pageSize?: number;
}

export type ProfileOutcome =
  { kind: 'not-found' } | { kind: 'profile'; profile: ReaderProfile; comments: Paged<CommentCard>; isSelf: boolean; isFollowing: boolean };

export type ReaderListOutcome =
  { kind: 'not-found' } | { kind: 'list'; profile: ReaderProfile; readers: Paged<ReaderSummary & { since: string }> };

const REPLY_CONTEXT_LENGTH = 120;

function readerSummary(row: { id: number; first_name: string; last_name: string; role: Role }): ReaderSummary {
  return { id: row.id, displayName: `${row.first_name} ${row.last_name}`, isStaff: row.role !== 'reader' };
}

export function createCommunityService(deps: CommunityServiceDependencies) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();
  const paging = (page: number) => ({ page, ...(deps.pageSize ? { pageSize: deps.pageSize } : {}) });
  const joinedFormat = new Intl.DateTimeFormat('en-GB', { timeZone: deps.timeZone, month: 'long', year: 'numeric' });

  function card(row: queries.CommentRow, viewer: Viewer): CommentCard {
    const path = articlePathOf({ sectionPath: row.section_path, publishedAt: row.published_at!, slug: row.slug }, deps.timeZone);
    return {
      id: row.id,
      author: readerSummary({
        id: row.author_id,
        first_name: row.author_first_name,
        last_name: row.author_last_name,
        role: row.author_role,
      }),
      body: mayQuote(row.access_level, viewer) ? row.body : null,
      createdAt: row.created_at,
      isReply: row.parent_id !== null,
      article: { headline: row.headline, accessLevel: row.access_level, path },
      href: commentHref(path, row.id),
    };
  }

  function paged<Row, Item>(rows: Row[], page: number, map: (row: Row) => Item): Paged<Item> {
    const slice = queries.pageOf(rows, paging(page));
    return { items: slice.rows.map(map), page: slice.page, hasNext: slice.hasNext };
  }

  async function loadProfile(readerId: number): Promise<ReaderProfile | null> {
    const reader = await queries.findPublicReader(db, readerId);
    if (!reader) return null;
    const counts = await queries.countFollows(db, readerId);
    return {
      ...readerSummary(reader),
      joined: joinedFormat.format(new Date(reader.created_at)),
      followerCount: counts.followers,
      followingCount: counts.following,
    };
  }

  return {
    async profilePage(readerId: number, viewerId: number | null, page: number): Promise<ProfileOutcome> {
      const profile = await loadProfile(readerId);
      if (!profile) return { kind: 'not-found' };
      const viewer: Viewer = viewerId === null ? 'anonymous' : 'reader';
      const rows = await queries.listReaderComments(db, { ...paging(page), readerId, now: now() });
      const isFollowing = viewerId !== null && viewerId !== readerId && (await queries.isFollowing(db, viewerId, readerId));
      return {
        kind: 'profile',
        profile,
        comments: paged(rows, page, (row) => card(row, viewer)),
        isSelf: viewerId === readerId,
        isFollowing,
      };
    },

    async readerList(readerId: number, direction: 'followers' | 'following', page: number): Promise<ReaderListOutcome> {
      const profile = await loadProfile(readerId);
      if (!profile) return { kind: 'not-found' };
      const rows = await queries.listFollowReaders(db, { ...paging(page), readerId, direction });
      return { kind: 'list', profile, readers: paged(rows, page, (row) => ({ ...readerSummary(row), since: row.created_at })) };
    },

    async follow(followerId: number, followeeId: number): Promise<FollowOutcome> {
      if (followerId === followeeId) return { kind: 'self' };
      if (await repository.isRefusedWriter(db, followerId, now())) return { kind: 'refused' };
      if (!(await queries.findPublicReader(db, followeeId))) return { kind: 'not-found' };
      await repository.insertFollow(db, { followerId, followeeId, createdAt: now() });
      return { kind: 'following' };
    },

    /** Stops following; unknown readers are 'not-found' (a follow of a since-banned reader is still removed). */
    async unfollow(followerId: number, followeeId: number): Promise<{ kind: 'unfollowed' } | { kind: 'not-found' } | { kind: 'refused' }> {
      if (await repository.isRefusedWriter(db, followerId, now())) return { kind: 'refused' };
      if (followerId !== followeeId) await repository.deleteFollow(db, followerId, followeeId);
      return (await queries.findPublicReader(db, followeeId)) ? { kind: 'unfollowed' } : { kind: 'not-found' };
    },

    async followingFeed(readerId: number, page: number): Promise<Paged<FeedCard>> {
      const rows = await queries.listFollowingFeed(db, { ...paging(page), readerId, now: now() });
      return paged(rows, page, (row) => ({
        ...card(row, 'reader'),
        inReplyTo:
          row.parent_author_id !== null && row.parent_first_name !== null && row.parent_last_name !== null && row.parent_role !== null
            ? readerSummary({
                id: row.parent_author_id,
                first_name: row.parent_first_name,
                last_name: row.parent_last_name,
                role: row.parent_role,
              })
            : null,
      }));
    },

    async repliesTo(readerId: number, page: number): Promise<Paged<ReplyCard>> {
      const rows = await queries.listRepliesToReader(db, { ...paging(page), readerId, now: now() });
      return paged(rows, page, (row) => {
        const reply = card(row, 'reader');
        const isQuotable = reply.body !== null && row.parent_status !== 'deleted';
        return { ...reply, yourCommentExcerpt: isQuotable ? excerptOf(row.parent_body, REPLY_CONTEXT_LENGTH) : null };
      });
    },

    async notifications(readerId: number, page: number): Promise<Paged<NotificationCard>> {
      const rows = await queries.listNotifications(db, { ...paging(page), readerId, now: now() });
      return paged(rows, page, (row) => {
        const comment = card(row, 'reader');
        return {
          id: row.notification_id,
          kind: row.kind,
          actor: comment.author,
          isUnread: row.read_at === null,
          createdAt: row.notified_at,
          comment,
        };
      });
    },

    markAllRead: (readerId: number) => repository.markAllNotificationsRead(db, readerId, now()),
    countUnread: (readerId: number) => repository.countUnread(db, readerId),
    emailPreferences: (readerId: number) => repository.readEmailPreferences(db, readerId),
    saveEmailPreferences: (readerId: number, preferences: EmailPreferences) =>
      repository.saveEmailPreferences(db, readerId, preferences, now()),

    /** Who and what an unsubscribe link is for; null for a forged or mangled link or a deleted account. */
    async unsubscribeTarget(token: unknown): Promise<{ userId: number; kind: EmailNotificationKind } | null> {
      const target = verifyUnsubscribeToken(deps.secret, token);
      return target && (await repository.isActiveUser(db, target.userId)) ? target : null;
    },

    async unsubscribe(token: unknown): Promise<{ kind: 'unsubscribed'; email: EmailNotificationKind } | { kind: 'invalid-link' }> {
      const target = verifyUnsubscribeToken(deps.secret, token);
      if (!target || !(await repository.isActiveUser(db, target.userId))) return { kind: 'invalid-link' };
      await repository.turnEmailOff(db, target.userId, target.kind, now());
      return { kind: 'unsubscribed', email: target.kind };
    },
  };
}

export type CommunityService = ReturnType<typeof createCommunityService>;

// Beyond the service, what the composition root and other features' test
// harnesses use (they import a feature's service and types only): the hook
// comments run inside each publishing transaction.
export { createCommentPublishedHook } from './comment-published-hook.js';
