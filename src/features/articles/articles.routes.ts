// Reader-facing URLs for articles, fronts, feeds and sitemaps. Thin: parse,
// call the service, send the cached response.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendCachedResponse } from '../../core/http/cached-response.js';
import { parsePageParameter } from '../../core/http/paging.js';
import { AppError } from '../../core/errors.js';
import type { PageSender } from '../../core/http/page-sender.js';
import type { ArticlesService, ListingOutcome } from './articles.service.js';
import type { ArticleAccessFacts, ArticleVisibility } from './articles.types.js';
import { WALL_FORM_SLOT_END, WALL_FORM_SLOT_START } from './views/article-wall.js';
import { pathOf } from '../../core/http/request-values.js';

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
// Depth-bounded (sections nest at most four deep): a third of the unbounded pattern's cost.
const ARTICLE_PATH = /^\/((?:[a-z0-9-]+\/){0,3}[a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/([a-z0-9-]+)$/;
const SECTION_PATH = /^\/((?:[a-z0-9-]+\/){0,3}[a-z0-9-]+)$/;
const THREAD_SUFFIX = '/comments';
const SECTION_FEED_PATH = /^\/((?:[a-z0-9-]+\/){0,3}[a-z0-9-]+)\/rss\.xml$/;

function requireSlug(slug: string): string {
  if (!SLUG.test(slug) || slug.length > 120) throw new AppError('not-found');
  return slug;
}

export function registerArticleRoutes(app: FastifyInstance, deps: ArticleRoutesDependencies): void {
  const { articles, pages } = deps;
  const sendListing = (request: FastifyRequest, reply: FastifyReply, outcome: ListingOutcome) => {
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    return outcome.response.contentType.startsWith('text/html')
      ? pages.send(request, reply, outcome.response)
      : sendCachedResponse(request, reply, outcome.response);
  };

  app.get('/', async (request, reply) => sendListing(request, reply, await articles.homePage(parsePageParameter(request.query))));

  app.get<{ Params: { slug: string } }>('/topic/:slug', async (request, reply) =>
    sendListing(request, reply, await articles.topicPage(requireSlug(request.params.slug), parsePageParameter(request.query))),
  );
  app.get<{ Params: { slug: string } }>('/topic/:slug/rss.xml', async (request, reply) =>
    sendListing(request, reply, await articles.feed({ kind: 'topic', slug: requireSlug(request.params.slug) })),
  );
  app.get<{ Params: { slug: string } }>('/author/:slug', async (request, reply) =>
    sendListing(request, reply, await articles.authorPage(requireSlug(request.params.slug), parsePageParameter(request.query))),
  );
  app.get<{ Params: { slug: string } }>('/author/:slug/rss.xml', async (request, reply) =>
    sendListing(request, reply, await articles.feed({ kind: 'author', slug: requireSlug(request.params.slug) })),
  );

  app.get('/rss.xml', async (request, reply) => sendListing(request, reply, await articles.feed({ kind: 'site' })));
  app.get('/sitemap.xml', async (request, reply) => sendCachedResponse(request, reply, await articles.sitemap()));
  app.get('/news-sitemap.xml', async (request, reply) => sendCachedResponse(request, reply, await articles.newsSitemap()));
  app.get('/robots.txt', async (request, reply) => sendCachedResponse(request, reply, await articles.robotsTxt()));

  // AMP is legacy (docs/product.md, "Web conventions followed"): old /amp/ links go to the canonical page.
  app.get('/amp/*', (request, reply) => {
    const rest = pathOf(request).slice('/amp'.length);
    // Only our own URL alphabet: "/\\evil.example" or "//evil.example" would be an open redirect.
    return reply.redirect(/^(\/[a-z0-9-]+)+$/.test(rest) ? rest : '/', 301);
  });

  // Sections and articles share the URL space: /world, /world/europe,
  // /world/europe/2026/11/28/slug, /world/rss.xml.
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
    if (feed) return sendListing(request, reply, await articles.feed({ kind: 'section', path: feed[1]! }));
    const section = SECTION_PATH.exec(path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path);
    if (section) return sendListing(request, reply, await articles.sectionPage(section[1]!, parsePageParameter(request.query)));
    throw new AppError('not-found');
  });
}
