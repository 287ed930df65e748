import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { preparedQuery } from './prepared-query.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from './testing.js';

describeEachEngine('prepared queries', (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await database.db
      .insertInto('used_challenges')
      .values(['alpha', 'beta', 'gamma', 'delta'].map((signature, index) => ({ signature, expires_at: `2030-01-0${index + 1}` })))
      .execute();
  });
  afterAll(() => database.destroy());

  it('answers as the query it was built from, for every set of values', async () => {
    const { db } = database;
    const build = (limit: number, after: string) =>
      db
        .selectFrom('used_challenges')
        .where('expires_at', '>', after)
        .where('signature', '<>', 'gamma')
        .select('signature')
        .orderBy('signature')
        .limit(limit);
    const prepared = preparedQuery('test', (trx, args: { limit: number; after: string }) =>
      trx
        .selectFrom('used_challenges')
        .where('expires_at', '>', args.after)
        .where('signature', '<>', 'gamma')
        .select('signature')
        .orderBy('signature')
        .limit(args.limit),
    );
    for (const [limit, after] of [
      [10, '2000-01-01'],
      [1, '2030-01-01'],
      [2, '2030-01-03'],
      [5, '2031-01-01'],
    ] as const) {
      expect((await prepared(db, { limit, after })).rows).toEqual(await build(limit, after).execute());
    }
    // In a transaction too, seeing its uncommitted rows.
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('used_challenges').values({ signature: 'epsilon', expires_at: '2030-02-01' }).execute();
      expect((await prepared(trx, { limit: 10, after: '2030-01-10' })).rows).toEqual([{ signature: 'epsilon' }]);
    });
  });

  it('refuses, at its first run, a query that transforms, drops or writes out an argument', async () => {
    const { db } = database;
    const pattern = preparedQuery('pattern', (trx, args: { prefix: string }) =>
      trx.selectFrom('used_challenges').where('signature', 'like', `${args.prefix}%`).select('signature'),
    );
    await expect(pattern(db, { prefix: 'al' })).rejects.toThrow('transformed');
    const dropped = preparedQuery('dropped', (trx, _args: { unused: string }) => trx.selectFrom('used_challenges').select('signature'));
    await expect(dropped(db, { unused: 'x' })).rejects.toThrow('never reach the SQL');
    const written = preparedQuery('written', (trx, args: { column: string }) =>
      trx.selectFrom('used_challenges').select(sql.raw<string>(`'${args.column}'`).as('x')),
    );
    await expect(written(db, { column: 'signature' })).rejects.toThrow();
  });
});
