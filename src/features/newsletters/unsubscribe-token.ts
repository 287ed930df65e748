// The per-recipient unsubscribe token in every newsletter email's links and
// List-Unsubscribe header (RFC 8058). It is the only authority the one-click
// POST has — no session, cookie or CSRF token — so it is signed (HMAC-SHA256
// under the app's secret, 128 bits kept) and names one newsletter and one
// recipient: a reader by user id, or an imported subscriber by id, plus the
// issue it came with (0 for none) so the issue's figures count it.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface UnsubscribeTarget {
  newsletterId: number;
  recipient: { kind: 'reader'; userId: number } | { kind: 'imported'; subscriberId: number };
  issueId: number;
}

const TOKEN_PATTERN = /^(\d{1,10})\.([us])(\d{1,10})\.(\d{1,10})\.([A-Za-z0-9_-]{22})$/;

function signature(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`newsletter-unsubscribe:${payload}`).digest('base64url').slice(0, 22);
}

export function createUnsubscribeToken(secret: string, target: UnsubscribeTarget): string {
  const who = target.recipient.kind === 'reader' ? `u${target.recipient.userId}` : `s${target.recipient.subscriberId}`;
  const payload = `${target.newsletterId}.${who}.${target.issueId}`;
  return `${payload}.${signature(secret, payload)}`;
}

/** The target of a well-formed, correctly signed token; null for anything else. */
export function readUnsubscribeToken(secret: string, token: string): UnsubscribeTarget | null {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, newsletter, kind, id, issue, given] = match as unknown as [string, string, string, string, string, string];
  const expected = signature(secret, `${newsletter}.${kind}${id}.${issue}`);
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(given))) return null;
  const recipient =
    kind === 'u' ? { kind: 'reader' as const, userId: Number(id) } : { kind: 'imported' as const, subscriberId: Number(id) };
  return { newsletterId: Number(newsletter), recipient, issueId: Number(issue) };
}

export const UNSUBSCRIBE_PATH_PREFIX = '/newsletters/unsubscribe/';
