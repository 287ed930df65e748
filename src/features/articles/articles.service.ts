// Pages and changes for articles, sections, topics and authors.
//
// Every reader-facing page is rendered once per content revision and served
// from the page cache (core/http/page-cache.ts) with precompressed bodies;
// every change bumps the content revision and clears the cache.
import type { SafeHtml } from '#jsx/jsx-runtime';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { buildCachedResponse, type CachedResponse } from '../../core/http/cached-response.js';
import type { PageCache } from '../../core/http/page-cache.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { articlePath, authorPath, sectionPath, topicPath } from './article-urls.js';
import { isArticlePublishedAndDue } from './article-publication.js';
import * as queries from './articles.queries.js';
import * as repository from './articles.repository.js';
import type { ArticleChanges } from './articles.repository.js';
import type { Article, ArticleAccessFacts, ArticleCard, ArticleVisibility } from './articles.types.js';
import { articleViewFor, visibilityKey } from './article-view.js';
import { renderAtomFeed, renderNewsSitemap, renderRobotsTxt, renderRssFeed, renderSitemap, type SitemapEntry } from './feeds.js';
import {
  describeListing,
  feedPathFor,
  findListingSubject,
  listingFilters,
  scopeKey,
  type FeedFormat,
  type ListingScope,
} from './listing-scope.js';
import { ArticlePage } from './views/article-page.js';
import { HomePage, renderListingPage } from './views/listing-pages.js';

// The feature's public helpers for other features (house rule: they import a
// feature's service and types only): the canonical article URL, and the count
// the server and CLI read before any service exists (whether to load the demo).
export { articlePath } from './article-urls.js';
export { countArticles } from './articles.repository.js';
export { createTaxonomyService, type TaxonomyService, type FieldProblem, type PageOf } from './taxonomy.service.js';

/** A published article found by URL: what the access decision needs, and its pages. */
export interface FoundArticle {
  readonly facts: ArticleAccessFacts;
}

export type ArticlePageOutcome =
  { kind: 'article'; article: FoundArticle } | { kind: 'moved'; location: string } | { kind: 'gone' } | { kind: 'not-found' };

export type ListingOutcome = { kind: 'page'; response: CachedResponse } | { kind: 'not-found' };

export interface ArticlesServiceDependencies {
  db: Db;
  clock: Clock;
  pageCache: PageCache;
  site: Omit<SiteContext, 'navigation'>;
  anonymousMaxAgeSeconds: number;
  /** Top-level body blocks shown above a wall (WALL_TEASER_BLOCKS). */
  teaserBlocks: number;
  /** Scripts wall pages load to enhance the embedded registration form. */
  wallScripts?: string[];
  /** Scripts every article page loads (the comment count's refresh). */
  pageScripts?: string[];
  /** Published comments on an article, for the count rendered into its page. */
  countComments?: (articleId: number) => Promise<number>;
  pageSize?: number;
  feedSize?: number;
}

const TWO_DAYS_MS = 2 * 24 * 60 * 60 * 1000;

