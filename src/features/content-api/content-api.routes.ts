// /ghost/api/content/… as Ghost serves it, for `@tryghost/content-api` and the
// front-ends built on it (docs/content-api.md):
// - every request carries a Content API key as `?key=`; missing, unknown,
//   revoked or an Admin key → 401, checked before anything else is read;
// - the client's URLs end in `/` (`/posts/`, `/posts/slug/<slug>/`); both
//   forms answer, and the versioned prefixes older clients use
//   (`/ghost/api/v4/content/`) too;
// - CORS as Ghost does it: any origin may read (`Access-Control-Allow-Origin: *`),
//   OPTIONS answers the preflight;
// - errors in Ghost's envelope `{ "errors": [{ "message", "context", "type", … }] }`.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendCachedResponse } from '../../core/http/cached-response.js';
import { ContentApiInputError, type ContentApiService, type ContentResource } from './content-api.service.js';

export const CONTENT_API_PREFIXES = [
  '/ghost/api/content',
  '/ghost/api/v2/content',
  '/ghost/api/v3/content',
  '/ghost/api/v4/content',
  '/ghost/api/canary/content',
];
const CONTENT_VERSION = 'v6.0';
const READABLE: ContentResource[] = ['posts', 'pages', 'authors', 'tags'];
const BROWSE_ONLY: ContentResource[] = ['tiers', 'settings'];

export interface ContentApiRouteDependencies {
  contentApi: ContentApiService;
  authenticateContentKey(key: unknown): Promise<boolean>;
}

type GhostErrorType = 'BadRequestError' | 'UnauthorizedError' | 'NotFoundError' | 'InternalServerError';

const STATUS: Record<GhostErrorType, number> = {
  BadRequestError: 400,
  UnauthorizedError: 401,
  NotFoundError: 404,
  InternalServerError: 500,
};

const BY_SLUG = z.object({ slug: z.string() });
const BY_ID = z.object({ id: z.string() });

export function sendGhostError(reply: FastifyReply, type: GhostErrorType, message: string, context: string | null = null) {
  return reply
    .code(STATUS[type])
    .header('cache-control', 'no-store')
    .send({
      errors: [{ message, context, type, details: null, property: null, help: null, code: null, id: randomUUID(), ghostErrorCode: null }],
    });
}

const notFound = (reply: FastifyReply) => sendGhostError(reply, 'NotFoundError', 'Resource not found error, cannot read resource.');

function corsHeaders(reply: FastifyReply) {
  reply.header('access-control-allow-origin', '*').header('content-version', CONTENT_VERSION);
}

export async function registerContentApi(app: FastifyInstance, deps: ContentApiRouteDependencies): Promise<void> {
  for (const prefix of CONTENT_API_PREFIXES) {
    await app.register(
      async (api) => {
        api.addHook('onRequest', async (request, reply) => {
          corsHeaders(reply);
          if (request.method === 'OPTIONS') return;
          const query = request.query as Record<string, unknown>;
          if (!(await deps.authenticateContentKey(query.key)))
            return sendGhostError(
              reply,
              'UnauthorizedError',
              'Authorization failed',
              query.key === undefined ? 'Send a Content API key as the key parameter.' : 'Unknown Content API Key',
            );
        });
        api.setNotFoundHandler((request, reply) => {
          corsHeaders(reply);
          return notFound(reply);
        });
        api.setErrorHandler((error: { statusCode?: number }, request, reply) => {
          const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
          if (status >= 400 && status < 500) return sendGhostError(reply, 'BadRequestError', 'The request could not be read.');
          request.log.error({ err: error, url: request.url }, 'content api request failed');
          return sendGhostError(reply, 'InternalServerError', 'Something went wrong on our side.');
        });

        // The preflight: GET from any origin, with the headers the client sends (Accept-Version, and its User-Agent).
        api.options('/*', async (request, reply) =>
          reply
            .code(204)
            .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
            .header('access-control-allow-headers', 'Accept-Version, Content-Type, Authorization, User-Agent')
            .header('access-control-max-age', '86400')
            .header('cache-control', 'public, max-age=86400')
            .send(),
        );

        async function respond(
          request: FastifyRequest,
          reply: FastifyReply,
          resource: ContentResource,
          target: { id?: string; slug?: string } | null,
        ) {
          // PostgreSQL text cannot hold a NUL: such a slug names nothing, like any unknown one.
          if (target && Object.values(target).some((value) => value.includes('\u0000'))) return notFound(reply);
          try {
            const response = await deps.contentApi.answer(resource, request.query as Record<string, unknown>, target);
            if (!response) return notFound(reply);
            return sendCachedResponse(request, reply, response);
          } catch (error) {
            if (error instanceof ContentApiInputError) return sendGhostError(reply, 'BadRequestError', error.message, error.context);
            throw error;
          }
        }

        api.get('/*', (request, reply) => notFound(reply));
        const both = (path: string) => [path, `${path}/`];
        for (const resource of [...READABLE, ...BROWSE_ONLY]) {
          for (const url of both(`/${resource}`)) api.get(url, (request, reply) => respond(request, reply, resource, null));
        }
        for (const resource of READABLE) {
          // Any text names a post or nothing: the service answers 404 for what it does not know.
          for (const url of both(`/${resource}/slug/:slug`))
            api.get<{ Params: { slug: string } }>(url, { schema: { params: BY_SLUG } }, (request, reply) =>
              respond(request, reply, resource, { slug: request.params.slug }),
            );
          for (const url of both(`/${resource}/:id`))
            api.get<{ Params: { id: string } }>(url, { schema: { params: BY_ID } }, (request, reply) =>
              respond(request, reply, resource, { id: request.params.id }),
            );
        }
      },
      { prefix },
    );
  }
}
