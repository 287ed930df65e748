// Test support: every *.db.test.ts runs against SQLite and PostgreSQL.
// PostgreSQL comes from TEST_DATABASE_URL; each opened database is a fresh
// schema dropped afterwards, so test files can run in parallel.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import type pg from 'pg';
import type { DatabaseTarget } from '../config/config.js';
import { openDatabase, type DatabaseHandle } from './database.js';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from '../../../migrations/index.js';
import { migrateToLatest } from './migrate.js';
import { withSchemaLock as withSchemaLockOn } from './schema-lock.js';

export type Engine = DatabaseTarget['engine'];

export interface TestDatabase extends DatabaseHandle {
  /** PostgreSQL: the test's own schema (its migration table lives there too); null on SQLite. */
  schema: string | null;
  /**
   * Moves the schema to one migration (or the latest): for the tests of a
   * migration's backfill. On PostgreSQL it holds the schema lock, because
   * Kysely's migrator introspects every schema on the server and fails when
   * another test's columns vanish under it (a down migration elsewhere).
   */
  migrateTo(target: string | 'latest'): Promise<MigrationResultSet>;
  /** Another connection (or pool) to the same database, as a second node has; its `close` leaves the database in place. */
  openAnotherHandle(): DatabaseHandle;
  /** Closes and deletes the database. */
  destroy(): Promise<void>;
}

export const postgresUrl = process.env.TEST_DATABASE_URL;

export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'masthead-test-'));
    const filename = path.join(directory, 'test.db');
    const handle = openDatabase({ engine: 'sqlite', filename });
    await migrateToLatest(handle.db);
    return {
      ...handle,
      schema: null,
      migrateTo: (target) => migrateHandleTo(handle, null, target),
      openAnotherHandle: () => openDatabase({ engine: 'sqlite', filename }),
      async destroy() {
        await handle.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const openHandle = () => openDatabase({ engine: 'postgres', connectionString: postgresUrl, poolSize: 5 }, { searchPath: schema });
  const handle = openHandle();
  await withSchemaLock(async (admin) => {
    await admin.query(`create schema ${schema}`);
    await migrateToLatest(handle.db, { schema });
  });
  return {
    ...handle,
    schema,
    migrateTo: (target) => withSchemaLock(() => migrateHandleTo(handle, schema, target)),
    openAnotherHandle: openHandle,
    async destroy() {
      await handle.close();
      await withSchemaLock((admin) => admin.query(`drop schema ${schema} cascade`));
    },
  };
}

function migrateHandleTo(handle: DatabaseHandle, schema: string | null, target: string): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  return target === 'latest' ? migrator.migrateToLatest() : migrator.migrateTo(target);
}

/** Test schemas are created, migrated and dropped one at a time (schema-lock.ts). */
function withSchemaLock<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  return withSchemaLockOn(postgresUrl!, work);
}

/** The engines this run can test; PostgreSQL only when TEST_DATABASE_URL is set (global setup warns otherwise). */
export const availableEngines: Engine[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/** `describe` once per engine; PostgreSQL is reported as skipped when unavailable. */
export function describeEachEngine(title: string, body: (engine: Engine) => void): void {
  for (const engine of ['sqlite', 'postgres'] as const) {
    const run = engine === 'sqlite' || postgresUrl ? describe : describe.skip;
    run(`${title} [${engine}]`, () => body(engine));
  }
}
