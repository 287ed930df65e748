// A response rendered once and served many times, with a strong ETag for
// 304s. Its compressed bodies are made the first time a client asks for each
// encoding and kept with it: the hot path sends bytes it already holds,
// without compressing or awaiting anything. A body big enough to cost more
// than a fraction of a millisecond is compressed on libuv's thread pool
// (node:zlib's async functions), never on the event loop.
//
// Levels (docs/decisions/012-tagged-page-cache.md has the figures): most
// pages built after an edit or an eviction are read once — a crawler walking
// the archive — so the first request for an encoding gets a quick one
// (FIRST_LEVELS: a fifth to a tenth of the time for about a quarter more
// bytes); a page asked for again is worth the stronger compression
// (REPEAT_LEVELS), made once for the second request and kept for every later one.
import { createHash, type Hash } from 'node:crypto';
import { promisify } from 'node:util';
import {
  brotliCompress,
  brotliCompressSync,
  constants as zlibConstants,
  gzip,
  gzipSync,
  type BrotliOptions,
  type ZlibOptions,
} from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CachedResponse {
  status: number;
  contentType: string;
  cacheControl: string;
  etag: string;
  lastModified: string | undefined;
  identity: Buffer;
  /** Whether the body is sent compressed to clients that accept it (text, big enough to gain). */
  compressible: boolean;
  /** The gzip body, once a client has asked for it (or made ahead for start-up assets). */
  gzip: Buffer | undefined;
  /** The brotli body, likewise. */
  brotli: Buffer | undefined;
  extraHeaders: Readonly<Record<string, string>>;
}

type Compressed = Exclude<Encoding, 'identity'>;

const COMPRESSIBLE = /^(text\/|application\/(json|xml|rss\+xml|atom\+xml|ld\+json|javascript))|\+xml|image\/svg/;
/** Below this a body goes out as it is: one TCP packet either way. */
const COMPRESS_FROM_BYTES = 256;
/**
 * Below this, compressing on the event loop costs less than the thread-pool
 * round trip (< 0.3 ms for both encodings at 4 KB; ~0.4 ms of latency added
 * by the pool at any size).
 */
export const COMPRESS_SYNC_BELOW_BYTES = 8 * 1024;
/**
 * The same for the first, quick compression (FIRST_LEVELS): a 15 KB article
 * page takes ~50 µs at brotli 1 on the loop, while handing it to the thread
 * pool held the loop ~70–110 µs (setting up the stream, waking a thread that
 * then competes with it for the cores). Up to this size it is done at once.
 */
export const FIRST_COMPRESS_SYNC_BELOW_BYTES = 32 * 1024;

/** Levels for the first request for an encoding: most of the saving at a fraction of the time. */
export const FIRST_LEVELS = { gzip: 1, brotli: 1 } as const;
/** Levels once a page is asked for again: most of level 9's saving at a fraction of its time (decision 012). */
export const REPEAT_LEVELS = { gzip: 6, brotli: 6 } as const;
/** Start-up assets are compressed once per process and kept for a year: the smallest bytes are worth the time. */
const START_UP_LEVELS = { gzip: 9, brotli: 9 } as const;

const gzipAsync = promisify<Buffer, ZlibOptions, Buffer>(gzip);
const brotliAsync = promisify<Buffer, BrotliOptions, Buffer>(brotliCompress);

function brotliOptions(quality: number, size: number): BrotliOptions {
  return { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: quality, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: size } };
}

interface BuildOptions {
  body: string | Buffer;
  contentType: string;
  cacheControl: string;
  status?: number;
  lastModified?: Date | string | null;
  headers?: Record<string, string>;
}

/** The response, uncompressed: each encoding is made when a client first asks for it (`encodedBody`). */
export function buildCachedResponse(options: BuildOptions): CachedResponse {
  const identity = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
  return responseOf(identity, createHash('sha1').update(identity), options);
}

/** Bytes made and hashed between two chances for other requests to run (about a millisecond of work). */
const PIECES_BYTES_PER_TURN = 512 * 1024;

/**
 * The same for a body of several megabytes made in pieces (a child sitemap):
 * each piece turned into bytes and hashed in turn, letting other requests run
 * every PIECES_BYTES_PER_TURN, so building it never holds the event loop for
 * long (the whole body at once: ~20–50 ms for 8 MB). The bytes are the
 * pieces' in order, as if they had been joined.
 */
