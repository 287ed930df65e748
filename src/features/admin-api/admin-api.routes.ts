// The Admin API under /api/admin: JSON in and out, for integrations and the
// newsroom's own scripts. The contract (docs/admin-api.md):
// - every request but the OpenAPI document sends `Authorization: Bearer <key>`;
//   the key is checked first, before the body is even read: missing or unknown
//   → 401, a role too low for the route → 403, whatever else was sent;
// - bad input → 422 `{ "errors": [{ "field", "message" }] }`, malformed JSON →
//   400, anything but JSON → 415; nothing is stored on any of them;
// - create → 201 with the object; one object → the object; lists →
//   `{ "<plural>": [...], "meta": { "pagination": … } }`;
// - every route has a zod schema, and /api/admin/openapi.json is generated from them.
import swagger from '@fastify/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, statusForErrorCode } from '../../core/errors.js';
import type { ZodTypeProvider } from '../../core/http/route-input.js';
import type { PageOf, TaxonomyService } from '../articles/articles.service.js';
import { sendErrors, sendProblems } from './admin-api-replies.js';
import { registerArticleEndpoints, type ArticleEndpointDependencies } from './admin-articles.routes.js';
import { registerEventEndpoints } from './admin-events.routes.js';
import { registerImageEndpoints, type ImageEndpointDependencies } from './admin-images.routes.js';
import type { EventAdmin } from '../events/event-admin.service.js';
import { registerNewsletterEndpoints, type NewsletterEndpointService } from './admin-newsletters.routes.js';
import { roleAtLeast, type ApiKeyRole, type ApiKeysService, type ApiPrincipal } from './api-keys.service.js';

export const ADMIN_API_PREFIX = '/api/admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role an Admin API key needs for this route; routes without one are public (the OpenAPI document). */
    apiRole?: ApiKeyRole;
    /** The body a route takes: JSON unless it says multipart (uploads). */
    apiBody?: 'json' | 'multipart';
  }
  interface FastifyRequest {
    /** The Admin API key's principal, once authenticated (admin-api.routes.ts). */
    apiPrincipal: ApiPrincipal | null;
  }
}

export interface AdminApiDependencies extends Omit<ImageEndpointDependencies, 'publicUrl'> {
  apiKeys: ApiKeysService;
  articleEditing: ArticleEndpointDependencies['articleEditing'];
  taxonomy: TaxonomyService;
  publicUrl: string;
  /** Events (features/events' staff door); without it the event endpoints are not registered. */
  eventAdmin?: EventAdmin;
  /** The newsletters service (features/newsletters): its endpoints are registered when it is handed in. */
  newsletters?: NewsletterEndpointService;
}

/** A zod issue's path as one field name: `hero.alt`, `authors.0`. */
function fieldOf(issue: { instancePath?: string; params?: { issue?: { path?: PropertyKey[] } } }): string | undefined {
  const path = issue.params?.issue?.path ?? issue.instancePath?.split('/').filter(Boolean);
  return path?.length ? path.map(String).join('.') : undefined;
}

const pagingQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const listMeta = (result: PageOf<unknown>) => ({
  pagination: {
    page: result.page,
    limit: result.limit,
    pages: result.pages,
    total: result.total,
    next: result.page < result.pages ? result.page + 1 : null,
    prev: result.page > 1 ? Math.min(result.page - 1, result.pages) : null,
  },
});

const text = (max: number) => z.string().max(max * 4);
const sectionBody = z.strictObject({
  name: text(60),
  slug: text(80).optional(),
  parent: text(200).optional(),
  description: text(300).optional(),
});
const topicBody = z.strictObject({ name: text(60), slug: text(80).optional(), description: text(300).optional() });
const authorBody = z.strictObject({
  name: text(60),
  slug: text(80).optional(),
  jobTitle: text(300).optional(),
  bio: text(300).optional(),
});

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Nothing sent at all: no type, no length, no chunks (anything typed is checked, even when empty). */
const hasBody = (request: FastifyRequest) =>
  request.headers['content-type'] !== undefined ||
  request.headers['transfer-encoding'] !== undefined ||
  Number(request.headers['content-length'] ?? 0) > 0;

/**
 * Where a JSON value holds a NUL character (`authors.0`), or null. PostgreSQL
 * text cannot store one, so it is refused as input rather than failing as a 500.
 */
export function pathOfNulCharacter(value: unknown): string | null {
  const pending: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (pending.length) {
    const { value: item, path } = pending.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return path.join('.');
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        if (key.includes('\u0000')) return [...path, key].join('.');
        pending.push({ value: child, path: [...path, key] });
      }
    }
  }
  return null;
}

