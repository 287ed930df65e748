import type { Role } from '../../core/db/schema.js';

/** Who may moderate: checked on the server for every moderation page and action. */
export const MODERATION_ROLES: readonly Role[] = ['moderator', 'editor', 'admin'];

/** The actions recorded in moderation_log, with how the audit log names them. */
export const MODERATION_ACTIONS = {
  'comment-approved': 'Approved a comment',
  'comment-rejected': 'Rejected a comment',
  'comment-featured': 'Made a comment an Editor’s pick',
  'comment-unfeatured': 'Removed a comment from Editor’s picks',
  'reports-resolved': 'Resolved reports',
  'article-comments-closed': 'Closed comments on an article',
  'article-comments-opened': 'Opened comments on an article',
  'article-premoderation-on': 'Turned on pre-moderation for an article',
  'article-premoderation-off': 'Turned off pre-moderation for an article',
  'reader-premoderation-on': 'Turned on pre-moderation for a reader',
  'reader-premoderation-off': 'Turned off pre-moderation for a reader',
  'reader-suspended': 'Suspended a reader',
  'reader-banned': 'Banned a reader',
  'reader-restored': 'Lifted a reader’s suspension or ban',
  'banned-word-added': 'Added to banned words',
  'banned-word-removed': 'Removed from banned words',
} as const;

export type ModerationAction = keyof typeof MODERATION_ACTIONS;

/** What a staff page says after an action: the action itself, as a key the page looks up. */
export type ModerationNotice = ModerationAction;

export type ModerationOutcome =
  | { kind: 'done'; notice: ModerationNotice }
  | { kind: 'not-found' }
  /** Input staff can correct (422). */
  | { kind: 'invalid'; message: string }
  /** The target is already in that state, or not in one the action applies to (409). */
  | { kind: 'conflict'; message: string };
