// Read models for the sitemaps. /sitemap.xml is an index of child sitemaps of
// at most `urlLimit` URLs each: the listing pages, cut into pieces of that
// size, and the articles, cut by id into ranges of that size, so no child can
// outgrow the limit and every readable article is in exactly one. Each query
// here reads one range of one index; none reads the archive.
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { isArticlePublishedAndDue, isPublishedAndDue } from './article-publication.js';

/**
 * Google's limit of URLs per sitemap, and so the size of an article child's
 * id range. Migration 0013 indexes the range number with this very number:
 * another limit still works, but without that index.
 */
export const SITEMAP_URL_LIMIT = 50_000;

/** An article's range, as migration 0013's index writes it (same expression, same number). */
const rangeOf = (urlLimit: number) => sql<number>`((${sql.ref('articles.id')} - 1) / ${sql.lit(urlLimit)})`;
/** An article's last change as a sitemap sees it: an edit, or its publication when that comes later (migration 0013). */
const lastChangeOf = sql<string>`(case when ${sql.ref('articles.published_at')} > ${sql.ref('articles.modified_at')} then ${sql.ref('articles.published_at')} else ${sql.ref('articles.modified_at')} end)`;

export interface ArticleSitemapRange {
  /** 1 for ids 1…urlLimit, 2 for the next range, … */
  number: number;
  /** The newest change in the range, never later than now. */
  lastModified: string;
}

/**
 * The next rows of an id range, from `articles_sitemap_idx` (migration 0013:
 * id first, then every column a sitemap needs, so no article row is read),
 * and those of them readers may see (the published-and-due rule in memory).
 * Filtering in SQL let SQLite walk the (status, published_at) index of the
 * whole archive instead and sort what it found by id (1.3 s for one range at
 * 200,000 articles).
 */
export async function readArticleSitemapBatch(db: Db, options: { now: string; after: number; through: number; limit: number }) {
  const rows = await db
    .selectFrom('articles')
    .where('articles.id', '>', options.after)
    .where('articles.id', '<=', options.through)
    .select(['articles.id', 'articles.slug', 'articles.status', 'articles.published_at', 'articles.modified_at', 'articles.section_id'])
    .orderBy('articles.id')
    .limit(options.limit)
    .execute();
  return {
    /** Where the next batch starts, or null when the range is done. */
    nextAfter: rows.length < options.limit ? null : rows.at(-1)!.id,
    readable: rows.filter((row) => isArticlePublishedAndDue({ status: row.status, publishedAt: row.published_at }, options.now)),
  };
}

/** Rows a range's first readable article is looked for in at a time (a range that opens with drafts reads on). */
const PROBE_BATCH = 200;

/** Whether an id range holds a readable article: reads from its start until it finds one. */
async function holdsReadableArticle(db: Db, now: string, range: { after: number; through: number }): Promise<boolean> {
  let after: number | null = range.after;
  while (after !== null) {
    const batch = await readArticleSitemapBatch(db, { now, after, through: range.through, limit: PROBE_BATCH });
    if (batch.readable.length > 0) return true;
    after = batch.nextAfter;
  }
  return false;
}

/** The article ranges that hold at least one readable article, with their last change. */
export async function listArticleSitemapRanges(db: Db, options: { now: string; urlLimit: number }): Promise<ArticleSitemapRange[]> {
  const { now, urlLimit } = options;
  const top = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('articles.id').as('max_id'))
    .executeTakeFirst();
  const rangeCount = Math.ceil(Number(top?.max_id ?? 0) / urlLimit);
  const ranges = await Promise.all(
    Array.from({ length: rangeCount }, async (_, index) => {
      const [isListed, newest] = await Promise.all([
        holdsReadableArticle(db, now, { after: index * urlLimit, through: (index + 1) * urlLimit }),
        db
          .selectFrom('articles')
          .where(rangeOf(urlLimit), '=', index)
          .select(lastChangeOf.as('last_change'))
          .orderBy(lastChangeOf, 'desc')
          .limit(1)
          .executeTakeFirst(),
      ]);
      if (!isListed || !newest) return null;
      return { number: index + 1, lastModified: newest.last_change < now ? newest.last_change : now };
    }),
  );
  return ranges.filter((range) => range !== null);
}

/** The newest readable article's publication time: when the listing pages last changed. */
export async function findNewestPublicationTime(db: Db, now: string): Promise<string | null> {
  const row = await db
    .selectFrom('articles')
    .where(isPublishedAndDue(now))
    .select('articles.published_at')
    .orderBy('articles.published_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.published_at ?? null;
}

/** Readable articles published since `since`, newest first, at most `limit` (the Google News sitemap). */
export async function listRecentArticles(db: Db, options: { now: string; since: string; limit: number }) {
  return db
    .selectFrom('articles')
    .where(isPublishedAndDue(options.now))
    .where('articles.published_at', '>=', options.since)
    .select(['articles.slug', 'articles.published_at', 'articles.headline', 'articles.section_id'])
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(options.limit)
    .execute();
}

/** Every section's path by id: sitemap rows carry the section id, and a site has few sections. */
export async function mapSectionPaths(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('sections').select(['id', 'path']).execute();
  return new Map(rows.map((row) => [row.id, row.path]));
}
