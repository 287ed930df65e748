import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../db/testing.js';
import { KEPT_CHANGES, readChangesSince, recordContentChange, staleTagsSince } from './content-changes.repository.js';

const now = '2026-03-01T12:00:00.000Z';

describeEachEngine('content change log', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.destroy());

  const record = (tags: string[] | 'everything') => database.db.transaction().execute((trx) => recordContentChange(trx, { tags, now }));
  const head = async () => (await readChangesSince(database.db, undefined)).revision;

  it('numbers changes in order and answers the tags logged since a revision', async () => {
    const start = await head();
    expect(await record(['article:1', 'listing:site'])).toBe(start + 1);
    expect(await record(['article:2', 'listing:site', 'article:2'])).toBe(start + 2);
    expect(await readChangesSince(database.db, start)).toEqual({ revision: start + 2, stale: ['article:1', 'listing:site', 'article:2'] });
    expect(await readChangesSince(database.db, start + 1)).toEqual({ revision: start + 2, stale: ['article:2', 'listing:site'] });
    expect(await readChangesSince(database.db, start + 2)).toEqual({ revision: start + 2, stale: [] });
  });

  it('answers only the revision on a first read', async () => {
    expect(await readChangesSince(database.db, undefined)).toEqual({ revision: await head(), stale: [] });
  });

  it('logs nothing when the transaction rolls back', async () => {
    const start = await head();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await recordContentChange(trx, { tags: ['article:9'], now });
        throw new Error('the edit failed');
      }),
    ).rejects.toThrow('the edit failed');
    expect(await readChangesSince(database.db, start)).toEqual({ revision: start, stale: [] });
  });

  it('says everything when a change logged everything', async () => {
    const start = await head();
    await record(['article:1']);
    await record('everything');
    expect((await readChangesSince(database.db, start)).stale).toBe('everything');
  });

  it('says everything when the revision moved without a log row (a bulk load)', async () => {
    const start = await head();
    await record(['article:1']);
    await database.db
      .updateTable('content_revision')
      .set({ revision: sql<number>`revision + 1` })
      .execute();
    await record(['article:2']);
    expect((await readChangesSince(database.db, start)).stale).toBe('everything');
    expect((await readChangesSince(database.db, start + 2)).stale).toEqual(['article:2']);
  });

  it('prunes rows no node needs, and a node behind the pruned rows drops everything', async () => {
    const start = await head();
    await record(['article:1']);
    // Jump the revision close to the pruning horizon rather than logging a thousand changes.
    await database.db
      .updateTable('content_revision')
      .set({ revision: start + KEPT_CHANGES })
      .execute();
    await record(['article:2']); // revision start + KEPT_CHANGES + 1: prunes start + 1
    const rows = await database.db
      .selectFrom('content_changes')
      .where('revision', '<=', start + 1)
      .select('revision')
      .execute();
    expect(rows).toEqual([]);
    expect((await readChangesSince(database.db, start)).stale).toBe('everything');
    expect((await readChangesSince(database.db, start + KEPT_CHANGES)).stale).toEqual(['article:2']);
  });

  it('says everything when the revision went back (a restored database)', async () => {
    expect((await readChangesSince(database.db, (await head()) + 5)).stale).toBe('everything');
  });
});

describe('staleTagsSince', () => {
  it('merges the tags of every change, once each', () => {
    const logged = {
      revision: 3,
      changes: [
        { revision: 2, tags: ['a', 'b'] },
        { revision: 3, tags: ['b', 'c'] },
      ],
    };
    expect(staleTagsSince(1, logged)).toEqual(['a', 'b', 'c']);
  });

  it('needs every revision in between', () => {
    expect(staleTagsSince(1, { revision: 3, changes: [{ revision: 3, tags: ['c'] }] })).toBe('everything');
  });
});
