// Composition root: config, database, caches and services are created here
// and handed to each feature's routes. No business logic lives in this file.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { systemClock, type Clock } from './core/clock.js';
import type { Config } from './core/config/config.js';
import { openDatabase, type DatabaseHandle } from './core/db/database.js';
import { registerErrorHandling } from './core/http/error-handler.js';
import { PageCache } from './core/http/page-cache.js';
import { registerSecurityHeaders } from './core/http/security-headers.js';
import { registerStaticAssets } from './core/http/static-assets.js';
import { ErrorPage } from './core/views/error-page.js';
import { readContentRevision } from './features/articles/articles.queries.js';
import { registerArticleRoutes } from './features/articles/articles.routes.js';
import { createArticlesService, type ArticlesService } from './features/articles/articles.service.js';
import { registerMediaRoutes } from './features/media/media.routes.js';
import { createMediaService } from './features/media/media.service.js';

export interface AppOptions {
  config: Readonly<Config>;
  clock?: Clock;
  /** An already-open database (tests pass one per engine); otherwise opened from config. */
  database?: DatabaseHandle;
}

export interface Masthead {
  app: FastifyInstance;
  database: DatabaseHandle;
  pageCache: PageCache;
  articles: ArticlesService;
  close(): Promise<void>;
}

export async function buildApp(options: AppOptions): Promise<Masthead> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const database = options.database ?? openDatabase(config.database);
  const { db } = database;

  const app = Fastify({
    logger: { level: config.log.level },
    // Per-request logs cost throughput on the hot path; errors are always logged.
    logController: new LogController({ disableRequestLogging: !config.log.requests }),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
  });

  const pageCache = new PageCache({
    maxEntries: config.pageCache.maxEntries,
    revalidateMs: config.pageCache.revalidateMs,
    clock,
    readRevision: () => readContentRevision(db, clock.now().toISOString()),
    onError: (error) => app.log.error({ err: error }, 'page cache revalidation failed'),
  });

  registerSecurityHeaders(app, { isHttps: config.publicUrl.startsWith('https:') });
  const assets = registerStaticAssets(app);

  const articles = createArticlesService({
    db,
    clock,
    pageCache,
    site: {
      publicationName: config.publication.name,
      tagline: config.publication.tagline,
      language: config.publication.language,
      timeZone: config.publication.timeZone,
      publicUrl: config.publicUrl,
      stylesheetHref: assets.stylesheetHref,
    },
    anonymousMaxAgeSeconds: config.anonymousMaxAgeSeconds,
  });
  const media = createMediaService({ db });

  registerErrorHandling(app, async (status, heading, message) => (await ErrorPageFor(status, heading, message)).value);
  async function ErrorPageFor(status: number, heading: string, message: string) {
    return ErrorPage({ site: await articles.loadSite(), status, heading, message });
  }

  registerMediaRoutes(app, media);
  registerArticleRoutes(app, articles);

  return {
    app,
    database,
    pageCache,
    articles,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
