// The Admin API's articles: create, list, read, change (fields and workflow),
// correct, and read revisions. Thin: each route converts the request
// (admin-articles.input.ts), calls one article editing service function as
// the key, and answers through admin-articles.output.ts. The route's least
// role is checked before the body is read (admin-api.routes.ts); what a role
// may do to a particular article (own work only, publishing, scheduling) is
// the service's rule, answered 403.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '../../core/http/route-input.js';
import type { ArticleEditingService } from '../articles/articles.service.js';
import type { ApiPrincipal } from './api-keys.service.js';
import { sendProblems } from './admin-api-replies.js';
import { actorOf, createRequestOf, saveRequestOf, type ArticleInputDependencies } from './admin-articles.input.js';
import { createArticleOutput, listItemOf, revisionObjectOf, revisionSummaryOf } from './admin-articles.output.js';
import {
  articleList,
  articleListQuery,
  articleObject,
  articleParams,
  changeArticleBody,
  correctionBody,
  createArticleBody,
  revisionList,
  revisionListQuery,
  revisionObject,
  revisionParams,
} from './admin-articles.schemas.js';

export interface ArticleEndpointDependencies extends ArticleInputDependencies {
  articleEditing: ArticleEditingService;
}

/** A long story's HTML is larger than the site's usual 64 KB body limit. */
const ARTICLE_BODY_LIMIT = 4 * 1024 * 1024;
const tags = ['articles'];

/** The service calls the body `body`: the request called it `html` or `doc` (neither sent: the stored body, still `body`). */
function bodyFieldOf(input: { html?: unknown; doc?: unknown }): Record<string, string> {
  if (input.doc !== undefined) return { body: 'doc' };
  return input.html !== undefined ? { body: 'html' } : {};
}

export function registerArticleEndpoints(api: FastifyInstance, deps: ArticleEndpointDependencies): void {
  const routes = api.withTypeProvider<ZodTypeProvider>();
  const output = createArticleOutput(deps);
  const { articleEditing } = deps;
  // The onRequest hook set it on every route with an `apiRole`.
  const actor = (request: { apiPrincipal: ApiPrincipal | null }) => actorOf(request.apiPrincipal!);

  routes.post(
    '/articles',
    {
      config: { apiRole: 'contributor' },
      bodyLimit: ARTICLE_BODY_LIMIT,
      schema: { tags, body: createArticleBody, response: { 201: articleObject } },
    },
    async (request, reply) => {
      const converted = await createRequestOf(request.body, deps);
      if (converted.kind === 'invalid') return sendProblems(reply, converted.problems);
      const outcome = await articleEditing.create(actor(request), converted.request);
      return output.sendEditOutcome(reply, outcome, { savedStatus: 201, renamed: bodyFieldOf(request.body) });
    },
  );

  routes.get(
    '/articles',
    { config: { apiRole: 'contributor' }, schema: { tags, querystring: articleListQuery, response: { 200: articleList } } },
    async (request, reply) => {
      const { page, limit, status, ...filter } = request.query;
      const result = await articleEditing.list(actor(request), { ...filter, ...(status ? { state: status } : {}) }, { page, limit });
      return reply.header('cache-control', 'no-store').send({
        articles: result.items.map(listItemOf),
        // No total, by design: counting a million-article archive on every page is the cost this list avoids.
        meta: { pagination: { page, limit, next: result.hasNext ? page + 1 : null, prev: page > 1 ? page - 1 : null } },
      });
    },
  );

  routes.get(
    '/articles/:id',
    { config: { apiRole: 'contributor' }, schema: { tags, params: articleParams, response: { 200: articleObject } } },
    async (request, reply) =>
      output.sendReadOutcome(reply, await articleEditing.get(actor(request), request.params.id), output.articleObjectOf),
  );

  routes.patch(
    '/articles/:id',
    {
      config: { apiRole: 'contributor' },
      bodyLimit: ARTICLE_BODY_LIMIT,
      schema: { tags, params: articleParams, body: changeArticleBody, response: { 200: articleObject } },
    },
    async (request, reply) => {
      const current = await articleEditing.get(actor(request), request.params.id);
      if (current.kind !== 'found') return output.sendReadOutcome(reply, current, () => null);
      const converted = await saveRequestOf(request.body, current.value.state, deps);
      if (converted.kind === 'invalid') return sendProblems(reply, converted.problems);
      const outcome = await articleEditing.save(actor(request), request.params.id, converted.request);
      return output.sendEditOutcome(reply, outcome, { savedStatus: 200, renamed: bodyFieldOf(request.body) });
    },
  );

  routes.post(
    '/articles/:id/corrections',
    { config: { apiRole: 'editor' }, schema: { tags, params: articleParams, body: correctionBody, response: { 201: articleObject } } },
    async (request, reply) => {
      const { version, text } = request.body;
      const outcome = await articleEditing.addCorrection(actor(request), request.params.id, version, text);
      return output.sendEditOutcome(reply, outcome, { savedStatus: 201, renamed: { correction: 'text' } });
    },
  );

  routes.get(
    '/articles/:id/revisions',
    {
      config: { apiRole: 'contributor' },
      schema: { tags, params: articleParams, querystring: revisionListQuery, response: { 200: revisionList } },
    },
    async (request, reply) => {
      const { before, limit } = request.query;
      // One more than asked: whether there is an older page, without counting.
      const outcome = await articleEditing.listRevisions(actor(request), request.params.id, { beforeId: before ?? null, limit: limit + 1 });
      return output.sendReadOutcome(reply, outcome, (revisions) => {
        const shown = revisions.slice(0, limit);
        const next = revisions.length > limit ? shown.at(-1)!.id : null;
        return { revisions: shown.map(revisionSummaryOf), meta: { pagination: { limit, next } } };
      });
    },
  );

  routes.get(
    '/articles/:id/revisions/:revisionId',
    { config: { apiRole: 'contributor' }, schema: { tags, params: revisionParams, response: { 200: revisionObject } } },
    async (request, reply) =>
      output.sendReadOutcome(
        reply,
        await articleEditing.getRevision(actor(request), request.params.id, request.params.revisionId),
        revisionObjectOf,
      ),
  );
}