export function createArticlesService(deps: ArticlesServiceDependencies) {
  const { db, clock, pageCache } = deps;
  const pageSize = deps.pageSize ?? 20;
  const feedSize = deps.feedSize ?? 50;
  const now = () => clock.now().toISOString();
  // Shared caches keep anonymous HTML for the configured time; browsers
  // revalidate every time (a cheap 304), so a reader who just signed in never
  // sees a stale signed-out page from their own cache.
  const htmlCacheControl = `public, max-age=0, s-maxage=${deps.anonymousMaxAgeSeconds}, stale-while-revalidate=${deps.anonymousMaxAgeSeconds * 5}`;
  const feedCacheControl = 'public, max-age=300';

  const html = (page: SafeHtml, lastModified?: string | null) =>
    buildCachedResponse({
      body: page.value,
      contentType: 'text/html; charset=utf-8',
      cacheControl: htmlCacheControl,
      lastModified: lastModified ?? null,
    });
  const xml = (body: string, contentType: string) => buildCachedResponse({ body, contentType, cacheControl: feedCacheControl });

  async function loadSite(): Promise<SiteContext> {
    const site = await pageCache.get('site', async () => ({ ...deps.site, navigation: await queries.listNavigationSections(db) }));
    return site!;
  }

  // Every FoundArticle handed out is one of these (findArticle), so articlePage may read it back.
  interface LoadedArticle extends FoundArticle {
    canonicalPath: string;
    article: Article;
    related: ArticleCard[];
    facts: ArticleAccessFacts;
    /** Rendered pages by visibility; dropped with this entry when the content revision moves. */
    pages: Map<string, CachedResponse | Promise<CachedResponse>>;
  }

  async function loadArticle(slug: string): Promise<LoadedArticle | null> {
    const article = await queries.findPublishedArticleBySlug(db, slug, now());
    if (!article) return null;
    const site = await loadSite();
    const related = await queries.listRelatedArticles(
      db,
      { id: article.id, topicSlugs: article.topics.map((topic) => topic.slug), sectionPath: article.section.path },
      now(),
    );
    const facts = { id: article.id, accessLevel: article.accessLevel, sectionPath: article.section.path };
    return { canonicalPath: articlePath(article, site.timeZone), article, related, facts, pages: new Map() };
  }

  function outcomeFor(loaded: LoadedArticle, requestedPath: string): ArticlePageOutcome {
    // Old section or date in the URL (an article moved): send readers and crawlers to the canonical one.
    if (loaded.canonicalPath !== requestedPath) return { kind: 'moved', location: loaded.canonicalPath };
    return { kind: 'article', article: loaded };
  }

  /**
   * The article behind a URL, with the facts the access decision needs (no
   * text). Synchronous when cached: the hot path takes no await for it.
   */
  function findArticle(slug: string, requestedPath: string): ArticlePageOutcome | Promise<ArticlePageOutcome> {
    const cached = pageCache.peek<LoadedArticle>(`article:${slug}`);
    if (cached) return outcomeFor(cached, requestedPath);
    return (async () => {
      const loaded = await pageCache.get(`article:${slug}`, () => loadArticle(slug));
      if (loaded) return outcomeFor(loaded, requestedPath);
      const status = await queries.findArticleStatus(db, slug);
      return status === 'withdrawn' ? { kind: 'gone' } : { kind: 'not-found' };
    })();
  }

  /**
   * The page for one visibility (full, full with a meter note, or teaser and
   * wall), rendered once per content revision: every reader with the same
   * visibility shares the same precompressed bytes. Kept with the article's
   * cache entry, so serving it is one map lookup, synchronous once rendered.
   */
  function articlePage(found: FoundArticle, visibility: ArticleVisibility): CachedResponse | Promise<CachedResponse> {
    const loaded = found as LoadedArticle;
    const key = visibilityKey(visibility);
    const page = loaded.pages.get(key);
    if (page) return page;
    const rendering = (async () => {
      const view = articleViewFor(loaded.article, visibility, deps.teaserBlocks);
      const commentCount = deps.countComments ? await deps.countComments(loaded.article.id) : 0;
      const rendered = ArticlePage({
        site: await loadSite(),
        model: { article: view, related: loaded.related, commentCount },
        scripts: { page: deps.pageScripts, wall: deps.wallScripts },
      });
      return html(rendered, loaded.article.modifiedAt);
    })();
    loaded.pages.set(key, rendering);
    rendering.then(
      (response) => loaded.pages.set(key, response),
      // A failed render is not kept: the next reader tries again.
      () => loaded.pages.delete(key),
    );
    return rendering;
  }

  /** A listing page beyond the last one is a 404, not an empty page. */
  async function listingPage(key: string, render: () => Promise<CachedResponse | null>): Promise<ListingOutcome> {
    const response = await pageCache.get(key, render);
    return response ? { kind: 'page', response } : { kind: 'not-found' };
  }

  function homePage(page: number): Promise<ListingOutcome> {
    return listingPage(`home:${page}`, async () => {
      const site = await loadSite();
      const topStories = page === 1 ? await queries.listFrontArticles(db, 'home', now()) : [];
      const latest = await queries.listPublishedArticles(db, { now: now(), page, pageSize, excludeIds: topStories.map((card) => card.id) });
      if (page > latest.pageCount) return null;
      return html(HomePage({ site, topStories, latest }), latest.items[0]?.publishedAt);
    });
  }

  /** A section, topic or author page: one path for all three (the home page is a front, above). */
  function scopedPage(scope: Exclude<ListingScope, { kind: 'site' }>, page: number): Promise<ListingOutcome> {
    return listingPage(`${scopeKey(scope)}:${page}`, async () => {
      const subject = await findListingSubject(db, scope);
      if (!subject || subject.kind === 'site') return null;
      const articles = await queries.listPublishedArticles(db, { now: now(), page, pageSize, ...listingFilters(subject) });
      if (page > articles.pageCount) return null;
      return html(renderListingPage(await loadSite(), subject, articles), articles.items[0]?.publishedAt);
    });
  }

  const sectionPage = (path: string, page: number) => scopedPage({ kind: 'section', path }, page);
  const topicPage = (slug: string, page: number) => scopedPage({ kind: 'topic', slug }, page);
  const authorPage = (slug: string, page: number) => scopedPage({ kind: 'author', slug }, page);

  /** The newest articles of the site, a section, topic or author, as RSS 2.0 or Atom. */
  function feed(scope: ListingScope, format: FeedFormat = 'rss'): Promise<ListingOutcome> {
    return listingPage(`feed:${format}:${scopeKey(scope)}`, async () => {
      const subject = await findListingSubject(db, scope);
      if (!subject) return null;
      const site = await loadSite();
      const { title, description, pagePath } = describeListing(site, subject);
      const { items } = await queries.listPublishedArticles(db, { now: now(), page: 1, pageSize: feedSize, ...listingFilters(subject) });
      const options = { title, description, pagePath, feedPath: feedPathFor(pagePath, format), items };
      return format === 'atom'
        ? xml(renderAtomFeed(site, { ...options, updatedAt: now() }), 'application/atom+xml; charset=utf-8')
        : xml(renderRssFeed(site, options), 'application/rss+xml; charset=utf-8');
    });
  }

  async function sitemap(): Promise<CachedResponse> {
    const response = await pageCache.get('sitemap', async () => {
      const site = await loadSite();
      const [articles, sections, topics, authors] = await Promise.all([
        queries.listSitemapEntries(db, now(), 45_000),
        queries.listAllSections(db),
        queries.listTopics(db),
        queries.listAuthors(db),
      ]);
      const entries: SitemapEntry[] = [
        { path: '/' },
        ...sections.map((section) => ({ path: sectionPath(section.path) })),
        ...topics.map((topic) => ({ path: topicPath(topic.slug) })),
        ...authors.map((author) => ({ path: authorPath(author.slug) })),
        ...articles.map((row) => ({
          path: articlePath({ sectionPath: row.section_path, publishedAt: row.published_at!, slug: row.slug }, site.timeZone),
          lastModified: row.modified_at,
        })),
      ];
      return xml(renderSitemap(site, entries), 'application/xml; charset=utf-8');
    });
    return response!;
  }

  async function newsSitemap(): Promise<CachedResponse> {
    const response = await pageCache.get('news-sitemap', async () => {
      const site = await loadSite();
      const since = new Date(clock.now().getTime() - TWO_DAYS_MS).toISOString();
      const rows = (await queries.listSitemapEntries(db, now(), 1000)).filter((row) => row.published_at! >= since);
      const entries = rows.map((row) => ({
        path: articlePath({ sectionPath: row.section_path, publishedAt: row.published_at!, slug: row.slug }, site.timeZone),
        headline: row.headline,
        publishedAt: row.published_at!,
      }));
      return xml(renderNewsSitemap(site, entries), 'application/xml; charset=utf-8');
    });
    return response!;
  }

  async function robotsTxt(): Promise<CachedResponse> {
    const response = await pageCache.get('robots', async () =>
      buildCachedResponse({
        body: renderRobotsTxt(await loadSite()),
        contentType: 'text/plain; charset=utf-8',
        cacheControl: 'public, max-age=3600',
      }),
    );
    return response!;
  }

  async function afterContentChange(): Promise<void> {
    await repository.bumpContentRevision(db, now());
    await pageCache.invalidate();
  }

  /** Edits an article; `isSignificant` marks it "Updated" for readers (not for typo fixes). */
  async function updateArticle(slug: string, changes: ArticleChanges & { isSignificant?: boolean }): Promise<boolean> {
    const existing = await repository.findArticleIdBySlug(db, slug);
    if (!existing) return false;
    const { isSignificant, ...fields } = changes;
    const timestamp = now();
    const isLive = isArticlePublishedAndDue(existing, timestamp);
    await repository.updateArticleRow(
      db,
      existing.id,
      { ...fields, ...(isSignificant && isLive ? { updatedAt: timestamp } : {}) },
      timestamp,
    );
    await afterContentChange();
    return true;
  }

  /** Publishes now, or at `publishAt` (scheduling is a future publication time). */
  async function publishArticle(slug: string, publishAt?: Date): Promise<boolean> {
    return updateArticle(slug, { status: 'published', publishedAt: (publishAt ?? clock.now()).toISOString() });
  }

  async function withdrawArticle(slug: string): Promise<boolean> {
    return updateArticle(slug, { status: 'withdrawn' });
  }

  return {
    findArticle,
    articlePage,
    homePage,
    sectionPage,
    topicPage,
    authorPage,
    feed,
    sitemap,
    newsSitemap,
    robotsTxt,
    loadSite,
    updateArticle,
    publishArticle,
    withdrawArticle,
    afterContentChange,
  };
}

export type ArticlesService = ReturnType<typeof createArticlesService>;

/** What the page cache checks (core/http/page-cache.ts): the content revision and the next scheduled publication. */
export function createContentRevisionReader(deps: { db: Db; clock: Clock }) {
  return () => queries.readContentRevision(deps.db, deps.clock.now().toISOString());
}
