// What signed-in readers add to the counts, through the whole app on both
// engines: page views as registered or subscriber (looked up after the
// answer, so the test waits for it), a Premium read newly counted against the
// allowance as an unlock (a re-read is not), and a comment posted.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { browserSignedInAs, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { insertUser } from '../accounts/testing/user-fixtures.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import type { InsightMetric } from './insight.types.js';

const FREE_ARTICLE = '/world/europe/2026/03/10/harbour-wall-repaired';
const PREMIUM_ARTICLE = '/world/europe/2026/03/07/premium-investigation';

describeEachEngine('insight: signed-in readers', (engine) => {
  let testApp: TestApp;
  let readerCount = 0;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW, environment: { REQUIRE_VERIFIED_EMAIL_TO_COMMENT: 'false' } });
    await seedFixtureNewspaper(testApp.database.db);
  });
  afterAll(() => testApp?.destroy());

  async function newReader(): Promise<{ browser: TestBrowser; email: string }> {
    const email = `insight-reader-${++readerCount}@example.test`;
    const id = await insertUser(testApp.database.db, {
      email,
      passwordHash: null,
      firstName: 'Ana',
      lastName: 'Reader',
      dateOfBirth: '1990-01-01',
      role: 'reader',
      marketingOptOut: true,
      now: FIXTURE_NOW.toISOString(),
    });
    return { browser: await browserSignedInAs(testApp, id!), email };
  }

  const idOf = async (path: string) => (await testApp.articles.publishedArticleIdAt(path))!;
  async function stored(articleId: number, metric: InsightMetric): Promise<number> {
    const row = await testApp.database.db
      .selectFrom('insight_daily_counts')
      .select('count')
      .where('article_id', '=', articleId)
      .where('metric', '=', metric)
      .executeTakeFirst();
    return row ? Number(row.count) : 0;
  }
  /** Flushes until `metric` reaches `expected` (a signed-in view's subscriber lookup resolves after the answer). */
  async function eventually(articleId: number, metric: InsightMetric, expected: number): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      await testApp.insight.flush();
      if ((await stored(articleId, metric)) >= expected) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await stored(articleId, metric)).toBe(expected);
  }

  it('counts a registered reader and a subscriber apart on a free article', async () => {
    const id = await idOf(FREE_ARTICLE);
    const registered = await newReader();
    const subscriber = await newReader();
    expect((await testApp.access.grantSubscription({ email: subscriber.email, days: 30 })).kind).toBe('granted');
    expect((await registered.browser.get(FREE_ARTICLE)).statusCode).toBe(200);
    expect((await subscriber.browser.get(FREE_ARTICLE)).statusCode).toBe(200);
    expect((await subscriber.browser.get(FREE_ARTICLE)).statusCode).toBe(200);
    await eventually(id, 'view_registered', 1);
    await eventually(id, 'view_subscriber', 2);
    expect(await stored(id, 'view_anonymous')).toBe(0);
  });

  it('counts a Premium read against the allowance as an unlock once; the re-read is a view only', async () => {
    const id = await idOf(PREMIUM_ARTICLE);
    const { browser } = await newReader();
    const first = await browser.get(PREMIUM_ARTICLE);
    expect(first.statusCode).toBe(200);
    expect(first.body).not.toContain('data-wall=');
    await browser.get(PREMIUM_ARTICLE);
    await testApp.insight.flush();
    expect(await stored(id, 'premium_unlock')).toBe(1);
    expect(await stored(id, 'view_registered')).toBe(2);
  });

  it('counts a comment posted under the article', async () => {
    const id = await idOf(FREE_ARTICLE);
    const { browser } = await newReader();
    const { csrf } = await browser.openForm(`${FREE_ARTICLE}/comments`);
    const posted = await browser.post('/comments', { _csrf: csrf, articleId: String(id), body: 'The harbour wall looks solid now.' });
    expect(posted.statusCode).toBe(303);
    await testApp.insight.flush();
    expect(await stored(id, 'comment')).toBe(1);
  });
});
