// What the community pages and emails are built from: view-models only, so
// nothing leaves the server that a page did not ask for (never an email
// address, never a whole row).
import type { AccessLevel, NotificationKind } from '../../core/db/schema.js';

export type { NotificationKind };

/** Which email a reader can switch on or off; also the `kind` an unsubscribe token names. */
export type EmailNotificationKind = 'replies' | 'follows';

export interface EmailPreferences {
  replies: boolean;
  follows: boolean;
}

/** No row in notification_preferences means these. */
export const DEFAULT_EMAIL_PREFERENCES: Readonly<EmailPreferences> = Object.freeze({ replies: true, follows: false });

export interface ReaderSummary {
  id: number;
  displayName: string;
  isStaff: boolean;
}

export interface ReaderProfile extends ReaderSummary {
  /** "March 2026", in the publication's time zone. */
  joined: string;
  followerCount: number;
  followingCount: number;
}

/** Whether a comment's words may be shown to this viewer (see comment-visibility.ts). */
export type Viewer = 'anonymous' | 'reader';

/** A comment as a listing shows it: its words only when the viewer may read the article they are under. */
export interface CommentCard {
  id: number;
  author: ReaderSummary;
  /** Null when the article is one this viewer may not be shown text from (the card still links to it). */
  body: string | null;
  createdAt: string;
  isReply: boolean;
  article: { headline: string; accessLevel: AccessLevel; path: string };
  /** `{articlePath}/comments#comment-{id}` */
  href: string;
}

export interface FeedCard extends CommentCard {
  /** For a reply: whom it answers. */
  inReplyTo: ReaderSummary | null;
}

export interface ReplyCard extends CommentCard {
  /** A short excerpt of the reader's own comment it answers; null when that comment was deleted. */
  yourCommentExcerpt: string | null;
}

export interface NotificationCard {
  id: number;
  kind: NotificationKind;
  actor: ReaderSummary;
  isUnread: boolean;
  createdAt: string;
  comment: CommentCard;
}

export interface Paged<T> {
  items: T[];
  page: number;
  hasNext: boolean;
}

export type FollowOutcome = { kind: 'following' } | { kind: 'not-found' } | { kind: 'self' } | { kind: 'refused' };
