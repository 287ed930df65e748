import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.js';
import type { Database } from './schema.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from './testing.js';

describeEachEngine('group commit', (engine) => {
  let database: TestDatabase;
  let run = 0;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.destroy());

  const stored = async (prefix: string) =>
    (
      await database.db
        .selectFrom('used_challenges')
        .where('signature', 'like', `${prefix}%`)
        .select('signature')
        .orderBy('signature')
        .execute()
    ).map((row) => row.signature);

  it('runs concurrent work in arrival order, each answered with its own result after the commit', async () => {
    const groups = createGroupCommit(database.db, engine);
    const prefix = `order-${++run}-`;
    const transactions: Transaction<Database>[] = [];
    const seen: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        groups.transaction(async (trx) => {
          transactions.push(trx);
          await trx
            .insertInto('used_challenges')
            .values({ signature: `${prefix}${String(index).padStart(2, '0')}`, expires_at: '2030-01-01' })
            .execute();
          // What this work sees: its own row and those of the work before it, never later ones.
          const visible = await trx
            .selectFrom('used_challenges')
            .where('signature', 'like', `${prefix}%`)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          seen.push(Number(visible.n));
          return index * 10;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 12 }, (_, index) => index * 10));
    expect(await stored(prefix)).toHaveLength(12);
    // SQLite: one writer, works in arrival order sharing transactions (fewer commits than works).
    // PostgreSQL: each its own transaction, running side by side.
    const distinct = new Set(transactions).size;
    if (engine === 'sqlite') {
      expect(seen).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
      expect(distinct).toBeLessThan(12);
    } else {
      expect(seen.every((count) => count >= 1)).toBe(true);
      expect(distinct).toBe(12);
    }
  });

  it('fails only the work that fails, storing none of it, and keeps the others', async () => {
    const groups = createGroupCommit(database.db, engine);
    const prefix = `fail-${++run}-`;
    let attempts = 0;
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((name) =>
        groups.transaction(async (trx) => {
          attempts++;
          await trx
            .insertInto('used_challenges')
            .values({ signature: `${prefix}${name}`, expires_at: '2030-01-01' })
            .execute();
          if (name === 'b') throw new Error('work b failed');
          if (name === 'c') {
            // A second row with b's key: fails on its statement whichever way the group ran.
            await trx
              .insertInto('used_challenges')
              .values({ signature: `${prefix}c`, expires_at: '2030-01-01' })
              .execute();
          }
          return name;
        }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(outcomes[1]).toMatchObject({ reason: new Error('work b failed') });
    expect(await stored(prefix)).toEqual([`${prefix}a`, `${prefix}d`]);
    // On SQLite a failed group is run again work by work.
    if (engine === 'sqlite') expect(attempts).toBeGreaterThan(4);
  });

  it('fails only the work whose commit fails', async () => {
    const groups = createGroupCommit(database.db, engine);
    const prefix = `commit-${++run}-`;
    const orphanSession = async (trx: Transaction<Database>) => {
      // SQLite checks a deferred foreign key at commit; PostgreSQL's is immediate, so it fails at the insert.
      if (engine === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(trx);
      await trx
        .insertInto('sessions')
        .values({ id: `${prefix}orphan`, user_id: 987_654_321, created_at: 'x', last_seen_at: 'x', expires_at: 'x' })
        .execute();
      return 'orphan';
    };
    const keep = (name: string) => async (trx: Transaction<Database>) => {
      await trx
        .insertInto('used_challenges')
        .values({ signature: `${prefix}${name}`, expires_at: '2030-01-01' })
        .execute();
      return name;
    };
    const outcomes = await Promise.allSettled([
      groups.transaction(keep('first')),
      groups.transaction(orphanSession),
      groups.transaction(keep('last')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await stored(prefix)).toEqual([`${prefix}first`, `${prefix}last`]);
    expect(await database.db.selectFrom('sessions').where('id', '=', `${prefix}orphan`).selectAll().execute()).toEqual([]);
  });
});
