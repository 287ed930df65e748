// Who receives a newsletter, as a pure rule (the audience query in
// newsletter-deliveries.repository.ts applies the same rule in SQL; the
// service's tests hold them together). Newsletters are opt-in lists: the
// marketing opt-out is about marketing and plays no part here.
import type { HoldReason, NewsletterAccess, ReceivingStatus } from './newsletters.types.js';

export interface RecipientFacts {
  isEmailConfirmed: boolean;
  isDeleted: boolean;
  /** Staff, or a reader whose subscription is running now. */
  isPremium: boolean;
  isSuppressed: boolean;
}

export function receivingStatus(access: NewsletterAccess, facts: RecipientFacts): ReceivingStatus {
  const held = (reason: HoldReason): ReceivingStatus => ({ kind: 'held', reason });
  if (facts.isDeleted) return held('account-deleted');
  if (!facts.isEmailConfirmed) return held('email-unconfirmed');
  if (access === 'premium' && !facts.isPremium) return held('premium-required');
  if (facts.isSuppressed) return held('address-suppressed');
  return { kind: 'receiving' };
}

export const accessOf = (stored: string): NewsletterAccess => (stored === 'premium' ? 'premium' : 'registered');
