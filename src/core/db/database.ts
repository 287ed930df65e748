import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type pgModule from 'pg';
import type { DatabaseTarget } from '../config/config.js';
import { preparedStatementName } from './prepared-query.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type DbOrTransaction = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  engine: DatabaseTarget['engine'];
  /** PostgreSQL only: a connection of its own outside the pool, with the pool's settings (for LISTEN, which holds a connection). */
  connectDedicated?: () => Promise<pgModule.Client>;
  close(): Promise<void>;
}

// `pg` is loaded only when PostgreSQL is used: a SQLite node starts ~30 ms sooner.
let pgLoaded: typeof pgModule | undefined;
function loadPg(): typeof pgModule {
  if (!pgLoaded) {
    pgLoaded = createRequire(import.meta.url)('pg') as typeof pgModule;
    // PostgreSQL returns int8 (count(*), bigserial) as strings by default; our
    // counts fit comfortably in a double, so parse them as numbers on both engines.
    pgLoaded.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
  }
  return pgLoaded;
}

export function openDatabase(target: DatabaseTarget, options: { searchPath?: string } = {}): DatabaseHandle {
  if (target.engine === 'postgres') {
    const connection = {
      connectionString: target.connectionString,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    };
    const pool = new (loadPg().Pool)({ ...connection, max: target.poolSize });
    pool.on('connect', runPreparedQueriesAsNamedStatements);
    // An idle pooled connection that the server ends (a restart, a failover, an admin's pg_terminate_backend,
    // DROP DATABASE … WITH (FORCE)) is reported as the pool's 'error' event. pg-pool has already dropped that
    // client and the next query opens a new one; without a listener Node would treat the event as an uncaught
    // error and stop the whole process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const connectDedicated = async () => {
      const client = new (loadPg().Client)(connection);
      await client.connect();
      return client;
    };
    return { db, engine: 'postgres', connectDedicated, close: () => db.destroy() };
  }
  if (target.filename !== ':memory:') createPrivateFile(target.filename);
  const sqlite = new Sqlite(target.filename);
  // WAL lets readers proceed while a writer commits; NORMAL sync is durable
  // across application crashes (not power loss of the last transaction), the
  // usual trade for a web workload. busy_timeout covers a second process (CLI).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Planner statistics from the first query on, not only after the retention
  // job's hourly `optimize`: without them SQLite drove the Following feed from
  // every article's comments (300 ms at 100,000 comments against ~30 ms;
  // bench/community-feeds.ts). analysis_limit bounds the cost on a large file.
  sqlite.pragma('analysis_limit = 400');
  sqlite.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

/**
 * Statements of prepared queries (prepared-query.ts) run as named statements
 * on this connection: parsed and planned by PostgreSQL once per connection.
 * Kysely hands `pg` the SQL text and its parameters; every other statement
 * goes on as before.
 */
function runPreparedQueriesAsNamedStatements(client: pgModule.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const name = typeof text === 'string' && Array.isArray(values) && args.length === 2 ? preparedStatementName(text) : undefined;
    return name ? query({ name, text, values }) : query(...args);
  }) as typeof client.query;
}

/**
 * The database holds readers' personal data and password hashes: only the
 * service's own user may read it, wherever DATABASE_URL puts it. SQLite gives
 * its -wal and -shm files the database file's mode.
 */
function createPrivateFile(filename: string): void {
  fs.mkdirSync(path.dirname(filename), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(filename, 'a', 0o600));
  fs.chmodSync(filename, 0o600);
}

const MAX_CACHED_STATEMENTS = 1000;

/**
 * Kysely's SQLite driver prepares every statement on every execution; a
 * prepare costs more than running a small indexed query (a signed-in page
 * spent more time preparing its session lookup than running it). Statements
 * are reused by their SQL text, which Kysely builds with placeholders, so the
 * set is bounded by the queries in the code. Safe because better-sqlite3 runs
 * each statement to completion synchronously; Masthead never streams
 * (`iterate`), which is the one use that could overlap.
 */
function withStatementCache(sqlite: Sqlite.Database) {
  const statements = new Map<string, Sqlite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): Sqlite.Statement {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Whether the database is PostgreSQL (for what only it has: NOTIFY). */
export function isPostgres(db: DbOrTransaction): boolean {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
}

/** Whether `select … for update` exists (PostgreSQL); SQLite serialises writers instead. */
export function hasRowLocks(db: DbOrTransaction): boolean {
  return isPostgres(db);
}
