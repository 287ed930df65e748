// Small readers shared by the export parsers: exports are untrusted files, so
// every value is checked for its type and anything odd becomes '' or null.

export const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/** An id as text: Ghost's are strings, WordPress's numbers. */
export const idOf = (value: unknown): string => text(value).trim();

/**
 * A date as ISO 8601 UTC, or null. Accepts ISO strings, MySQL's
 * `2019-04-03 10:00:00` (taken as UTC), RFC 822 (`Wed, 03 Apr 2019 10:00:00 +0000`)
 * and epoch milliseconds (old Ghost exports).
 */
export function isoDateOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return validIso(new Date(value));
  const raw = text(value).trim();
  if (!raw || raw.startsWith('0000-00-00')) return null;
  const mysql = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(raw);
  return validIso(new Date(mysql ? `${mysql[1]}T${mysql[2]}Z` : raw));
}

function validIso(date: Date): string | null {
  const time = date.getTime();
  // Years 1000–9999 only: the body of an ISO string, and no article is older.
  if (!Number.isFinite(time) || date.getUTCFullYear() < 1000 || date.getUTCFullYear() > 9999) return null;
  return date.toISOString();
}

/** A path of the old site, as `legacy_redirects` keeps it: no trailing slash, no host. */
export function legacyPathOf(urlOrPath: string, siteUrl: string | null): string | null {
  let url: URL;
  try {
    url = new URL(urlOrPath, siteUrl ?? 'http://legacy.invalid');
  } catch {
    return null;
  }
  if (siteUrl) {
    try {
      if (new URL(siteUrl).host !== url.host) return null;
    } catch {
      return null;
    }
  }
  const path = withoutTrailingSlashes(url.pathname);
  if (path === '/' || path === '') return null;
  return path.length <= 500 ? path : null;
}

/** `/a/b//` → `/a/b`; `/` stays `/` (a loop, not a regex: no backtracking on a long run of slashes). */
export function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end -= 1;
  return path.slice(0, end);
}

/** Roughly an address: something@something.something, no spaces. The reader confirms it when they set a password. */
export function looksLikeEmail(value: string): boolean {
  const at = value.indexOf('@');
  const dot = value.lastIndexOf('.');
  return at > 0 && dot > at + 1 && dot < value.length - 1 && value.length <= 254 && !/\s/.test(value) && value.indexOf('@', at + 1) === -1;
}

/**
 * Comments ordered so a parent always comes before its replies (exports list
 * them by id, which usually is that order, but nothing promises it); the
 * order is otherwise kept. A parent that is not among them, or a loop, leaves
 * the comment where it was.
 */
export function parentsFirst<T extends { sourceId: string; parentSourceId: string | null }>(comments: readonly T[]): T[] {
  const byId = new Map(comments.map((comment) => [comment.sourceId, comment]));
  const placed = new Set<string>();
  const ordered: T[] = [];
  for (const comment of comments) {
    if (!comment.sourceId) {
      ordered.push(comment);
      continue;
    }
    // Up the ancestors not yet placed (a loop, not recursion: a reply chain may be thousands deep), then down.
    const chain: T[] = [];
    const seen = new Set<string>();
    for (let next: T | undefined = comment; next && !placed.has(next.sourceId) && !seen.has(next.sourceId);) {
      seen.add(next.sourceId);
      chain.push(next);
      next = next.parentSourceId === null ? undefined : byId.get(next.parentSourceId);
    }
    for (const item of chain.reverse()) {
      placed.add(item.sourceId);
      ordered.push(item);
    }
  }
  return ordered;
}
