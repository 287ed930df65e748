// What the newsletters feature hands to other features (routes, newsroom,
// Admin API, /account): domain types and the outcome unions of its service.
import type { NewsletterIssueState } from '../../core/db/schema-newsletters.js';

export type { NewsletterIssueState } from '../../core/db/schema-newsletters.js';

/** Who may receive a newsletter. The stored 'free' of older rows reads as 'registered'. */
export type NewsletterAccess = 'registered' | 'premium';

export interface Newsletter {
  id: number;
  slug: string;
  name: string;
  description: string;
  frequency: string;
  senderName: string;
  access: NewsletterAccess;
  /** HH:MM in the publication's time zone, '' for none. */
  sendTime: string;
  isBriefing: boolean;
}

export interface NewsletterInput {
  name: string;
  slug: string;
  description?: string;
  frequency?: string;
  senderName?: string;
  access: NewsletterAccess;
  sendTime?: string;
  isBriefing?: boolean;
}

export type NewsletterSaveOutcome =
  | { kind: 'saved'; newsletter: Newsletter }
  | { kind: 'invalid'; problems: string[] }
  | { kind: 'slug-taken' }
  | { kind: 'unknown-newsletter' };

/** Why a subscribed reader is not being sent a newsletter (shown on /account). */
export type HoldReason = 'email-unconfirmed' | 'premium-required' | 'address-suppressed' | 'account-deleted';

export type ReceivingStatus = { kind: 'receiving' } | { kind: 'held'; reason: HoldReason };

export interface ReaderNewsletter {
  newsletter: Newsletter;
  isSubscribed: boolean;
  /** Whether an issue sent now would reach the reader; only meaningful when subscribed. */
  status: ReceivingStatus;
  /** Whether the reader may sign up (a premium list needs a running subscription). */
  canSubscribe: boolean;
}

export type SubscribeOutcome = { kind: 'subscribed' } | { kind: 'premium-required' } | { kind: 'unknown-newsletter' };

export interface ImportedSubscriberInput {
  email: string;
  firstName?: string;
  lastName?: string;
  consentSource: string;
}

export type ImportOutcome =
  | { kind: 'added' }
  | { kind: 'already-subscribed' }
  /** They unsubscribed before: an import does not sign them up again. */
  | { kind: 'unsubscribed-before' }
  | { kind: 'invalid'; problem: string }
  | { kind: 'unknown-newsletter' };

export type IssueContent =
  /** The article body JSON format (features/articles/article-body.ts). */
  | { kind: 'body'; bodyJson: string }
  /** Staff HTML, turned into the article body format on the way in (nothing else of it is kept). */
  | { kind: 'html'; html: string }
  | { kind: 'articles'; articleIds: number[] };

export interface IssueInput {
  subject: string;
  preheader?: string;
  content: IssueContent;
  createdBy: number | null;
}

export interface NewsletterIssue {
  id: number;
  newsletterId: number;
  subject: string;
  preheader: string;
  state: NewsletterIssueState;
  sendAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  createdBy: number | null;
  createdAt: string;
  /** Exactly one is set. */
  bodyJson: string | null;
  articleIds: number[] | null;
}

export type IssueSaveOutcome =
  | { kind: 'saved'; issue: NewsletterIssue }
  | { kind: 'invalid'; problems: string[] }
  | { kind: 'unknown-newsletter' }
  | { kind: 'unknown-issue' }
  | { kind: 'wrong-state'; state: NewsletterIssueState };

export type IssueTransitionOutcome =
  | { kind: 'ok'; issue: NewsletterIssue }
  | { kind: 'unknown-issue' }
  | { kind: 'wrong-state'; state: NewsletterIssueState }
  | { kind: 'invalid'; problems: string[] };

export interface IssueFigures {
  /** Rows in the fixed audience (grows while the audience is being written out). */
  recipients: number;
  sent: number;
  /** Refused for good or out of attempts. */
  failed: number;
  /** Refused permanently by the receiving server (also counted in failed), or reported by the bounce webhook. */
  bounced: number;
  unsubscribed: number;
  /** Not sent yet (waiting, retrying or in flight). */
  pending: number;
  /** Not sent because the address was suppressed after the audience was fixed. */
  skipped: number;
  /** Recipients whose message was in flight when a sender stopped (a crash): they may have it twice. */
  possibleDuplicates: number;
  isAudienceComplete: boolean;
}
