import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import * as repository from './articles.repository.js';
import { parseFeed } from './testing/feed-parsing.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

const ORIGIN = 'https://news.example.test';
// Every Atom feed beside its RSS feed, by the HTML page both mirror.
const FEEDS = [
  { page: '/', rss: '/rss.xml', atom: '/atom.xml' },
  { page: '/world', rss: '/world/rss.xml', atom: '/world/atom.xml' },
  { page: '/world/europe', rss: '/world/europe/rss.xml', atom: '/world/europe/atom.xml' },
  { page: '/politics', rss: '/politics/rss.xml', atom: '/politics/atom.xml' },
  { page: '/topic/coast', rss: '/topic/coast/rss.xml', atom: '/topic/coast/atom.xml' },
  { page: '/author/ada-fenwick', rss: '/author/ada-fenwick/rss.xml', atom: '/author/ada-fenwick/atom.xml' },
  { page: '/author/tomas-ruiz', rss: '/author/tomas-ruiz/rss.xml', atom: '/author/tomas-ruiz/atom.xml' },
];
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

interface AtomLink {
  '@_rel'?: string;
  '@_type'?: string;
  '@_href': string;
}
interface AtomPerson {
  name: string;
  uri?: string;
}
/** An Atom text construct; these feeds send plain text only (`type="text"`, the XML escaped, never HTML). */
interface AtomText {
  '#text'?: string;
  '@_type': string;
}
interface AtomEntry {
  id: string;
  title: AtomText;
  updated: string;
  published: string;
  link: AtomLink | AtomLink[];
  author?: AtomPerson | AtomPerson[];
  summary: AtomText;
  category: { '@_term': string } | { '@_term': string }[];
  content?: unknown;
}
interface AtomFeed {
  id: string;
  title: AtomText;
  subtitle: AtomText;
  updated: string;
  link: AtomLink[];
  author?: AtomPerson;
  entry?: AtomEntry | AtomEntry[];
}

