// CSRF protection for every state-changing form, in two layers:
// 1. The request's Origin (or Referer) must be this site when the browser sends one.
// 2. A token in the form must match the HMAC of the session id (signed in) or of
//    a random per-browser nonce cookie (signed out), so another site can
//    neither read nor forge it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEquals, hmac, randomToken } from '../security/tokens.js';
import { readCookie, setCookie, type CookieSettings } from './cookies.js';

export const CSRF_FIELD = '_csrf';
const NONCE_COOKIE = 'mh_form';

export interface CsrfOptions {
  secret: string;
  cookies: CookieSettings;
  publicOrigin: string;
}

export function createCsrf(options: CsrfOptions) {
  const expectedFor = (sessionId: string | undefined, nonce: string | undefined) =>
    sessionId ? hmac(options.secret, `csrf:session:${sessionId}`) : nonce ? hmac(options.secret, `csrf:anonymous:${nonce}`) : undefined;

  /** The token to put in a form. Sets the nonce cookie for signed-out browsers that lack one. */
  function tokenFor(request: FastifyRequest, reply: FastifyReply, sessionId: string | undefined): string {
    if (sessionId) return expectedFor(sessionId, undefined)!;
    let nonce = readCookie(request, NONCE_COOKIE);
    if (!nonce || nonce.length > 100) {
      nonce = randomToken(18);
      setCookie(reply, NONCE_COOKIE, nonce, options.cookies);
    }
    return expectedFor(undefined, nonce)!;
  }

  function isSameOrigin(request: FastifyRequest): boolean {
    const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
    // Browsers send Origin on cross-site POSTs; its absence means a same-site form or a non-browser client.
    if (!origin || origin === 'null') return origin !== 'null';
    return origin === options.publicOrigin || origin === `${request.protocol}://${request.host}`;
  }

  function verify(request: FastifyRequest, sessionId: string | undefined, submitted: unknown): boolean {
    if (!isSameOrigin(request)) return false;
    if (typeof submitted !== 'string' || submitted.length > 200) return false;
    const nonce = readCookie(request, NONCE_COOKIE);
    const candidates = [expectedFor(sessionId, undefined), expectedFor(undefined, nonce)].filter((token): token is string => !!token);
    // A reader who signed in on another tab still holds a form made while signed out: accept either.
    return candidates.some((expected) => constantTimeEquals(expected, submitted));
  }

  return { tokenFor, verify };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

export type Csrf = ReturnType<typeof createCsrf>;
