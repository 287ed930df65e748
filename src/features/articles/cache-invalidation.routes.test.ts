// Two nodes on one database (two apps, each with its own connections, clock
// and page cache): an edit made through one is seen on the other, which drops
// that article and the pages listing it and keeps everything else cached
// (docs/decisions/012-tagged-page-cache.md). Without a change feed within the
// window, the first request after an idle spell included; with one
// (PostgreSQL LISTEN/NOTIFY, Redis pub/sub) at once, the clock never moving.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeEachEngine, type Engine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

const redisUrl = process.env.TEST_REDIS_URL;
const WINDOW_SECONDS = 5;
const HARBOUR = '/world/europe/2026/03/10/harbour-wall-repaired';
const BUDGET = '/politics/2026/03/10/council-agrees-budget';
const FERRY = '/world/2026/03/09/ferry-timetable-changes';

async function startTwoNodes(engine: Engine, environment: Record<string, string>): Promise<[TestApp, TestApp]> {
  const settings = { PAGE_CACHE_REVALIDATE_SECONDS: String(WINDOW_SECONDS), ...environment };
  const editor = await createTestApp({ engine, now: FIXTURE_NOW, environment: settings });
  await seedFixtureNewspaper(editor.database.db);
  const reader = await createTestApp({ engine, now: FIXTURE_NOW, environment: settings, sameDatabaseAs: editor });
  return [editor, reader];
}

const get = async (node: TestApp, url: string) => {
  const response = await node.app.inject({ url });
  return { status: response.statusCode, body: response.body };
};

describeEachEngine('page cache across nodes, without a change feed', (engine) => {
  let editor: TestApp;
  let reader: TestApp;
  beforeAll(async () => {
    [editor, reader] = await startTwoNodes(engine, { PAGE_CACHE_CHANGE_FEED: 'off' });
  });
  afterAll(async () => {
    await reader?.destroy();
    await editor?.destroy();
  });

  it('drops the edited article and the pages listing it on the other node within the window, and keeps the rest', async () => {
    for (const url of [
      HARBOUR,
      BUDGET,
      '/',
      '/world',
      '/world/europe',
      '/politics',
      '/topic/coast',
      '/author/ada-fenwick',
      '/rss.xml',
      '/news-sitemap.xml',
      '/sitemap.xml',
      '/sitemaps/pages-1.xml',
      '/sitemaps/articles-1.xml',
    ]) {
      expect((await get(reader, url)).status, url).toBe(200);
    }
    const cached = (key: string) => reader.pageCache.has(key);
    expect(['article:harbour-wall-repaired', 'article:council-agrees-budget', 'home:newest', 'section:politics:newest'].every(cached)).toBe(
      true,
    );

    await editor.articles.updateArticle('harbour-wall-repaired', { headline: 'Harbour wall rebuilt in record time' });
    expect((await get(editor, HARBOUR)).body).toContain('Harbour wall rebuilt in record time'); // the editing node: at once

    // Within the window, this node has not read the log: the documented delay.
    expect((await get(reader, HARBOUR)).body).toContain('Harbour wall repaired before winter storms');
    reader.clock.advance(WINDOW_SECONDS * 1000);
    // Past it, the next request waits for the check and gets the edit.
    expect((await get(reader, HARBOUR)).body).toContain('Harbour wall rebuilt in record time');

    // Dropped: every page that lists the article (its section and the one above it, its topic, its author, the home page, feeds).
    for (const key of [
      'home:newest',
      'section:world/europe:newest',
      'section:world:newest',
      'topic:coast:newest',
      'author:ada-fenwick:newest',
      'feed:rss:site',
      'sitemap',
      'sitemap:pages-1',
      'sitemap:articles-1',
    ]) {
      expect(cached(key), key).toBe(false);
    }
    // Kept: another article, another section.
    expect(cached('article:council-agrees-budget')).toBe(true);
    expect(cached('section:politics:newest')).toBe(true);
    expect((await get(reader, '/world/europe')).body).toContain('Harbour wall rebuilt in record time');
    expect((await get(reader, '/rss.xml')).body).toContain('Harbour wall rebuilt in record time');
    expect((await get(reader, '/news-sitemap.xml')).body).toContain('Harbour wall rebuilt in record time');
  });

  it('makes the first request after an idle spell wait for the check: a withdrawn article is not served', async () => {
    expect((await get(reader, FERRY)).status).toBe(200);
    expect(reader.pageCache.has('article:ferry-timetable-changes')).toBe(true);
    reader.clock.advance(60_000); // idle for a minute, long past the window
    await editor.articles.withdrawArticle('ferry-timetable-changes');
    expect((await get(reader, FERRY)).status).toBe(410);
  });

  it('publishes a scheduled article on the other node when its time comes, dropping only the pages that list it', async () => {
    expect((await get(reader, '/world')).body).not.toContain('A story scheduled for tomorrow');
    expect((await get(reader, BUDGET)).status).toBe(200);
    reader.clock.set(new Date(FIXTURE_NOW.getTime() + 21 * 60 * 60 * 1000)); // it was due at +20 h
    expect((await get(reader, '/world')).body).toContain('A story scheduled for tomorrow');
    expect((await get(reader, '/world/2026/03/11/scheduled-for-tomorrow')).status).toBe(200);
    expect(reader.pageCache.has('article:council-agrees-budget')).toBe(true);
  });
});

describeEachEngine('page cache across nodes, with a change feed', (engine) => {
  const feeds: { name: string; environment: Record<string, string>; runs: boolean }[] = [
    { name: 'PostgreSQL LISTEN/NOTIFY', environment: { PAGE_CACHE_CHANGE_FEED: 'auto' }, runs: engine === 'postgres' },
    { name: 'Redis pub/sub', environment: { PAGE_CACHE_CHANGE_FEED: 'redis', REDIS_URL: redisUrl ?? '' }, runs: Boolean(redisUrl) },
  ];
  for (const feed of feeds) {
    (feed.runs ? describe : describe.skip)(feed.name, () => {
      let editor: TestApp;
      let reader: TestApp;
      beforeAll(async () => {
        [editor, reader] = await startTwoNodes(engine, feed.environment);
      });
      afterAll(async () => {
        await reader?.destroy();
        await editor?.destroy();
      });

      it('tells the other node at once: it drops the edited article without its window passing', async () => {
        expect((await get(reader, HARBOUR)).status).toBe(200);
        expect((await get(reader, BUDGET)).status).toBe(200);
        await editor.articles.updateArticle('harbour-wall-repaired', { headline: 'Harbour wall rebuilt in record time' });
        // The reader's clock stands still: only the feed can tell it.
        await vi.waitFor(() => expect(reader.pageCache.has('article:harbour-wall-repaired')).toBe(false), {
          timeout: 10_000,
          interval: 20,
        });
        expect((await get(reader, HARBOUR)).body).toContain('Harbour wall rebuilt in record time');
        expect(reader.pageCache.has('article:council-agrees-budget')).toBe(true);
      });
    });
  }
});
