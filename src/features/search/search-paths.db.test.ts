// The query paths behind one search, on both engines. PostgreSQL answers from
// the GIN's matches (`index`) or by walking the reader's documents newest first
// (`newest-first`), chosen by the planner's estimate (search-postgres.ts);
// SQLite has one path. While no budget binds, every path gives SQLite's answer,
// the paywall included; where a budget binds, the walk answers from the newest
// documents only.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { isPostgres } from '../../core/db/database.js';
import type { AccessLevel } from '../../core/db/schema.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { insertArticle } from '../articles/testing/article-fixtures.js';
import { FIXTURE_NOW, paragraph, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import {
  choosePostgresPath,
  POSTGRES_SEARCH_BUDGET,
  searchPostgres,
  type PostgresCandidatePath,
  type PostgresSearchBudget,
} from './search-postgres.js';
import { parseSearchQuery } from './search-query.js';
import type { SearchHitRow, SearchQuery } from './search-sql.js';
import { searchArticles } from './search.queries.js';
import { createSearchService } from './search.service.js';

const HOUR = 3_600_000;
const EVERYTHING: AccessLevel[] = ['free', 'registered', 'premium'];
const NOTHING: AccessLevel[] = [];
const PATHS: (PostgresCandidatePath | 'chosen')[] = ['index', 'newest-first', 'chosen'];
/** Twelve articles mention the kelp beds, a minute apart and newer than the fixture newspaper's; the newest is "kelp-1". */
const KELP_ARTICLES = 12;

describeEachEngine('search paths', (engine) => {
  let database: TestDatabase;

  function queryOf(q: string, levels: AccessLevel[], extra: Partial<SearchQuery> = {}): SearchQuery {
    return {
      terms: parseSearchQuery(q),
      fullTextLevels: levels,
      filters: {},
      sort: 'relevance',
      limit: 21,
      offset: 0,
      now: FIXTURE_NOW.toISOString(),
      teaserBlocks: 2,
      textSearchConfig: 'english',
      ...extra,
    };
  }

  /** PostgreSQL on `path` (or the chosen one) within `budget`; SQLite's one path. */
  function run(
    query: SearchQuery,
    path: PostgresCandidatePath | 'chosen',
    budget: Partial<PostgresSearchBudget> = {},
  ): Promise<SearchHitRow[]> {
    if (!isPostgres(database.db)) return searchArticles(database.db, query);
    return searchPostgres(database.db, query, {
      budget: { ...POSTGRES_SEARCH_BUDGET, ...budget },
      ...(path === 'chosen' ? {} : { path }),
    });
  }
  const slugs = (rows: SearchHitRow[]) => rows.map((row) => row.slug);

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const db = database.db;
    await seedFixtureNewspaper(db);
    const sections = await db.selectFrom('sections').select(['id', 'path']).execute();
    const sectionId = (path: string) => sections.find((row) => row.path === path)!.id;
    const author = await db.selectFrom('authors').select('id').executeTakeFirstOrThrow();
    const add = (
      slug: string,
      options: { headline: string; paragraphs: string[]; hoursAgo: number; access?: AccessLevel; section?: string },
    ) =>
      insertArticle(db, {
        slug,
        sectionId: sectionId(options.section ?? 'world'),
        kicker: '',
        headline: options.headline,
        standfirst: '',
        bodyJson: JSON.stringify({ type: 'doc', content: options.paragraphs.map(paragraph) }),
        heroImageId: null,
        agencyCredit: '',
        accessLevel: options.access ?? 'free',
        commentsEnabled: true,
        status: 'published',
        publishedAt: new Date(FIXTURE_NOW.getTime() - options.hoursAgo * HOUR).toISOString(),
        updatedAt: null,
        authorIds: [author.id],
        topicIds: [],
        now: FIXTURE_NOW.toISOString(),
      });
    // Inserted oldest first, so index order and publication agree; the premium article is the newest of all.
    for (let day = KELP_ARTICLES; day >= 1; day--)
      await add(`kelp-${day}`, {
        headline: day === 7 ? 'Kelp beds counted' : `Shore notes ${day}`,
        // Four blocks: the teaser (two of them) holds the kelp.
        paragraphs: [
          day % 3 === 0 ? 'The tide pool lantern was lit near the kelp.' : 'The kelp grew; a lantern, then a tide pool.',
          'Divers went out.',
          'Boats came back.',
          'Nothing else.',
        ],
        hoursAgo: day / 60,
        section: day % 2 === 0 ? 'politics' : 'world',
      });
    await add('kelp-premium', {
      headline: 'Harvest of the deep',
      paragraphs: ['Boats left early.', 'Nets were checked.', 'Past the wall: kelp and marrowvex.', 'The end.'],
      hoursAgo: 0,
      access: 'premium',
    });
    const search = createSearchService({
      db,
      clock: fixedClock(FIXTURE_NOW),
      teaserBlocks: 2,
      language: 'en-GB',
      timeZone: 'Europe/London',
    });
    await search.reindex();
  });
  afterAll(() => database.destroy());

  it('gives the same page on every path while no budget binds: by date, by relevance, phrases, prefixes, filters', async () => {
    const kelpByDate = Array.from({ length: KELP_ARTICLES }, (_, index) => `kelp-${index + 1}`);
    for (const path of PATHS) {
      expect(slugs(await run(queryOf('kelp', NOTHING, { sort: 'date' }), path)), path).toEqual(kelpByDate);
      expect(slugs(await run(queryOf('kelp', EVERYTHING, { sort: 'date' }), path)), path).toEqual(['kelp-premium', ...kelpByDate]);
      // The headline match ranks first.
      expect(slugs(await run(queryOf('kelp', NOTHING), path))[0], path).toBe('kelp-7');
      expect(slugs(await run(queryOf('"lantern was lit"', NOTHING, { sort: 'date' }), path)), path).toEqual([
        'kelp-3',
        'kelp-6',
        'kelp-9',
        'kelp-12',
      ]);
      expect(slugs(await run(queryOf('lante* kelp', NOTHING, { sort: 'date' }), path)), path).toEqual(kelpByDate);
      const politics = await run(queryOf('kelp', NOTHING, { sort: 'date', filters: { sectionPath: 'politics' } }), path);
      expect(slugs(politics), path).toEqual(kelpByDate.filter((slug) => Number(slug.split('-')[1]) % 2 === 0));
      // Paging: the second page starts where the first stopped.
      expect(slugs(await run(queryOf('kelp', NOTHING, { sort: 'date', limit: 5, offset: 5 }), path)), path).toEqual(
        kelpByDate.slice(5, 10),
      );
    }
  });

  it('keeps the wall on every path: a word only past it neither matches nor shows for a reader not entitled', async () => {
    for (const path of PATHS) {
      expect(await run(queryOf('marrowvex', NOTHING), path), path).toEqual([]);
      expect(await run(queryOf('marrowvex', ['free', 'registered']), path), path).toEqual([]);
      expect(await run(queryOf('marro*', NOTHING), path), path).toEqual([]);
      const teaser = (await run(queryOf('harvest', NOTHING), path))[0]!;
      expect(teaser.slug, path).toBe('kelp-premium');
      expect(`${teaser.headline} ${teaser.standfirst} ${teaser.snippet}`, path).not.toMatch(/marrowvex|Past the wall/);
      const entitled = await run(queryOf('marrowvex', EVERYTHING), path);
      expect(slugs(entitled), path).toEqual(['kelp-premium']);
      expect(entitled[0]!.snippet, path).toContain('marrowvex');
    }
  });

  it('answers from the newest documents only where the walk reaches its budget (PostgreSQL)', async () => {
    const budget = { examinedDocuments: 4 };
    const newest = slugs(await run(queryOf('kelp', NOTHING, { sort: 'date' }), 'newest-first', budget));
    const relevant = slugs(await run(queryOf('kelp', NOTHING), 'newest-first', budget));
    if (!isPostgres(database.db)) {
      // SQLite's FTS5 hands over its matches newest first and needs no walk: every match counts.
      expect(newest).toHaveLength(KELP_ARTICLES);
      return;
    }
    // The four newest teasers are the premium article's (no kelp before its wall) and kelp-1 to kelp-3.
    expect(newest).toEqual(['kelp-1', 'kelp-2', 'kelp-3']);
    expect(relevant.sort()).toEqual(['kelp-1', 'kelp-2', 'kelp-3']);
    // Ranked candidates are the newest matches.
    expect(slugs(await run(queryOf('kelp', NOTHING), 'index', { rankedCandidates: 2 })).sort()).toEqual(['kelp-1', 'kelp-2']);
  });

  it('takes the walk when the estimate expects many matches, and when the index hands over more than it allows (PostgreSQL)', async () => {
    if (!isPostgres(database.db)) return;
    const db = database.db;
    const many = { ...POSTGRES_SEARCH_BUDGET, estimatedMatchLimit: 5 };
    expect(await choosePostgresPath(db, queryOf('kelp', EVERYTHING), many)).toBe('newest-first');
    expect(await choosePostgresPath(db, queryOf('harvest', EVERYTHING), many)).toBe('index');
    expect(await choosePostgresPath(db, queryOf('kelp', EVERYTHING))).toBe('index');
    // The index path starts (a generous estimate limit), finds more than 3 matches, and gives way to a walk of 4 documents.
    const rows = await run(queryOf('kelp', NOTHING, { sort: 'date' }), 'chosen', {
      estimatedMatchLimit: 1_000,
      indexMatchLimit: 3,
      examinedDocuments: 4,
    });
    expect(slugs(rows)).toEqual(['kelp-1', 'kelp-2', 'kelp-3']);
  });
});
