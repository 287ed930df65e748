// Reader-facing URLs for articles, fronts, feeds and sitemaps. Thin: parse,
// call the service, send the cached response.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendCachedResponse } from '../../core/http/cached-response.js';
import { AppError } from '../../core/errors.js';
import type { ZodTypeProvider } from '../../core/http/route-input.js';
import type { PageSender } from '../../core/http/page-sender.js';
import type { ArticlesService, ListingOutcome, SitemapChild } from './articles.service.js';
import { listingPositionOf, listingQuery, type ListingPosition, type ListingQuery } from './listing-cursor.js';
import type { ArticleAccessFacts, ArticleVisibility } from './articles.types.js';
import { WALL_FORM_SLOT_END, WALL_FORM_SLOT_START } from './views/article-wall.js';
import { pathOf } from '../../core/http/request-values.js';
import { ARTICLE_PATH } from './article-urls.js';

type GateAnswer = { visibility: ArticleVisibility; personal: boolean };

export interface ArticleRoutesDependencies {
  articles: ArticlesService;
  pages: PageSender;
  /** Who may see what of an article, per request (the access feature's gate). */
  gate: {
    decide(request: FastifyRequest, reply: FastifyReply, facts: ArticleAccessFacts): GateAnswer | Promise<GateAnswer>;
  };
  /** The registration form for the wall, with this browser's tokens (the accounts feature's). */
  renderWallForm(request: FastifyRequest, reply: FastifyReply, next: string): Promise<string>;
  /** `{articlePath}/comments`: the comments feature's thread page. */
  serveThread?(request: FastifyRequest, reply: FastifyReply, articlePath: string): Promise<FastifyReply>;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SECTION_PATH = /^\/((?:[a-z0-9-]+\/){0,3}[a-z0-9-]+)$/;
const THREAD_SUFFIX = '/comments';
const SECTION_FEED_PATH = /^\/((?:[a-z0-9-]+\/){0,3}[a-z0-9-]+)\/(rss|atom)\.xml$/;

/** A topic's or author's slug: anything else names no page (404). */
const slugParams = z.object({ slug: z.string().max(120).regex(SLUG) });
/** A child of the sitemap index: `pages-1.xml`, `articles-12.xml`; anything else names none (404). */
const sitemapParams = z.object({
  file: z
    .string()
    .regex(/^(?:pages|articles)-[1-9][0-9]{0,6}\.xml$/)
    .transform((file): SitemapChild => {
      const [kind, number] = file.slice(0, -'.xml'.length).split('-');
      return { kind: kind as SitemapChild['kind'], number: Number(number) };
    }),
});

/**
 * Where a section front starts (`?before=`, `?after=`, an old `?page=`). The
 * catch-all below has no route schema: its only input is its path, which
 * ARTICLE_PATH and SECTION_PATH parse (they are its schema), and a
 * querystring schema would run on every article request — the hot path
 * measured against nginx (docs/benchmarks.md) — and refuse an article link
 * that carries a stray `?page=`. So only a section front reads the listing's
 * query, here, through the same schema as the other listings.
 */
function sectionListingQuery(request: FastifyRequest): ListingQuery {
  const query = listingQuery.safeParse(request.query);
  if (!query.success) throw new AppError('bad-request', 'That is not a page of this list.');
  return query.data;
}

export function registerArticleRoutes(app: FastifyInstance, deps: ArticleRoutesDependencies): void {
  const { articles, pages } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const sendListing = async (request: FastifyRequest, reply: FastifyReply, outcome: ListingOutcome) => {
    if (outcome.kind === 'not-found') {
      // A section, topic or author renamed away from this path: its new address, with the same query (a listing position).
      const path = pathOf(request);
      const moved = await articles.findMovedPath(path);
      if (moved !== null) return reply.redirect(moved + request.url.slice(path.length), 301);
      throw new AppError('not-found');
    }
    // An "after" position that reached the newest stories: the listing's first page, which moves on as stories are published.
    if (outcome.kind === 'moved') return reply.redirect(outcome.location, 302);
    return outcome.response.contentType.startsWith('text/html')
      ? pages.send(request, reply, outcome.response)
      : sendCachedResponse(request, reply, outcome.response);
  };
  /** A listing page at the position its query names; an old numbered page past the first goes to the first page. */
  const serveListing = async (
    request: FastifyRequest,
    reply: FastifyReply,
    query: ListingQuery,
    render: (position: ListingPosition) => Promise<ListingOutcome>,
  ) => {
    const position = listingPositionOf(query);
    if (position.kind === 'numbered-page') return reply.redirect(pathOf(request), 301);
    return sendListing(request, reply, await render(position));
  };

  routes.get('/', { schema: { querystring: listingQuery } }, async (request, reply) =>
    serveListing(request, reply, request.query, (position) => articles.homePage(position)),
  );

  const listing = { schema: { params: slugParams, querystring: listingQuery } };
  routes.get('/topic/:slug', listing, async (request, reply) =>
    serveListing(request, reply, request.query, (position) => articles.topicPage(request.params.slug, position)),
  );
  routes.get('/topic/:slug/rss.xml', { schema: { params: slugParams } }, async (request, reply) =>
    sendListing(request, reply, await articles.feed({ kind: 'topic', slug: request.params.slug })),
  );
  routes.get('/topic/:slug/atom.xml', { schema: { params: slugParams } }, async (request, reply) =>
    sendListing(request, reply, await articles.feed({ kind: 'topic', slug: request.params.slug }, 'atom')),
  );
  routes.get('/author/:slug', listing, async (request, reply) =>
    serveListing(request, reply, request.query, (position) => articles.authorPage(request.params.slug, position)),
  );
  routes.get('/author/:slug/rss.xml', { schema: { params: slugParams } }, async (request, reply) =>
    sendListing(request, reply, await articles.feed({ kind: 'author', slug: request.params.slug })),
  );
  routes.get('/author/:slug/atom.xml', { schema: { params: slugParams } }, async (request, reply) =>
    sendListing(request, reply, await articles.feed({ kind: 'author', slug: request.params.slug }, 'atom')),
  );

  app.get('/rss.xml', async (request, reply) => sendListing(request, reply, await articles.feed({ kind: 'site' })));
  app.get('/atom.xml', async (request, reply) => sendListing(request, reply, await articles.feed({ kind: 'site' }, 'atom')));
  app.get('/sitemap.xml', async (request, reply) => sendCachedResponse(request, reply, await articles.sitemapIndex()));
  routes.get('/sitemaps/:file', { schema: { params: sitemapParams } }, async (request, reply) =>
    sendListing(request, reply, await articles.sitemap(request.params.file)),
  );
  app.get('/news-sitemap.xml', async (request, reply) => sendCachedResponse(request, reply, await articles.newsSitemap()));
  app.get('/robots.txt', async (request, reply) => sendCachedResponse(request, reply, await articles.robotsTxt()));

  // AMP is legacy (docs/product.md, "Web conventions followed"): old /amp/ links go to the canonical page.
  // The wildcard is checked on the raw path, not the decoded parameter, so an
  // encoded slash or dot never passes for our alphabet.
  app.get('/amp/*', (request, reply) => {
    const rest = pathOf(request).slice('/amp'.length);
    // Only our own URL alphabet: "/\\evil.example" or "//evil.example" would be an open redirect.
    return reply.redirect(/^(\/[a-z0-9-]+)+$/.test(rest) ? rest : '/', 301);
  });

  // Sections and articles share the URL space: /world, /world/europe,
  // /world/europe/2026/11/28/slug, /world/rss.xml, /world/atom.xml.
  app.get('/*', async (request, reply) => {
    const path = pathOf(request);
    const article = ARTICLE_PATH.exec(path);
    if (article) {
      // Cached articles and pages come back synchronously: no await on the hot path.
      const found = articles.findArticle(article[5]!, path);
      const outcome = found instanceof Promise ? await found : found;
      if (outcome.kind === 'article') {
        const decided = deps.gate.decide(request, reply, outcome.article.facts);
        const { visibility, personal } = decided instanceof Promise ? await decided : decided;
        const rendered = articles.articlePage(outcome.article, visibility);
        const page = rendered instanceof Promise ? await rendered : rendered;
        const wallForm = visibility.view === 'wall' && visibility.wall === 'register';
        return pages.send(request, reply, page, {
          personal,
          slot: wallForm
            ? { start: WALL_FORM_SLOT_START, end: WALL_FORM_SLOT_END, render: () => deps.renderWallForm(request, reply, path) }
            : undefined,
        });
      }
      if (outcome.kind === 'moved') return reply.redirect(outcome.location, 301);
      throw new AppError(outcome.kind === 'gone' ? 'gone' : 'not-found');
    }
    if (deps.serveThread && path.endsWith(THREAD_SUFFIX) && ARTICLE_PATH.test(path.slice(0, -THREAD_SUFFIX.length))) {
      return deps.serveThread(request, reply, path.slice(0, -THREAD_SUFFIX.length));
    }
    const feed = SECTION_FEED_PATH.exec(path);
    if (feed)
      return sendListing(request, reply, await articles.feed({ kind: 'section', path: feed[1]! }, feed[2] === 'atom' ? 'atom' : 'rss'));
    const section = SECTION_PATH.exec(path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path);
    if (section)
      return serveListing(request, reply, sectionListingQuery(request), (position) => articles.sectionPage(section[1]!, position));
    throw new AppError('not-found');
  });
}
