// Share links: a signed, expiring, revocable address at which someone without
// an account (a lawyer, a source) reads an article before it is published.
import type { EditableArticle } from './article-editing.types.js';

/** How long a new link lasts, in days. */
export const SHARE_LINK_EXPIRY_DAYS = [1, 7, 30] as const;

export type ShareLinkExpiryDays = (typeof SHARE_LINK_EXPIRY_DAYS)[number];

export type ShareLinkState = 'active' | 'expired' | 'revoked';

export interface ShareLink {
  id: number;
  createdByName: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  state: ShareLinkState;
}

/** What creating a link answers: the token only this once (only its hash is kept). */
export type ShareLinkCreated = { kind: 'created'; link: ShareLink; token: string };

export type ShareLinkOpened =
  | { kind: 'found'; article: EditableArticle; link: ShareLink }
  /** Expired or revoked: the address existed, and says so (410). */
  | { kind: 'gone' }
  | { kind: 'not-found' };
