// The funnel's counts: the recorder other features report to (per-node
// counters, flushed every few seconds and on shutdown), and the dashboard's
// figures read back from the database, where every node's counts meet.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { InsightCounters, dayInZone, type CountRow } from './insight-counters.js';
import * as repository from './insight.repository.js';
import { dailyCounts, findArticleHeadline, topArticlesByRegistrations, type DayRange } from './insight.queries.js';
import {
  INSIGHT_METRICS,
  NO_INSIGHT,
  SITE_WIDE,
  type DailyCounts,
  type InsightMetric,
  type InsightRecorder,
  type TopArticle,
} from './insight.types.js';

export type { DayRange } from './insight.queries.js';
export * from './insight.types.js';

const DAY_MS = 86_400_000;
export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;
const TOP_ARTICLES = 10;

export interface SiteDashboard {
  range: DayRange;
  /** Every article's counts together. */
  days: DailyCounts[];
  /** What no article's wall can claim: registrations made from /register directly. */
  registrationsElsewhere: number[];
  top: TopArticle[];
}

export interface ArticleDashboard {
  range: DayRange;
  articleId: number;
  headline: string;
  days: DailyCounts[];
}

/** `day` plus `days` (negative: back), as YYYY-MM-DD: calendar arithmetic, no zone involved. */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

function emptyCounts(): Record<InsightMetric, number> {
  return Object.fromEntries(INSIGHT_METRICS.map((metric) => [metric, 0])) as Record<InsightMetric, number>;
}

export function createInsightService(deps: {
  db: Db;
  clock: Clock;
  timeZone: string;
  counting: boolean;
  flushMs: number;
  onError: (error: unknown) => void;
}) {
  const { db, clock, timeZone } = deps;
  const counters = new InsightCounters(timeZone);
  const add = (articleId: number, metric: InsightMetric) => counters.add(clock.now().getTime(), articleId, metric);

  const recorder: InsightRecorder = deps.counting
    ? {
        articleView: (articleId, reader) =>
          add(articleId, reader === 'anonymous' ? 'view_anonymous' : reader === 'registered' ? 'view_registered' : 'view_subscriber'),
        wallImpression: (articleId) => add(articleId, 'wall_impression'),
        registrationStarted: (articleId) => add(articleId, 'registration_started'),
        registrationCompleted: (articleId) => add(articleId, 'registration_completed'),
        premiumUnlock: (articleId) => add(articleId, 'premium_unlock'),
        comment: (articleId) => add(articleId, 'comment'),
      }
    : NO_INSIGHT;

  // One flush at a time: the timer's and shutdown's (or a test's) queue behind each other.
  let flushing: Promise<void> = Promise.resolve();
  function flush(): Promise<void> {
    flushing = flushing.then(async () => {
      if (counters.isEmpty) return;
      const rows: CountRow[] = counters.drain();
      try {
        await repository.addCounts(db, rows);
      } catch (error) {
        // Kept for the next flush: a database that is briefly away loses no counts.
        counters.restore(rows);
        deps.onError(error);
      }
    });
    return flushing;
  }

  let timer: NodeJS.Timeout | undefined;
  function start(): void {
    if (!deps.counting || timer) return;
    timer = setInterval(() => void flush(), deps.flushMs);
    timer.unref();
  }
  async function stop(): Promise<void> {
    if (timer) clearInterval(timer);
    timer = undefined;
    await flush();
  }

  /** The last DEFAULT_RANGE_DAYS days to today (the publication's), or the days asked for. */
  function rangeFor(asked: { from?: string | undefined; to?: string | undefined }): DayRange {
    const today = dayInZone(clock.now().getTime(), timeZone);
    const to = asked.to ?? (asked.from ? shiftDay(asked.from, DEFAULT_RANGE_DAYS - 1) : today);
    const from = asked.from ?? shiftDay(to, -(DEFAULT_RANGE_DAYS - 1));
    return { from, to };
  }

  function byDay(range: DayRange, cells: Awaited<ReturnType<typeof dailyCounts>>): DailyCounts[] {
    const days: DailyCounts[] = [];
    const index = new Map<string, DailyCounts>();
    for (let day = range.from; day <= range.to; day = shiftDay(day, 1)) {
      const entry = { day, counts: emptyCounts() };
      days.push(entry);
      index.set(day, entry);
    }
    for (const cell of cells) {
      const entry = index.get(cell.day);
      if (entry) entry.counts[cell.metric] += cell.count;
    }
    return days;
  }

  async function siteDashboard(range: DayRange): Promise<SiteDashboard> {
    const [cells, siteWide, top] = await Promise.all([
      dailyCounts(db, range),
      dailyCounts(db, range, SITE_WIDE),
      topArticlesByRegistrations(db, range, TOP_ARTICLES),
    ]);
    return {
      range,
      days: byDay(range, cells),
      registrationsElsewhere: byDay(range, siteWide).map((day) => day.counts.registration_completed),
      top,
    };
  }

  async function articleDashboard(articleId: number, range: DayRange): Promise<ArticleDashboard | null> {
    const headline = await findArticleHeadline(db, articleId);
    if (headline === null) return null;
    return { range, articleId, headline, days: byDay(range, await dailyCounts(db, range, articleId)) };
  }

  return { recorder, flush, start, stop, rangeFor, siteDashboard, articleDashboard };
}

export type InsightService = ReturnType<typeof createInsightService>;