function textOf(construct: AtomText): string {
  expect(construct['@_type']).toBe('text');
  return construct['#text'] ?? '';
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The feed element as a plain object (attributes prefixed `@_`), checked to be Atom's. */
function atomDocument(xml: string): AtomFeed {
  const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml) as {
    feed: AtomFeed & { '@_xmlns': string };
  };
  expect(parsed.feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
  return parsed.feed;
}

/** RFC 4287's MUSTs for atom:feed and atom:entry, as this feed should meet them. */
function expectRfc4287(feed: AtomFeed, feedUrl: string, pageUrl: string) {
  expect(feed.id).toBe(pageUrl);
  expect(textOf(feed.title)).not.toBe('');
  expect(textOf(feed.subtitle)).not.toBe('');
  expect(feed.updated).toMatch(RFC_3339);
  const links = list(feed.link);
  expect(links.filter((link) => link['@_rel'] === 'self')).toEqual([
    { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': feedUrl },
  ]);
  expect(links.filter((link) => link['@_rel'] === 'alternate')).toEqual([
    { '@_rel': 'alternate', '@_type': 'text/html', '@_href': pageUrl },
  ]);
  // A feed-level author, so every entry has one even when an article has no byline.
  expect(feed.author).toEqual({ name: 'The Test Gazette', uri: `${ORIGIN}/` });
  const entries = list(feed.entry);
  for (const entry of entries) {
    expect(entry.id).toMatch(/^https:\/\/news\.example\.test\/.+\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+$/);
    expect(textOf(entry.title)).not.toBe('');
    expect(entry.updated).toMatch(RFC_3339);
    expect(entry.published).toMatch(RFC_3339);
    expect(entry.updated >= entry.published).toBe(true);
    expect(list(entry.link)).toEqual([{ '@_rel': 'alternate', '@_type': 'text/html', '@_href': entry.id }]);
    // No atom:content: without it the summary is all a reader gets, and it is the standfirst.
    expect(entry.content).toBeUndefined();
    expect(textOf(entry.summary)).toMatch(/^Standfirst of /);
  }
  const newest = entries
    .map((entry) => entry.updated)
    .sort()
    .at(-1);
  if (newest) expect(feed.updated).toBe(newest);
  expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
}

describeEachEngine('Atom feeds', (engine) => {
  let testApp: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) => testApp.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    await testApp.articles.updateArticle('ferry-timetable-changes', { headline: 'Ferries & trains: "fewer" <late> services' });
    await repository.insertTopic(testApp.database.db, { slug: 'quiet-harbours', name: 'Quiet harbours', description: '' });
    await testApp.articles.afterContentChange();
  });
  afterAll(() => testApp.destroy());

  it('serves every Atom feed as valid RFC 4287 that a feed reader parses', async () => {
    for (const { page, atom } of FEEDS) {
      const response = await get(atom);
      expect(response.statusCode, atom).toBe(200);
      expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      expectRfc4287(atomDocument(response.body), ORIGIN + atom, ORIGIN + page);
      const parsed = await parseFeed(response.body);
      expect(parsed.meta['#type']).toBe('atom');
      expect(parsed.meta.xmlurl).toBe(ORIGIN + atom);
      expect(parsed.meta.link).toBe(ORIGIN + page);
    }
    const site = atomDocument((await get('/atom.xml')).body);
    expect(textOf(site.title)).toBe('The Test Gazette');
    expect(textOf(site.subtitle)).not.toBe('');
    expect(site.updated).toBe('2026-03-10T11:00:00.000Z');
    const europe = atomDocument((await get('/world/europe/atom.xml')).body);
    expect([textOf(europe.title), textOf(europe.subtitle)]).toEqual(['Europe | The Test Gazette', 'Europe.']);
  });

  it('has the same entries as the RSS feed beside it: links, titles, dates, authors, categories, standfirsts', async () => {
    for (const { rss, atom } of FEEDS) {
      const [rssFeed, atomFeed] = [await parseFeed((await get(rss)).body), await parseFeed((await get(atom)).body)];
      expect(atomFeed.meta.title).toBe(rssFeed.meta.title);
      expect(atomFeed.meta.description).toBe(rssFeed.meta.description);
      expect(atomFeed.items.length, atom).toBeGreaterThan(0);
      expect(
        atomFeed.items.map((item) => ({
          id: item.guid,
          link: item.link,
          title: item.title,
          published: item.pubdate?.toISOString(),
          summary: item.summary,
          categories: item.categories,
        })),
      ).toEqual(
        rssFeed.items.map((item) => ({
          id: item.guid,
          link: item.link,
          title: item.title,
          published: item.pubdate?.toISOString(),
          summary: item.description,
          categories: item.categories,
        })),
      );
    }
    const document = atomDocument((await get('/atom.xml')).body);
    const entries = list(document.entry);
    const budget = entries.find((entry) => entry.id.endsWith('/council-agrees-budget'))!;
    expect(list(budget.author)).toEqual([
      { name: 'Ada Fenwick', uri: `${ORIGIN}/author/ada-fenwick` },
      { name: 'Tomás Ruiz', uri: `${ORIGIN}/author/tomas-ruiz` },
    ]);
    expect(entries.map((entry) => textOf(entry.title))).toContain('Ferries & trains: "fewer" <late> services');
    // Marked updated an hour after publication: updated and published differ.
    const ferry = entries.find((entry) => entry.id.endsWith('/ferry-timetable-changes'))!;
    expect([ferry.published, ferry.updated]).toEqual(['2026-03-09T06:00:00.000Z', '2026-03-09T07:00:00.000Z']);
  });

  it('gives registered and premium articles only their standfirst, never body text', async () => {
    for (const { atom } of FEEDS) {
      const body = (await get(atom)).body;
      expect(body).not.toMatch(/First paragraph of|Second paragraph with more detail|Third paragraph that closes/);
    }
    const entries = list(atomDocument((await get('/atom.xml')).body).entry);
    const gated = entries.filter((entry) => /members-only-analysis|premium-investigation/.test(entry.id));
    expect(gated.map((entry) => textOf(entry.summary))).toEqual([
      'Standfirst of What the budget means for rural bus routes.',
      'Standfirst of Inside the lighthouse keepers’ pension fund.',
    ]);
  });

  it('answers an empty listing with a valid feed and no entries, and unknown ones with 404', async () => {
    const empty = await get('/topic/quiet-harbours/atom.xml');
    expect(empty.statusCode).toBe(200);
    const document = atomDocument(empty.body);
    expectRfc4287(document, `${ORIGIN}/topic/quiet-harbours/atom.xml`, `${ORIGIN}/topic/quiet-harbours`);
    expect(document.entry).toBeUndefined();
    expect(document.updated).toBe(FIXTURE_NOW.toISOString());
    for (const url of [
      '/no-such-section/atom.xml',
      '/world/nowhere/atom.xml',
      '/topic/nope/atom.xml',
      '/author/nobody/atom.xml',
      '/topic/Bad_Slug/atom.xml',
    ]) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
  });

  it('is cached like the RSS feeds: shared, precompressed, with an ETag that answers 304', async () => {
    for (const { rss, atom } of FEEDS) {
      const [rssResponse, atomResponse] = [await get(rss), await get(atom)];
      expect(atomResponse.headers['cache-control']).toBe(rssResponse.headers['cache-control']);
      expect(atomResponse.headers['cache-control']).toBe('public, max-age=300');
      expect(atomResponse.headers.etag).toEqual(expect.any(String));
      expect(atomResponse.headers.etag).not.toBe(rssResponse.headers.etag);
      const revalidated = await get(atom, { 'if-none-match': String(atomResponse.headers.etag) });
      expect(revalidated.statusCode).toBe(304);
      expect(revalidated.body).toBe('');
      const compressed = await get(atom, { 'accept-encoding': 'gzip' });
      expect(compressed.headers['content-encoding']).toBe('gzip');
      expect(compressed.headers.vary).toBe(rssResponse.headers.vary);
    }
  });

  it('is announced beside the RSS feed by the pages it mirrors', async () => {
    for (const { page, rss, atom } of FEEDS) {
      const html = (await get(page)).body;
      expect(html, page).toContain(`type="application/rss+xml"`);
      expect(html, page).toMatch(new RegExp(`<link rel="alternate" type="application/rss\\+xml" title="[^"]+" href="${rss}"`));
      expect(html, page).toMatch(new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="[^"]+" href="${atom}"`));
    }
  });
});
