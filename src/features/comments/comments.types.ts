// The contracts between the comments feature and the features around it
// (community: follows and notifications; moderation: policy and actions),
// so each can be built and tested on its own and wired in app.ts.
import type { DbOrTransaction } from '../../core/db/database.js';
import type { CommentStatus } from '../../core/db/schema.js';

export type { CommentStatus };

/** What the rest of the system learns about a comment that became visible (posted published, or approved). */
export interface PublishedComment {
  id: number;
  articleId: number;
  authorId: number;
  parentId: number | null;
  /** The author of the comment replied to, if any (and not deleted). */
  parentAuthorId: number | null;
  createdAt: string;
}

/**
 * Called inside the transaction that makes a comment visible, so what it
 * writes (notifications, queued emails) commits or rolls back with it.
 * The community feature implements it.
 */
export interface CommentPublishedHook {
  (trx: DbOrTransaction, comment: PublishedComment): Promise<void>;
}

/** A reader's standing with the moderators. Every write by a suspended or banned reader is refused (403). */
export type AuthorStanding = { kind: 'good'; premoderated: boolean } | { kind: 'suspended'; until: string } | { kind: 'banned' };

/** A comment to screen, with what the caller already knows of its article and author (not read again). */
export interface ScreeningInput {
  article: { id: number; isPremoderated: boolean };
  authorId: number;
  body: string;
  now: string;
  /** The author's, as `standing` answered it for this write. */
  standing: AuthorStanding;
}

/** What moderation decides about a new comment before it is stored. */
export type Screening = { kind: 'publish' } | { kind: 'hold'; reason: string } | { kind: 'reject'; reason: string };

/**
 * The moderation feature's policy, asked by the comments feature when a reader
 * posts or edits: standing, per-article and per-reader pre-moderation, new
 * commenters' first comments, banned words, link-heavy comments from new accounts.
 */
export interface ModerationPolicy {
  standing(db: DbOrTransaction, userId: number, now: string): Promise<AuthorStanding>;
  /** `standing` is the author's, as `standing` answered it for this write (not read twice). */
  screen(db: DbOrTransaction, input: ScreeningInput): Promise<Screening>;
}

/** A new visible comment, announced to live readers of the thread (Server-Sent Events). */
export interface LiveCommentEvent {
  type: 'comment';
  articleId: number;
  commentId: number;
  /**
   * The comment's number in the article's publication sequence (migration 0010):
   * the stream's event id, so a reconnecting browser's Last-Event-ID says how far it got.
   */
  seq: number;
  /** Published comments on the article after this one. */
  count: number;
}

/**
 * Fan-out of live events: in-process on one node, over Redis pub/sub across
 * nodes when REDIS_URL is set. The comments feature publishes; the SSE route
 * subscribes per open connection.
 */
export interface CommentBroadcaster {
  publish(event: LiveCommentEvent): void;
  subscribe(articleId: number, listener: (event: LiveCommentEvent) => void): () => void;
  close(): Promise<void>;
}

/** Thread orders: top-level comments by age or by recommendations; replies always read in order. */
export const COMMENT_SORTS = ['oldest', 'newest', 'top'] as const;
export type CommentSort = (typeof COMMENT_SORTS)[number];

/** Why a reader reports a comment; stored as the code, with the reader's own words after a colon. */
export const REPORT_REASONS = {
  spam: 'Spam or advertising',
  abuse: 'Abusive or harassing',
  hate: 'Hateful towards a group',
  'personal-information': 'Shares personal information',
  misinformation: 'Deliberately misleading',
  'off-topic': 'Off topic',
  other: 'Something else',
} as const;
export type ReportReason = keyof typeof REPORT_REASONS;

/** A comment's author as pages show them: never an email address. */
export interface CommentAuthorView {
  id: number;
  name: string;
  isStaff: boolean;
}

/**
 * One comment as a page may show it to one viewer. A tombstone (`deleted`, or
 * `removed` by moderation) keeps its place for its replies and carries neither
 * its text nor its author.
 */
export interface CommentView {
  id: number;
  articleId: number;
  parentId: number | null;
  depth: number;
  state: 'visible' | 'deleted' | 'removed';
  author: CommentAuthorView | null;
  text: string;
  createdAt: string;
  editedAt: string | null;
  isFeatured: boolean;
  recommendCount: number;
  /** The comment replied to; its author's name only when it is visible. */
  inReplyTo: { id: number; authorName: string | null } | null;
  replies: CommentView[];
  /** It has replies deeper than this page shows: "Continue this thread". */
  hasHiddenReplies: boolean;
  isOwn: boolean;
  isRecommendedByViewer: boolean;
  /** Its author may still edit it (own, visible, within the edit window). */
  canEdit: boolean;
}

/** The article a thread belongs to, as comment pages need it (no text). */
export interface CommentArticle {
  id: number;
  slug: string;
  headline: string;
  sectionPath: string;
  accessLevel: 'free' | 'registered' | 'premium';
  publishedAt: string;
  commentsEnabled: boolean;
  /** Every comment on it waits for a moderator (set by the moderation feature). */
  isPremoderated: boolean;
}

export interface ThreadPage {
  article: CommentArticle;
  sort: CommentSort;
  page: number;
  pageCount: number;
  /** Published comments on the article (the live count). */
  publishedCount: number;
  /**
   * The article's publication sequence when the page was read: the live
   * stream replays the comments numbered after it, so none published
   * between rendering and connecting is missed.
   */
  liveAfter: number;
  comments: CommentView[];
}

/** Comments a live reader missed (a reconnect, or the moments before the stream opened). */
export interface MissedComments {
  /** In publication order (by sequence number). */
  comments: Array<{ commentId: number; seq: number }>;
  count: number;
  /** More were missed than are replayed: the page should offer a refresh. */
  isPartial: boolean;
}

/** A comment and the replies under it, on its own page ("Continue this thread"). */
export interface SubtreePage {
  article: CommentArticle;
  comment: CommentView;
  /** The thread's top-level comment, when this one is a reply. */
  rootId: number;
}

/** Refusals every comment write can meet; routes map `kind` to a status code and show `message`. */
export type CommentRefusal =
  | { kind: 'not-found'; message: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'rate-limited'; message: string; retryAfterSeconds: number };

export type PostCommentOutcome =
  | {
      kind: 'posted';
      id: number;
      articleId: number;
      status: 'published' | 'pending';
      depth: number;
      path: string;
      rootId: number;
      /** How many listed threads start at or before this comment's thread (oldest first), as of its commit. */
      threadPosition: number;
    }
  | CommentRefusal;
export type EditCommentOutcome = { kind: 'edited'; id: number; articleId: number; status: 'published' | 'pending' } | CommentRefusal;
export type DeleteCommentOutcome = { kind: 'deleted'; id: number; articleId: number; isTombstone: boolean } | CommentRefusal;
export type RecommendOutcome = { kind: 'recommended'; id: number; articleId: number; recommended: boolean; count: number } | CommentRefusal;
export type ReportOutcome = { kind: 'reported'; id: number; articleId: number } | CommentRefusal;

/** Who is writing: the signed-in reader, as the session knows them. */
export interface CommentWriter {
  id: number;
  role: string;
  isEmailVerified: boolean;
}
