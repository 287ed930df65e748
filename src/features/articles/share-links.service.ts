// Share links to read an article before it is published. The token is 32
// random bytes (base64url) shown once to the staff member who made it; only
// its SHA-256 is stored, so a database leak opens no article. Who may make,
// list and revoke a link: authors and editors who may edit the article
// (contributors hand their drafts to an editor rather than outside the newsroom).
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { hashToken, randomToken } from '../../core/security/tokens.js';
import { refusal } from './article-editing.rules.js';
import { toEditable } from './article-editing.model.js';
import type { ArticleEditingService, ReadOutcome } from './article-editing.service.js';
import { findEditableRow } from './article-editing.repository.js';
import type { Actor, EditableArticle } from './article-editing.types.js';
import * as repository from './share-links.repository.js';
import type { ShareLink, ShareLinkCreated, ShareLinkExpiryDays, ShareLinkOpened } from './share-links.types.js';

const DAY_MS = 86_400_000;
/** Links listed on an article's page: more than anyone makes by hand. */
const LISTED_LINKS = 100;
/** 32 bytes in base64url: anything else was never a token of ours. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface ShareLinksDependencies {
  db: Db;
  clock: Clock;
  timeZone: string;
  editing: ArticleEditingService;
}

export function createShareLinksService(deps: ShareLinksDependencies) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();

  function toShareLink(row: repository.ShareLinkRow, at: string): ShareLink {
    return {
      id: row.id,
      createdByName: row.created_by_name,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      state: row.revoked_at !== null ? 'revoked' : row.expires_at <= at ? 'expired' : 'active',
    };
  }

  /** The article, when `actor` may share it. */
  async function shareable(actor: Actor, articleId: number): Promise<ReadOutcome<EditableArticle>> {
    const found = await deps.editing.get(actor, articleId);
    if (found.kind !== 'found') return found;
    if (actor.role === 'contributor')
      return { kind: 'forbidden', message: 'Only authors and editors can share a story outside the newsroom.' };
    const refused = refusal(actor, 'edit', found.value);
    return refused ? { kind: 'forbidden', message: refused } : found;
  }

  async function list(actor: Actor, articleId: number): Promise<ReadOutcome<{ article: EditableArticle; links: ShareLink[] }>> {
    const found = await shareable(actor, articleId);
    if (found.kind !== 'found') return found;
    const at = now();
    const rows = await repository.listShareLinks(db, articleId, LISTED_LINKS);
    return { kind: 'found', value: { article: found.value, links: rows.map((row) => toShareLink(row, at)) } };
  }

  async function create(
    actor: Actor,
    articleId: number,
    expiresInDays: ShareLinkExpiryDays,
  ): Promise<ShareLinkCreated | Exclude<ReadOutcome<never>, { kind: 'found' }>> {
    const found = await shareable(actor, articleId);
    if (found.kind !== 'found') return found;
    const token = randomToken(32);
    const createdAt = clock.now();
    const row = {
      article_id: articleId,
      created_by_name: actor.name,
      created_at: createdAt.toISOString(),
      expires_at: new Date(createdAt.getTime() + expiresInDays * DAY_MS).toISOString(),
      revoked_at: null,
    };
    const id = await repository.insertShareLink(db, {
      articleId,
      tokenHash: hashToken(token),
      createdByName: row.created_by_name,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    });
    return { kind: 'created', link: toShareLink({ id, ...row }, row.created_at), token };
  }

  /** Withdraws a link at once; `not-found` when the article has no such active link. */
  async function revoke(
    actor: Actor,
    articleId: number,
    linkId: number,
  ): Promise<{ kind: 'revoked' } | Exclude<ReadOutcome<never>, { kind: 'found' }>> {
    const found = await shareable(actor, articleId);
    if (found.kind !== 'found') return found;
    return (await repository.revokeShareLink(db, articleId, linkId, now())) ? { kind: 'revoked' } : { kind: 'not-found' };
  }

  /** The article behind a token, for anyone holding it: while the link is neither expired nor revoked. */
  async function open(token: string): Promise<ShareLinkOpened> {
    if (!TOKEN_PATTERN.test(token)) return { kind: 'not-found' };
    const row = await repository.findShareLinkByHash(db, hashToken(token));
    if (!row) return { kind: 'not-found' };
    const at = now();
    const link = toShareLink(row, at);
    if (link.state !== 'active') return { kind: 'gone' };
    const article = await findEditableRow(db, row.article_id);
    if (!article) return { kind: 'not-found' };
    return { kind: 'found', article: toEditable(article, deps.timeZone, at), link };
  }

  return { list, create, revoke, open };
}

export type ShareLinksService = ReturnType<typeof createShareLinksService>;