export async function buildCachedResponseFromPieces(
  pieces: readonly string[],
  options: Omit<BuildOptions, 'body'>,
): Promise<CachedResponse> {
  const hash = createHash('sha1');
  const buffers: Buffer[] = [];
  let sinceLastTurn = 0;
  for (const piece of pieces) {
    const bytes = Buffer.from(piece);
    hash.update(bytes);
    buffers.push(bytes);
    sinceLastTurn += bytes.length;
    if (sinceLastTurn >= PIECES_BYTES_PER_TURN) {
      sinceLastTurn = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return responseOf(Buffer.concat(buffers), hash, options);
}

function responseOf(identity: Buffer, hash: Hash, options: Omit<BuildOptions, 'body'>): CachedResponse {
  return {
    status: options.status ?? 200,
    contentType: options.contentType,
    cacheControl: options.cacheControl,
    etag: `"${hash.digest('base64url').slice(0, 22)}"`,
    lastModified: options.lastModified ? new Date(options.lastModified).toUTCString() : undefined,
    identity,
    compressible: COMPRESSIBLE.test(options.contentType) && identity.length > COMPRESS_FROM_BYTES,
    gzip: undefined,
    brotli: undefined,
    extraHeaders: options.headers ?? {},
  };
}

/**
 * For assets built while the server starts (stylesheet, scripts, icons),
 * before it takes requests: both encodings made now, at the highest levels,
 * so serving them never compresses.
 */
export function buildPrecompressedResponse(options: BuildOptions): CachedResponse {
  const response = buildCachedResponse(options);
  if (!response.compressible) return response;
  const size = response.identity.length;
  response.gzip = gzipSync(response.identity, { level: START_UP_LEVELS.gzip });
  response.brotli = brotliCompressSync(response.identity, brotliOptions(START_UP_LEVELS.brotli, size));
  return response;
}

// Concurrent first requests for one encoding share one compression.
const compressing = new WeakMap<CachedResponse, Partial<Record<Compressed, Promise<Buffer>>>>();
// The encodings a response holds at FIRST_LEVELS only: the next request for one has them made again at REPEAT_LEVELS.
const madeQuickly = new WeakMap<CachedResponse, Set<Compressed>>();

/**
 * The body in `encoding`: the bytes already made (synchronously), or, the
 * first time, a promise of them, made at FIRST_LEVELS — on the thread pool
 * when the body is big (on the event loop below COMPRESS_SYNC_BELOW_BYTES,
 * where that is cheaper). A request for bytes made that way gets them at
 * once and has them made again at REPEAT_LEVELS, after it, for later requests.
 */
export function encodedBody(response: CachedResponse, encoding: Compressed): Buffer | Promise<Buffer> {
  const made = encoding === 'br' ? response.brotli : response.gzip;
  if (made) {
    const quick = madeQuickly.get(response);
    if (quick?.delete(encoding)) setImmediate(() => void makeAgainStronger(response, encoding, quick));
    return made;
  }
  const { identity } = response;
  if (identity.length < FIRST_COMPRESS_SYNC_BELOW_BYTES)
    return rememberQuick(response, encoding, compressSync(identity, encoding, FIRST_LEVELS));
  let inFlight = compressing.get(response);
  if (!inFlight) compressing.set(response, (inFlight = {}));
  const pending = inFlight[encoding];
  if (pending) return pending;
  const started = compressAsync(identity, encoding, FIRST_LEVELS).then(
    (body) => rememberQuick(response, encoding, body),
    (error: unknown) => {
      delete inFlight[encoding]; // the next request tries again
      throw error;
    },
  );
  inFlight[encoding] = started;
  return started;
}

type Levels = typeof FIRST_LEVELS | typeof REPEAT_LEVELS;

function compressSync(identity: Buffer, encoding: Compressed, levels: Levels): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(identity, brotliOptions(levels.brotli, identity.length))
    : gzipSync(identity, { level: levels.gzip });
}

function compressAsync(identity: Buffer, encoding: Compressed, levels: Levels): Promise<Buffer> {
  return encoding === 'br'
    ? brotliAsync(identity, brotliOptions(levels.brotli, identity.length))
    : gzipAsync(identity, { level: levels.gzip });
}

function rememberQuick(response: CachedResponse, encoding: Compressed, body: Buffer): Buffer {
  remember(response, encoding, body);
  let quick = madeQuickly.get(response);
  if (!quick) madeQuickly.set(response, (quick = new Set()));
  quick.add(encoding);
  return body;
}

/** Replaces the quick bytes by stronger ones; until they are made (or if that fails), the quick ones serve. */
async function makeAgainStronger(response: CachedResponse, encoding: Compressed, quick: Set<Compressed>): Promise<void> {
  const { identity } = response;
  try {
    remember(
      response,
      encoding,
      identity.length < COMPRESS_SYNC_BELOW_BYTES
        ? compressSync(identity, encoding, REPEAT_LEVELS)
        : await compressAsync(identity, encoding, REPEAT_LEVELS),
    );
  } catch {
    quick.add(encoding); // the next request tries again
  }
}

function remember(response: CachedResponse, encoding: Compressed, body: Buffer): Buffer {
  if (encoding === 'br') response.brotli = body;
  else response.gzip = body;
  return body;
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
 * store them. Synchronous once the encoding the client takes has been made;
 * the first request for it waits for the compression.
 */
export function sendCachedResponse(
  request: FastifyRequest,
  reply: FastifyReply,
  response: CachedResponse,
  personal = false,
): FastifyReply | Promise<FastifyReply> {
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
  else if (response.compressible) reply.header('vary', 'Accept-Encoding');
  const encoding = response.compressible ? chooseEncoding(request.headers['accept-encoding']) : 'identity';
  if (encoding === 'identity') return reply.send(response.identity);
  const body = encodedBody(response, encoding);
  if (body instanceof Promise) return body.then((bytes) => reply.header('content-encoding', encoding).send(bytes));
  return reply.header('content-encoding', encoding).send(body);
}
