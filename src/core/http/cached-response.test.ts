import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  buildCachedResponse,
  buildCachedResponseFromPieces,
  buildPrecompressedResponse,
  chooseEncoding,
  COMPRESS_SYNC_BELOW_BYTES,
  encodedBody,
  FIRST_COMPRESS_SYNC_BELOW_BYTES,
  FIRST_LEVELS,
  REPEAT_LEVELS,
  sendCachedResponse,
} from './cached-response.js';

describe('chooseEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['deflate', 'identity'],
    ['GZIP', 'gzip'],
  ])('%s → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe('buildCachedResponse and encodedBody', () => {
  const text = (bytes: number) => {
    // Varied text (not one repeated phrase) so the compressors have real work to do.
    let body = '';
    for (let index = 0; body.length < bytes; index++) body += `<p>Paragraph ${index} on item ${(index * 7919) % 1009}.</p>`;
    return body.slice(0, bytes);
  };

  it('makes each encoding once, on demand, and both decompress to the body', async () => {
    const body = text(50_000);
    const response = buildCachedResponse({ body, contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=60' });
    expect(response.compressible).toBe(true);
    expect(response.gzip).toBeUndefined();
    expect(response.brotli).toBeUndefined();
    const brotli = await encodedBody(response, 'br');
    expect(brotliDecompressSync(brotli).toString()).toBe(body);
    expect(response.gzip).toBeUndefined(); // nobody asked for gzip yet
    const gzip = await encodedBody(response, 'gzip');
    expect(gunzipSync(gzip).toString()).toBe(body);
    // Made: from now on the same bytes, synchronously.
    expect(encodedBody(response, 'br')).toBe(brotli);
    expect(encodedBody(response, 'gzip')).toBe(gzip);
    expect(response.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });

  it('compresses a big body on the thread pool: a promise, shared by concurrent requests', async () => {
    const response = buildCachedResponse({ body: text(COMPRESS_SYNC_BELOW_BYTES * 4), contentType: 'application/xml', cacheControl: 'x' });
    const first = encodedBody(response, 'gzip');
    const second = encodedBody(response, 'gzip');
    expect(first).toBeInstanceOf(Promise);
    expect(second).toBe(first);
    expect(await first).toBe(response.gzip);
  });

  it('compresses a small body at once, on the event loop (cheaper than a trip to the thread pool)', () => {
    const response = buildCachedResponse({ body: text(COMPRESS_SYNC_BELOW_BYTES / 2), contentType: 'text/plain', cacheControl: 'x' });
    const gzip = encodedBody(response, 'gzip');
    expect(gzip).toBeInstanceOf(Buffer);
    expect(response.gzip).toBe(gzip);
  });

  it('keeps the event loop turning while it compresses a sitemap of several megabytes', async () => {
    const response = buildCachedResponse({ body: text(4 * 1024 * 1024), contentType: 'application/xml', cacheControl: 'x' });
    // Counts turns of the event loop while both encodings are made. Compressing
    // 4 MB takes tens of milliseconds on any machine, and a loop that is free
    // turns thousands of times meanwhile; compressing on the loop would allow none.
    let turns = 0;
    let compressing = true;
    const turn = () => {
      turns++;
      if (compressing) setImmediate(turn);
    };
    setImmediate(turn);
    const done = Promise.all([encodedBody(response, 'br'), encodedBody(response, 'gzip')]);
    await done;
    compressing = false;
    expect(turns).toBeGreaterThan(10);
  });

  it('leaves images and tiny bodies uncompressed', () => {
    expect(buildCachedResponse({ body: Buffer.alloc(5000), contentType: 'image/jpeg', cacheControl: 'x' }).compressible).toBe(false);
    expect(buildCachedResponse({ body: 'ok', contentType: 'text/plain', cacheControl: 'x' }).compressible).toBe(false);
  });

  it('gives different bodies different ETags', () => {
    const a = buildCachedResponse({ body: 'one', contentType: 'text/plain', cacheControl: 'x' });
    const b = buildCachedResponse({ body: 'two', contentType: 'text/plain', cacheControl: 'x' });
    expect(a.etag).not.toBe(b.etag);
  });

  it('precompresses start-up assets at once', () => {
    const response = buildPrecompressedResponse({ body: text(20_000), contentType: 'text/css', cacheControl: 'x' });
    expect(gunzipSync(response.gzip!).toString()).toBe(text(20_000));
    expect(brotliDecompressSync(response.brotli!).toString()).toBe(text(20_000));
  });
});

describe('first and repeated requests for an encoding', () => {
  const text = (bytes: number) => {
    let body = '';
    for (let index = 0; body.length < bytes; index++) body += `<p>Paragraph ${index} on item ${(index * 7919) % 1009}.</p>`;
    return body.slice(0, bytes);
  };
  const brotliAt = (body: Buffer, quality: number) =>
    brotliCompressSync(body, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: quality, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it.each([
    ['big, on the thread pool', COMPRESS_SYNC_BELOW_BYTES * 8],
    ['small, on the event loop', COMPRESS_SYNC_BELOW_BYTES / 2],
  ])('%s: the first request gets the quick level; the next the same bytes at once, and later ones the stronger level', async (_, size) => {
    const response = buildCachedResponse({ body: text(size), contentType: 'text/html; charset=utf-8', cacheControl: 'x' });
    const quick = await encodedBody(response, 'br');
    expect(quick.equals(brotliAt(response.identity, FIRST_LEVELS.brotli))).toBe(true);
    const quickGzip = await encodedBody(response, 'gzip');
    expect(quickGzip.equals(gzipSync(response.identity, { level: FIRST_LEVELS.gzip }))).toBe(true);
    // Asked again: the quick bytes, synchronously; the stronger ones are made after this request.
    expect(encodedBody(response, 'br')).toBe(quick);
    expect(response.brotli).toBe(quick);
    await vi.waitFor(() => expect(response.brotli).not.toBe(quick));
    const strong = response.brotli!;
    expect(strong.equals(brotliAt(response.identity, REPEAT_LEVELS.brotli))).toBe(true);
    expect(strong.length).toBeLessThan(quick.length);
    expect(brotliDecompressSync(strong).equals(response.identity)).toBe(true);
    // Made once: every later request gets those bytes, and nothing is compressed again.
    expect(encodedBody(response, 'br')).toBe(strong);
    await settle();
    expect(encodedBody(response, 'br')).toBe(strong);
    // The other encoding was asked for once: still the quick bytes.
    expect(response.gzip).toBe(quickGzip);
  });

  it('makes the quick bytes of a page-sized body at once, on the event loop; the stronger ones on the thread pool', async () => {
    const response = buildCachedResponse({ body: text(FIRST_COMPRESS_SYNC_BELOW_BYTES / 2), contentType: 'text/html', cacheControl: 'x' });
    expect(response.identity.length).toBeGreaterThanOrEqual(COMPRESS_SYNC_BELOW_BYTES);
    const quick = encodedBody(response, 'br');
    expect(quick).toBeInstanceOf(Buffer);
    expect(encodedBody(response, 'br')).toBe(quick);
    await vi.waitFor(() => expect(response.brotli).not.toBe(quick));
    expect(brotliDecompressSync(response.brotli!).equals(response.identity)).toBe(true);
    // From that size on, the first compression goes to the thread pool too.
    const big = buildCachedResponse({ body: text(FIRST_COMPRESS_SYNC_BELOW_BYTES), contentType: 'text/html', cacheControl: 'x' });
    expect(encodedBody(big, 'gzip')).toBeInstanceOf(Promise);
  });

  it('never makes the stronger bytes of a page read once (a crawler walking the archive)', async () => {
    const response = buildCachedResponse({ body: text(COMPRESS_SYNC_BELOW_BYTES * 4), contentType: 'text/html', cacheControl: 'x' });
    const quick = await encodedBody(response, 'gzip');
    await settle();
    expect(response.gzip).toBe(quick);
    expect(gunzipSync(quick).equals(response.identity)).toBe(true);
  });

  it('concurrent requests while the stronger bytes are made get the quick ones, and they are made once', async () => {
    const response = buildCachedResponse({ body: text(COMPRESS_SYNC_BELOW_BYTES * 16), contentType: 'text/html', cacheControl: 'x' });
    const quick = await encodedBody(response, 'br');
    const during = Array.from({ length: 5 }, () => encodedBody(response, 'br'));
    expect(during.every((body) => body === quick)).toBe(true);
    await vi.waitFor(() => expect(response.brotli).not.toBe(quick));
    const strong = response.brotli!;
    await settle();
    expect(response.brotli).toBe(strong);
  });

  it('start-up assets keep their strongest bytes: a request never makes them again', async () => {
    const response = buildPrecompressedResponse({ body: text(20_000), contentType: 'text/css', cacheControl: 'x' });
    const brotli = response.brotli!;
    expect(encodedBody(response, 'br')).toBe(brotli);
    expect(encodedBody(response, 'br')).toBe(brotli);
    await settle();
    expect(response.brotli).toBe(brotli);
  });
});

describe('buildCachedResponseFromPieces', () => {
  it('makes the response of the pieces joined: the same bytes, ETag and headers', async () => {
    const pieces = ['<?xml version="1.0"?>', '', '<urlset>', 'é'.repeat(1000), '<url>…</url>'.repeat(50), '</urlset>\n'];
    const options = {
      contentType: 'application/xml; charset=utf-8',
      cacheControl: 'public, max-age=300',
      lastModified: '2026-12-01T10:00:00Z',
    };
    const joined = buildCachedResponse({ body: pieces.join(''), ...options });
    expect(await buildCachedResponseFromPieces(pieces, options)).toEqual(joined);
    expect((await buildCachedResponseFromPieces([], options)).identity.length).toBe(0);
  });

  it('lets other requests run while it turns megabytes into bytes', async () => {
    const pieces = Array.from({ length: 400 }, (_, index) => `<url><loc>https://news.example.test/story-${index}</loc></url>`.repeat(400));
    let turns = 0;
    let building = true;
    const turn = () => {
      turns++;
      if (building) setImmediate(turn);
    };
    setImmediate(turn);
    const response = await buildCachedResponseFromPieces(pieces, { contentType: 'application/xml', cacheControl: 'x' });
    building = false;
    expect(response.identity.toString()).toBe(pieces.join(''));
    // About 9 MB, a turn about every half megabyte; turned into bytes at once, it would allow none.
    expect(turns).toBeGreaterThan(10);
  });
});

describe('sendCachedResponse', () => {
  const body = '<p>The same paragraph, repeated.</p>'.repeat(2000);
  const response = buildCachedResponse({ body, contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=60' });
  const app = Fastify();
  app.get('/', (request, reply) => sendCachedResponse(request, reply, response));
  afterAll(() => app.close());

  it('sends the encoding the client takes, made on the first request and the same bytes after', async () => {
    const first = await app.inject({ url: '/', headers: { 'accept-encoding': 'gzip, br' } });
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(first.rawPayload).toString()).toBe(body);
    const again = await app.inject({ url: '/', headers: { 'accept-encoding': 'br' } });
    expect(again.rawPayload.equals(response.brotli!)).toBe(true);
    const gzip = await app.inject({ url: '/', headers: { 'accept-encoding': 'gzip' } });
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(body);
    const plain = await app.inject({ url: '/' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(body);
  });

  it('answers 304 to a matching ETag', async () => {
    const notModified = await app.inject({ url: '/', headers: { 'if-none-match': response.etag, 'accept-encoding': 'br' } });
    expect(notModified.statusCode).toBe(304);
  });
});
