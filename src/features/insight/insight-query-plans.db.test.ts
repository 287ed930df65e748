// The dashboard's queries read a range of an index, never the whole counts
// table, whatever its size: checked on the plans each engine chooses for the
// statements they run (recorded through a Kysely plugin, then explained).
// PostgreSQL prices plans from statistics, so the table holds ~24,000 rows
// (90 days × 40 articles × 7 metrics), ANALYZEd.
import { CompiledQuery, sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { InsightCounters } from './insight-counters.js';
import { addCounts } from './insight.repository.js';
import { dailyCounts, topArticlesByRegistrations } from './insight.queries.js';
import { INSIGHT_METRICS } from './insight.types.js';

async function recordStatements(db: Db, work: (db: Db) => Promise<unknown>): Promise<CompiledQuery[]> {
  const compiled = new Map<unknown, CompiledQuery>();
  const executed: CompiledQuery[] = [];
  const executor = db.getExecutor();
  const recorder: KyselyPlugin = {
    transformQuery(args) {
      compiled.set(args.queryId, executor.compileQuery(args.node, args.queryId));
      return args.node;
    },
    async transformResult(args) {
      executed.push(compiled.get(args.queryId)!);
      return args.result;
    },
  };
  await work(db.withPlugin(recorder));
  return executed;
}

describeEachEngine('insight query plans', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const counters = new InsightCounters('UTC');
    const start = Date.parse('2026-01-01T12:00:00Z');
    for (let day = 0; day < 90; day++)
      for (let article = 1; article <= 40; article++)
        for (const metric of INSIGHT_METRICS.slice(0, 7))
          counters.add(start + day * 86_400_000, article, metric, 1 + ((day + article) % 9));
    await addCounts(database.db, counters.drain());
    await sql`analyze`.execute(database.db);
  }, 60_000);
  afterAll(() => database?.destroy());

  async function plansOf(work: (db: Db) => Promise<unknown>): Promise<string[]> {
    const statements = (await recordStatements(database.db, work)).filter((statement) => statement.sql.includes('insight_daily_counts'));
    expect(statements.length).toBeGreaterThan(0);
    const plans: string[] = [];
    for (const statement of statements) {
      const explain = engine === 'sqlite' ? `explain query plan ${statement.sql}` : `explain (format text) ${statement.sql}`;
      const { rows } = await database.db.executeQuery(CompiledQuery.raw(explain, [...statement.parameters]));
      plans.push(
        rows.map((row) => String((row as Record<string, unknown>).detail ?? (row as Record<string, unknown>)['QUERY PLAN'])).join('\n'),
      );
    }
    return plans;
  }

  const range = { from: '2026-03-01', to: '2026-03-30' };
  it('reads one article, the site and the top list through an index, never scanning the table', async () => {
    const plans = [
      ...(await plansOf((db) => dailyCounts(db, range, 7))),
      ...(await plansOf((db) => dailyCounts(db, range))),
      ...(await plansOf((db) => topArticlesByRegistrations(db, range, 10))),
    ];
    if (process.env.SHOW_PLANS) console.log(plans.join('\n---\n'));
    for (const plan of plans) {
      if (engine === 'sqlite') {
        expect(plan, plan).not.toMatch(/^SCAN insight_daily_counts\b/m);
        expect(plan, plan).toMatch(/SEARCH insight_daily_counts USING (COVERING INDEX|INDEX|PRIMARY KEY)/);
      } else {
        expect(plan, plan).not.toMatch(/Seq Scan on insight_daily_counts/);
      }
    }
  });
});
