import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from '../../../migrations/index.js';
import type { Db } from './database.js';

/**
 * `schema` names the PostgreSQL schema the bookkeeping tables live in when it is
 * not the default one: Kysely otherwise finds another schema's migration table
 * in the catalogue and skips creating its own.
 */
export async function migrateToLatest(db: Db, options: { schema?: string } = {}): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
