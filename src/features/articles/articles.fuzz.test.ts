// Whatever a client puts in the URL, the answer is never a 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

const knownPrefixes = [
  '/',
  '/world',
  '/world/europe',
  '/topic/coast',
  '/author/ada-fenwick',
  '/world/europe/2026/03/10/harbour-wall-repaired',
  '/media/fixture-hero',
  '/assets',
  '/amp',
  '/rss.xml',
  '/atom.xml',
  '/topic',
  '/author',
];

const segment = fc.oneof(
  fc.constantFrom(
    'world',
    'europe',
    '2026',
    '03',
    '10',
    'rss.xml',
    'atom.xml',
    '..',
    '.',
    '',
    '%00',
    '%2e%2e',
    '%ZZ',
    '480.webp',
    'page',
    '\u00e9t\u00e9',
    '%F0%9F%92%A5',
    'a'.repeat(300),
  ),
  fc.stringMatching(/^[a-zA-Z0-9._~%-]{0,20}$/),
  fc.string({ maxLength: 12 }).map((text) => encodeURIComponent(text)),
);

const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom(
    '?page=2',
    '?page=0',
    '?page=-1',
    '?page=99999999999999999999',
    '?page=1&page=2',
    '?page[]=1',
    '?page[a]=1',
    '?page=%00',
    '?=&&=',
    '?page',
    '?%',
    '?before=2026-03-10T11:00:00.000Z_1',
    '?after=2026-03-10T11:00:00.000Z_1',
    '?before=2026-03-10T11:00:00.000Z_1&after=2026-03-10T11:00:00.000Z_1',
    '?before=9999-12-31T23:59:59.999Z_2147483647',
    '?before=2026-03-10T11:00:00.000Z_2147483648',
    '?after=0000-01-01T00:00:00.000Z_1',
    '?before[]=x',
  ),
  fc
    .dictionary(fc.constantFrom('page', 'before', 'after', 'q', 'utm_source', '__proto__', 'constructor'), fc.string({ maxLength: 10 }))
    .map((entries) => '?' + new URLSearchParams(entries).toString()),
);

describe('fuzzing reader URLs', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ engine: 'sqlite', now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
  });
  afterAll(() => testApp.destroy());

  it('never answers 5xx to any path and query string', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...knownPrefixes),
        fc.array(segment, { maxLength: 6 }),
        query,
        fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS', 'DELETE'),
        async (prefix, segments, search, method) => {
          const path = [prefix.replace(/\/$/, ''), ...segments].join('/') || '/';
          const response = await testApp.app.inject({
            method: method as 'GET',
            url: path + search,
            headers: { accept: 'text/html', 'accept-encoding': 'gzip, br' },
          });
          expect(response.statusCode, `${method} ${path}${search}`).toBeLessThan(500);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('never answers 5xx to odd headers on a cached page', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), async (ifNoneMatch, acceptEncoding) => {
        const headers = Object.fromEntries(
          Object.entries({ 'if-none-match': ifNoneMatch, 'accept-encoding': acceptEncoding }).filter(([, value]) =>
            /^[\t\x20-\x7e]*$/.test(value),
          ),
        );
        const response = await testApp.app.inject({ method: 'GET', url: '/world/europe/2026/03/10/harbour-wall-repaired', headers });
        expect([200, 304]).toContain(response.statusCode);
      }),
      { numRuns: 200 },
    );
  });
});
