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

/** What moderation decides about a new comment before it is stored. */
export type Screening = { kind: 'publish' } | { kind: 'hold'; reason: string } | { kind: 'reject'; reason: string };

/**
 * The moderation feature's policy, asked by the comments feature when a reader
 * posts or edits: standing, per-article and per-reader pre-moderation, new
 * commenters' first comments, banned words, link-heavy comments from new accounts.
 */
export interface ModerationPolicy {
  standing(db: DbOrTransaction, userId: number, now: string): Promise<AuthorStanding>;
  screen(db: DbOrTransaction, input: { articleId: number; authorId: number; body: string; now: string }): Promise<Screening>;
}

/** A new visible comment, announced to live readers of the thread (Server-Sent Events). */
export interface LiveCommentEvent {
  type: 'comment';
  articleId: number;
  commentId: number;
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
