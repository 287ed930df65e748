// A browser that has signed in to an account before may keep trying when a
// flood of failures from elsewhere has closed the account's sign-in to
// everyone else (OWASP's "device cookie" defence): attackers on other
// networks cannot lock the real owner out.
import { constantTimeEquals, hmac, randomToken } from '../../core/security/tokens.js';

export const TRUSTED_DEVICE_COOKIE = 'mh_device';
export const TRUSTED_DEVICE_DAYS = 365;

/** A token proving this browser signed in to `email` (lower-cased) before. */
export function issueTrustedDeviceToken(secret: string, email: string): string {
  const nonce = randomToken(12);
  return `${nonce}.${hmac(secret, `device:${email}:${nonce}`)}`;
}

export function isTrustedDevice(secret: string, email: string, token: string | undefined): boolean {
  if (!token || token.length > 200) return false;
  const [nonce, signature] = token.split('.');
  if (!nonce || !signature) return false;
  return constantTimeEquals(signature, hmac(secret, `device:${email}:${nonce}`));
}
