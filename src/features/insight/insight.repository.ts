// The counts' one write: add a flush's rows to the database.
import { sql } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';
import type { CountRow } from './insight-counters.js';

// Four parameters a row: well inside SQLite's and PostgreSQL's limits per statement.
const ROWS_PER_STATEMENT = 500;

/**
 * One upsert per key, adding to what other nodes stored: `count = count +
 * excluded.count`. Rows come in key order (InsightCounters.drain), so two
 * nodes flushing overlapping keys take PostgreSQL's row locks in one order
 * and never deadlock; a statement never names a key twice (drain merged them).
 */
export async function addCounts(db: DbOrTransaction, rows: readonly CountRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    await db
      .insertInto('insight_daily_counts')
      .values(chunk.map((row) => ({ article_id: row.articleId, day: row.day, metric: row.metric, count: row.count })))
      .onConflict((conflict) =>
        conflict.columns(['article_id', 'day', 'metric']).doUpdateSet({ count: sql`insight_daily_counts.count + excluded.count` }),
      )
      .execute();
  }
}
