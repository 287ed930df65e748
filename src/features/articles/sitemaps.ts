// The sitemaps as Google specifies them. /sitemap.xml is a sitemap index; its
// children hold at most `urlLimit` URLs each (Google's 50,000 by default):
//
// - `/sitemaps/pages-N.xml`: the home page, sections, topics and authors,
//   `urlLimit` at a time;
// - `/sitemaps/articles-N.xml`: the readable articles whose ids fall in the
//   Nth range of `urlLimit` ids. A range can never hold more than the limit,
//   however busy a month was, and every readable article is in exactly one.
//
// Each is read by one index range (sitemaps.queries.ts). A child of 50,000
// URLs is several MB of XML: it is read and written a slice at a time,
// letting other requests run in between, so building one never holds the
// process for long. The news sitemap (the last two days) stays one file.
import type { Db } from '../../core/db/database.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { articlePath, authorPath, sectionPath, topicPath } from './article-urls.js';
import * as queries from './articles.queries.js';
import {
  renderNewsSitemap,
  renderSitemapIndex,
  renderSitemapUrls,
  sitemapDocument,
  sitemapDocumentPieces,
  type SitemapEntry,
  type SitemapIndexEntry,
} from './feeds.js';
import * as sitemapQueries from './sitemaps.queries.js';

/** A child of the sitemap index: `/sitemaps/pages-1.xml`, `/sitemaps/articles-3.xml`. */
export interface SitemapChild {
  kind: 'pages' | 'articles';
  number: number;
}

/**
 * Rows read and URLs written between two chances for other requests to run.
 * At 1,000 a slice took ~27 ms at 1,000,000 articles on SQLite (a child of
 * 50,000 URLs in 1.36 s, the event loop held up to 154 ms while first answers
 * were built); 250 keeps each step to a few milliseconds. Each slice is one
 * short walk of `articles_sitemap_idx`, so more of them cost little more.
 */
const SLICE = 250;
const TWO_DAYS_MS = 2 * 24 * 60 * 60 * 1000;
const NEWS_SITEMAP_LIMIT = 1_000;

const yieldToOtherRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createSitemaps(deps: { db: Db; now: () => Date; urlLimit: number; sliceSize?: number }) {
  const { db, urlLimit } = deps;
  const sliceSize = deps.sliceSize ?? SLICE;
  const now = () => deps.now().toISOString();

  /** Home, sections, topics and authors, in this order: what the `pages` children list. */
  async function listingPaths(): Promise<string[]> {
    const [sections, topics, authors] = await Promise.all([queries.listAllSections(db), queries.listTopics(db), queries.listAuthors(db)]);
    return [
      '/',
      ...sections.map((section) => sectionPath(section.path)),
      ...topics.map((topic) => topicPath(topic.slug)),
      ...authors.map((author) => authorPath(author.slug)),
    ];
  }

  /** /sitemap.xml: every child, with its last change (the pages change with the newest publication). */
  async function renderIndex(site: SiteContext): Promise<string> {
    const [paths, ranges, newest] = await Promise.all([
      listingPaths(),
      sitemapQueries.listArticleSitemapRanges(db, { now: now(), urlLimit }),
      sitemapQueries.findNewestPublicationTime(db, now()),
    ]);
    const children: SitemapIndexEntry[] = [
      ...Array.from({ length: Math.ceil(paths.length / urlLimit) }, (_, index) => ({
        path: `/sitemaps/pages-${index + 1}.xml`,
        lastModified: newest ?? undefined,
      })),
      ...ranges.map((range) => ({ path: `/sitemaps/articles-${range.number}.xml`, lastModified: range.lastModified })),
    ];
    return renderSitemapIndex(site, children);
  }

  /**
   * One child, as pieces of its document in order (the service turns them
   * into bytes a piece at a time), or null when it lists nothing (past the
   * last one, or a range with no readable article).
   */
  async function renderChildPieces(site: SiteContext, child: SitemapChild): Promise<string[] | null> {
    if (child.kind === 'pages') {
      const paths = (await listingPaths()).slice((child.number - 1) * urlLimit, child.number * urlLimit);
      return paths.length
        ? [
            sitemapDocument(
              renderSitemapUrls(
                site,
                paths.map((path) => ({ path })),
              ),
            ),
          ]
        : null;
    }
    const sectionPaths = await sitemapQueries.mapSectionPaths(db);
    const through = child.number * urlLimit;
    const slices: string[] = [];
    let after: number | null = (child.number - 1) * urlLimit;
    let listed = 0;
    while (after !== null) {
      if (slices.length > 0) await yieldToOtherRequests();
      const batch = await sitemapQueries.readArticleSitemapBatch(db, { now: now(), after, through, limit: sliceSize });
      const entries: SitemapEntry[] = batch.readable.map((row) => ({
        path: articlePath(
          { sectionPath: sectionPaths.get(row.section_id)!, publishedAt: row.published_at!, slug: row.slug },
          site.timeZone,
        ),
        lastModified: row.modified_at,
      }));
      slices.push(renderSitemapUrls(site, entries));
      listed += entries.length;
      after = batch.nextAfter;
    }
    return listed > 0 ? sitemapDocumentPieces(slices) : null;
  }

  /** One child as one string, or null when it lists nothing. */
  async function renderChild(site: SiteContext, child: SitemapChild): Promise<string | null> {
    return (await renderChildPieces(site, child))?.join('') ?? null;
  }

  /** Google News sitemap: readable articles of the last two days, newest first, at most 1,000. */
  async function renderNews(site: SiteContext): Promise<string> {
    const since = new Date(deps.now().getTime() - TWO_DAYS_MS).toISOString();
    const [rows, sectionPaths] = await Promise.all([
      sitemapQueries.listRecentArticles(db, { now: now(), since, limit: NEWS_SITEMAP_LIMIT }),
      sitemapQueries.mapSectionPaths(db),
    ]);
    const entries = rows.map((row) => ({
      path: articlePath({ sectionPath: sectionPaths.get(row.section_id)!, publishedAt: row.published_at!, slug: row.slug }, site.timeZone),
      headline: row.headline,
      publishedAt: row.published_at!,
    }));
    return renderNewsSitemap(site, entries);
  }

  return { renderIndex, renderChild, renderChildPieces, renderNews };
}
