// /search through the whole app: the header's form leads here, results link to
// articles, the page is never indexed or shared-cached, the index follows the
// newsroom's writes, and bad input is a note on the page, never an error.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { signInAsStaff } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';

describeEachEngine('search routes', (engine) => {
  let testApp: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) => testApp.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    await testApp.search.reindex();
  });
  afterAll(() => testApp.destroy());

  it('every page carries the header search box: a labelled GET form to /search', async () => {
    const home = (await get('/')).body;
    expect(home).toContain('<form class="site-search" method="get" action="/search" role="search" aria-label="Site search">');
    expect(home).toContain('<label for="site-search-q">Search</label>');
    expect(home).toContain('<input id="site-search-q" type="search" name="q"');
  });

  it('lists matching articles linked to their addresses, with the match marked', async () => {
    const response = await get('/search?q=harbour');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('href="/world/europe/2026/03/10/harbour-wall-repaired"');
    expect(response.body).toContain('<mark>Harbour</mark> wall repaired before winter storms');
    expect(response.body).toContain('<meta name="robots" content="noindex, follow"');
    expect(response.headers['x-robots-tag']).toBe('noindex');
    expect(response.headers['cache-control']).toMatch(/private/);
  });

  it('escapes the query wherever it is shown back', async () => {
    const response = await get(`/search?q=${encodeURIComponent('<script>alert(1)</script> "x')}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<script>alert(1)');
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('helps when nothing matched, and offers to drop the filters', async () => {
    const response = await get('/search?q=zzyzx&section=world');
    expect(response.body).toContain('No articles found');
    expect(response.body).toContain('href="/search?q=zzyzx"');
  });

  it('turns bad filters and pages into notes on the page, never an error', async () => {
    for (const url of [
      '/search?q=harbour&from=yesterday',
      '/search?q=harbour&page=abc',
      '/search?q=harbour&page=9999',
      '/search?q=harbour&sort=sideways',
      '/search?q=harbour&section=%00',
      '/search?q[]=harbour',
      '/search?q=harbour&q=wall',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
    }
    expect((await get('/search?q=harbour&from=yesterday')).body).toContain('From must be a date such as 2026-11-28');
  });

  it('follows the newsroom: an article withdrawn goes from the results at once, on a published edit the new words are found', async () => {
    expect((await get('/search?q=ferry')).body).toContain('/ferry-timetable-changes"');
    expect(await testApp.articles.withdrawArticle('ferry-timetable-changes')).toBe(true);
    expect((await get('/search?q=ferry')).body).not.toContain('/ferry-timetable-changes"');
    expect(await testApp.articles.updateArticle('council-agrees-budget', { headline: 'Council agrees budget for the quayside' })).toBe(
      true,
    );
    expect((await get('/search?q=quayside')).body).toContain('/council-agrees-budget"');
  });

  it('staff search the full text of every level', async () => {
    const { browser } = await signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role: 'editor' });
    const response = await browser.get('/search?q=lighthouse');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('/premium-investigation"');
  });
});
