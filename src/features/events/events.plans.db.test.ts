// Event reads that must not grow with the archive of past events, checked on
// each engine's plan: the moderation queue's count and list of held questions
// read the partial index of held ones (migration 0033); the upcoming list walks
// the start-time index from now − the longest an event may last.
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { listUpcomingEvents } from './events.repository.js';

describeEachEngine('event query plans', (engine) => {
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

  it('walks the start-time index for upcoming events from a bounded start, never from the first event held', async () => {
    let compiled: CompiledQuery | undefined;
    const recording = database.db.withPlugin({
      transformQuery: (args) => {
        compiled ??= database.db.getExecutor().compileQuery(args.node, args.queryId);
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    await listUpcomingEvents(recording, '2026-12-06T10:00:00.000Z', 20);
    expect(compiled!.sql).toMatch(/"starts_at" >/);
    if (engine === 'sqlite') {
      const plan = await database.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${compiled!.sql}`, [...compiled!.parameters]),
      );
      expect(plan.rows.map((row) => row.detail).join('\n')).toMatch(/SEARCH events USING INDEX events_starts_at_idx \(starts_at>\?\)/);
    }
  });
});
