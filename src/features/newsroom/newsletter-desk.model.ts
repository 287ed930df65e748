// What the newsroom's newsletter pages need from the newsletters service, as
// structural types (newsletter-desk.routes.tsx; app wiring hands the service in).
import type { ArticleBody } from '../articles/articles.types.js';

export type DeskAccess = 'registered' | 'premium';

export interface DeskNewsletter {
  id: number;
  slug: string;
  name: string;
  description: string;
  frequency: string;
  senderName: string;
  access: DeskAccess;
  sendTime: string;
  isBriefing: boolean;
}

export interface DeskNewsletterInput {
  name: string;
  slug: string;
  description: string;
  frequency: string;
  senderName: string;
  access: DeskAccess;
  sendTime: string;
  isBriefing: boolean;
}

export interface DeskIssue {
  id: number;
  newsletterId: number;
  subject: string;
  preheader: string;
  state: string;
  sendAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  bodyJson: string | null;
  articleIds: number[] | null;
}

export interface DeskFigures {
  recipients: number;
  sent: number;
  failed: number;
  bounced: number;
  unsubscribed: number;
  pending: number;
  possibleDuplicates: number;
}

/** A newsletter's automatic daily briefing: when the next one goes, and what became of the latest days. */
export interface DeskBriefing {
  isOn: boolean;
  sendTime: string;
  timeZone: string;
  nextAt: string | null;
  recent: { localDate: string; runAt: string; outcome: 'scheduled' | 'empty-front'; issueId: number | null }[];
}

export type DeskIssueContent =
  /** The article body JSON (as the editor posts it). */
  { kind: 'body'; bodyJson: string } | { kind: 'html'; html: string } | { kind: 'articles'; articleIds: number[] };
type Invalid = { kind: 'invalid'; problems: string[] };
export type DeskTransition =
  { kind: 'ok'; issue: DeskIssue } | { kind: 'unknown-issue' } | { kind: 'wrong-state'; state: string } | Invalid;
export type DeskIssueSave =
  | { kind: 'saved'; issue: DeskIssue }
  | Invalid
  | { kind: 'unknown-newsletter' }
  | { kind: 'unknown-issue' }
  | { kind: 'wrong-state'; state: string };

export interface NewsletterDeskService {
  listNewsletters(): Promise<DeskNewsletter[]>;
  findNewsletterBySlug(slug: string): Promise<DeskNewsletter | null>;
  createNewsletter(
    input: DeskNewsletterInput,
  ): Promise<{ kind: 'saved'; newsletter: DeskNewsletter } | Invalid | { kind: 'slug-taken' } | { kind: 'unknown-newsletter' }>;
  updateNewsletter(
    id: number,
    input: DeskNewsletterInput,
  ): Promise<{ kind: 'saved'; newsletter: DeskNewsletter } | Invalid | { kind: 'slug-taken' } | { kind: 'unknown-newsletter' }>;
  describeBriefing(newsletterId: number): Promise<DeskBriefing | null>;
  listIssues(newsletterId: number, options?: { limit?: number }): Promise<DeskIssue[]>;
  findIssue(issueId: number): Promise<DeskIssue | null>;
  /** Published articles as body blocks (headline, picture, standfirst, link), in the order given. */
  composeFromArticles(
    articleIds: readonly number[],
    options?: { skipUnpublished?: boolean },
  ): Promise<{ kind: 'composed'; body: ArticleBody } | Invalid>;
  createIssue(
    newsletterId: number,
    input: { subject: string; preheader?: string; content: DeskIssueContent; createdBy: number | null },
  ): Promise<DeskIssueSave>;
  updateIssue(
    issueId: number,
    input: { subject: string; preheader?: string; content: DeskIssueContent; createdBy: number | null },
  ): Promise<DeskIssueSave>;
  sendIssueNow(issueId: number): Promise<DeskTransition>;
  scheduleIssue(issueId: number, sendAt: string): Promise<DeskTransition>;
  unscheduleIssue(issueId: number): Promise<DeskTransition>;
  pauseIssue(issueId: number): Promise<DeskTransition>;
  resumeIssue(issueId: number): Promise<DeskTransition>;
  cancelIssue(issueId: number): Promise<DeskTransition>;
  issueFigures(issueId: number): Promise<DeskFigures | null>;
  /** The email document as recipients get it (its CSS inlined). */
  renderIssueEmail(issueId: number): Promise<{ html: string; text: string }>;
}

/** Sends one copy of an issue to a staff member's own address (the newsletters feature's). */
export type SendTestIssue = (issueId: number, toAddress: string) => Promise<void>;
