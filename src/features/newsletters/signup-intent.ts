// An anonymous reader's "Sign up" remembered while they register or sign in:
// a short-lived cookie naming the newsletter, signed so that only our own
// CSRF-checked form can set it (a forged cookie value is ignored). Once the
// reader is back on /newsletters with a session, the sign-up is completed and
// the cookie cleared.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearCookie, readCookie, setCookie, type CookieSettings } from '../../core/http/cookies.js';
import { constantTimeEquals, hmac } from '../../core/security/tokens.js';

export const SIGNUP_INTENT_COOKIE = 'mh_newsletter_intent';
/** Long enough to register, confirm nothing and come back; short enough not to surprise anyone later. */
export const SIGNUP_INTENT_SECONDS = 3600;

export interface SignupIntent {
  newsletterId: number;
}

function signatureOf(secret: string, payload: string): string {
  return hmac(secret, `newsletter-intent:${payload}`);
}

export function encodeSignupIntent(secret: string, newsletterId: number, now: Date): string {
  const payload = `${newsletterId}.${Math.floor(now.getTime() / 1000) + SIGNUP_INTENT_SECONDS}`;
  return `${payload}.${signatureOf(secret, payload)}`;
}

/** The newsletter named by a good, unexpired value; null for anything else. */
export function decodeSignupIntent(secret: string, value: string | undefined, now: Date): SignupIntent | null {
  if (!value || value.length > 200) return null;
  const match = /^(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]+)$/.exec(value);
  if (!match) return null;
  const [, id, expires, signature] = match as unknown as [string, string, string, string];
  if (!constantTimeEquals(signatureOf(secret, `${id}.${expires}`), signature)) return null;
  if (Number(expires) * 1000 <= now.getTime()) return null;
  const newsletterId = Number(id);
  return Number.isSafeInteger(newsletterId) && newsletterId > 0 ? { newsletterId } : null;
}

export function createSignupIntents(deps: { secret: string; cookies: CookieSettings; now: () => Date }) {
  return {
    remember(reply: FastifyReply, newsletterId: number): void {
      setCookie(reply, SIGNUP_INTENT_COOKIE, encodeSignupIntent(deps.secret, newsletterId, deps.now()), deps.cookies, {
        maxAgeSeconds: SIGNUP_INTENT_SECONDS,
      });
    },
    /** The remembered intent, cleared from the browser as it is read (whatever becomes of it). */
    take(request: FastifyRequest, reply: FastifyReply): SignupIntent | null {
      const value = readCookie(request, SIGNUP_INTENT_COOKIE);
      if (value === undefined) return null;
      clearCookie(reply, SIGNUP_INTENT_COOKIE, deps.cookies);
      return decodeSignupIntent(deps.secret, value, deps.now());
    },
  };
}
