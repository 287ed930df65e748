// What the reader pages need from the newsletters service, as structural
// types: the routes depend on this shape, app.ts hands in the service.
import type { HoldReason } from './newsletters.types.js';

export type NewsletterAccessLevel = 'registered' | 'premium';

export interface NewsletterCard {
  id: number;
  slug: string;
  name: string;
  description: string;
  frequency: string;
  access: NewsletterAccessLevel;
}

export type ReceivingState = { kind: 'receiving' } | { kind: 'held'; reason: HoldReason };

export interface ArchivedIssue {
  id: number;
  subject: string;
  /** When the send finished (or started, while it runs). */
  sentAt: string | null;
}

export interface NewsletterListing {
  newsletter: NewsletterCard;
  isSubscribed: boolean;
  status: ReceivingState;
  latestIssue: ArchivedIssue | null;
}

export type ReaderState = { kind: 'anonymous' } | { kind: 'signed-in'; userId: number };

export type SignUpOutcome = { kind: 'subscribed' } | { kind: 'premium-required' } | { kind: 'unknown-newsletter' };

/** The newsletters service's reader-facing functions (newsletters.service.ts). */
export interface NewsletterReaderService {
  listNewsletters(): Promise<NewsletterCard[]>;
  findNewsletterBySlug(slug: string): Promise<NewsletterCard | null | undefined>;
  findNewsletter(id: number): Promise<NewsletterCard | null | undefined>;
  listReaderNewsletters(userId: number): Promise<{ newsletter: NewsletterCard; isSubscribed: boolean; status: ReceivingState }[]>;
  subscribeReader(userId: number, newsletterId: number): Promise<SignUpOutcome>;
  unsubscribeReader(userId: number, newsletterId: number): Promise<unknown>;
}

/** A newsletter slug as routes accept it (the service's own rule is stricter about what may be saved). */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
