// Cookies are parsed only by the routes that need them: the anonymous article
// path never pays for cookie parsing. Masthead sets only its own simple
// token cookies, so a small parser and serializer suffice.
import type { FastifyReply, FastifyRequest } from 'fastify';

const parsed = new WeakMap<FastifyRequest, Map<string, string>>();

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals <= 0) continue;
    const name = part.slice(0, equals).trim();
    let value = part.slice(equals + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    // The first occurrence wins, as browsers send the most specific path first.
    if (name && !cookies.has(name)) cookies.set(name, safeDecode(value));
  }
  return cookies;
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  let cookies = parsed.get(request);
  if (!cookies) {
    cookies = parseCookieHeader(request.headers.cookie);
    parsed.set(request, cookies);
  }
  return cookies.get(name);
}

export interface CookieSettings {
  secure: boolean;
}

export interface CookieOptions {
  maxAgeSeconds?: number;
  httpOnly?: boolean;
  sameSite?: 'Lax' | 'Strict';
}

export function serializeCookie(name: string, value: string, settings: CookieSettings, options: CookieOptions = {}): string {
  let cookie = `${name}=${encodeURIComponent(value)}; Path=/; SameSite=${options.sameSite ?? 'Lax'}`;
  if (options.httpOnly !== false) cookie += '; HttpOnly';
  if (settings.secure) cookie += '; Secure';
  if (options.maxAgeSeconds !== undefined) {
    cookie += `; Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`;
    if (options.maxAgeSeconds <= 0) cookie += '; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  }
  return cookie;
}

/**
 * Sets a cookie on the reply: one Set-Cookie header per cookie name, the last
 * value set winning (a sign-in that clears, then sets, a session sends one).
 * Fastify appends to Set-Cookie, so the list is rebuilt rather than added to.
 */
export function setCookie(reply: FastifyReply, name: string, value: string, settings: CookieSettings, options: CookieOptions = {}): void {
  const existing = reply.getHeader('set-cookie');
  const cookie = serializeCookie(name, value, settings, options);
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  const others = list.filter((header) => !header.startsWith(`${name}=`));
  reply.removeHeader('set-cookie');
  reply.header('set-cookie', [...others, cookie]);
}

/**
 * The name a cookie that must stay this site's own goes by: on https, the
 * `__Host-` prefix makes browsers refuse it unless it is Secure, for Path=/
 * and without a Domain — so a sibling subdomain or a plain-http page cannot
 * plant or overwrite it (session fixation, CSRF token tossing).
 */
export function hostCookieName(name: string, settings: CookieSettings): string {
  return settings.secure ? `__Host-${name}` : name;
}

export function clearCookie(reply: FastifyReply, name: string, settings: CookieSettings): void {
  setCookie(reply, name, '', settings, { maxAgeSeconds: 0 });
}
