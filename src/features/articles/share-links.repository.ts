// SQL of share links (article_share_links): only the token's hash is stored.
import type { DbOrTransaction } from '../../core/db/database.js';

export interface ShareLinkRow {
  id: number;
  article_id: number;
  created_by_name: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

const columns = ['id', 'article_id', 'created_by_name', 'created_at', 'expires_at', 'revoked_at'] as const;

export async function insertShareLink(
  db: DbOrTransaction,
  link: { articleId: number; tokenHash: string; createdByName: string; createdAt: string; expiresAt: string },
): Promise<number> {
  const row = await db
    .insertInto('article_share_links')
    .values({
      article_id: link.articleId,
      token_hash: link.tokenHash,
      created_by_name: link.createdByName,
      created_at: link.createdAt,
      expires_at: link.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Newest first; an article has few (each made by hand). */
export async function listShareLinks(db: DbOrTransaction, articleId: number, limit: number): Promise<ShareLinkRow[]> {
  return db
    .selectFrom('article_share_links')
    .where('article_id', '=', articleId)
    .orderBy('id', 'desc')
    .limit(limit)
    .select(columns)
    .execute();
}

export async function findShareLinkByHash(db: DbOrTransaction, tokenHash: string): Promise<ShareLinkRow | null> {
  return (await db.selectFrom('article_share_links').where('token_hash', '=', tokenHash).select(columns).executeTakeFirst()) ?? null;
}

/** Withdraws a link of this article; false when there is none (or it was withdrawn already). */
export async function revokeShareLink(db: DbOrTransaction, articleId: number, linkId: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('article_share_links')
    .set({ revoked_at: now })
    .where('id', '=', linkId)
    .where('article_id', '=', articleId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
