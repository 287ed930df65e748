// Where to send a reader after signing in or registering: a path on this site
// only. The value is parsed as a URL against our origin, never prefix-matched,
// so "//evil.example", "/\\evil.example" and "https://evil.example" all fall back.
import { z } from 'zod';

const FALLBACK = '/';
const ACCOUNT_FORMS = ['/signin', '/register', '/signout', '/forgot-password', '/reset-password'];

export function safeNextPath(next: unknown, publicUrl: string): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 500) return FALLBACK;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return FALLBACK;
  let url: URL;
  try {
    const base = new URL(publicUrl);
    url = new URL(next, base);
    if (url.origin !== base.origin) return FALLBACK;
  } catch {
    return FALLBACK;
  }
  // Returning to the form just used would be a loop.
  if (ACCOUNT_FORMS.includes(url.pathname)) return FALLBACK;
  return url.pathname + url.search + url.hash;
}

/** `next` in a query or a form, as a route schema's field: always a safe path (a bad one is '/', never a refusal). */
export const nextPathInput = (publicUrl: string) =>
  z
    .unknown()
    .optional()
    .transform((next) => safeNextPath(next, publicUrl));
