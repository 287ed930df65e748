// An action a signed-out reader asked for ("sign me up for this event",
// "subscribe me to this newsletter") that the site completes once they have
// registered or signed in. The button's form post (CSRF-checked like any
// form) stores the intent in a short-lived, signed, HttpOnly cookie and sends
// the reader to /register with `next` set to the page the intent belongs to;
// registration and sign-in already return there, and that page completes the
// intent when it finds one for itself and a session. Only our own checked
// form post can set the cookie, so another site cannot plant an action; one
// intent is held at a time, and taking it clears it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import { constantTimeEquals, hmac } from '../security/tokens.js';
import { clearCookie, hostCookieName, readCookie, setCookie, type CookieSettings } from './cookies.js';

const INTENT_COOKIE = 'mh_intent';
const DEFAULT_LIFETIME_SECONDS = 3600;

export interface PendingIntent {
  /** What to do, named by the feature that does it (e.g. `events:sign-up`). */
  action: string;
  /** The site path whose page completes it (registration's `next`). */
  path: string;
}

export function createPendingIntents(options: { secret: string; cookies: CookieSettings; clock: Clock; lifetimeSeconds?: number }) {
  const name = hostCookieName(INTENT_COOKIE, options.cookies);
  const lifetime = options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  const sign = (payload: string) => hmac(options.secret, `pending-intent:${payload}`);

  /** Holds the intent for this browser; answers where to send the reader to register. */
  function remember(reply: FastifyReply, intent: PendingIntent): string {
    const expires = Math.floor(options.clock.now().getTime() / 1000) + lifetime;
    const payload = Buffer.from(JSON.stringify({ a: intent.action, p: intent.path, e: expires })).toString('base64url');
    setCookie(reply, name, `${payload}.${sign(payload)}`, options.cookies, { maxAgeSeconds: lifetime });
    return `/register?next=${encodeURIComponent(intent.path)}`;
  }

  function read(request: FastifyRequest): (PendingIntent & { expires: number }) | null {
    const value = request.headers.cookie ? readCookie(request, name) : undefined;
    if (!value || value.length > 1000) return null;
    const [payload, signature] = value.split('.');
    if (!payload || !signature || !constantTimeEquals(signature, sign(payload))) return null;
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { a?: unknown; p?: unknown; e?: unknown };
      if (typeof parsed.a !== 'string' || typeof parsed.p !== 'string' || typeof parsed.e !== 'number') return null;
      return { action: parsed.a, path: parsed.p, expires: parsed.e };
    } catch {
      return null;
    }
  }

  /**
   * The intent for `path`, if this browser holds a live one: cleared as it is
   * taken, so it is done once. An intent for another page stays for that page.
   */
  function take(request: FastifyRequest, reply: FastifyReply, path: string): string | null {
    const intent = read(request);
    if (!intent) return null;
    if (intent.expires * 1000 <= options.clock.now().getTime()) {
      clearCookie(reply, name, options.cookies);
      return null;
    }
    if (intent.path !== path) return null;
    clearCookie(reply, name, options.cookies);
    return intent.action;
  }

  return { remember, take };
}

export type PendingIntents = ReturnType<typeof createPendingIntents>;
