import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from '../../../migrations/index.js';
import type { Db } from './database.js';

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
