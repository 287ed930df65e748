// The Content API wired from configuration (called once by app.ts): its own
// page cache, which reads the same content change log as the readers' pages,
// and the key check from the Admin API's key store.
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config/config.js';
import type { Db } from '../../core/db/database.js';
import { PageCache } from '../../core/http/page-cache.js';
import { isMeteredSection } from '../access/access.service.js';
import { createApiKeysService } from '../admin-api/api-keys.service.js';
import { createContentChangeReader } from '../articles/articles.service.js';
import { registerContentApi } from './content-api.routes.js';
import { createContentApiService } from './content-api.service.js';

/** Entries kept for API answers; separate from PAGE_CACHE_MAX_ENTRIES so API traffic cannot push readers' pages out. */
const CONTENT_API_CACHE_ENTRIES = 2_000;

export async function wireContentApi(
  app: FastifyInstance,
  deps: { config: Readonly<Config>; db: Db; clock: Clock; onError: (error: unknown) => void },
): Promise<void> {
  const { config, db, clock } = deps;
  const cache = new PageCache({
    maxEntries: CONTENT_API_CACHE_ENTRIES,
    revalidateMs: config.pageCache.revalidateMs,
    clock,
    readChanges: createContentChangeReader({ db }),
    onError: deps.onError,
  });
  const contentApi = createContentApiService({
    db,
    clock,
    cache,
    site: {
      publicUrl: config.publicUrl,
      name: config.publication.name,
      tagline: config.publication.tagline,
      language: config.publication.language,
      timeZone: config.publication.timeZone,
    },
    teaserBlocks: config.wallTeaserBlocks,
    isMetered: (sectionPath) => isMeteredSection(sectionPath, config.meter),
  });
  const keys = createApiKeysService({ db, clock });
  await registerContentApi(app, { contentApi, authenticateContentKey: keys.authenticateContentKey });
}
