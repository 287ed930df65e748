// Storage of Admin API keys: only their SHA-256 is kept (migrations/0016).
import type { DbOrTransaction } from '../../core/db/database.js';

export interface ApiKeyRow {
  id: number;
  name: string;
  role: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const COLUMNS = ['id', 'name', 'role', 'created_at', 'last_used_at', 'revoked_at'] as const;

/** Inserts a key; false when the name is taken (names attribute work, so they stay unique, revoked or not). */
export async function insertApiKey(
  db: DbOrTransaction,
  key: { name: string; role: string; keyHash: string; createdAt: string; ownerUserId?: number | null },
): Promise<boolean> {
  const inserted = await db
    .insertInto('api_keys')
    .values({ name: key.name, role: key.role, key_hash: key.keyHash, created_at: key.createdAt, owner_user_id: key.ownerUserId ?? null })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findLiveApiKeyByHash(db: DbOrTransaction, keyHash: string): Promise<ApiKeyRow | null> {
  const row = await db
    .selectFrom('api_keys')
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .select(COLUMNS)
    .executeTakeFirst();
  return row ?? null;
}

export async function listApiKeyRows(db: DbOrTransaction): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').select(COLUMNS).orderBy('name').execute();
}

/** Revokes the live key of that name; false when there is none. */
export async function revokeApiKeyByName(db: DbOrTransaction, name: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records use, at most once per `since` (a write per request would make every API call a write). */
export async function markApiKeyUsed(db: DbOrTransaction, id: number, now: string, since: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', since)]))
    .execute();
}
