import { datePartsInZone } from '../../core/views/format.js';

/** Canonical article path: /world/europe/2026/11/28/the-slug (date in the publication's zone). */
export function articlePath(article: { sectionPath: string; publishedAt: string; slug: string }, timeZone: string): string {
  const { year, month, day } = datePartsInZone(article.publishedAt, timeZone);
  return `/${article.sectionPath}/${year}/${month}/${day}/${article.slug}`;
}

export const sectionPath = (path: string) => `/${path}`;
export const topicPath = (slug: string) => `/topic/${slug}`;
export const authorPath = (slug: string) => `/author/${slug}`;
