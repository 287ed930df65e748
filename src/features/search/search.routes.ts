// GET /search: thin. Reads the query leniently (a bad value is dropped with a
// note on the page, never a 400 or a 5xx), asks the gate which levels this
// reader may search in full, asks the service, renders. Results depend on the
// reader, and the page is never indexed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccessLevel } from '../../core/db/schema.js';
import type { PageSender } from '../../core/http/page-sender.js';
import { inputs, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { SearchService } from './search.service.js';
import { SearchPage } from './views/search-page.js';

export interface SearchRoutesDependencies {
  search: SearchService;
  pages: PageSender;
  loadSite(): Promise<SiteContext>;
  /** The access feature's answer (article-gate.ts `searchLevels`): the levels this reader may search in full. */
  fullTextLevels(request: FastifyRequest): Promise<AccessLevel[]>;
}

const querystring = z.object({
  q: inputs.optionalText(200),
  section: inputs.optionalText(200),
  topic: inputs.optionalText(200),
  author: inputs.optionalText(200),
  from: inputs.optionalText(20),
  to: inputs.optionalText(20),
  sort: inputs.choice(['relevance', 'date'], 'relevance'),
  page: inputs.optionalText(20),
});

export function registerSearchRoutes(app: FastifyInstance, deps: SearchRoutesDependencies): void {
  app.withTypeProvider<ZodTypeProvider>().get('/search', { schema: { querystring } }, async (request, reply) => {
    const [levels, site] = await Promise.all([deps.fullTextLevels(request), deps.loadSite()]);
    const model = await deps.search.search(request.query, levels);
    reply.header('x-robots-tag', 'noindex');
    return deps.pages.sendBuiltPage(reply, SearchPage({ site, model }), { caching: 'private' });
  });
}
