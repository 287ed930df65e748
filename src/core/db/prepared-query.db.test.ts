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

  it.skipIf(engine !== 'postgres')('runs as a named statement on PostgreSQL, parsed and planned once per connection', async () => {
    const { db } = database;
    const prepared = preparedQuery('named', (trx, args: { after: string }) =>
      trx.selectFrom('used_challenges').where('expires_at', '>', args.after).select('signature').orderBy('signature'),
    );
    await db.connection().execute(async (connection) => {
      const named = async () =>
        (await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(connection)).rows.map(
          (row) => row.name,
        );
      const before = await named();
      for (const after of ['2030-01-01', '2030-01-02', '2030-01-03'])
        expect((await prepared(connection, { after })).rows).toEqual(
          await connection.selectFrom('used_challenges').where('expires_at', '>', after).select('signature').orderBy('signature').execute(),
        );
      // Prepared once on this connection, by name; the same statement built by Kysely each time stays unnamed.
      expect((await named()).filter((name) => !before.includes(name))).toEqual([expect.stringMatching(/^masthead_[0-9a-f]{20}$/)]);
    });
  });
});
