// One process at a time, across every process on one database, for the work
// a starting node may have to do before it serves: migrations and loading the
// demo into an empty database. Nodes started together otherwise all see an
// empty database and all load the demo (two of three crashed on a duplicate
// section path). Whoever holds the lock must look again at what it found
// before: another node may have done the work meanwhile.
//
// PostgreSQL: a session advisory lock, keyed by the schema, on one connection
// that also runs the work (so a pool of one connection cannot deadlock), and
// released by the server if the node dies. SQLite: an exclusive transaction
// on a small file beside the database, released by the OS if the process dies;
// not the database itself, whose writes the work needs.
import { setTimeout as sleep } from 'node:timers/promises';
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import type { DatabaseTarget } from '../config/config.js';
import type { Db } from './database.js';

const SQLITE_RETRY_MS = 50;

export interface StartupLockOptions {
  /** Called once when another process holds the lock, before waiting for it. */
  onWait?: () => void;
}

/** Runs `work` holding the lock of the database `target` names (`db` is open on it); `work` gets the database to use. */
export function withStartupLock<T>(
  target: DatabaseTarget,
  db: Db,
  work: (db: Db) => Promise<T>,
  options: StartupLockOptions = {},
): Promise<T> {
  return target.engine === 'postgres' ? withPostgresLock(db, work, options) : withSqliteLock(target.filename, db, work, options);
}

async function withPostgresLock<T>(db: Db, work: (db: Db) => Promise<T>, options: StartupLockOptions): Promise<T> {
  return db.connection().execute(async (connection) => {
    // Keyed by schema: test schemas and separate publications on one server do not wait for each other.
    const key = sql<number>`hashtext('masthead:startup:' || coalesce(current_schema(), ''))`;
    const attempt = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}) as locked`.execute(connection);
    if (!attempt.rows[0]?.locked) {
      options.onWait?.();
      await sql`select pg_advisory_lock(${key})`.execute(connection);
    }
    try {
      return await work(connection);
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}

async function withSqliteLock<T>(databaseFile: string, db: Db, work: (db: Db) => Promise<T>, options: StartupLockOptions): Promise<T> {
  // An in-memory database belongs to one process.
  if (databaseFile === ':memory:') return work(db);
  // No busy timeout: better-sqlite3 would wait for the lock synchronously, stalling this process; it is polled instead.
  const lock = new Sqlite(`${databaseFile}-startup-lock`, { timeout: 0 });
  try {
    for (let waiting = false; ; waiting = true) {
      try {
        lock.exec('begin exclusive');
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        if (!waiting) options.onWait?.();
        await sleep(SQLITE_RETRY_MS);
      }
    }
    return await work(db);
  } finally {
    if (lock.inTransaction) lock.exec('rollback');
    lock.close();
  }
}
