// The old site's addresses, kept working: `/harbour-reopens/` (Ghost),
// `/2019/04/harbour-reopens/` and `/?p=12` (WordPress) answer 301 to the
// article's address here. Consulted only when nothing of Masthead's answered
// (the not-found path, core/http/error-handler.ts), so an old path can never
// shadow a section, `/events/` or any other page; `/?p=` is looked at only
// on the home page's URL with a numeric `p`, and only an id the import
// recorded redirects — the home page is otherwise unchanged.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { pathOf } from '../../core/http/request-values.js';
import { articlePath } from '../articles/articles.service.js';
import { findLegacyTarget } from './importers.repository.js';
import { withoutTrailingSlashes } from './source-values.js';

const HOME_POST_QUERY = /^\/\?(?:.*&)?p=(\d{1,12})(?:&|$)/;

export function createLegacyRedirects(deps: { db: Db; clock: Clock; timeZone: string }) {
  async function locationOf(oldPath: string): Promise<string | null> {
    if (oldPath.length > 500) return null;
    const target = await findLegacyTarget(deps.db, oldPath, deps.clock.now().toISOString());
    return target ? articlePath(target, deps.timeZone) : null;
  }

  /** Where a request nothing else answered should go, or null (a plain 404). */
  async function find(request: FastifyRequest): Promise<string | null> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return null;
    const path = pathOf(request);
    const trimmed = withoutTrailingSlashes(path);
    return trimmed && trimmed !== '/' ? locationOf(trimmed) : null;
  }

  /** `/?p=123`: before the home page's route, and only for that URL shape (one string test for every other request). */
  function registerHomePostRedirect(app: FastifyInstance): void {
    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/?') || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      const post = HOME_POST_QUERY.exec(request.url);
      if (!post) return;
      const location = await locationOf(`/?p=${Number(post[1])}`);
      if (location) return reply.redirect(location, 301);
    });
  }

  return { find, registerHomePostRedirect };
}

export type LegacyRedirects = ReturnType<typeof createLegacyRedirects>;
