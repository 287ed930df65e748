// What routes read from a request, defensively: a body a client sent in any
// shape becomes a plain record (fields still need validating), and a path
// never includes its query string.
import type { FastifyRequest } from 'fastify';

export type FormBody = Record<string, unknown>;

/** The parsed form (or JSON) body as a record; anything else (no body, an array, a string) is empty. */
export function formBody(request: FastifyRequest): FormBody {
  const body = request.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as FormBody) : {};
}

export function pathOf(request: FastifyRequest): string {
  const queryStart = request.url.indexOf('?');
  return queryStart === -1 ? request.url : request.url.slice(0, queryStart);
}
