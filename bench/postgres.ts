// A throwaway PostgreSQL database for the benchmark: created on the server
// the admin URL points at, handed to the app as DATABASE_URL, dropped
// afterwards (with the connections still open to it). When the server cannot
// be reached, the caller gets the reason and skips its PostgreSQL rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Databases created and not dropped yet: an interrupted benchmark drops them on its way out. */
const live = new Map<string, () => Promise<void>>();

export async function dropBenchDatabases(): Promise<void> {
  await Promise.all([...live.values()].map((drop) => drop().catch(() => undefined)));
}

export interface BenchDatabase {
  /** The new database's URL, for the app. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function withClient<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates an empty database; answers why not when the server is not reachable or refuses. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase | { skipped: string }> {
  const name = `masthead_bench_${randomBytes(5).toString('hex')}`;
  try {
    await withClient(adminUrl, (client) => client.query(`create database ${name}`));
  } catch (error) {
    return { skipped: `PostgreSQL not usable at ${redact(adminUrl)}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    live.delete(name);
    // WITH (FORCE) (PostgreSQL 13+) also ends connections a stopped app left behind.
    await withClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
  };
  live.set(name, drop);
  return { url: url.toString(), name, drop };
}

export function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'an unparsable URL';
  }
}

export async function serverVersion(adminUrl: string): Promise<string> {
  return withClient(adminUrl, async (client) =>
    String((await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? 'unknown'),
  );
}
