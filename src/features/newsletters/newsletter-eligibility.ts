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

/** What /account tells a reader about a newsletter they chose but do not receive. */
export function holdReasonText(reason: HoldReason): string {
  switch (reason) {
    case 'email-unconfirmed':
      return 'Confirm your email address to start receiving it.';
    case 'premium-required':
      return 'It is for Premium subscribers: it resumes when your subscription does.';
    case 'address-suppressed':
      return 'Messages to your address were refused, so we stopped sending. Change your address or contact us.';
    case 'account-deleted':
      return 'Your account is closed.';
  }
}

export const accessOf = (stored: string): NewsletterAccess => (stored === 'premium' ? 'premium' : 'registered');
