// Between the password and the authentication code a staff member has no
// session: the first step's result travels in a short-lived signed cookie
// (`mh_2fa`), naming the account, where to go afterwards and when it expires.
// It proves only that the password was right a moment ago; the code is still
// counted against the account's guessing limit (two-factor.service.ts).
import { constantTimeEquals, hmac, randomToken } from '../../core/security/tokens.js';

export const PENDING_SIGN_IN_COOKIE = 'mh_2fa';
export const PENDING_SIGN_IN_SECONDS = 300;

export interface PendingSignIn {
  userId: number;
  next: string;
}

export function issuePendingSignIn(secret: string, pending: PendingSignIn, now: Date): string {
  const expires = now.getTime() + PENDING_SIGN_IN_SECONDS * 1000;
  const payload = `${pending.userId}.${expires}.${Buffer.from(pending.next).toString('base64url')}.${randomToken(9)}`;
  return `${payload}.${hmac(secret, `pending-sign-in:${payload}`)}`;
}

export function readPendingSignIn(secret: string, token: string | undefined, now: Date): PendingSignIn | null {
  if (!token || token.length > 4096) return null;
  const parts = token.split('.');
  if (parts.length !== 5) return null;
  const [userId, expires, next, , signature] = parts as [string, string, string, string, string];
  if (!constantTimeEquals(signature, hmac(secret, `pending-sign-in:${parts.slice(0, 4).join('.')}`))) return null;
  if (!/^\d{1,12}$/.test(userId) || !/^\d{1,15}$/.test(expires) || Number(expires) <= now.getTime()) return null;
  return { userId: Number(userId), next: Buffer.from(next, 'base64url').toString('utf8') };
}
