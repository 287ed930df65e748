// Whatever a reader types or puts in the URL, /search answers 200 with a page
// (a note for what it could not use), never a 4xx/5xx — on both engines.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';

const hostileText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    '"',
    '""',
    '"a',
    '*',
    'a*',
    'harb*',
    'NEAR(a b, 2)',
    'headline:x',
    '{body}:x',
    '^x',
    'a OR b',
    'NOT a',
    '-a',
    "'",
    "''",
    '\\',
    '!a',
    'a & b',
    'a | b',
    'a <-> b',
    'a:*',
    '(',
    ')',
    ':',
    '%',
    '_',
    '\u0000',
    '\u0002',
    '\u0003',
    'x'.repeat(1000),
    '🙂',
    'the',
    'and or not',
  ),
);
const fieldValue = fc.oneof(
  hostileText,
  fc.constantFrom('world', 'politics', 'coast', 'ada-fenwick', '2026-03-01', '2026-02-30', '0', '-1', '99999'),
);
const field = fc.constantFrom('q', 'section', 'topic', 'author', 'from', 'to', 'sort', 'page', 'q[]', 'page[a]');

describeEachEngine('search fuzz', (engine) => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db, { canaryArticles: 1 });
    await testApp.search.reindex();
  });
  afterAll(() => testApp.destroy());

  it('never answers a query string with an error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(field, fieldValue), { maxLength: 5 }), async (pairs) => {
        const params = pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
        const response = await testApp.app.inject({ method: 'GET', url: `/search?${params}` });
        expect(response.statusCode, params).toBe(200);
      }),
      { numRuns: 150 },
    );
  });

  it('never answers a raw, badly encoded query string with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z=&%0-9A-F*"'()[\]:+-]{0,40}$/), async (raw) => {
        const response = await testApp.app.inject({ method: 'GET', url: `/search?${raw}` });
        expect(response.statusCode, raw).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });
});
