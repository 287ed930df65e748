import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildCachedResponse, chooseEncoding } from './cached-response.js';

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

describe('buildCachedResponse', () => {
  it('precompresses text bodies that decompress to the same bytes', () => {
    const body = '<p>The same paragraph, repeated.</p>'.repeat(50);
    const response = buildCachedResponse({ body, contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=60' });
    expect(gunzipSync(response.gzip!).toString()).toBe(body);
    expect(brotliDecompressSync(response.brotli!).toString()).toBe(body);
    expect(response.brotli!.length).toBeLessThan(body.length / 5);
    expect(response.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });

  it('leaves images and tiny bodies uncompressed', () => {
    expect(buildCachedResponse({ body: Buffer.alloc(5000), contentType: 'image/jpeg', cacheControl: 'x' }).gzip).toBeUndefined();
    expect(buildCachedResponse({ body: 'ok', contentType: 'text/plain', cacheControl: 'x' }).gzip).toBeUndefined();
  });

  it('gives different bodies different ETags', () => {
    const a = buildCachedResponse({ body: 'one', contentType: 'text/plain', cacheControl: 'x' });
    const b = buildCachedResponse({ body: 'two', contentType: 'text/plain', cacheControl: 'x' });
    expect(a.etag).not.toBe(b.etag);
  });
});
