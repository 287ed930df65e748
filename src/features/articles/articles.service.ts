// Pages and changes for articles, sections, topics and authors.
//
// Every reader-facing page is rendered once and served from the page cache
// (core/http/page-cache.ts), tagged with what it shows (article-cache-tags.ts);
// every change is logged with the tags it touched, and only the pages
// carrying them are dropped, on every node.
import type { Transaction } from 'kysely';
import type { SafeHtml } from '#jsx/jsx-runtime';
import type { Clock } from '../../core/clock.js';
import { isPostgres, type Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import { buildCachedResponse, buildCachedResponseFromPieces, type CachedResponse } from '../../core/http/cached-response.js';
import { recordContentChange } from '../../core/http/content-changes.repository.js';
import type { PageCache } from '../../core/http/page-cache.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { articleIdsOfTags, articleSitemapTag, articleTag, listingTag, SITEMAPS_TAG, tagsOfArticleState } from './article-cache-tags.js';
import { ARTICLE_PATH, articlePath } from './article-urls.js';
import { HOME_FRONT, sectionFrontKey } from './front-keys.js';
import { findPathRedirect } from './taxonomy-editing.repository.js';
import { isArticlePublishedAndDue } from './article-publication.js';
import * as queries from './articles.queries.js';
import * as repository from './articles.repository.js';
import type { ArticleChanges } from './articles.repository.js';
import type { Article, ArticleAccessFacts, ArticleCard, ArticleVisibility } from './articles.types.js';
import { articleViewFor, visibilityKey } from './article-view.js';
import { renderAtomFeed, renderRobotsTxt, renderRssFeed } from './feeds.js';
import { positionKey, type ListingPosition } from './listing-cursor.js';
import {
  describeListing,
  feedPathFor,
  findListingSubject,
  listingWalkScope,
  scopeKey,
  type FeedFormat,
  type ListingScope,
} from './listing-scope.js';
import { readListingPage, type ListingPageResult } from './listings.queries.js';
import { readRelatedArticles } from './related-articles.queries.js';
import { createSitemaps, type SitemapChild } from './sitemaps.js';
import { SITEMAP_URL_LIMIT } from './sitemaps.queries.js';
import { ArticlePage } from './views/article-page.js';
import { HomePage, renderListingPage } from './views/listing-pages.js';

// The feature's public helpers for other features (house rule: they import a
// feature's service and types only): the canonical article URL, and whether
// there is any article, which a starting node reads before any service exists
// (whether to load the demo).
export { articlePath, authorPath } from './article-urls.js';
export { countArticles, hasArticles } from './articles.repository.js';
export { listHomeFrontArticleIds } from './articles.queries.js';
export { createTaxonomyService, type TaxonomyService, type PageOf } from './taxonomy.service.js';
export {
  createTaxonomyEditingService,
  type AuthorProfile,
  type EditOutcome as TaxonomyEditOutcome,
  type SectionNode,
  type TaxonomyEditingService,
  type TopicProfile,
} from './taxonomy-editing.service.js';
export {
  createArticleEditingService,
  type ArticleEditingService,
  type CreateRequest,
  type ReadOutcome,
  type SaveAction,
  type SaveRequest,
} from './article-editing.service.js';
export {
  createFrontsService,
  FRONT_SEARCH_LIMIT,
  MAX_FRONT_SLOTS,
  type FrontPick,
  type FrontRef,
  type FrontState,
  type FrontsService,
} from './fronts.service.js';
export { createArticlePreviewService, type ArticlePreviewService } from './article-preview.service.js';
export { createArticleImages, type ArticleImages } from './article-images.js';
export { createShareLinksService, type ShareLinksService } from './share-links.service.js';
export { SHARE_LINK_EXPIRY_DAYS } from './share-links.types.js';
/** A body as plain text, paragraphs apart by a blank line (the newsroom's revision diffs). */
export { bodyToPlainText } from './article-body.js';
// The stored body's schema, for whoever accepts a body from a client (the newsroom editor's
// `bodyDoc`, the Admin API's `doc`), and the body's other doors for the Admin API: HTML in
// (sanitised by conversion, decision 015), the figures' images, the readers' HTML out.
export { articleBodySchema, figureImageIds } from './article-body.js';
// Reader search indexes what these cut (features/search).
export { articleSearchText, searchableLine, type ArticleSearchText } from './article-search-text.js';
export { bodyFromHtml, imageSourcesIn, type ImageResolver } from './body-from-html.js';
export { articleBodyHtml } from './views/article-body-view.js';
// Who may do what to an article: the newsroom's editor offers only the buttons that will work (the service checks again).
export { refusal as editRefusal } from './article-editing.rules.js';
export { createContentChangeReader } from './content-change-reader.js';
// The Content API's read-model (features/content-api) applies the same rules: what is readable now, the
// home front (Ghost's `featured`), and a gated body cut to the teaser every other channel shows;
// search uses the same published-and-due rule.
export { isPublishedAndDue } from './article-publication.js';
export { HOME_FRONT } from './front-keys.js';
export { countWords, parseArticleBody, takeLeadingBlocks } from './article-body.js';
export { teaserLength } from './article-view.js';
export { articleTag, listingTag } from './article-cache-tags.js';

/** A published article found by URL: what the access decision needs, and its pages. */
export interface FoundArticle {
  readonly facts: ArticleAccessFacts;
}

export type ArticlePageOutcome =
  { kind: 'article'; article: FoundArticle } | { kind: 'moved'; location: string } | { kind: 'gone' } | { kind: 'not-found' };

export type ListingOutcome = { kind: 'page'; response: CachedResponse } | { kind: 'moved'; location: string } | { kind: 'not-found' };

export type { SitemapChild } from './sitemaps.js';

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
  /** Tells the other nodes of a committed change, where the database does not (core/http/content-change-feed.ts). */
  announceContentChange?: (revision: number) => void;
  /**
   * Inside every content change's transaction, the articles it named by their tags, so reader
   * search is never behind a commit (features/search). 'everything' names none: taxonomy edits
   * change no article's text, and a bulk load is followed by a reindex.
   */
  afterArticlesWritten?: (trx: Transaction<Database>, articleIds: number[]) => Promise<void>;
  pageSize?: number;
  feedSize?: number;
  /** URLs per child sitemap (Google's limit by default; tests make it small). */
  sitemapUrlLimit?: number;
}

