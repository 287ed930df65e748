// The moderation queue's count and list of held event questions read the
// partial index of held ones (migration 0033), not every question ever asked:
// checked on each engine's plan for the statements the repository runs.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';

describeEachEngine('held event questions: query plans', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database?.destroy());

  const statements = [
    sql`select count(*) from event_questions where status = 'pending'`,
    sql`select id from event_questions where status = 'pending' order by id limit 50`,
  ];

  it('reads only the index of held questions', async () => {
    for (const statement of statements) {
      if (engine === 'sqlite') {
        const plan = await sql<{ detail: string }>`explain query plan ${statement}`.execute(database.db);
        const details = plan.rows.map((row) => row.detail).join('\n');
        expect(details).toContain('event_questions_pending_idx');
        expect(details).not.toMatch(/USE TEMP B-TREE/);
      } else {
        // On an empty table PostgreSQL's planner rightly prefers a scan; with scans priced out, the index must serve.
        const plan = await database.db.connection().execute(async (connection) => {
          await sql`set enable_seqscan = off`.execute(connection);
          try {
            return await sql<{ 'QUERY PLAN': string }>`explain ${statement}`.execute(connection);
          } finally {
            await sql`reset enable_seqscan`.execute(connection);
          }
        });
        expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('event_questions_pending_idx');
      }
    }
  });
});