export async function registerAdminApi(app: FastifyInstance, deps: AdminApiDependencies): Promise<void> {
  await app.register(
    async (api) => {
      api.decorateRequest('apiPrincipal', null);
      await api.register(swagger, {
        openapi: {
          info: { title: 'Masthead Admin API', version: '1' },
          servers: [{ url: deps.publicUrl }],
          components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
          security: [{ apiKey: [] }],
        },
        transform: jsonSchemaTransform,
      });

      // First, before the body is parsed: who is calling, and may they call this.
      api.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const needed = request.routeOptions.config.apiRole;
        if (!needed) return;
        const principal = await deps.apiKeys.authenticate(request.headers.authorization);
        if (!principal) return sendErrors(reply.header('www-authenticate', 'Bearer'), 401);
        if (!roleAtLeast(principal.role, needed)) return sendErrors(reply, 403);
        request.apiPrincipal = principal;
        const type = request.headers['content-type'] ?? '';
        const expected =
          request.routeOptions.config.apiBody === 'multipart' ? /^multipart\/form-data\s*;/i : /^application\/json\s*(?:;|$)/i;
        // A POST without any body (an issue's send: "now") has no type to check.
        if (BODY_METHODS.has(request.method) && hasBody(request) && !expected.test(type)) return sendErrors(reply, 415);
      });

      // After the body is parsed, before the schemas: a NUL anywhere is a 422 naming where.
      api.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
        const where = pathOfNulCharacter(request.body) ?? pathOfNulCharacter(request.query);
        if (where !== null)
          return sendProblems(reply, [{ field: where || undefined, message: 'Text cannot contain the NUL character (U+0000).' }]);
      });

      api.setNotFoundHandler((request, reply) => sendErrors(reply, 404));
      api.setErrorHandler((error: FastifyError | AppError, request, reply) => {
        if (error instanceof AppError) {
          if (error.details.retryAfterSeconds) reply.header('retry-after', String(error.details.retryAfterSeconds));
          return sendErrors(reply, statusForErrorCode[error.code]);
        }
        if (error.validation) {
          if (error.validationContext === 'params') return sendErrors(reply, 404);
          return sendErrors(
            reply,
            422,
            error.validation.map((issue) => ({ field: fieldOf(issue as never), message: issue.message ?? 'Invalid value.' })),
          );
        }
        const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
        if (status === 500) request.log.error({ err: error, method: request.method, url: request.url }, 'admin api request failed');
        return sendErrors(reply, status);
      });

      const routes = api.withTypeProvider<ZodTypeProvider>();
      await registerImageEndpoints(api, deps);
      registerArticleEndpoints(api, deps);
      if (deps.eventAdmin) registerEventEndpoints(api, { eventAdmin: deps.eventAdmin, publicUrl: deps.publicUrl });
      if (deps.newsletters) registerNewsletterEndpoints(api, { newsletters: deps.newsletters });

      routes.get('/openapi.json', { schema: { hide: true } }, async (request, reply) =>
        reply.header('cache-control', 'no-store').send(api.swagger()),
      );

      routes.get(
        '/sections',
        { config: { apiRole: 'contributor' }, schema: { querystring: pagingQuery, tags: ['taxonomy'] } },
        async (request) => {
          const result = await deps.taxonomy.listSections(request.query);
          return { sections: result.items, meta: listMeta(result) };
        },
      );
      routes.post(
        '/sections',
        { config: { apiRole: 'editor' }, schema: { body: sectionBody, tags: ['taxonomy'] } },
        async (request, reply) => {
          const outcome = await deps.taxonomy.createSection(request.body);
          return outcome.kind === 'created' ? reply.code(201).send(outcome.item) : sendProblems(reply, outcome.problems);
        },
      );

      routes.get(
        '/topics',
        { config: { apiRole: 'contributor' }, schema: { querystring: pagingQuery, tags: ['taxonomy'] } },
        async (request) => {
          const result = await deps.taxonomy.listTopics(request.query);
          return { topics: result.items, meta: listMeta(result) };
        },
      );
      routes.post('/topics', { config: { apiRole: 'author' }, schema: { body: topicBody, tags: ['taxonomy'] } }, async (request, reply) => {
        const outcome = await deps.taxonomy.createTopic(request.body);
        return outcome.kind === 'created' ? reply.code(201).send(outcome.item) : sendProblems(reply, outcome.problems);
      });

      routes.get(
        '/authors',
        { config: { apiRole: 'contributor' }, schema: { querystring: pagingQuery, tags: ['taxonomy'] } },
        async (request) => {
          const result = await deps.taxonomy.listAuthors(request.query);
          return { authors: result.items, meta: listMeta(result) };
        },
      );
      routes.post(
        '/authors',
        { config: { apiRole: 'author' }, schema: { body: authorBody, tags: ['taxonomy'] } },
        async (request, reply) => {
          const outcome = await deps.taxonomy.createAuthor(request.body);
          return outcome.kind === 'created' ? reply.code(201).send(outcome.item) : sendProblems(reply, outcome.problems);
        },
      );
    },
    { prefix: ADMIN_API_PREFIX },
  );
}
