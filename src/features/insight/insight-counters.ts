// Per-node counters: a request adds to a Map (no await, no allocation past
// the first count of a key that day); a flush drains them into rows, one per
// (day, article, metric), which the repository adds to the database. Days
// are the publication's: the zone's date is looked up once per quarter hour
// (every zone's offset is a whole number of quarter hours, so a day never
// starts inside one).
import { datePartsInZone } from '../../core/views/format.js';
import { INSIGHT_METRICS, type InsightMetric } from './insight.types.js';

export interface CountRow {
  day: string;
  articleId: number;
  metric: InsightMetric;
  count: number;
}

const QUARTER_HOUR_MS = 900_000;
const METRIC_SLOTS = 8;
const METRIC_INDEX = new Map(INSIGHT_METRICS.map((metric, index) => [metric, index]));

export function dayInZone(instantMs: number, timeZone: string): string {
  const { year, month, day } = datePartsInZone(new Date(instantMs), timeZone);
  return `${year}-${month}-${day}`;
}

export class InsightCounters {
  /** day → (articleId × 8 + metric index) → count. */
  private days = new Map<string, Map<number, number>>();
  private quarter = -1;
  private today: Map<number, number> | null = null;

  constructor(private readonly timeZone: string) {}

  add(instantMs: number, articleId: number, metric: InsightMetric, count = 1): void {
    const quarter = Math.floor(instantMs / QUARTER_HOUR_MS);
    if (quarter !== this.quarter || this.today === null) this.turnTo(instantMs, quarter);
    const key = articleId * METRIC_SLOTS + METRIC_INDEX.get(metric)!;
    this.today!.set(key, (this.today!.get(key) ?? 0) + count);
  }

  private turnTo(instantMs: number, quarter: number): void {
    const day = dayInZone(instantMs, this.timeZone);
    let counts = this.days.get(day);
    if (!counts) {
      counts = new Map();
      this.days.set(day, counts);
    }
    this.today = counts;
    this.quarter = quarter;
  }

  /** Everything counted since the last drain, one row per key, in key order (nodes lock rows in one order). */
  drain(): CountRow[] {
    const rows: CountRow[] = [];
    for (const [day, counts] of this.days) {
      for (const [key, count] of counts) {
        rows.push({ day, articleId: Math.floor(key / METRIC_SLOTS), metric: INSIGHT_METRICS[key % METRIC_SLOTS]!, count });
      }
    }
    this.days = new Map();
    this.today = null;
    return rows.sort(compareRows);
  }

  /** Puts back rows a failed flush could not store, so they go with the next one. */
  restore(rows: readonly CountRow[]): void {
    for (const row of rows) {
      let counts = this.days.get(row.day);
      if (!counts) {
        counts = new Map();
        this.days.set(row.day, counts);
      }
      const key = row.articleId * METRIC_SLOTS + METRIC_INDEX.get(row.metric)!;
      counts.set(key, (counts.get(key) ?? 0) + row.count);
    }
    this.today = null;
  }

  get isEmpty(): boolean {
    for (const counts of this.days.values()) if (counts.size > 0) return false;
    return true;
  }
}

function compareRows(a: CountRow, b: CountRow): number {
  return (
    a.articleId - b.articleId || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0)
  );
}
