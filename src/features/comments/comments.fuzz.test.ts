// Bad input to every comment route: never a 5xx, and a refused write stores
// nothing (comments, recommendations and reports unchanged).
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import type { TestBrowser } from '../accounts/testing/session-helpers.js';
import { createCommentsTestApp, postCommentOn, type CommentsTestApp } from './testing/comments-harness.js';
import { XSS_CORPUS } from './testing/xss-corpus.js';

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1.5',
    '1e3',
    '99999999999',
    '2147483648',
    'null',
    '[]',
    '%00',
    '\u0000',
    '１',
    '0x10',
    ...XSS_CORPUS,
  ),
  fc.integer({ min: -5, max: 3_000_000_000 }).map(String),
);
const fieldValue = fc.oneof(junk, fc.array(junk, { minLength: 2, maxLength: 3 }));

describeEachEngine('comment routes under bad input', (engine) => {
  let t: CommentsTestApp;
  let browser: TestBrowser;
  let csrf: string;
  let validArticleId: string;
  let ownCommentId: number;
  let othersCommentId: number;

  const counts = async () => {
    const count = async (table: 'comments' | 'comment_recommendations' | 'comment_reports') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return [await count('comments'), await count('comment_recommendations'), await count('comment_reports')];
  };

  beforeAll(async () => {
    t = await createCommentsTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(t.db);
    const article = await t.db.selectFrom('articles').where('slug', '=', 'harbour-wall-repaired').select('id').executeTakeFirstOrThrow();
    validArticleId = String(article.id);
    const other = await t.signIn();
    const mine = await t.signIn();
    browser = mine.browser;
    const writer = (id: number) => ({ id, role: 'reader', isEmailVerified: true });
    othersCommentId = (
      (await postCommentOn(t.comments, { writer: writer(other.userId), articleId: article.id, parentId: null, body: 'Someone else.' })) as {
        id: number;
      }
    ).id;
    ownCommentId = (
      (await postCommentOn(t.comments, { writer: writer(mine.userId), articleId: article.id, parentId: null, body: 'Mine.' })) as {
        id: number;
      }
    ).id;
    const page = await browser.get(`/comments/${ownCommentId}`);
    csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  });
  afterAll(() => t.destroy());

  it('answers every malformed post with a 4xx and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/comments',
          () => `/comments/${othersCommentId}/recommend`,
          () => `/comments/${othersCommentId}/report`,
          () => `/comments/${ownCommentId}/edit`,
          '/comments/abc/delete',
          '/comments/0/edit',
          '/comments/99999999999/recommend',
        ),
        fc.record(
          {
            articleId: fc.oneof(junk, fc.constant(validArticleId)),
            parentId: fieldValue,
            body: fc.oneof(fieldValue, fc.constantFrom('', '   ', '\n\n', 'x'.repeat(5001))),
            reason: fieldValue,
            details: fieldValue,
            recommended: fieldValue,
          },
          { requiredKeys: [] },
        ),
        fc.boolean(),
        async (target, fields, withCsrf) => {
          const url = typeof target === 'function' ? target() : target;
          // Recommend and report with a valid id would be legitimate writes; only their bad fields are fuzzed here.
          const isLegitimate = url.endsWith('/recommend') && !url.includes('99999999999');
          const before = await counts();
          t.clock.advance(61_000);
          const response = await browser.post(url, {
            ...(withCsrf ? { _csrf: csrf } : {}),
            ...(fields as Record<string, string | string[]>),
          });
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode >= 400 || !withCsrf) expect(await counts()).toEqual(before);
          if (isLegitimate && response.statusCode < 400) {
            // Undo so later runs start from the same state.
            await browser.post(url, { _csrf: csrf, recommended: 'off' });
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers malformed paths and queries with a 4xx, never a 5xx', async () => {
    const { path } = { path: '/world/europe/2026/03/10/harbour-wall-repaired' };
    await fc.assert(
      fc.asyncProperty(
        junk,
        fc.constantFrom('sort', 'page', 'reply', 'article', 'notice'),
        fc.constantFrom(
          () => `${path}/comments?`,
          (value: string) => `/comments/${encodeURIComponent(value)}?`,
          (value: string) => `/comments/${encodeURIComponent(value)}/fragment?`,
          () => '/comments/count?',
          (value: string) => `/comments/${encodeURIComponent(value)}/edit?`,
        ),
        async (value, parameter, route) => {
          const url = `${route(value)}${parameter}=${encodeURIComponent(value)}`;
          const response = await browser.get(url);
          expect(response.statusCode, url).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
  });
});
