// The importers' SQL: what was already brought in (`import_records`), the old
// site's paths (`legacy_redirects`), and imported readers. Every function takes
// the database or the transaction its caller opened.
import { sql, type Transaction } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import type { ImportRecordKind } from '../../core/db/schema-imports.js';

export async function findImportedIds(
  db: DbOrTransaction,
  source: string,
  kind: ImportRecordKind,
  sourceIds: readonly string[],
): Promise<Map<string, string>> {
  if (!sourceIds.length) return new Map();
  const rows = await db
    .selectFrom('import_records')
    .where('source', '=', source)
    .where('kind', '=', kind)
    .where('source_id', 'in', sourceIds)
    .select(['source_id', 'target_id'])
    .execute();
  return new Map(rows.map((row) => [row.source_id, row.target_id]));
}

export async function recordImport(
  trx: DbOrTransaction,
  record: { source: string; kind: ImportRecordKind; sourceId: string; targetId: string; now: string },
): Promise<void> {
  await trx
    .insertInto('import_records')
    .values({ source: record.source, kind: record.kind, source_id: record.sourceId, target_id: record.targetId, created_at: record.now })
    .execute();
}

/** Many records in one statement (a chunk's articles, in the chunk's transaction). */
export async function recordImports(
  trx: DbOrTransaction,
  records: ReadonlyArray<{ source: string; kind: ImportRecordKind; sourceId: string; targetId: string; now: string }>,
): Promise<void> {
  if (!records.length) return;
  await trx
    .insertInto('import_records')
    .values(
      records.map((record) => ({
        source: record.source,
        kind: record.kind,
        source_id: record.sourceId,
        target_id: record.targetId,
        created_at: record.now,
      })),
    )
    .execute();
}

/**
 * Old paths for many articles in one statement: a path already taken (by an
 * earlier article, or earlier in the list) keeps leading where it led.
 * Answers how many were added.
 */
