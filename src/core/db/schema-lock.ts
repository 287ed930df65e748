// Kysely's migrator introspects the tables of every PostgreSQL schema; if
// another process drops its schema meanwhile, that introspection fails
// ("schema … does not exist"). Test databases and bench/community-feeds.ts
// each work in a schema of their own on a shared server: one advisory lock
// keeps creating, migrating and dropping those schemas apart, while the work
// inside them still runs in parallel.
import pg from 'pg';

const SCHEMA_LOCK = 741_852;

export async function withSchemaLock<T>(connectionString: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString, connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    return await work(admin);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [SCHEMA_LOCK]).catch(() => undefined);
    await admin.end();
  }
}
