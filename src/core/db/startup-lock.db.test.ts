// The startup lock keeps processes on one database out of each other's way
// (here: separate connections, as separate nodes have), and hands the work a
// database it can use even when the pool has a single connection.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseTarget } from '../config/config.js';
import { openDatabase, type DatabaseHandle } from './database.js';
import { withStartupLock } from './startup-lock.js';
import { describeEachEngine, openTestDatabase, postgresUrl, type TestDatabase } from './testing.js';

describeEachEngine('startup lock', (engine) => {
  let database: TestDatabase;
  let target: DatabaseTarget;
  const others: DatabaseHandle[] = [];

  /** Another connection to the same database, as another node would open (PostgreSQL: a pool of one). */
  function openAnother(): DatabaseHandle {
    const handle = target.engine === 'postgres' ? openDatabase(target, { searchPath: database.schema! }) : openDatabase(target);
    others.push(handle);
    return handle;
  }

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    if (engine === 'postgres') {
      target = { engine: 'postgres', connectionString: postgresUrl!, poolSize: 1 };
    } else {
      const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(database.db);
      target = { engine: 'sqlite', filename: rows[0]!.file };
    }
  });
  afterAll(async () => {
    for (const handle of others) await handle.close();
    await database?.destroy();
  });

  it('lets one holder in at a time, across connections, and tells the others they wait', async () => {
    let inside = 0;
    let mostInside = 0;
    let waits = 0;
    const holders = Array.from({ length: 4 }, () => openAnother());
    const order: number[] = [];
    await Promise.all(
      holders.map((handle, index) =>
        withStartupLock(
          target,
          handle.db,
          async (db) => {
            inside++;
            mostInside = Math.max(mostInside, inside);
            // Work that uses the database it is given, and takes a while.
            await sql`select 1`.execute(db);
            await sleep(50);
            order.push(index);
            inside--;
          },
          { onWait: () => waits++ },
        ),
      ),
    );
    expect(mostInside).toBe(1);
    expect(order).toHaveLength(4);
    expect(waits).toBeGreaterThanOrEqual(1);
  });

  it('is released when the work fails, and passes its error on', async () => {
    const handle = openAnother();
    await expect(
      withStartupLock(target, handle.db, async () => {
        throw new Error('migration failed');
      }),
    ).rejects.toThrow('migration failed');
    let waited = false;
    await withStartupLock(target, openAnother().db, async () => undefined, { onWait: () => (waited = true) });
    expect(waited).toBe(false);
  });
});
