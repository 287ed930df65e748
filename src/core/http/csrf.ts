// CSRF protection for every state-changing form, in two layers:
// 1. The request's Origin (or Referer) must be this site when the browser sends one.
// 2. A token in the form must match the HMAC of the session id (signed in) or of
//    a random per-browser nonce cookie (signed out), so another site can
//    neither read nor forge it.
// Each page gets the token under a fresh one-time pad (`mask`), so no two
// responses carry the same bytes for it: a page that holds the token beside
// text an attacker wrote (a comment) can then be compressed without its size
// revealing the token (BREACH).
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEquals, hmac, randomToken } from '../security/tokens.js';
import { AppError } from '../errors.js';
import { hostCookieName, readCookie, setCookie, type CookieSettings } from './cookies.js';
import { formBody } from './request-values.js';

export const CSRF_FIELD = '_csrf';
const NONCE_COOKIE = 'mh_form';

export interface CsrfOptions {
  secret: string;
  cookies: CookieSettings;
  publicOrigin: string;
}

export function createCsrf(options: CsrfOptions) {
  const nonceCookie = hostCookieName(NONCE_COOKIE, options.cookies);
  const expectedFor = (sessionId: string | undefined, nonce: string | undefined) =>
    sessionId ? hmac(options.secret, `csrf:session:${sessionId}`) : nonce ? hmac(options.secret, `csrf:anonymous:${nonce}`) : undefined;

  /** The token to put in a form, masked afresh. Sets the nonce cookie for signed-out browsers that lack one. */
  function tokenFor(request: FastifyRequest, reply: FastifyReply, sessionId: string | undefined): string {
    if (sessionId) return maskToken(expectedFor(sessionId, undefined)!);
    let nonce = readCookie(request, nonceCookie);
    if (!nonce || nonce.length > 100) {
      nonce = randomToken(18);
      setCookie(reply, nonceCookie, nonce, options.cookies);
    }
    return maskToken(expectedFor(undefined, nonce)!);
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
    // Unmasked: a form served before tokens were masked is still good.
    const token = unmaskToken(submitted) ?? submitted;
    const nonce = readCookie(request, nonceCookie);
    const candidates = [expectedFor(sessionId, undefined), expectedFor(undefined, nonce)].filter(
      (candidate): candidate is string => !!candidate,
    );
    // A reader who signed in on another tab still holds a form made while signed out: accept either.
    return candidates.some((expected) => constantTimeEquals(expected, token));
  }

  /** The check every form post starts with: the token in the form body must be good, or the request is refused (403). */
  function requireFormToken(request: FastifyRequest, sessionId: string | undefined): void {
    if (!verify(request, sessionId, formBody(request)[CSRF_FIELD])) throw new AppError('forbidden', 'CSRF token missing or invalid');
  }

  return { tokenFor, verify, requireFormToken };
}

const TOKEN_BYTES = 32; // an HMAC-SHA256

/** `pad ‖ (token XOR pad)`, base64url, with a fresh random pad. */
export function maskToken(token: string): string {
  const secret = Buffer.from(token, 'base64url');
  const pad = randomBytes(secret.length);
  const masked = Buffer.alloc(secret.length);
  for (let index = 0; index < secret.length; index++) masked[index] = secret[index]! ^ pad[index]!;
  return Buffer.concat([pad, masked]).toString('base64url');
}

/** The token under a mask, or null when `submitted` is not a masked token. */
export function unmaskToken(submitted: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(submitted)) return null;
  const raw = Buffer.from(submitted, 'base64url');
  if (raw.length !== TOKEN_BYTES * 2) return null;
  const token = Buffer.alloc(TOKEN_BYTES);
  for (let index = 0; index < TOKEN_BYTES; index++) token[index] = raw[index]! ^ raw[index + TOKEN_BYTES]!;
  return token.toString('base64url');
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
