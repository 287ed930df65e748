// Whatever a front-end sends as options — filters built from the language's own
// pieces, hostile text, out-of-range numbers, repeated parameters — the answer
// is a 200 with Ghost's envelope or a 400 in Ghost's error shape: never a 5xx,
// never gated text.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText } from '../../core/http/form-fuzzing.js';
import { createContentApiHarness, type ContentApiHarness } from './testing/content-api-harness.js';

const fields = [
  'tag',
  'tags',
  'primary_tag',
  'author',
  'primary_author',
  'featured',
  'published_at',
  'visibility',
  'id',
  'slug',
  'title',
  'tags.slug',
];
const values = [
  '99999999999999',
  '2147483648',
  'coast',
  'world-europe',
  'politics',
  'ada-fenwick',
  'true',
  'false',
  'public',
  'members',
  'paid',
  '1',
  '2026-03-09',
  "'2026-03-09 10:00:00'",
  "'x''y'",
  'now',
  '-1',
  '',
];

/** Filters assembled from the language's tokens (most parse), plus raw awkward text (most do not). */
const filter = fc.oneof(
  fc
    .array(
      fc.tuple(
        fc.constantFrom(...fields),
        fc.constantFrom('', '-', '>', '>=', '<', '<=', '-['),
        fc.array(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('+', ',', '+(', '),', ')'),
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((parts) =>
      parts
        .map(([field, prefix, list, joiner], index) => {
          const value = prefix === '-[' ? `-[${list.join(',')}]` : `${prefix}${list.length > 1 ? `[${list.join(',')}]` : list[0]}`;
          return `${field}:${value}${index < parts.length - 1 ? joiner : ''}`;
        })
        .join(''),
    ),
  awkwardText(['tag:coast', 'visibility:-public', "published_at:>'2026-01-01'", '(((', "' or '1'='1", 'tag:[a,b,c'], { maxLength: 60 }),
);
const number = fc.oneof(
  fc.constantFrom('all', '0', '-1', '1', '15', '100', '101', '1e3', '2.5', '99999999999', ' 3', ''),
  fc.integer().map(String),
);
const list = (names: string[]) => fc.array(fc.constantFrom(...names), { maxLength: 4 }).map((items) => items.join(','));
const optionSet = fc.record(
  {
    filter,
    limit: number,
    page: number,
    order: fc.constantFrom('published_at desc', 'published_at asc', 'name asc', 'slug desc', 'title', '', 'published_at sideways'),
    include: list(['authors', 'tags', 'count.posts', '']),
    fields: list(['title', 'slug', 'html', 'url', 'password', 'name', '']),
    formats: list(['html', 'plaintext', 'mobiledoc', 'lexical']),
  },
  { requiredKeys: [] },
);

describeEachEngine('Content API: fuzzed options', (engine) => {
  let harness: ContentApiHarness;

  beforeAll(async () => {
    harness = await createContentApiHarness(engine, { extraArticles: 5, canaryArticles: 1 });
  });
  afterAll(() => harness.testApp.destroy());

  it('answers 200 or a Ghost 400 for any options on every resource, never a 5xx or gated text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('posts/', 'tags/', 'authors/', 'pages/', 'posts/slug/premium-canary-1/', 'tags/slug/coast/', 'settings/', 'tiers/'),
        optionSet,
        fc.boolean(),
        async (path, options, repeatFilter) => {
          const query = new URLSearchParams({ key: harness.contentKey });
          for (const [name, value] of Object.entries(options)) query.append(name, value);
          if (repeatFilter && options.filter !== undefined) query.append('filter', options.filter);
          const response = await harness.testApp.app.inject({ method: 'GET', url: `/ghost/api/content/${path}?${query}` });
          expect([200, 400], `${path}?${query} → ${response.body.slice(0, 300)}`).toContain(response.statusCode);
          const body = response.json() as Record<string, unknown>;
          if (response.statusCode === 400)
            expect(body.errors).toEqual([expect.objectContaining({ type: 'BadRequestError', message: expect.any(String) })]);
          expect(response.body).not.toContain('CANARY-');
        },
      ),
      { numRuns: 300 },
    );
  });
});
