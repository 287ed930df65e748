import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { parseFeed } from './testing/feed-parsing.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

describeEachEngine('feeds and sitemaps', (engine) => {
  let testApp: TestApp;
  const get = (url: string) => testApp.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    // A headline with characters XML must escape, to prove the feed stays valid.
    await testApp.articles.updateArticle('ferry-timetable-changes', { headline: 'Ferries & trains: "fewer" <late> services' });
  });
  afterAll(() => testApp.destroy());

  it('serves a valid RSS 2.0 site feed, newest first, with only the standfirst as description', async () => {
    const response = await get('/rss.xml');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const feed = await parseFeed(response.body);
    expect(feed.meta.title).toBe('The Test Gazette');
    expect(feed.meta.xmlurl).toBe('https://news.example.test/rss.xml');
    expect(feed.items.map((item) => item.link)).toEqual([
      'https://news.example.test/world/europe/2026/03/10/harbour-wall-repaired',
      'https://news.example.test/politics/2026/03/10/council-agrees-budget',
      'https://news.example.test/world/2026/03/09/ferry-timetable-changes',
      'https://news.example.test/politics/2026/03/08/members-only-analysis',
      'https://news.example.test/world/europe/2026/03/07/premium-investigation',
    ]);
    expect(feed.items[0]!.title).toBe('Coast: Harbour wall repaired before winter storms');
    expect(feed.items[2]!.title).toBe('Ferries & trains: "fewer" <late> services');
    expect(feed.items[1]!.author).toBe('Ada Fenwick and Tomás Ruiz');
    expect(feed.items[1]!.pubdate?.toISOString()).toBe('2026-03-10T07:00:00.000Z');
    expect(feed.items[0]!.description).toBe('Standfirst of Harbour wall repaired before winter storms.');
    expect(response.body).not.toContain('Second paragraph with more detail');
  });

  it('serves section, topic and author feeds', async () => {
    const europe = await parseFeed((await get('/world/europe/rss.xml')).body);
    expect(europe.items.map((item) => item.title)).toEqual([
      'Coast: Harbour wall repaired before winter storms',
      'Inside the lighthouse keepers’ pension fund',
    ]);
    const world = await parseFeed((await get('/world/rss.xml')).body);
    expect(world.items).toHaveLength(3);
    const topic = await parseFeed((await get('/topic/coast/rss.xml')).body);
    expect(topic.meta.link).toBe('https://news.example.test/topic/coast');
    expect(topic.items).toHaveLength(3);
    const author = await parseFeed((await get('/author/tomas-ruiz/rss.xml')).body);
    expect(author.items.map((item) => item.link)).toEqual(['https://news.example.test/politics/2026/03/10/council-agrees-budget']);
    expect((await get('/no-such-section/rss.xml')).statusCode).toBe(404);
    expect((await get('/topic/nope/rss.xml')).statusCode).toBe(404);
  });

  it('serves sitemap.xml as a sitemap index whose children list every listing page and readable article', async () => {
    const response = await get('/sitemap.xml');
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(XMLValidator.validate(response.body)).toBe(true);
    const children: { loc: string; lastmod?: string }[] = [new XMLParser().parse(response.body).sitemapindex.sitemap].flat();
    expect(children.map((child) => child.loc)).toEqual([
      'https://news.example.test/sitemaps/pages-1.xml',
      'https://news.example.test/sitemaps/articles-1.xml',
    ]);
    // The pages change with the newest publication; the articles with their newest edit (the headline above, at FIXTURE_NOW).
    expect(children.map((child) => child.lastmod)).toEqual(['2026-03-10T11:00:00.000Z', FIXTURE_NOW.toISOString()]);
    const locations: string[] = [];
    for (const child of children) {
      const body = (await get(new URL(child.loc).pathname)).body;
      expect(XMLValidator.validate(body)).toBe(true);
      locations.push(...[new XMLParser().parse(body).urlset.url].flat().map((url: { loc: string }) => url.loc));
    }
    expect(locations).toContain('https://news.example.test/');
    expect(locations).toContain('https://news.example.test/world/europe');
    expect(locations).toContain('https://news.example.test/topic/coast');
    expect(locations).toContain('https://news.example.test/author/ada-fenwick');
    expect(locations).toContain('https://news.example.test/world/europe/2026/03/07/premium-investigation');
    expect(locations.filter((location) => /\/\d{4}\/\d{2}\/\d{2}\//.test(location))).toHaveLength(5);
    expect(locations.join(' ')).not.toMatch(/unfinished-draft|scheduled-for-tomorrow|retracted-report/);
    for (const missing of ['/sitemaps/articles-2.xml', '/sitemaps/pages-2.xml', '/sitemaps/articles-0.xml', '/sitemaps/other-1.xml'])
      expect((await get(missing)).statusCode, missing).toBe(404);
  });

  it('lists only the last two days in the Google News sitemap, with news tags', async () => {
    const response = await get('/news-sitemap.xml');
    expect(XMLValidator.validate(response.body)).toBe(true);
    const parsed = new XMLParser().parse(response.body);
    const urls = [parsed.urlset.url].flat();
    expect(urls.map((url: { loc: string }) => url.loc)).toEqual([
      'https://news.example.test/world/europe/2026/03/10/harbour-wall-repaired',
      'https://news.example.test/politics/2026/03/10/council-agrees-budget',
      'https://news.example.test/world/2026/03/09/ferry-timetable-changes',
    ]);
    expect(urls[0]['news:news']).toEqual({
      'news:publication': { 'news:name': 'The Test Gazette', 'news:language': 'en' },
      'news:publication_date': '2026-03-10T11:00:00.000Z',
      'news:title': 'Harbour wall repaired before winter storms',
    });
  });

  it('points crawlers at both sitemaps from robots.txt', async () => {
    const response = await get('/robots.txt');
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toContain('Sitemap: https://news.example.test/sitemap.xml');
    expect(response.body).toContain('Sitemap: https://news.example.test/news-sitemap.xml');
  });

  it('drops only the article sitemap child of the edited article’s id range', async () => {
    const politics = await testApp.database.db.selectFrom('sections').where('path', '=', 'politics').select('id').executeTakeFirstOrThrow();
    // An id in the second range of 50,000.
    await testApp.database.db
      .insertInto('articles')
      .values({
        id: 60_000,
        slug: 'far-along-the-archive',
        section_id: politics.id,
        headline: 'Far along the archive',
        body_json: '{"type":"doc","content":[]}',
        access_level: 'free',
        status: 'published',
        published_at: '2025-06-01T09:00:00.000Z',
        modified_at: '2025-06-01T09:00:00.000Z',
        created_at: '2025-06-01T09:00:00.000Z',
      })
      .execute();
    await testApp.articles.afterContentChange();
    const index = (await get('/sitemap.xml')).body;
    expect(index).toContain('<loc>https://news.example.test/sitemaps/articles-2.xml</loc><lastmod>2025-06-01T09:00:00.000Z</lastmod>');
    expect((await get('/sitemaps/articles-2.xml')).body).toContain('/politics/2025/06/01/far-along-the-archive');
    expect((await get('/sitemaps/articles-1.xml')).statusCode).toBe(200);
    const cached = (key: string) => testApp.pageCache.has(key);
    expect(['sitemap', 'sitemap:articles-1', 'sitemap:articles-2'].every(cached)).toBe(true);
    await testApp.articles.updateArticle('harbour-wall-repaired', { standfirst: 'Edited once more.' });
    expect(cached('sitemap')).toBe(false);
    expect(cached('sitemap:articles-1')).toBe(false);
    expect(cached('sitemap:articles-2')).toBe(true);
  });
});
