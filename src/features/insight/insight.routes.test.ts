// The funnel dashboard through the whole app, on both engines: who may open
// it, what a reader's visit and a registration from the wall add to it (after
// a flush), and exact counts from two nodes on one database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { pageText, signInAsStaff, TestBrowser, type FormFields } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import type { InsightMetric } from './insight.types.js';
import { registerFromWall, WALLED_ARTICLE } from './testing/wall-registration.js';

const TODAY = '2026-03-10';
const FREE_ARTICLE = '/world/europe/2026/03/10/harbour-wall-repaired';

async function storedCount(testApp: TestApp, articleId: number, metric: InsightMetric, day = TODAY): Promise<number> {
  const row = await testApp.database.db
    .selectFrom('insight_daily_counts')
    .select('count')
    .where('article_id', '=', articleId)
    .where('day', '=', day)
    .where('metric', '=', metric)
    .executeTakeFirst();
  return row ? Number(row.count) : 0;
}

async function articleIdOf(testApp: TestApp, path: string): Promise<number> {
  const id = await testApp.articles.publishedArticleIdAt(path);
  if (id === null) throw new Error(`no article at ${path}`);
  return id;
}

describeEachEngine('insight dashboard', (engine) => {
  let testApp: TestApp;
  const staff: Record<string, TestBrowser> = {};
  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW, environment: { METERED_SECTIONS: '' } });
    await seedFixtureNewspaper(testApp.database.db);
    for (const role of ['contributor', 'author', 'moderator', 'editor', 'admin'] as const) {
      staff[role] = (await signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role })).browser;
    }
  });
  afterAll(() => testApp?.destroy());

  describe('who may open it', () => {
    const pages = [
      '/newsroom/dashboard',
      '/newsroom/dashboard?from=2026-03-01&to=2026-03-10',
      '/newsroom/dashboard/articles/1',
      '/newsroom/dashboard/articles/x',
    ];

    it('sends anonymous visitors to sign in, refuses contributors, authors and moderators', async () => {
      const anonymous = new TestBrowser(testApp.app, '192.0.2.90');
      for (const url of pages) {
        const response = await anonymous.get(url);
        expect(response.statusCode, url).toBe(303);
        expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(url)}`);
        for (const role of ['contributor', 'author', 'moderator'])
          expect((await staff[role]!.get(url)).statusCode, `${role} ${url}`).toBe(403);
      }
    });

    it('shows editors and admins both pages, no-store and noindex', async () => {
      const id = await articleIdOf(testApp, WALLED_ARTICLE);
      for (const role of ['editor', 'admin']) {
        for (const url of ['/newsroom/dashboard', `/newsroom/dashboard/articles/${id}`]) {
          const response = await staff[role]!.get(url);
          expect(response.statusCode, `${role} ${url}`).toBe(200);
          expect(response.headers['cache-control']).toBe('no-store');
          expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
          expect(response.body).toContain('role="img"');
        }
      }
    });

    it("links the dashboard from the newsroom's front page for those who may open it only", async () => {
      expect((await staff.editor!.get('/newsroom')).body).toContain('<a href="/newsroom/dashboard">Readers and registrations</a>');
      expect((await staff.contributor!.get('/newsroom')).body).not.toContain('/newsroom/dashboard');
    });

    it('answers 400 to a range it cannot draw and 404 to an article that does not exist', async () => {
      const editor = staff.editor!;
      for (const query of [
        'from=2026-02-30',
        'from=yesterday',
        'from=2026-03-10&to=2026-03-01',
        'from=2020-01-01&to=2026-01-01',
        'to=1899-01-01',
      ])
        expect((await editor.get(`/newsroom/dashboard?${query}`)).statusCode, query).toBe(400);
      expect((await editor.get('/newsroom/dashboard?from=&to=')).statusCode).toBe(200);
      expect((await editor.get('/newsroom/dashboard/articles/999999')).statusCode).toBe(404);
    });
  });

  describe('what it counts', () => {
    it('credits a registration through the wall form to the article whose wall showed it', async () => {
      const id = await articleIdOf(testApp, WALLED_ARTICLE);
      const { page, response } = await registerFromWall(testApp.app);
      expect(page.body).toContain('<input type="hidden" name="wall" value="form">');
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(WALLED_ARTICLE);
      // Nothing reaches the database until the node flushes.
      expect(await storedCount(testApp, id, 'registration_completed')).toBe(0);
      await testApp.insight.flush();
      expect(await storedCount(testApp, id, 'wall_impression')).toBe(1);
      expect(await storedCount(testApp, id, 'view_anonymous')).toBe(1);
      expect(await storedCount(testApp, id, 'registration_started')).toBe(1);
      expect(await storedCount(testApp, id, 'registration_completed')).toBe(1);

      const dashboard = pageText((await staff.editor!.get(`/newsroom/dashboard/articles/${id}`)).body);
      expect(dashboard).toContain('Registrations completed from the wall 1');
      expect(dashboard).toContain('Registration wall impressions 1');
      const overall = (await staff.editor!.get('/newsroom/dashboard')).body;
      expect(overall).toContain(`href="/newsroom/dashboard/articles/${id}?from=2026-02-09&amp;to=2026-03-10"`);
      expect(pageText(overall)).toContain('What the budget means for rural bus routes 1 1 100.0 %');
    });

    it('counts a refused first attempt as started once, and the corrected one as completed', async () => {
      const id = await articleIdOf(testApp, WALLED_ARTICLE);
      await testApp.insight.flush();
      const [started, completed] = [
        await storedCount(testApp, id, 'registration_started'),
        await storedCount(testApp, id, 'registration_completed'),
      ];
      const browser = new TestBrowser(testApp.app, '198.51.100.251');
      const page = await browser.get(WALLED_ARTICLE);
      const { hiddenValue, solveAltcha, validRegistration } = await import('../accounts/testing/session-helpers.js');
      const base: FormFields = { _csrf: hiddenValue(page.body, '_csrf'), next: WALLED_ARTICLE, wall: 'form' };
      const refused = await browser.post('/register', { ...base, ...validRegistration({ password: 'x' }) });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('<input type="hidden" name="wall" value="continued">');
      const again = await browser.post('/register', {
        ...base,
        _csrf: hiddenValue(refused.body, '_csrf'),
        wall: 'continued',
        altcha: await solveAltcha(browser),
        ...validRegistration(),
      });
      expect(again.statusCode).toBe(303);
      await testApp.insight.flush();
      expect(await storedCount(testApp, id, 'registration_started')).toBe(started + 1);
      expect(await storedCount(testApp, id, 'registration_completed')).toBe(completed + 1);
    });

    it("counts /register from the wall's link as started, and a registration from nowhere site-wide", async () => {
      const id = await articleIdOf(testApp, WALLED_ARTICLE);
      await testApp.insight.flush();
      const started = await storedCount(testApp, id, 'registration_started');
      const siteWide = await storedCount(testApp, 0, 'registration_completed');
      const browser = new TestBrowser(testApp.app, '198.51.100.252');
      const page = await browser.get(`/register?next=${encodeURIComponent(WALLED_ARTICLE)}&wall=link`);
      expect(page.body).toContain('<input type="hidden" name="wall" value="continued">');
      // A wall link naming no article, or a made-up wall field, credits no article.
      await browser.get('/register?next=/no/2026/01/01/such-article&wall=link');
      const { registerThroughForm, validRegistration } = await import('../accounts/testing/session-helpers.js');
      const plain = await registerThroughForm(new TestBrowser(testApp.app, '198.51.100.253'), validRegistration(), {
        next: '/world/2026/03/09/nothing-here',
        extra: { wall: 'form' },
      });
      expect(plain.statusCode).toBe(303);
      await testApp.insight.flush();
      expect(await storedCount(testApp, id, 'registration_started')).toBe(started + 1);
      expect(await storedCount(testApp, 0, 'registration_completed')).toBe(siteWide + 1);
      expect(await storedCount(testApp, 0, 'registration_started')).toBe(0);
    });

    it('counts page views by reader state, not staff, not HEAD, not the comments page', async () => {
      const id = await articleIdOf(testApp, FREE_ARTICLE);
      await testApp.insight.flush();
      const before = await storedCount(testApp, id, 'view_anonymous');
      await testApp.app.inject({ url: FREE_ARTICLE });
      await testApp.app.inject({ url: FREE_ARTICLE, method: 'HEAD' });
      await testApp.app.inject({ url: `${FREE_ARTICLE}/comments` });
      await staff.editor!.get(FREE_ARTICLE);
      await testApp.insight.flush();
      expect(await storedCount(testApp, id, 'view_anonymous')).toBe(before + 1);
      expect(await storedCount(testApp, id, 'view_registered')).toBe(0);
    });
  });
});

describeEachEngine('insight counts across two nodes', (engine) => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(first.database.db);
    second = await createTestApp({ engine, now: FIXTURE_NOW, sameDatabaseAs: first });
  });
  afterAll(async () => {
    await second?.destroy();
    await first?.destroy();
  });

  it('sums both nodes exactly, flushed together, and a node stores what it counted when it shuts down', async () => {
    const id = await articleIdOf(first, WALLED_ARTICLE);
    const visits = (node: TestApp, times: number) =>
      Promise.all(Array.from({ length: times }, () => node.app.inject({ url: WALLED_ARTICLE })));
    await visits(first, 23);
    await visits(second, 19);
    await registerFromWall(first.app);
    await registerFromWall(second.app);
    await registerFromWall(second.app);
    await Promise.all([first.insight.flush(), second.insight.flush()]);
    expect(await storedCount(first, id, 'wall_impression')).toBe(23 + 19 + 3);
    expect(await storedCount(second, id, 'view_anonymous')).toBe(45);
    expect(await storedCount(first, id, 'registration_completed')).toBe(3);

    await visits(second, 5);
    await second.app.close(); // shutting down flushes (the server's graceful stop closes the app the same way)
    expect(await storedCount(first, id, 'wall_impression')).toBe(50);
    const dashboard = pageText(
      (
        await (
          await signInAsStaff({ app: first.app, db: first.database.db, clock: first.clock, role: 'editor' })
        ).browser.get(`/newsroom/dashboard/articles/${id}`)
      ).body,
    );
    expect(dashboard).toContain('Registration wall impressions 50');
    expect(dashboard).toContain('Registrations completed from the wall 3');
  });
});
