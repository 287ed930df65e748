// A pooled PostgreSQL connection the server ends while it is idle (a restart,
// a failover, an administrator's pg_terminate_backend) must cost one
// reconnection, not the process: pg-pool reports it as an 'error' event,
// which stops Node when nobody listens (database.ts listens; without it
// vitest reports the event as an unhandled error and fails the run).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { postgresUrl } from './testing.js';

describe.skipIf(!postgresUrl)('the PostgreSQL pool', () => {
  it('survives the server ending an idle connection, and the next query reconnects', async () => {
    const handle = openDatabase({ engine: 'postgres', connectionString: postgresUrl!, poolSize: 1 });
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      const pidOf = async () =>
        Number((await handle.db.selectNoFrom((eb) => eb.fn<number>('pg_backend_pid').as('pid')).executeTakeFirstOrThrow()).pid);
      const before = await pidOf();
      await admin.query('select pg_terminate_backend($1)', [before]);
      // Let the idle client read the termination and the pool emit its 'error'.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = await pidOf();
      expect(after).not.toBe(before);
    } finally {
      await admin.end();
      await handle.close();
    }
  });
});
