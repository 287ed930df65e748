// The newsroom dashboard's aggregate counters (migration 0021), apart from schema.ts.
import type { ColumnType } from 'kysely';

/** What is counted (features/insight/insight.types.ts describes each). */
export type InsightMetricName =
  | 'view_anonymous'
  | 'view_registered'
  | 'view_subscriber'
  | 'wall_impression'
  | 'registration_started'
  | 'registration_completed'
  | 'premium_unlock'
  | 'comment';

export interface InsightDailyCountsTable {
  /** The article, or 0 for the site as a whole. */
  article_id: number;
  /** YYYY-MM-DD in the publication's time zone. */
  day: string;
  metric: InsightMetricName;
  /** bigint on PostgreSQL: the driver returns it as a string. */
  count: ColumnType<number | string, number, number>;
}

export interface InsightTables {
  insight_daily_counts: InsightDailyCountsTable;
}
