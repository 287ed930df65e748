import { sql } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from '../../../migrations/index.js';
import type { DatabaseTarget } from '../config/config.js';
import { hasRowLocks, type Db } from './database.js';
import { withStartupLock, type StartupLockOptions } from './startup-lock.js';

/**
 * `schema` names the PostgreSQL schema the bookkeeping tables live in. Kysely
 * otherwise looks for its migration table in every schema of the catalogue,
 * finds another schema's and skips creating its own; so without one it is the
 * connection's current schema (a `search_path` in DATABASE_URL).
 */
export async function migrateToLatest(db: Db, options: { schema?: string } = {}): Promise<MigrationResultSet> {
  const schema = options.schema ?? (hasRowLocks(db) ? await currentSchema(db) : undefined);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

async function currentSchema(db: Db): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

/**
 * The migrations this code has that the database has not run (all of them on
 * a database that never ran one): one small query, so a node that finds none
 * starts without the migrator's look through the catalogue, and /readyz can
 * ask on every probe. Throws when the database does not answer.
 */
export async function listPendingMigrations(db: Db): Promise<string[]> {
  let applied: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = new Set(rows.map((row) => row.name));
  } catch (error) {
    if (!isMissingTable(error)) throw error;
    applied = new Set();
  }
  return Object.keys(migrations).filter((name) => !applied.has(name));
}

function isMissingTable(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '42P01' || /no such table/i.test(message ?? '');
}

/**
 * Brings the schema up to date when migrations are pending, under the startup
 * lock (startup-lock.ts), so processes starting together migrate once; answers
 * the migrations this process ran. A current schema costs one query, no lock.
 */
export async function migrateDatabase(target: DatabaseTarget, db: Db, options: StartupLockOptions = {}): Promise<string[]> {
  if ((await listPendingMigrations(db)).length === 0) return [];
  return withStartupLock(target, db, migratePending, options);
}

/** Runs what is pending, for a caller that holds the startup lock. */
export async function migratePending(db: Db): Promise<string[]> {
  // Whoever held the lock before may have run them.
  if ((await listPendingMigrations(db)).length === 0) return [];
  const result = await migrateToLatest(db);
  return result.results?.filter((migration) => migration.status === 'Success').map((migration) => migration.migrationName) ?? [];
}
