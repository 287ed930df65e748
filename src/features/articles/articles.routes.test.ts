import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

function jsonLd(html: string): any[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((match) => JSON.parse(match[1]!));
}

describeEachEngine('reader pages', (engine) => {
  let testApp: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) => testApp.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db, { extraArticles: 45 });
  });
  afterAll(() => testApp.destroy());

  it('serves an article page with every field of the brief', async () => {
    const response = await get('/world/europe/2026/03/10/harbour-wall-repaired');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<p class="kicker">Coast</p>');
    expect(html).toContain('<h1 class="headline">Harbour wall repaired before winter storms</h1>');
    expect(html).toContain('<p class="standfirst">Standfirst of Harbour wall repaired before winter storms.</p>');
    expect(html).toContain('<a rel="author" href="/author/ada-fenwick">Ada Fenwick</a>');
    expect(html).toContain('<time datetime="2026-03-10T11:00:00.000Z">Tuesday 10 March 2026 11:00</time>');
    expect(html).toContain('alt="A blue test card"');
    expect(html).toMatch(/<figcaption>The test card<span class="credit"> Fixture<\/span><\/figcaption>/);
    expect(html).toContain('<p>Second paragraph with more detail.</p>');
    expect(html).toContain('<p class="agency-credit">Additional reporting by Fixture Wire</p>');
    expect(html).toContain('<a href="/topic/coast" rel="tag">The coast</a>');
    expect(html).toContain('<a class="comments-link" href="#comments">0 comments</a>');
    expect(html).toContain('<a href="/world">World</a>');
    expect(html).toContain('<link rel="canonical" href="https://news.example.test/world/europe/2026/03/10/harbour-wall-repaired">');
    // Related: shares the topic.
    expect(html).toContain('Inside the lighthouse keepers’ pension fund');
  });

  it('names every author of a shared byline', async () => {
    const html = (await get('/politics/2026/03/10/council-agrees-budget')).body;
    expect(html).toContain(
      'By <a rel="author" href="/author/ada-fenwick">Ada Fenwick</a> and <a rel="author" href="/author/tomas-ruiz">Tomás Ruiz</a>',
    );
  });

  it('shows when an article was updated', async () => {
    const html = (await get('/world/2026/03/09/ferry-timetable-changes')).body;
    expect(html).toContain('Updated <time datetime="2026-03-09T07:00:00.000Z">Monday 9 March 2026 07:00</time>');
  });

  it('describes the article for machines: JSON-LD NewsArticle, Open Graph and Twitter', async () => {
    const html = (await get('/world/europe/2026/03/10/harbour-wall-repaired')).body;
    const article = jsonLd(html).find((item) => item['@type'] === 'NewsArticle');
    expect(article).toMatchObject({
      headline: 'Harbour wall repaired before winter storms',
      datePublished: '2026-03-10T11:00:00.000Z',
      author: [{ '@type': 'Person', name: 'Ada Fenwick', url: 'https://news.example.test/author/ada-fenwick' }],
      publisher: { '@type': 'Organization', name: 'The Test Gazette', logo: { url: 'https://news.example.test/logo.png' } },
      articleSection: 'Europe',
      keywords: ['The coast'],
      isAccessibleForFree: true,
    });
    expect(article.image[0]).toBe('https://news.example.test/media/fixture-hero/1600.jpg');
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta property="og:title" content="Harbour wall repaired before winter storms">');
    expect(html).toContain('<meta property="article:published_time" content="2026-03-10T11:00:00.000Z">');
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
  });

  it('marks gated articles for search engines as not free', async () => {
    const html = (await get('/world/europe/2026/03/07/premium-investigation')).body;
    const article = jsonLd(html).find((item) => item['@type'] === 'NewsArticle');
    expect(article.isAccessibleForFree).toBe(false);
    expect(article.hasPart).toEqual({ '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.paywall' });
    // An anonymous reader gets the teaser and the wall: the gated section (.paywall) is not sent;
    // entitled readers get it (src/features/access/leak.test.ts).
    expect(html).toContain('id="wall"');
    expect(html).not.toContain('class="article-body paywall"');
  });

  it('redirects an old or mistyped article URL to the canonical one', async () => {
    const response = await get('/world/2026/01/01/harbour-wall-repaired');
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/world/europe/2026/03/10/harbour-wall-repaired');
  });

  it('hides drafts and scheduled articles, and answers 410 for withdrawn ones', async () => {
    expect((await get('/world/2026/03/10/unfinished-draft')).statusCode).toBe(404);
    expect((await get('/world/2026/03/11/scheduled-for-tomorrow')).statusCode).toBe(404);
    const gone = await get('/world/2026/03/06/retracted-report');
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('This article has been removed');
  });

  it('serves the home front with the curated top stories first', async () => {
    const response = await get('/');
    expect(response.statusCode).toBe(200);
    const topStories = response.body.slice(response.body.indexOf('top-stories'), response.body.indexOf('latest-heading'));
    expect(topStories.indexOf('Council agrees budget')).toBeLessThan(topStories.indexOf('Harbour wall repaired'));
    expect(response.body).toContain('Ferry timetable changes');
    expect(response.body).not.toContain('A story scheduled for tomorrow');
    expect(response.body).not.toContain('A draft nobody should see');
  });

  /** The card headlines of a listing page, and where its "Newer" and "Older" links lead. */
  const listingOf = (html: string) => ({
    slugs: [...html.matchAll(/<h2 class="card-headline"><a href="[^"]*\/([a-z0-9-]+)">/g)].map(([, slug]) => slug!),
    newer: /<a rel="prev" href="([^"]+)">Newer stories<\/a>/.exec(html)?.[1]?.replaceAll('&amp;', '&'),
    older: /<a rel="next" href="([^"]+)">Older stories<\/a>/.exec(html)?.[1]?.replaceAll('&amp;', '&'),
  });

  it('pages through a section front that includes its subsections, older and back newer', async () => {
    const first = await get('/world');
    expect(first.statusCode).toBe(200);
    expect(first.body.includes('Harbour wall repaired')).toBe(true); // from World › Europe
    const seen: string[][] = [listingOf(first.body).slugs];
    let page = listingOf(first.body);
    expect(page.newer).toBeUndefined();
    const visited = ['/world'];
    while (page.older) {
      expect(page.older).toMatch(/^\/world\?before=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_\d+$/);
      const response = await get(page.older);
      expect(response.statusCode, page.older).toBe(200);
      expect(response.body.includes(`<link rel="canonical" href="https://news.example.test${page.older}">`)).toBe(true);
      visited.push(page.older);
      page = listingOf(response.body);
      seen.push(page.slugs);
    }
    // world: harbour (europe), ferry, premium (europe), 45 generated; never the draft, the scheduled or the withdrawn one.
    const all = seen.flat();
    expect(all).toHaveLength(48);
    expect(new Set(all).size).toBe(48);
    expect(all.slice(0, 3)).toEqual(['harbour-wall-repaired', 'ferry-timetable-changes', 'premium-investigation']);
    expect(seen.map((slugs) => slugs.length)).toEqual([20, 20, 8]);
    // Back up: "Newer stories" from the last page shows the page before it, and from there the first page.
    const last = await get(visited[2]!);
    const newer = await get(listingOf(last.body).newer!);
    expect(newer.statusCode).toBe(200);
    expect(listingOf(newer.body).slugs).toEqual(seen[1]);
    const top = await get(listingOf(newer.body).newer!);
    expect(top.statusCode).toBe(302);
    expect(top.headers.location).toBe('/world');
  });

  it('keeps old numbered links working: page 1 is the first page, later pages go to it', async () => {
    expect((await get('/world?page=1')).statusCode).toBe(200);
    for (const url of ['/world?page=2', '/topic/coast?page=3', '/author/ada-fenwick?page=9999', '/?page=2']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(301);
      expect(response.headers.location, url).toBe(url.slice(0, url.indexOf('?')));
    }
    for (const bad of ['0', '-1', 'abc', '1.5', '2e3', '']) expect((await get(`/world?page=${bad}`)).statusCode).toBe(400);
  });

  it('answers a position that is not one with a 400, and one no readable story holds with a 404', async () => {
    const harbour = await testApp.database.db
      .selectFrom('articles')
      .where('slug', 'in', ['harbour-wall-repaired', 'scheduled-for-tomorrow', 'unfinished-draft'])
      .select(['slug', 'id', 'published_at'])
      .execute();
    const cursorOf = (slug: string) => {
      const row = harbour.find((candidate) => candidate.slug === slug)!;
      return `${row.published_at}_${row.id}`;
    };
    expect((await get(`/world?before=${cursorOf('harbour-wall-repaired')}`)).statusCode).toBe(200);
    for (const junk of [
      'x',
      '2026-03-10T11:00:00.000Z',
      '2026-03-10T11:00:00Z_1',
      '2026-02-30T11:00:00.000Z_1',
      '2026-03-10T11:00:00.000Z_0',
    ])
      for (const url of [`/world?before=${junk}`, `/topic/coast?after=${junk}`, `/?before=${junk}`])
        expect((await get(url)).statusCode, url).toBe(400);
    const both = `/author/ada-fenwick?before=${cursorOf('harbour-wall-repaired')}&after=${cursorOf('harbour-wall-repaired')}`;
    expect((await get(both)).statusCode).toBe(400);
    // Well formed, but not a readable story's position: a scheduled or draft story's, a moved time, an unknown id.
    for (const cursor of [
      cursorOf('scheduled-for-tomorrow'),
      cursorOf('unfinished-draft'),
      `2026-03-10T11:00:00.001Z_${cursorOf('harbour-wall-repaired').split('_')[1]}`,
      '2026-03-10T11:00:00.000Z_999999',
    ])
      expect((await get(`/world?after=${cursor}`)).statusCode, cursor).toBe(404);
  });

  it('never answers a listing query string with a 5xx: a junk position is a 400, one no story holds a 404', async () => {
    const rows = await testApp.database.db.selectFrom('articles').select(['id', 'published_at']).execute();
    const cursors = rows.filter((row) => row.published_at).map((row) => `${row.published_at}_${row.id}`);
    // Real positions, the same slightly off, and anything at all.
    const cursor = fc.oneof(
      fc.constantFrom(...cursors),
      fc
        .tuple(fc.constantFrom(...cursors), fc.nat({ max: 40 }), fc.constantFrom(...'0123456789Z_:.-T '.split('')))
        .map(([value, at, character]) => value.slice(0, at % value.length) + character + value.slice((at % value.length) + 1)),
      fc
        .date({ min: new Date(-62_000_000_000_000), max: new Date(253_402_300_799_999), noInvalidDate: true })
        .chain((date) => fc.integer({ min: -1, max: 2 ** 32 }).map((id) => `${date.toISOString()}_${id}`)),
      fc.string({ maxLength: 40 }),
    );
    const entry = fc.tuple(fc.constantFrom('before', 'after', 'page', 'utm_source'), fc.oneof(cursor, fc.stringMatching(/^[0-9]{0,6}$/)));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/', '/world', '/world/europe', '/politics/', '/topic/coast', '/author/ada-fenwick'),
        fc.array(entry, { maxLength: 3 }),
        async (path, entries) => {
          const url = `${path}?${new URLSearchParams(entries).toString()}`;
          const response = await get(url);
          expect([200, 301, 302, 400, 404], url).toContain(response.statusCode);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('serves topic and author pages, and 404s for unknown ones', async () => {
    const topic = await get('/topic/coast');
    expect(topic.statusCode).toBe(200);
    expect(topic.body).toContain('<h1>The coast</h1>');
    expect(topic.body).toContain('Ferry timetable changes');
    expect(topic.body).not.toContain('Council agrees budget');
    const author = await get('/author/tomas-ruiz');
    expect(author.statusCode).toBe(200);
    expect(author.body).toContain('Council agrees budget');
    expect(author.body).not.toContain('Harbour wall repaired');
    expect((await get('/topic/no-such-topic')).statusCode).toBe(404);
    expect((await get('/author/nobody')).statusCode).toBe(404);
    expect((await get('/no-such-section')).statusCode).toBe(404);
  });

  it('reads listing addresses through their schemas: a bad slug names no page, a bad page number is a 400', async () => {
    for (const url of ['/topic/Coast', '/topic/coast-', '/author/ada%20fenwick', `/topic/${'a'.repeat(121)}`, '/author/-/rss.xml'])
      expect((await get(url)).statusCode, url).toBe(404);
    for (const url of ['/?page=x', '/?page=0', '/topic/coast?page=abc', '/author/tomas-ruiz?page=1&page=2', '/world?page=10001'])
      expect((await get(url)).statusCode, url).toBe(400);
    expect((await get('/topic/coast?page=1&utm_source=x')).statusCode).toBe(200);
    // An article's address takes no query: a stray page number is ignored, not refused.
    expect((await get('/world/europe/2026/03/10/harbour-wall-repaired?page=x')).statusCode).toBe(200);
  });

  it('answers unknown pages with a real 404 page', async () => {
    const response = await get('/world/2026/03/10/no-such-article');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('Page not found');
    expect(response.body).toContain('<meta name="robots" content="noindex">');
  });

  it('sends security and caching headers, compresses, and answers 304 to a matching ETag', async () => {
    const response = await get('/world/europe/2026/03/10/harbour-wall-repaired', { 'accept-encoding': 'gzip, br' });
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    // Every section is metered by default: the page depends on the reader's meter cookie.
    expect(response.headers['cache-control']).toBe('private, no-cache');
    expect([response.headers['set-cookie']].flat()).toEqual([
      expect.stringMatching(/^mh_meter=v1\.[^;]+; Path=\/; SameSite=Lax; HttpOnly; Secure; Max-Age=2592000$/),
    ]);
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers.vary).toBe('Accept-Encoding, Cookie');
    const gzip = await get('/world/europe/2026/03/10/harbour-wall-repaired', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const notModified = await get('/world/europe/2026/03/10/harbour-wall-repaired', { 'if-none-match': String(response.headers.etag) });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
  });

  it('serves fingerprinted CSS as immutable', async () => {
    const html = (await get('/')).body;
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(html)![1]!;
    expect(href).toMatch(/^\/assets\/site\.[0-9a-f]{12}\.css$/);
    const css = await get(href);
    expect(css.statusCode).toBe(200);
    expect(css.headers['cache-control']).toContain('immutable');
    expect((await get('/assets/site.000000000000.css')).statusCode).toBe(404);
  });

  it('serves responsive image renditions and 404s for sizes it does not make', async () => {
    const webp = await get('/media/fixture-hero/480.webp');
    expect(webp.statusCode).toBe(200);
    expect(webp.headers['content-type']).toBe('image/webp');
    expect(webp.headers['cache-control']).toContain('immutable');
    expect((await get('/media/fixture-hero/960.jpg')).headers['content-type']).toBe('image/jpeg');
    expect((await get('/media/fixture-hero/123.jpg')).statusCode).toBe(404);
    expect((await get('/media/fixture-hero/480.gif')).statusCode).toBe(404);
    expect((await get('/media/no-such-image/480.jpg')).statusCode).toBe(404);
    for (const url of [
      '/media/Fixture-Hero/480.jpg',
      '/media/fixture-hero/480',
      '/media/fixture-hero/480.webp.jpg',
      `/media/${'a'.repeat(65)}/480.jpg`,
    ])
      expect((await get(url)).statusCode, url).toBe(404);
  });

  it('redirects legacy AMP URLs to the canonical page', async () => {
    const response = await get('/amp/world/europe/2026/03/10/harbour-wall-repaired');
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/world/europe/2026/03/10/harbour-wall-repaired');
    for (const hostile of ['/amp//evil.example/x', '/amp/%5Cevil.example', '/amp/\\evil.example']) {
      const redirect = await get(hostile);
      expect(redirect.statusCode, hostile).toBe(301);
      expect(redirect.headers.location, hostile).toBe('/');
    }
  });

  it('shows an edit at once on this node and marks it updated', async () => {
    await get('/politics/2026/03/10/council-agrees-budget'); // warm the cache
    testApp.clock.advance(60_000);
    await testApp.articles.updateArticle('council-agrees-budget', { headline: 'Council agrees budget at dawn', isSignificant: true });
    const html = (await get('/politics/2026/03/10/council-agrees-budget')).body;
    expect(html).toContain('Council agrees budget at dawn');
    expect(html).toContain('Updated <time datetime="2026-03-10T12:01:00.000Z">');
  });

  it('publishes a scheduled article when its time comes', async () => {
    expect((await get('/world/2026/03/11/scheduled-for-tomorrow')).statusCode).toBe(404);
    testApp.clock.set(new Date(FIXTURE_NOW.getTime() + 21 * 60 * 60 * 1000));
    await testApp.pageCache.revalidate();
    expect((await get('/world/2026/03/11/scheduled-for-tomorrow')).statusCode).toBe(200);
    expect((await get('/world')).body).toContain('A story scheduled for tomorrow');
    testApp.clock.set(FIXTURE_NOW);
  });
});
