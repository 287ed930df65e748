// What the funnel counts, in words the dashboard shows. Other features count
// through the `InsightRecorder` they are handed (app.ts) and never see more.
import type { InsightMetricName } from '../../core/db/schema-insight.js';

export type InsightMetric = InsightMetricName;

/** The order of the dashboard's rows and the counters' slots (an index fits in 3 bits). */
export const INSIGHT_METRICS: readonly InsightMetric[] = [
  'view_anonymous',
  'view_registered',
  'view_subscriber',
  'wall_impression',
  'registration_started',
  'registration_completed',
  'premium_unlock',
  'comment',
];

export const METRIC_LABELS: Record<InsightMetric, string> = {
  view_anonymous: 'Page views, anonymous readers',
  view_registered: 'Page views, registered readers',
  view_subscriber: 'Page views, subscribers',
  wall_impression: 'Registration wall impressions',
  registration_started: 'Registrations started from the wall',
  registration_completed: 'Registrations completed from the wall',
  premium_unlock: 'Premium unlocks',
  comment: 'Comments',
};

/** Who read a page, as far as the funnel cares (staff reading their own site are not counted). */
export type ReaderState = 'anonymous' | 'registered' | 'subscriber';

/** The site as a whole: a count no article's wall can claim (a registration made from /register directly). */
export const SITE_WIDE = 0;

/**
 * Where other features report what happened. Every method is synchronous and
 * cheap (a Map increment): safe on the cached article path.
 */
export interface InsightRecorder {
  articleView(articleId: number, reader: ReaderState): void;
  wallImpression(articleId: number): void;
  /** `articleId` SITE_WIDE when the registration came from no article's wall. */
  registrationStarted(articleId: number): void;
  registrationCompleted(articleId: number): void;
  premiumUnlock(articleId: number): void;
  comment(articleId: number): void;
}

/** Counts nothing (INSIGHT_COUNTING=off, and features' tests that do not care). */
export const NO_INSIGHT: InsightRecorder = Object.freeze({
  articleView() {},
  wallImpression() {},
  registrationStarted() {},
  registrationCompleted() {},
  premiumUnlock() {},
  comment() {},
});

/** A day's counts, one figure per metric. */
export interface DailyCounts {
  day: string;
  counts: Record<InsightMetric, number>;
}

export interface TopArticle {
  articleId: number;
  headline: string;
  registrations: number;
  wallImpressions: number;
}
