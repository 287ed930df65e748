// The anonymous meter lives in a signed cookie: the list of articles read in
// the period. The server verifies the signature on every request; a tampered,
// forged or malformed cookie counts as an empty meter (a fresh allowance and
// nothing more). Accepted limit, as with every stateless meter: a reader who
// deletes or replays an older cookie gets a fresh allowance again — the
// registration wall is a nudge, not a lock (docs/architecture.md).
import { constantTimeEquals, hmac } from '../../core/security/tokens.js';
import type { MeterEntry } from './access-decision.js';

export const METER_COOKIE = 'mh_meter';
const VERSION = 'v1';
const MAX_ENTRIES = 50;

function sign(secret: string, payload: string): string {
  return hmac(secret, `meter:${VERSION}:${payload}`);
}

export function encodeMeter(entries: readonly MeterEntry[], secret: string): string {
  const payload = [...entries]
    .sort((a, b) => b.readAt - a.readAt)
    .slice(0, MAX_ENTRIES)
    .map((entry) => `${entry.articleId.toString(36)}-${Math.floor(entry.readAt / 1000).toString(36)}`)
    .join('_');
  return `${VERSION}.${payload}.${sign(secret, payload)}`;
}

export function decodeMeter(cookie: string | undefined, secret: string): MeterEntry[] {
  if (!cookie || cookie.length > 2000) return [];
  const [version, payload, signature] = cookie.split('.');
  if (version !== VERSION || payload === undefined || !signature || !constantTimeEquals(signature, sign(secret, payload))) return [];
  if (payload === '') return [];
  const entries: MeterEntry[] = [];
  for (const part of payload.split('_').slice(0, MAX_ENTRIES)) {
    const match = /^([0-9a-z]{1,10})-([0-9a-z]{1,10})$/.exec(part);
    if (!match) return [];
    const articleId = Number.parseInt(match[1]!, 36);
    const readAt = Number.parseInt(match[2]!, 36) * 1000;
    if (!Number.isSafeInteger(articleId) || !Number.isSafeInteger(readAt)) return [];
    entries.push({ articleId, readAt });
  }
  return entries;
}
