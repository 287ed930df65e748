// Search on both engines: ranking, stemming, phrases, prefixes, filters,
// paging, scheduling and — the point of the two documents — words past the
// wall, which a reader not entitled can neither match nor see.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { AccessLevel } from '../../core/db/schema.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { insertArticle } from '../articles/testing/article-fixtures.js';
import { FIXTURE_NOW, paragraph, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { createSearchService, MAX_SEARCH_PAGE, SEARCH_PAGE_SIZE, type SearchInput, type SearchService } from './search.service.js';
import type { SearchPageModel } from './search.types.js';

const HOUR = 3_600_000;
const EVERYTHING: AccessLevel[] = ['free', 'registered', 'premium'];
const NOTHING: AccessLevel[] = [];

describeEachEngine('search', (engine) => {
  let database: TestDatabase;
  let search: SearchService;
  const clock = fixedClock(FIXTURE_NOW);
  const ids = new Map<string, number>();

  async function add(article: {
    slug: string;
    headline: string;
    standfirst?: string;
    paragraphs: string[];
    access?: AccessLevel;
    section?: string;
    hoursAgo?: number;
    authors?: string[];
    topics?: string[];
  }) {
    const db = database.db;
    const section = await db
      .selectFrom('sections')
      .select('id')
      .where('path', '=', article.section ?? 'world')
      .executeTakeFirstOrThrow();
    const authorRows = await db.selectFrom('authors').select(['id', 'slug']).execute();
    const topicRows = await db.selectFrom('topics').select(['id', 'slug']).execute();
    const id = await insertArticle(db, {
      slug: article.slug,
      sectionId: section.id,
      kicker: '',
      headline: article.headline,
      standfirst: article.standfirst ?? '',
      bodyJson: JSON.stringify({ type: 'doc', content: article.paragraphs.map(paragraph) }),
      heroImageId: null,
      agencyCredit: '',
      accessLevel: article.access ?? 'free',
      commentsEnabled: true,
      status: 'published',
      publishedAt: new Date(FIXTURE_NOW.getTime() - (article.hoursAgo ?? 10) * HOUR).toISOString(),
      updatedAt: null,
      authorIds: (article.authors ?? ['ada-fenwick']).map((slug) => authorRows.find((row) => row.slug === slug)!.id),
      topicIds: (article.topics ?? []).map((slug) => topicRows.find((row) => row.slug === slug)!.id),
      now: FIXTURE_NOW.toISOString(),
    });
    ids.set(article.slug, id);
  }

  const find = (q: string, levels: AccessLevel[] = EVERYTHING, input: Partial<SearchInput> = {}) =>
    search.search({ q, sort: 'relevance', ...input }, levels);
  const slugsOf = (model: SearchPageModel) => model.hits.map((hit) => hit.url.split('/').at(-1));
  const plain = (pieces: string[]) => pieces.join('');

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedFixtureNewspaper(database.db);
    search = createSearchService({ db: database.db, clock, teaserBlocks: 2, language: 'en-GB', timeZone: 'Europe/London' });
    await add({
      slug: 'body-mentions-turbines',
      headline: 'A quiet week on the coast',
      paragraphs: ['Nothing much.', 'Wind turbines were discussed.'],
    });
    await add({ slug: 'headline-turbines', headline: 'Turbines rise off the point', paragraphs: ['Crews worked.', 'Then they rested.'] });
    await add({
      slug: 'stemming',
      headline: 'Fishermen mending nets',
      paragraphs: ['Three boats came in.', 'The nets were mended by noon.'],
    });
    await add({ slug: 'phrase-apart', headline: 'Walls and the sea', paragraphs: ['The sea rose.', 'A wall fell somewhere else.'] });
    await add({ slug: 'phrase-together', headline: 'A new sea wall', paragraphs: ['The sea wall opened today.', 'People cheered.'] });
    await add({
      slug: 'premium-secret',
      headline: 'Beaconhall accounts examined',
      standfirst: 'Where the money went.',
      access: 'premium',
      paragraphs: ['The trustees met.', 'Minutes were read.', 'Behind the wall: zanzibarite payments.', 'More zanzibarite later.'],
    });
    await add({
      slug: 'registered-only',
      headline: 'Bus routes reviewed',
      access: 'registered',
      paragraphs: ['Routes were counted.', 'Timetables were printed.', 'The secret quorvex clause.', 'The end.'],
    });
    await add({ slug: 'europe-story', headline: 'Glaciers retreat', section: 'world/europe', paragraphs: ['Ice melted.', 'Rivers rose.'] });
    await add({
      slug: 'politics-glaciers',
      headline: 'Glaciers debated',
      section: 'politics',
      paragraphs: ['Votes cast.', 'Motion passed.'],
    });
    await add({
      slug: 'by-tomas',
      headline: 'Dunes shift in winter',
      authors: ['tomas-ruiz'],
      topics: ['coast'],
      paragraphs: ['Sand.', 'Wind.'],
    });
    await add({ slug: 'residents-meet', headline: 'Residents meet at dusk', paragraphs: ['Chairs.', 'Tea.'] });
    await add({ slug: 'report-filed', headline: 'A report is filed', paragraphs: ['Paper.', 'Ink.'] });
    await add({ slug: 'old-dunes', headline: 'Dunes of old', hoursAgo: 24 * 40, paragraphs: ['Sand.', 'Wind.'] });
    await add({ slug: 'future-comet', headline: 'Comet visible tonight', hoursAgo: -5, paragraphs: ['Look up.', 'Clear skies.'] });
    for (let index = 1; index <= SEARCH_PAGE_SIZE + 5; index++)
      await add({ slug: `pebble-${index}`, headline: `Pebble count ${index}`, hoursAgo: 100 + index, paragraphs: ['Pebbles.', 'More.'] });
    await search.reindex();
  });
  afterAll(() => database.destroy());

  it('ranks a headline match above a body match', async () => {
    expect(slugsOf(await find('turbines')).slice(0, 2)).toEqual(['headline-turbines', 'body-mentions-turbines']);
  });

  it('stems: "mend" finds "mending" and "mended", "fisherman" is not needed to be exact', async () => {
    expect(slugsOf(await find('mend'))).toEqual(['stemming']);
    expect(slugsOf(await find('net'))).toEqual(['stemming']);
  });

  it('matches a "phrase" only with its words together', async () => {
    expect(slugsOf(await find('"sea wall"'))).toEqual(['phrase-together']);
    expect(new Set(slugsOf(await find('sea wall')))).toEqual(new Set(['phrase-apart', 'phrase-together']));
  });

  it('matches prefixes of at least three characters; a shorter one is a word', async () => {
    expect(slugsOf(await find('glac*')).sort()).toEqual(['europe-story', 'politics-glaciers']);
    expect(slugsOf(await find('gl*'))).toEqual([]);
    // SQLite's stemmer would cut "res" to "re" (search-query.ts): "rested" and "residents" match, "report" must not.
    expect(slugsOf(await find('res*')).sort()).toEqual(['headline-turbines', 'residents-meet']);
  });

  it('marks the matched words in the headline and the snippet, from the text searched', async () => {
    const [hit] = (await find('turbines')).hits.filter((candidate) => candidate.url.endsWith('/body-mentions-turbines'));
    expect(hit!.snippet.some((piece, index) => index % 2 === 1 && /turbines/i.test(piece))).toBe(true);
    const [headlineHit] = (await find('turbines')).hits;
    expect(headlineHit!.headline[1]).toBe('Turbines');
  });

  it('filters by section (with the sections under it), topic, author and dates', async () => {
    expect(slugsOf(await find('glaciers', EVERYTHING, { section: 'world' }))).toEqual(['europe-story']);
    expect(slugsOf(await find('glaciers', EVERYTHING, { section: 'politics' }))).toEqual(['politics-glaciers']);
    expect(slugsOf(await find('dunes', EVERYTHING, { topic: 'coast' }))).toEqual(['by-tomas']);
    expect(slugsOf(await find('dunes', EVERYTHING, { author: 'tomas-ruiz' }))).toEqual(['by-tomas']);
    expect(slugsOf(await find('dunes', EVERYTHING, { from: '2026-03-01' }))).toEqual(['by-tomas']);
    expect(slugsOf(await find('dunes', EVERYTHING, { to: '2026-02-01' }))).toEqual(['old-dunes']);
    const bad = await find('dunes', EVERYTHING, { from: '2026-02-31', section: 'nowhere' });
    expect(bad.hits).toHaveLength(2);
    expect(bad.notices.join(' ')).toMatch(/From must be a date/);
    expect(bad.notices.join(' ')).toMatch(/no such section/);
  });

  it('sorts by date when asked', async () => {
    expect(slugsOf(await find('dunes', EVERYTHING, { sort: 'date' }))).toEqual(['by-tomas', 'old-dunes']);
  });

  it('pages through results, and stops at the last page offered', async () => {
    const first = await find('pebble', EVERYTHING, { sort: 'date' });
    expect(first.hits).toHaveLength(SEARCH_PAGE_SIZE);
    expect(first.hasNextPage).toBe(true);
    const second = await find('pebble', EVERYTHING, { sort: 'date', page: '2' });
    expect(second.hits).toHaveLength(5);
    expect(second.hasNextPage).toBe(false);
    expect(new Set([...slugsOf(first), ...slugsOf(second)]).size).toBe(SEARCH_PAGE_SIZE + 5);
    const beyond = await find('pebble', EVERYTHING, { page: String(MAX_SEARCH_PAGE + 1) });
    expect(beyond.page).toBe(MAX_SEARCH_PAGE);
    expect(beyond.notices.join(' ')).toMatch(/Results stop at page/);
  });

  it('shows scheduled articles only once they are due', async () => {
    expect(slugsOf(await find('comet'))).toEqual([]);
    clock.advance(6 * HOUR);
    try {
      expect(slugsOf(await find('comet'))).toEqual(['future-comet']);
    } finally {
      clock.set(FIXTURE_NOW);
    }
  });

  it('a word only past the wall does not match for a reader not entitled, and does for one who is', async () => {
    expect((await find('zanzibarite', NOTHING)).hits).toEqual([]);
    expect((await find('zanzibarite', ['free', 'registered'])).hits).toEqual([]);
    expect((await find('zanzibar*', NOTHING)).hits).toEqual([]);
    expect((await find('quorvex', NOTHING)).hits).toEqual([]);
    expect(slugsOf(await find('quorvex', ['free', 'registered']))).toEqual(['registered-only']);
    const entitled = await find('zanzibarite', EVERYTHING);
    expect(slugsOf(entitled)).toEqual(['premium-secret']);
    expect(plain(entitled.hits[0]!.snippet)).toContain('zanzibarite');
  });

  it('finds a gated article by its headline, standfirst and teaser, with a snippet from the teaser only', async () => {
    for (const q of ['beaconhall', 'money', 'trustees', 'minutes']) expect(slugsOf(await find(q, NOTHING)), q).toEqual(['premium-secret']);
    const [hit] = (await find('beaconhall', NOTHING)).hits;
    expect(plain(hit!.snippet)).not.toContain('zanzibarite');
    expect(plain(hit!.snippet)).not.toContain('Behind the wall');
  });

  it('never searches a teaser cut wider than WALL_TEASER_BLOCKS now allows (until a reindex)', async () => {
    // Indexed with 2 teaser blocks: 'minutes' is the premium article's second block.
    const narrower = createSearchService({ db: database.db, clock, teaserBlocks: 1, language: 'en-GB', timeZone: 'Europe/London' });
    expect((await narrower.search({ q: 'minutes', sort: 'relevance' }, NOTHING)).hits).toEqual([]);
    // Entitled readers search the full text, which no setting cuts.
    expect(slugsOf(await narrower.search({ q: 'minutes', sort: 'relevance' }, EVERYTHING))).toEqual(['premium-secret']);
  });

  it('answers an empty or wordless query with no search at all', async () => {
    for (const q of ['', '   ', '"" * ( ) : ^ -', '**']) {
      const model = await find(q);
      expect(model.isEmptyQuery, q).toBe(true);
      expect(model.hits).toEqual([]);
    }
  });

  it('never fails on query syntax from either engine', async () => {
    const hostile = [
      'NEAR(a b)',
      'title:turbines',
      '{headline} : x',
      'a AND OR NOT b',
      "o'brien",
      '"unclosed phrase',
      "'quote' & | ! <-> :* \\",
      'turbines^2',
      'a* b* c*',
      '\u0002mark\u0003',
      'x'.repeat(500),
      'the',
      '"the of and"',
      '🙂 emoji',
      'ünïcödé café',
    ];
    for (const q of hostile) await expect(find(q), q).resolves.toBeDefined();
  });

  it('keeps the documents of the articles a write names: unpublished, they go; republished, they return', async () => {
    const id = ids.get('headline-turbines')!;
    await database.db.updateTable('articles').set({ status: 'withdrawn' }).where('id', '=', id).execute();
    await search.refreshArticles(database.db, [id]);
    expect(slugsOf(await find('turbines'))).toEqual(['body-mentions-turbines']);
    await database.db.updateTable('articles').set({ status: 'published', headline: 'Turbines return' }).where('id', '=', id).execute();
    await search.refreshArticles(database.db, [id]);
    expect(slugsOf(await find('return'))).toEqual(['headline-turbines']);
  });
});
