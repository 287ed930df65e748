// A confirmed attendee's join link: /events/<event public id>/join/<token>.
// The token is an HMAC of the registration's random public id under the
// server secret, so the page can show the same link every time without the
// database holding it: only its SHA-256 is stored (a copy of the database
// hands out no working links). A new sign-up is a new registration, so a link
// from a cancelled place never works again.
import { hashToken, hmac } from '../../core/security/tokens.js';

export function joinTokenFor(secret: string, registrationPublicId: string): string {
  return hmac(secret, `event-join:${registrationPublicId}`);
}

export function joinTokenHash(secret: string, registrationPublicId: string): string {
  return hashToken(joinTokenFor(secret, registrationPublicId));
}

export function joinPath(eventPublicId: string, token: string): string {
  return `/events/${encodeURIComponent(eventPublicId)}/join/${encodeURIComponent(token)}`;
}

/** A token's shape: base64url of a SHA-256 HMAC. Anything else is refused before a lookup. */
export function isWellFormedJoinToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
