import { datePartsInZone } from '../../core/views/format.js';

/** Canonical article path: /world/europe/2026/11/28/the-slug (date in the publication's zone). */
export function articlePath(article: { sectionPath: string; publishedAt: string; slug: string }, timeZone: string): string {
  const { year, month, day } = datePartsInZone(article.publishedAt, timeZone);
  return `/${article.sectionPath}/${year}/${month}/${day}/${article.slug}`;
}

/**
 * An article's address: section path (at most four deep), date, slug (group 5).
 * Depth-bounded: a third of the unbounded pattern's cost on the hot path.
 */
export const ARTICLE_PATH = /^\/((?:[a-z0-9-]+\/){0,3}[a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/([a-z0-9-]+)$/;

export const sectionPath = (path: string) => `/${path}`;
export const topicPath = (slug: string) => `/topic/${slug}`;
export const authorPath = (slug: string) => `/author/${slug}`;
