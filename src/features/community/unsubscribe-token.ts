// The token in every notification email's unsubscribe link: the reader's id,
// the kind of email, and an HMAC of both under the app secret. It never
// expires (an old email's link must keep working) and can do one thing only:
// switch that kind of email off for that reader.
import { constantTimeEquals, hmac } from '../../core/security/tokens.js';
import type { EmailNotificationKind } from './community.types.js';

const KINDS: readonly EmailNotificationKind[] = ['replies', 'follows'];

function signatureFor(secret: string, userId: number, kind: EmailNotificationKind): string {
  return hmac(secret, `community:unsubscribe:${userId}:${kind}`);
}

export function unsubscribeToken(secret: string, userId: number, kind: EmailNotificationKind): string {
  return `${userId}.${kind}.${signatureFor(secret, userId, kind)}`;
}

export function verifyUnsubscribeToken(secret: string, token: unknown): { userId: number; kind: EmailNotificationKind } | null {
  if (typeof token !== 'string' || token.length > 120) return null;
  const match = /^([1-9][0-9]{0,14})\.(replies|follows)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  const kind = match[2] as EmailNotificationKind;
  if (!KINDS.includes(kind) || !Number.isSafeInteger(userId)) return null;
  return constantTimeEquals(signatureFor(secret, userId, kind), match[3]!) ? { userId, kind } : null;
}