/**
 * On SQLite a statement runs synchronously, so an uncached article (its
 * statements, render and first compression: ~1.2 ms at 30,000 articles)
 * held the event loop from start to end; 32 crawler connections queued
 * ~40 ms of such work in each turn of the loop, ahead of every cached page
 * and timer (the loop's delay reached 80–150 ms in a crawl). Yielding twice
 * cuts it into three shorter steps. PostgreSQL's statements yield already.
 */
const yieldBetweenSynchronousSteps = (db: Db) =>
  isPostgres(db) ? Promise.resolve() : new Promise<void>((resolve) => setImmediate(resolve));

export function createArticlesService(deps: ArticlesServiceDependencies) {
  const { db, clock, pageCache } = deps;
  const pageSize = deps.pageSize ?? 20;
  const feedSize = deps.feedSize ?? 50;
  const sitemapUrlLimit = deps.sitemapUrlLimit ?? SITEMAP_URL_LIMIT;
  const sitemaps = createSitemaps({ db, now: () => clock.now(), urlLimit: sitemapUrlLimit });
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
    const found = await queries.readPublishedArticle(db, slug, now());
    if (!found) return null;
    await yieldBetweenSynchronousSteps(db);
    const { article } = found;
    const [site, related] = await Promise.all([
      loadSite(),
      readRelatedArticles(
        db,
        { id: article.id, publishedAt: article.publishedAt, sectionId: found.sectionId, firstTopicId: found.firstTopicId },
        now(),
      ),
    ]);
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
      const loaded = await pageCache.get(`article:${slug}`, () => loadArticle(slug), {
        // Its related cards show other articles: a change to one of them drops this page too.
        tags: (entry) => [articleTag(entry.article.id), ...entry.related.map((card) => articleTag(card.id))],
      });
      if (loaded) return outcomeFor(loaded, requestedPath);
      const status = await queries.findArticleStatus(db, slug);
      if (status === 'withdrawn') return { kind: 'gone' };
      // A slug an editor renamed away from: its old URLs lead to the article's address now.
      const renamed = status === 'missing' ? await queries.findLiveAddressByOldSlug(db, slug, now()) : null;
      if (renamed) return { kind: 'moved', location: articlePath(renamed, (await loadSite()).timeZone) };
      return { kind: 'not-found' };
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
      await yieldBetweenSynchronousSteps(db);
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

  /**
   * A listing page that names nothing (an unknown subject, a position no
   * readable story holds) is a 404, not an empty page; an "after" position
   * that reaches the newest stories sends the reader to the listing's first page.
   */
  async function listingPage(key: string, tags: readonly string[], render: () => Promise<ListingOutcome | null>): Promise<ListingOutcome> {
    return (await pageCache.get(key, render, { tags })) ?? { kind: 'not-found' };
  }

  const missedListing = (result: Exclude<ListingPageResult, { kind: 'page' }>, firstPagePath: string): ListingOutcome | null =>
    result.kind === 'reached-newest' ? { kind: 'moved', location: firstPagePath } : null;

  function homePage(position: ListingPosition): Promise<ListingOutcome> {
    return listingPage(`home:${positionKey(position)}`, [listingTag({ kind: 'site' })], async () => {
      const site = await loadSite();
      const topStories = position.kind === 'newest' ? await queries.listFrontArticles(db, HOME_FRONT, now()) : [];
      // Every page of "Latest" leaves out the front's stories, as the first page (which shows them above) does.
      const excludeIds = position.kind === 'newest' ? topStories.map((card) => card.id) : await queries.listFrontArticleIds(db, HOME_FRONT);
      const latest = await readListingPage(db, { kind: 'site', excludeIds }, { now: now(), position, pageSize });
      if (latest.kind !== 'page') return missedListing(latest, '/');
      return { kind: 'page', response: html(HomePage({ site, topStories, latest: latest.page }), latest.page.items[0]?.publishedAt) };
    });
  }

  /** A section, topic or author page: one path for all three (the home page is a front, above). */
  function scopedPage(scope: Exclude<ListingScope, { kind: 'site' }>, position: ListingPosition): Promise<ListingOutcome> {
    return listingPage(`${scopeKey(scope)}:${positionKey(position)}`, [listingTag(scope)], async () => {
      const subject = await findListingSubject(db, scope);
      if (!subject || subject.kind === 'site') return null;
      const site = await loadSite();
      // A section front shows its curated stories first, and its listing leaves them out on every page (as the home page does).
      const front = subject.kind === 'section' ? sectionFrontKey(subject.section.id) : null;
      const topStories = front && position.kind === 'newest' ? await queries.listFrontArticles(db, front, now()) : [];
      const excludeIds = front ? await queries.listFrontArticleIds(db, front) : [];
      const walk = await listingWalkScope(db, subject);
      const scoped = walk.kind === 'sections' ? { ...walk, excludeIds } : walk;
      const articles = await readListingPage(db, scoped, { now: now(), position, pageSize });
      if (articles.kind !== 'page') return missedListing(articles, describeListing(site, subject).pagePath);
      const page = renderListingPage(site, subject, articles.page, topStories);
      return { kind: 'page', response: html(page, articles.page.items[0]?.publishedAt ?? topStories[0]?.publishedAt) };
    });
  }

  const sectionPage = (path: string, position: ListingPosition) => scopedPage({ kind: 'section', path }, position);
  const topicPage = (slug: string, position: ListingPosition) => scopedPage({ kind: 'topic', slug }, position);
  const authorPage = (slug: string, position: ListingPosition) => scopedPage({ kind: 'author', slug }, position);

  /** The newest articles of the site, a section, topic or author, as RSS 2.0 or Atom. */
  function feed(scope: ListingScope, format: FeedFormat = 'rss'): Promise<ListingOutcome> {
    return listingPage(`feed:${format}:${scopeKey(scope)}`, [listingTag(scope)], async () => {
      const subject = await findListingSubject(db, scope);
      if (!subject) return null;
      const site = await loadSite();
      const { title, description, pagePath } = describeListing(site, subject);
      const newest = await readListingPage(db, await listingWalkScope(db, subject), {
        now: now(),
        position: { kind: 'newest' },
        pageSize: feedSize,
      });
      const items = newest.kind === 'page' ? newest.page.items : [];
      const options = { title, description, pagePath, feedPath: feedPathFor(pagePath, format), items };
      return {
        kind: 'page',
        response:
          format === 'atom'
            ? xml(renderAtomFeed(site, { ...options, updatedAt: now() }), 'application/atom+xml; charset=utf-8')
            : xml(renderRssFeed(site, options), 'application/rss+xml; charset=utf-8'),
      };
    });
  }

  /**
   * The index, the news sitemap and the listing pages' children change with
   * any live article: they carry `sitemaps`. An article child carries its id
   * range's own tag, so a change drops only the child that lists the article
   * (article-cache-tags.ts counts ranges of Google's limit; with another
   * limit, as in tests, a child is dropped with every change).
   */
  const sitemapChildTags = (child: SitemapChild) =>
    child.kind === 'articles' && sitemapUrlLimit === SITEMAP_URL_LIMIT ? [articleSitemapTag(child.number)] : [SITEMAPS_TAG];

  /** /sitemap.xml: the sitemap index (sitemaps.ts). */
  async function sitemapIndex(): Promise<CachedResponse> {
    const response = await pageCache.get(
      'sitemap',
      async () => xml(await sitemaps.renderIndex(await loadSite()), 'application/xml; charset=utf-8'),
      {
        tags: [SITEMAPS_TAG],
      },
    );
    return response!;
  }

  /** One child of the sitemap index; one that lists nothing is a 404. */
  function sitemap(child: SitemapChild): Promise<ListingOutcome> {
    return listingPage(`sitemap:${child.kind}-${child.number}`, sitemapChildTags(child), async () => {
      const pieces = await sitemaps.renderChildPieces(await loadSite(), child);
      if (pieces === null) return null;
      // Several MB: made into bytes and hashed a piece at a time, letting other requests run in between.
      const response = await buildCachedResponseFromPieces(pieces, {
        contentType: 'application/xml; charset=utf-8',
        cacheControl: feedCacheControl,
      });
      return { kind: 'page', response };
    });
  }

  async function newsSitemap(): Promise<CachedResponse> {
    const response = await pageCache.get(
      'news-sitemap',
      async () => xml(await sitemaps.renderNews(await loadSite()), 'application/xml; charset=utf-8'),
      {
        tags: [SITEMAPS_TAG],
      },
    );
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

  /**
   * Logs a change in one transaction with the write that makes it (`change`
   * writes, and answers the tags it touched), tells the other nodes, and
   * applies it here before returning: the editor's next page is fresh.
   */
  async function changeContent(change: (trx: Transaction<Database>) => Promise<readonly string[] | 'everything'>): Promise<void> {
    const { revision, tags } = await db.transaction().execute(async (trx) => {
      const touched = await change(trx);
      if (touched !== 'everything') await deps.afterArticlesWritten?.(trx, articleIdsOfTags(touched));
      return { revision: await recordContentChange(trx, { tags: touched, now: now() }), tags: touched };
    });
    deps.announceContentChange?.(revision);
    await pageCache.afterLocalChange(tags);
  }

  /**
   * Where a listing path (or its feed) given up by a renamed section, topic
   * or author leads now; read only after a miss, so live pages pay nothing.
   */
  async function findMovedPath(path: string): Promise<string | null> {
    const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const feed = /\/(?:rss|atom)\.xml$/.exec(trimmed);
    const pagePath = feed ? trimmed.slice(0, -feed[0].length) : trimmed;
    const moved = await findPathRedirect(db, pagePath);
    return moved === null ? null : moved + (feed ? feed[0] : '');
  }

  /** After content was written elsewhere (a bulk load, a test's fixture): every page, on every node. */
  async function afterContentChange(): Promise<void> {
    await changeContent(async () => 'everything');
  }

  /** After something only the article's own page shows changed (comments opened or closed): that page, on every node. */
  async function afterArticlePageChange(articleId: number): Promise<void> {
    await changeContent(async () => [articleTag(articleId)]);
  }

  /** Edits an article; `isSignificant` marks it "Updated" for readers (not for typo fixes). */
  async function updateArticle(slug: string, changes: ArticleChanges & { isSignificant?: boolean }): Promise<boolean> {
    const existing = await repository.findArticleIdBySlug(db, slug);
    if (!existing) return false;
    const { isSignificant, ...fields } = changes;
    const timestamp = now();
    const isLive = isArticlePublishedAndDue(existing, timestamp);
    // Where it was listed and where it is now: an edit can take it off a listing as well as onto one.
    await changeContent(async (trx) => {
      const [before] = await repository.findArticleListings(trx, [existing.id]);
      await repository.updateArticleRow(
        trx,
        existing.id,
        { ...fields, ...(isSignificant && isLive ? { updatedAt: timestamp } : {}) },
        timestamp,
      );
      const [after] = await repository.findArticleListings(trx, [existing.id]);
      return [before, after].flatMap((state) => (state ? tagsOfArticleState(state, timestamp) : []));
    });
    return true;
  }

  /** Publishes now, or at `publishAt` (scheduling is a future publication time). */
  async function publishArticle(slug: string, publishAt?: Date): Promise<boolean> {
    return updateArticle(slug, { status: 'published', publishedAt: (publishAt ?? clock.now()).toISOString() });
  }

  async function withdrawArticle(slug: string): Promise<boolean> {
    return updateArticle(slug, { status: 'withdrawn' });
  }

  /**
   * The id of the published article at `path` (its canonical address, or one
   * that redirects to it), or null: who asks (the funnel's attribution) learns
   * only what a reader could, and never counts for an article no one can read.
   */
  async function publishedArticleIdAt(path: string): Promise<number | null> {
    const address = ARTICLE_PATH.exec(path.split(/[?#]/, 1)[0]!);
    if (!address) return null;
    const found = findArticle(address[5]!, address[0]);
    const outcome = found instanceof Promise ? await found : found;
    return outcome.kind === 'article' ? outcome.article.facts.id : null;
  }

  return {
    findArticle,
    publishedArticleIdAt,
    articlePage,
    homePage,
    sectionPage,
    topicPage,
    authorPage,
    feed,
    sitemapIndex,
    sitemap,
    newsSitemap,
    robotsTxt,
    loadSite,
    updateArticle,
    publishArticle,
    withdrawArticle,
    afterContentChange,
    afterArticlePageChange,
    changeContent,
    findMovedPath,
  };
}

export type ArticlesService = ReturnType<typeof createArticlesService>;
