// The sitemap index and its children (sitemaps.ts) with a limit of 3 URLs per
// child: every readable article listed exactly once, no child over the
// limit, ranges with nothing readable left out, lastmod as the newest change.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import type { SiteContext } from '../../core/views/site-context.js';
import * as repository from './articles.repository.js';
import { createSitemaps } from './sitemaps.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

const site: SiteContext = {
  publicationName: 'The Test Gazette',
  tagline: '',
  language: 'en-GB',
  timeZone: 'Europe/London',
  publicUrl: 'https://news.example.test',
  stylesheetHref: '/site.css',
  navigation: [],
};
const HOUR = 3_600_000;
const parser = new XMLParser();

describeEachEngine('sitemaps', (engine) => {
  let database: TestDatabase;
  let now = FIXTURE_NOW;
  // A slice smaller than a child, so a child is written in several slices.
  const sitemaps = () => createSitemaps({ db: database.db, now: () => now, urlLimit: 3, sliceSize: 2 });

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    // Ids 1–8: the fixture's (1–5 readable; 6 scheduled, 7 a draft, 8 withdrawn); 9–12 generated and readable.
    await seedFixtureNewspaper(database.db, { extraArticles: 4 });
    // Ids 13–15: nothing readable in the fifth range of three.
    const politics = await database.db.selectFrom('sections').where('path', '=', 'politics').select('id').executeTakeFirstOrThrow();
    for (const [index, status] of (['draft', 'withdrawn', 'draft'] as const).entries())
      await repository.insertArticle(database.db, {
        slug: `unreadable-${index}`,
        sectionId: politics.id,
        kicker: '',
        headline: 'Not for readers',
        standfirst: '',
        bodyJson: '{"type":"doc","content":[]}',
        heroImageId: null,
        agencyCredit: '',
        accessLevel: 'free',
        commentsEnabled: true,
        status,
        publishedAt: new Date(FIXTURE_NOW.getTime() - HOUR).toISOString(),
        updatedAt: null,
        authorIds: [],
        topicIds: [],
        now: FIXTURE_NOW.toISOString(),
      });
  });
  afterAll(() => database.destroy());

  async function readIndex() {
    const xml = await sitemaps().renderIndex(site);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    return [parser.parse(xml).sitemapindex.sitemap].flat() as { loc: string; lastmod: string }[];
  }

  async function readChild(path: string): Promise<string[] | null> {
    const [, kind, number] = /^\/sitemaps\/(pages|articles)-(\d+)\.xml$/.exec(path)!;
    const xml = await sitemaps().renderChild(site, { kind: kind as 'pages' | 'articles', number: Number(number) });
    if (xml === null) return null;
    expect(XMLValidator.validate(xml)).toBe(true);
    return [parser.parse(xml).urlset.url].flat().map((url: { loc: string }) => url.loc);
  }

  const slugsIn = (urls: string[]) =>
    urls.filter((url) => /\/\d{4}\/\d{2}\/\d{2}\//.test(url)).map((url) => url.slice(url.lastIndexOf('/') + 1));

  it('lists every listing page and every readable article exactly once, at most three to a child', async () => {
    const children = await readIndex();
    expect(children.map((child) => new URL(child.loc).pathname)).toEqual([
      '/sitemaps/pages-1.xml',
      '/sitemaps/pages-2.xml',
      '/sitemaps/pages-3.xml',
      '/sitemaps/articles-1.xml',
      '/sitemaps/articles-2.xml',
      '/sitemaps/articles-3.xml',
      '/sitemaps/articles-4.xml',
    ]);
    const listed: string[] = [];
    for (const child of children) {
      const urls = (await readChild(new URL(child.loc).pathname))!;
      expect(urls.length).toBeGreaterThan(0);
      expect(urls.length).toBeLessThanOrEqual(3);
      listed.push(...urls);
    }
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.filter((url) => !/\/\d{4}\//.test(url))).toEqual([
      'https://news.example.test/',
      'https://news.example.test/politics',
      'https://news.example.test/world',
      'https://news.example.test/world/europe',
      'https://news.example.test/topic/coast',
      'https://news.example.test/author/ada-fenwick',
      'https://news.example.test/author/tomas-ruiz',
    ]);
    expect(slugsIn(listed).sort()).toEqual(
      [
        'council-agrees-budget',
        'ferry-timetable-changes',
        'generated-story-1',
        'generated-story-2',
        'generated-story-3',
        'generated-story-4',
        'harbour-wall-repaired',
        'members-only-analysis',
        'premium-investigation',
      ].sort(),
    );
    // The fifth range holds nothing readable: not listed, and its address lists nothing.
    expect(await readChild('/sitemaps/articles-5.xml')).toBeNull();
    expect(await readChild('/sitemaps/articles-6.xml')).toBeNull();
    expect(await readChild('/sitemaps/pages-4.xml')).toBeNull();
  });

  it('dates each child by its newest change, and lists a scheduled article once it is due', async () => {
    const before = await readIndex();
    const lastmodOf = (children: typeof before, path: string) => children.find((child) => child.loc.endsWith(path))?.lastmod;
    // The pages change with the newest publication (the harbour story, an hour before now).
    expect(lastmodOf(before, 'pages-1.xml')).toBe(new Date(FIXTURE_NOW.getTime() - HOUR).toISOString());
    // An edit in the second range moves that range's date only.
    now = new Date(FIXTURE_NOW.getTime() + 2 * HOUR);
    const members = await repository.findArticleIdBySlug(database.db, 'members-only-analysis');
    await repository.updateArticleRow(database.db, members!.id, { standfirst: 'Edited.' }, now.toISOString());
    const edited = await readIndex();
    expect(lastmodOf(edited, 'articles-2.xml')).toBe(now.toISOString());
    expect(lastmodOf(edited, 'articles-1.xml')).toBe(lastmodOf(before, 'articles-1.xml'));
    expect(lastmodOf(edited, 'articles-3.xml')).toBe(lastmodOf(before, 'articles-3.xml'));
    // The scheduled story (id 6, due 20 hours after FIXTURE_NOW) is in no child until then; its range's date never runs ahead of now.
    expect(slugsIn((await readChild('/sitemaps/articles-2.xml'))!)).not.toContain('scheduled-for-tomorrow');
    expect(lastmodOf(edited, 'articles-2.xml')! <= now.toISOString()).toBe(true);
    now = new Date(FIXTURE_NOW.getTime() + 21 * HOUR);
    expect(slugsIn((await readChild('/sitemaps/articles-2.xml'))!)).toContain('scheduled-for-tomorrow');
    expect(lastmodOf(await readIndex(), 'articles-2.xml')).toBe(new Date(FIXTURE_NOW.getTime() + 20 * HOUR).toISOString());
    now = FIXTURE_NOW;
  });

  it('lists the last two days of readable articles in the news sitemap', async () => {
    const xml = await sitemaps().renderNews(site);
    expect(XMLValidator.validate(xml)).toBe(true);
    const urls = [parser.parse(xml).urlset.url].flat().map((url: { loc: string }) => url.loc);
    expect(slugsIn(urls)).toEqual(['harbour-wall-repaired', 'council-agrees-budget', 'ferry-timetable-changes']);
  });
});
