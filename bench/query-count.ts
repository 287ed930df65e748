// Counts the SQL statements the app runs to answer a request: the app built
// in this process exactly as `serve` builds it (buildApp, the same database
// and session secret as the app under test), but over a Kysely instance with
// a log hook that counts every query. Each request is sent once to warm the
// caches (site, article lookups, the banned-words list), then again, counted
// together with what it starts right after its answer. Run by
// bench/comments.ts with the app's environment; prints one JSON line.
//
//   DATA_DIR=/tmp/x tsx bench/query-count.ts /tmp/x/requests.json
import { readFileSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/core/config/config.js';
import type { DatabaseHandle } from '../src/core/db/database.js';
import type { Database } from '../src/core/db/schema.js';

export interface CountedRequest {
  label: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Form fields, sent urlencoded. */
  form?: Record<string, string>;
  /** Send once before counting, to warm the caches (with `warmForm` instead of `form`, so a post is not a duplicate). */
  warm: boolean;
  warmForm?: Record<string, string>;
}

export interface QueryCount {
  label: string;
  status: number;
  queries: number;
  /** Each distinct statement (its SQL, shortened) and how often it ran. */
  statements: Array<{ sql: string; times: number }>;
}

function openCountingDatabase(onQuery: (event: LogEvent) => void): DatabaseHandle {
  const config = loadConfig();
  const target = config.database;
  const log = (event: LogEvent) => onQuery(event);
  if (target.engine === 'postgres') {
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.connectionString, max: target.poolSize }) }),
      log,
    });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  // The pragmas src/core/db/database.ts sets.
  const sqlite = new Sqlite(target.filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log });
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

async function main(): Promise<void> {
  const requestsFile = process.argv[2];
  if (!requestsFile) throw new Error('Usage: query-count.ts <requests.json>');
  const requests = JSON.parse(readFileSync(requestsFile, 'utf8')) as CountedRequest[];
  let recording: string[] | null = null;
  const database = openCountingDatabase((event) => recording?.push(event.query.sql));
  const masthead = await buildApp({ config: loadConfig(), database });
  const results: QueryCount[] = [];
  try {
    await masthead.app.ready();
    for (const request of requests) {
      const send = (form = request.form) =>
        masthead.app.inject({
          method: request.method,
          url: request.url,
          headers: { ...request.headers, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
          ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
        });
      // Work a request starts after its answer (a published comment wakes the email worker) is its own:
      // let the warm-up's finish before counting, and count the measured request's.
      const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
      if (request.warm) {
        await send(request.warmForm);
        await settle();
      }
      recording = [];
      const response = await send();
      await settle();
      const statements = recording;
      recording = null;
      const times = new Map<string, number>();
      for (const sql of statements) {
        const short = sql.replace(/\s+/g, ' ').slice(0, 140);
        times.set(short, (times.get(short) ?? 0) + 1);
      }
      results.push({
        label: request.label,
        status: response.statusCode,
        queries: statements.length,
        statements: [...times].map(([sql, count]) => ({ sql, times: count })),
      });
    }
  } finally {
    await masthead.close();
  }
  console.log(JSON.stringify(results));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
