// Why a newsletter a reader chose is not being sent to them, in the reader's
// words: the one wording /newsletters and /account both show. A Record over
// every HoldReason, so a new reason does not compile until it is worded.
import type { HoldReason } from '../newsletters.types.js';

const HOLD_REASON_TEXT: Readonly<Record<HoldReason, string>> = {
  'email-unconfirmed': 'No issue arrives until you confirm your email address: follow the link in the email we sent you.',
  'premium-required': 'This newsletter is for Premium subscribers: it reaches you again when your subscription does.',
  'address-suppressed': 'Messages to your address were refused, so we stopped sending. Change your address on your account page.',
  'account-deleted': 'Your account is closed.',
};

export function holdReasonText(reason: HoldReason): string {
  return HOLD_REASON_TEXT[reason];
}
