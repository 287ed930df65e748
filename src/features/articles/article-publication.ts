// The one rule for "readers may see this article now": published, and its
// publication time has come (scheduling is a future `published_at` on a
// published article). Every query that shows readers an article, or anything
// hanging off one (comments, profiles, notifications), applies this rule and
// no copy of it; other features import it from here (docs/architecture.md).
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ArticleStatus } from '../../core/db/schema.js';

/**
 * The rule as a WHERE condition over the `articles` table, or the alias the
 * query gave it (`'a'` for `articles as a`). `now` reaches the SQL as a
 * parameter of its own, unchanged, so prepared queries (core/db/prepared-query.ts)
 * may pass it as an argument.
 */
export function isPublishedAndDue(now: string, articlesTable = 'articles'): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${articlesTable}.status`)} = ${'published' satisfies ArticleStatus} and ${sql.ref(`${articlesTable}.published_at`)} <= ${now})`;
}

/** The rule over a published article's (scheduled) counterpart: published, but not yet due. */
export function isScheduled(now: string, articlesTable = 'articles'): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${articlesTable}.status`)} = ${'published' satisfies ArticleStatus} and ${sql.ref(`${articlesTable}.published_at`)} > ${now})`;
}

/** The same rule for an article already in memory (ISO timestamps compare as text, as in SQL). */
export function isArticlePublishedAndDue(article: { status: ArticleStatus; publishedAt: string | null }, now: string): boolean {
  return article.status === 'published' && article.publishedAt !== null && article.publishedAt <= now;
}
