// The dashboard's read-models: daily series and the top articles, each a
// range of days over the counts table's primary key (one article) or its
// (metric, day, article_id, count) index (the site; the top list).
import type { Db } from '../../core/db/database.js';
import { INSIGHT_METRICS, type InsightMetric } from './insight.types.js';

export interface DayRange {
  /** First and last day, YYYY-MM-DD, both included. */
  from: string;
  to: string;
}

export interface CountCell {
  day: string;
  metric: InsightMetric;
  count: number;
}

/** Sums by day and metric: one article's (0: the site-wide row), or (articleId undefined) every article's together. */
export async function dailyCounts(db: Db, range: DayRange, articleId?: number): Promise<CountCell[]> {
  let query = db
    .selectFrom('insight_daily_counts')
    .select(['day', 'metric', (eb) => eb.fn.sum<number | string>('count').as('total')])
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .groupBy(['day', 'metric']);
  query =
    articleId === undefined
      ? query.where('metric', 'in', [...INSIGHT_METRICS]).where('article_id', '>', 0)
      : query.where('article_id', '=', articleId);
  const rows = await query.execute();
  return rows.map((row) => ({ day: row.day, metric: row.metric, count: Number(row.total) }));
}

export interface TopArticleRow {
  articleId: number;
  headline: string;
  registrations: number;
  wallImpressions: number;
}

/** The articles whose wall brought the most registrations in the range, most first (ties: the older article id). */
export async function topArticlesByRegistrations(db: Db, range: DayRange, limit: number): Promise<TopArticleRow[]> {
  const top = await db
    .selectFrom('insight_daily_counts')
    .select(['article_id', (eb) => eb.fn.sum<number | string>('count').as('total')])
    .where('metric', '=', 'registration_completed')
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .where('article_id', '>', 0)
    .groupBy('article_id')
    .orderBy('total', 'desc')
    .orderBy('article_id')
    .limit(limit)
    .execute();
  if (top.length === 0) return [];
  const ids = top.map((row) => row.article_id);
  const [headlines, walls] = await Promise.all([
    db.selectFrom('articles').select(['id', 'headline']).where('id', 'in', ids).execute(),
    db
      .selectFrom('insight_daily_counts')
      .select(['article_id', (eb) => eb.fn.sum<number | string>('count').as('total')])
      .where('article_id', 'in', ids)
      .where('metric', '=', 'wall_impression')
      .where('day', '>=', range.from)
      .where('day', '<=', range.to)
      .groupBy('article_id')
      .execute(),
  ]);
  const headlineOf = new Map(headlines.map((row) => [row.id, row.headline]));
  const wallsOf = new Map(walls.map((row) => [row.article_id, Number(row.total)]));
  return top.map((row) => ({
    articleId: row.article_id,
    headline: headlineOf.get(row.article_id) ?? `Article ${row.article_id} (deleted)`,
    registrations: Number(row.total),
    wallImpressions: wallsOf.get(row.article_id) ?? 0,
  }));
}

/** The article's headline, or null when there is no such article. */
export async function findArticleHeadline(db: Db, articleId: number): Promise<string | null> {
  const row = await db.selectFrom('articles').select('headline').where('id', '=', articleId).executeTakeFirst();
  return row?.headline ?? null;
}