export async function addLegacyRedirectsOf(
  trx: DbOrTransaction,
  redirects: ReadonlyArray<{ path: string; articleId: number }>,
  now: string,
): Promise<number> {
  const seen = new Set<string>();
  const rows = redirects.filter((redirect) => !seen.has(redirect.path) && seen.add(redirect.path));
  if (!rows.length) return 0;
  const result = await trx
    .insertInto('legacy_redirects')
    .values(rows.map((redirect) => ({ old_path: redirect.path, article_id: redirect.articleId, created_at: now })))
    .onConflict((conflict) => conflict.column('old_path').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Which of these slugs articles have (one query for a chunk's posts). */
export async function findTakenSlugs(trx: DbOrTransaction, slugs: readonly string[]): Promise<Set<string>> {
  if (!slugs.length) return new Set();
  const rows = await trx
    .selectFrom('articles')
    .where('slug', 'in', [...new Set(slugs)])
    .select('slug')
    .execute();
  return new Set(rows.map((row) => row.slug));
}

/**
 * Runs `work` inside a savepoint of the caller's transaction: when it throws,
 * what it wrote is rolled back and the transaction goes on (one bad item in a
 * chunk written as one transaction is that item's alone). Same SQL on both engines.
 */
export async function withSavepoint<T>(trx: Transaction<Database>, work: () => Promise<T>): Promise<T> {
  await sql`savepoint import_item`.execute(trx);
  try {
    const result = await work();
    await sql`release savepoint import_item`.execute(trx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint import_item`.execute(trx);
    await sql`release savepoint import_item`.execute(trx);
    throw error;
  }
}

export async function findArticleIdBySlug(trx: DbOrTransaction, slug: string): Promise<number | null> {
  return (await trx.selectFrom('articles').where('slug', '=', slug).select('id').executeTakeFirst())?.id ?? null;
}

/** The published, due article an old path leads to: its section path, slug and publication time. */
export async function findLegacyTarget(
  db: DbOrTransaction,
  oldPath: string,
  now: string,
): Promise<{ sectionPath: string; slug: string; publishedAt: string } | null> {
  const row = await db
    .selectFrom('legacy_redirects')
    .innerJoin('articles', 'articles.id', 'legacy_redirects.article_id')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .where('legacy_redirects.old_path', '=', oldPath)
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now)
    .select(['sections.path as sectionPath', 'articles.slug', 'articles.published_at as publishedAt'])
    .executeTakeFirst();
  return row && row.publishedAt ? { sectionPath: row.sectionPath, slug: row.slug, publishedAt: row.publishedAt } : null;
}

export async function countLegacyRedirects(db: DbOrTransaction): Promise<number> {
  const row = await db
    .selectFrom('legacy_redirects')
    .select(sql<number>`count(*)`.as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findUserIdByEmail(trx: DbOrTransaction, email: string): Promise<number | null> {
  return (await trx.selectFrom('users').where('email', '=', email).select('id').executeTakeFirst())?.id ?? null;
}

/**
 * A reader from another platform: no password (they choose one through
 * "forgot password", which also verifies the address), the newsletter choice
 * they had recorded as an imported consent.
 */
export async function insertImportedReader(
  trx: DbOrTransaction,
  reader: { email: string; firstName: string; lastName: string; createdAt: string; subscribed: boolean; source: string; now: string },
): Promise<number> {
  const row = await trx
    .insertInto('users')
    .values({
      email: reader.email,
      email_verified_at: null,
      password_hash: null,
      first_name: reader.firstName,
      last_name: reader.lastName,
      date_of_birth: null,
      marketing_opt_out: reader.subscribed ? 0 : 1,
      created_at: reader.createdAt,
      updated_at: reader.now,
      deleted_at: null,
      last_sign_in_at: null,
      deactivated_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('consents')
    .values({
      user_id: row.id,
      document: 'marketing',
      version: 'imported',
      granted: reader.subscribed ? 1 : 0,
      recorded_at: reader.now,
      user_agent: `import from ${reader.source}`.slice(0, 300),
    })
    .execute();
  return row.id;
}

export async function sectionExists(db: DbOrTransaction, path: string): Promise<boolean> {
  return (await db.selectFrom('sections').where('path', '=', path).select('id').executeTakeFirst()) !== undefined;
}

/** Who imported articles are written as: the first active admin, else the first active editor. */
export async function findImportingStaff(db: DbOrTransaction): Promise<{ userId: number; name: string; role: 'admin' | 'editor' } | null> {
  const row = await db
    .selectFrom('users')
    .where('role', 'in', ['admin', 'editor'])
    .where('deleted_at', 'is', null)
    .where('deactivated_at', 'is', null)
    .orderBy(sql`case when role = 'admin' then 0 else 1 end`)
    .orderBy('id')
    .select(['id', 'first_name', 'last_name', 'role'])
    .executeTakeFirst();
  return row ? { userId: row.id, name: `${row.first_name} ${row.last_name}`.trim(), role: row.role as 'admin' | 'editor' } : null;
}

export async function findStaffByEmail(
  db: DbOrTransaction,
  email: string,
): Promise<{ userId: number; name: string; role: 'admin' | 'editor' } | null> {
  const row = await db
    .selectFrom('users')
    .where('email', '=', email.trim().toLowerCase())
    .where('role', 'in', ['admin', 'editor'])
    .where('deleted_at', 'is', null)
    .where('deactivated_at', 'is', null)
    .select(['id', 'first_name', 'last_name', 'role'])
    .executeTakeFirst();
  return row ? { userId: row.id, name: `${row.first_name} ${row.last_name}`.trim(), role: row.role as 'admin' | 'editor' } : null;
}

/**
 * Who wrote an imported comment that names no usable address: an account that
 * can never sign in (deactivated, no password, an address under `.invalid`,
 * which no mail reaches), one per name and source, so the comment keeps the
 * name it was signed with. No consent is recorded: there is nobody to ask.
 */
export async function insertImportGuest(
  trx: DbOrTransaction,
  guest: { email: string; firstName: string; lastName: string; now: string },
): Promise<number> {
  const row = await trx
    .insertInto('users')
    .values({
      email: guest.email,
      email_verified_at: null,
      password_hash: null,
      first_name: guest.firstName,
      last_name: guest.lastName,
      date_of_birth: null,
      marketing_opt_out: 1,
      created_at: guest.now,
      updated_at: guest.now,
      deleted_at: null,
      last_sign_in_at: null,
      deactivated_at: guest.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
