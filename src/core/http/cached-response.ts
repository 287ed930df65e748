// A response rendered once and served many times: compressed ahead of time so
// the hot path does no compression, with a strong ETag for 304s.
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CachedResponse {
  status: number;
  contentType: string;
  cacheControl: string;
  etag: string;
  lastModified: string | undefined;
  identity: Buffer;
  gzip: Buffer | undefined;
  brotli: Buffer | undefined;
  extraHeaders: Readonly<Record<string, string>>;
}

const COMPRESSIBLE = /^(text\/|application\/(json|xml|rss\+xml|atom\+xml|ld\+json|javascript))|\+xml|image\/svg/;

export function buildCachedResponse(options: {
  body: string | Buffer;
  contentType: string;
  cacheControl: string;
  status?: number;
  lastModified?: Date | string | null;
  headers?: Record<string, string>;
}): CachedResponse {
  const identity = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
  const compress = COMPRESSIBLE.test(options.contentType) && identity.length > 256;
  return {
    status: options.status ?? 200,
    contentType: options.contentType,
    cacheControl: options.cacheControl,
    etag: `"${createHash('sha1').update(identity).digest('base64url').slice(0, 22)}"`,
    lastModified: options.lastModified ? new Date(options.lastModified).toUTCString() : undefined,
    identity,
    gzip: compress ? gzipSync(identity, { level: 9 }) : undefined,
    brotli: compress
      ? brotliCompressSync(identity, {
          params: {
            [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length,
          },
        })
      : undefined,
    extraHeaders: options.headers ?? {},
  };
}

type Encoding = 'br' | 'gzip' | 'identity';

interface Accepted {
  /** The best encoding we hold precompressed: br, then gzip. */
  preferred: Encoding;
  gzip: boolean;
}

// Browsers send a handful of distinct Accept-Encoding values; remembering the
// answer per value saves parsing on every request (docs/benchmarks.md).
const acceptedByHeader = new Map<string, Accepted>();
const NOTHING: Accepted = { preferred: 'identity', gzip: false };

function accepted(acceptEncoding: string | undefined): Accepted {
  if (!acceptEncoding) return NOTHING;
  let answer = acceptedByHeader.get(acceptEncoding);
  if (answer === undefined) {
    answer = parseAcceptEncoding(acceptEncoding);
    if (acceptedByHeader.size >= 256) acceptedByHeader.clear();
    acceptedByHeader.set(acceptEncoding, answer);
  }
  return answer;
}

/** Picks br, then gzip, honouring q=0 refusals; identity otherwise. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  return accepted(acceptEncoding).preferred;
}

/** Whether the client takes gzip (personal pages are sent as stitched gzip, core/http/gzip-stitch.ts). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return accepted(acceptEncoding).gzip;
}

function parseAcceptEncoding(acceptEncoding: string): Accepted {
  let brotli = false;
  let gzip = false;
  for (const part of acceptEncoding.split(',')) {
    const [rawName, ...parameters] = part.trim().toLowerCase().split(';');
    const refused = parameters.some((parameter) => /^\s*q=0(\.0{0,3})?\s*$/.test(parameter));
    if (refused) continue;
    if (rawName === 'br') brotli = true;
    else if (rawName === 'gzip' || rawName === 'x-gzip') gzip = true;
    else if (rawName === '*') {
      brotli = true;
      gzip = true;
    }
  }
  return { preferred: brotli ? 'br' : gzip ? 'gzip' : 'identity', gzip };
}

function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/** Cache-Control for a response that depends on the reader's cookies: their browser may keep it, no shared cache may. */
export const PRIVATE_CACHE_CONTROL = 'private, no-cache';

/**
 * Sends the shared bytes. `personal` marks a response chosen by the reader's
 * cookies (a metered article): the same bytes, but only their browser may
 * store them.
 */
export function sendCachedResponse(request: FastifyRequest, reply: FastifyReply, response: CachedResponse, personal = false): FastifyReply {
  reply.header('cache-control', personal ? PRIVATE_CACHE_CONTROL : response.cacheControl);
  reply.header('etag', response.etag);
  if (response.lastModified) reply.header('last-modified', response.lastModified);
  for (const name in response.extraHeaders) reply.header(name, response.extraHeaders[name]!);
  const ifNoneMatch = request.headers['if-none-match'];
  if (response.status === 200 && ifNoneMatch && etagMatches(ifNoneMatch, response.etag)) {
    return reply.code(304).send();
  }
  reply.code(response.status).header('content-type', response.contentType);
  if (personal) reply.header('vary', 'Accept-Encoding, Cookie');
  else if (response.gzip) reply.header('vary', 'Accept-Encoding');
  const encoding = response.gzip ? chooseEncoding(request.headers['accept-encoding']) : 'identity';
  if (encoding === 'br' && response.brotli) return reply.header('content-encoding', 'br').send(response.brotli);
  if (encoding === 'gzip' && response.gzip) return reply.header('content-encoding', 'gzip').send(response.gzip);
  return reply.send(response.identity);
}
