// The Content API's queries on both engines: only readable posts, filters as
// bound conditions, the capped count, reads by id and slug; content keys; and,
// on SQLite, that a browse walks the listing index without sorting.
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { createApiKeysService } from '../admin-api/api-keys.service.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import * as queries from './content-api.queries.js';
import { parseFilter } from './content-filter.js';
import { postConditionOf, type PostCondition } from './post-filter.js';

const now = FIXTURE_NOW.toISOString();

describeEachEngine('Content API queries', (engine) => {
  let database: TestDatabase;
  let taxonomy: queries.ContentTaxonomy;
  const condition = (filter: string) => postConditionOf(parseFilter(filter), taxonomy);
  const slugsOf = async (ids: number[]) => (await queries.readPosts(database.db, ids, now)).map((post) => post.slug);
  const browse = async (filter: string | null, extra: { order?: 'asc' | 'desc'; limit?: number; offset?: number } = {}) =>
    slugsOf(
      await queries.browsePostIds(database.db, {
        now,
        condition: filter === null ? null : condition(filter),
        order: extra.order ?? 'desc',
        limit: extra.limit ?? 100,
        offset: extra.offset ?? 0,
      }),
    );

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedFixtureNewspaper(database.db, { extraArticles: 12 });
    taxonomy = await queries.readTaxonomy(database.db);
  });
  afterAll(() => database.destroy());

  it('reads the taxonomy whole', () => {
    expect(taxonomy.sections.map((section) => section.path)).toEqual(['politics', 'world', 'world/europe']);
    expect(taxonomy.topics.map((topic) => topic.slug)).toEqual(['coast']);
    expect(taxonomy.authors.map((author) => author.slug)).toEqual(['ada-fenwick', 'tomas-ruiz']);
  });

  it('browses readable posts only, in publication order both ways, by offset', async () => {
    const newest = await browse(null);
    expect(newest).toHaveLength(17);
    expect(newest.slice(0, 3)).toEqual(['harbour-wall-repaired', 'council-agrees-budget', 'ferry-timetable-changes']);
    for (const hidden of ['scheduled-for-tomorrow', 'unfinished-draft', 'retracted-report']) expect(newest).not.toContain(hidden);
    expect(await browse(null, { order: 'asc' })).toEqual([...newest].reverse());
    expect(await browse(null, { limit: 2, offset: 2 })).toEqual(newest.slice(2, 4));
  });

  it('applies filters as conditions: sections, topics, authors, front, dates, levels, ids and slugs, negated and combined', async () => {
    expect(await browse('tag:world')).toEqual(expect.arrayContaining(['ferry-timetable-changes', 'generated-story-1']));
    expect(await browse('tag:world')).not.toContain('harbour-wall-repaired');
    expect(await browse('tag:coast+tag:-world-europe')).toEqual(['ferry-timetable-changes']);
    expect(await browse('primary_author:tomas-ruiz')).toEqual([]);
    expect(await browse('author:tomas-ruiz')).toEqual(['council-agrees-budget']);
    expect(await browse('primary_author:ada-fenwick+featured:true')).toEqual(['harbour-wall-repaired', 'council-agrees-budget']);
    expect(await browse("published_at:>='2026-03-10 07:00:00'")).toEqual(['harbour-wall-repaired', 'council-agrees-budget']);
    expect(await browse("published_at:<'2026-03-10 07:00:00'+published_at:>'2026-03-08'")).toEqual([
      'ferry-timetable-changes',
      'members-only-analysis',
    ]);
    expect(await browse('visibility:-public')).toEqual(['members-only-analysis', 'premium-investigation']);
    expect(await browse('slug:[harbour-wall-repaired,unfinished-draft]')).toEqual(['harbour-wall-repaired']);
    expect(await browse('(tag:politics,tag:coast)+visibility:public')).toEqual([
      'harbour-wall-repaired',
      'council-agrees-budget',
      'ferry-timetable-changes',
    ]);
    expect(await browse('tag:nothing-by-that-name')).toEqual([]);
    // One topic or one author: the link tables' walk (content-api.queries.ts), same answers as the site's walk.
    expect(await browse('tag:coast')).toEqual(['harbour-wall-repaired', 'ferry-timetable-changes', 'premium-investigation']);
    expect(await browse('tag:coast', { order: 'asc', limit: 2, offset: 1 })).toEqual(['ferry-timetable-changes', 'harbour-wall-repaired']);
    expect(await browse('author:ada-fenwick')).toEqual(await browse(null));
    expect(await queries.countPostsCapped(database.db, { now, condition: condition('tag:coast') })).toBe(3);
    // featured:true alone starts from the home front's slots.
    const front = await queries.withFrontIds(database.db, condition('featured:true'));
    expect(front).toEqual({ kind: 'ids', ids: [expect.any(Number), expect.any(Number)] });
    expect(await slugsOf(await queries.browsePostIds(database.db, { now, condition: front, order: 'desc', limit: 15, offset: 0 }))).toEqual(
      ['harbour-wall-repaired', 'council-agrees-budget'],
    );
    expect(await queries.withFrontIds(database.db, condition('featured:false'))).toEqual(condition('featured:false'));
    expect(await queries.countPostsCapped(database.db, { now, condition: front })).toBe(2);
    expect(await browse('id:[1,2,3]', { order: 'asc', limit: 2, offset: 1 })).toHaveLength(2);
    expect(await queries.countPostsCapped(database.db, { now, condition: condition('author:tomas-ruiz') })).toBe(1);
    expect(await browse('tag:-nothing-by-that-name')).toHaveLength(17);
  });

  it('counts no further than the cap', async () => {
    expect(await queries.countPostsCapped(database.db, { now, condition: null })).toBe(17);
    expect(await queries.countPostsCapped(database.db, { now, condition: null, cap: 5 })).toBe(5);
    expect(await queries.countPostsCapped(database.db, { now, condition: condition('visibility:paid') })).toBe(1);
  });

  it('finds a readable post by id or slug, and nothing else', async () => {
    const id = await queries.findPostId(database.db, { now, slug: 'harbour-wall-repaired' });
    expect(id).not.toBeNull();
    expect(await queries.findPostId(database.db, { now, id: id! })).toBe(id);
    expect(await queries.findPostId(database.db, { now, slug: 'scheduled-for-tomorrow' })).toBeNull();
    expect(await queries.findPostId(database.db, { now, slug: 'unfinished-draft' })).toBeNull();
    const [post] = await queries.readPosts(database.db, [id!], now);
    expect(post).toMatchObject({ featured: true, accessLevel: 'free', hero: { publicId: 'fixture-hero' }, topicIds: [expect.any(Number)] });
  });

  it('content keys: 26 hex characters, hashed, never an admin key, revocable', async () => {
    const keys = createApiKeysService({ db: database.db, clock: fixedClock(FIXTURE_NOW) });
    const created = await keys.create({ name: 'Site', role: 'content' });
    if (created.kind !== 'created') throw new Error(created.kind);
    expect(created.key).toMatch(/^[0-9a-f]{26}$/);
    const row = await database.db.selectFrom('api_keys').selectAll().where('name', '=', 'Site').executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(await keys.authenticateContentKey(created.key)).toBe(true);
    expect(await keys.authenticate(`Bearer ${created.key}`)).toBeNull();
    const admin = await keys.create({ name: 'Desk', role: 'editor' });
    if (admin.kind !== 'created') throw new Error(admin.kind);
    for (const key of [admin.key, undefined, '', ['a'], created.key.toUpperCase(), `${created.key}0`])
      expect(await keys.authenticateContentKey(key)).toBe(false);
    expect(await keys.revoke('Site')).toBe(true);
    expect(await keys.authenticateContentKey(created.key)).toBe(false);
  });

  it('gives the same posts and counts on its own walks as on the site walk (a topic or author with dates or more, a primary author)', async () => {
    // An OR of one condition is never given a walk of its own: the site's walk with every condition checked per article.
    const onSiteWalk = (filter: string): PostCondition => ({ kind: 'or', children: [condition(filter)] });
    for (const filter of [
      "tag:coast+published_at:<'2026-03-09'",
      "author:ada-fenwick+published_at:>='2026-03-01'",
      'author:ada-fenwick+tag:world',
      'author:ada-fenwick+featured:false',
      'primary_author:ada-fenwick',
      'primary_author:tomas-ruiz',
      "primary_author:ada-fenwick+published_at:<'2026-03-10'",
      'tag:world+visibility:public',
      'tag:coast+visibility:paid',
    ]) {
      for (const order of ['asc', 'desc'] as const) {
        const own = await queries.browsePostIds(database.db, { now, condition: condition(filter), order, limit: 100, offset: 1 });
        const site = await queries.browsePostIds(database.db, { now, condition: onSiteWalk(filter), order, limit: 100, offset: 1 });
        expect(own, `${filter} ${order}`).toEqual(site);
      }
      expect(await queries.countPostsCapped(database.db, { now, condition: condition(filter) }), filter).toBe(
        await queries.countPostsCapped(database.db, { now, condition: onSiteWalk(filter) }),
      );
    }
    expect(await browse('primary_author:ada-fenwick')).toContain('harbour-wall-repaired');
    expect(await browse("tag:coast+published_at:<'2026-03-10T11:00:00.000Z'")).not.toContain('harbour-wall-repaired');
  });

  it.runIf(engine === 'sqlite')('walks the listing index without sorting, filtered or not', async () => {
    for (const filter of [null, 'visibility:public', 'tag:coast+visibility:public', "published_at:<'2026-03-01'"]) {
      const compiled = queries
        .browsePostIdsQuery(database.db, {
          now,
          condition: filter === null ? null : condition(filter),
          order: 'desc',
          limit: 15,
          offset: 0,
        })
        .compile();
      const plan = await database.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
      );
      const details = plan.rows.map((row) => row.detail).join('\n');
      expect(details, String(filter)).toMatch(/articles_listing_idx|articles_content_api_idx/);
      expect(details, String(filter)).not.toMatch(/TEMP B-TREE|^SCAN articles\b/m);
    }
    // One topic or one author, alone or with conditions other than a level, walks its link table's listing index (decision 011), counted there too.
    for (const [filter, index] of [
      ['tag:coast', 'article_topics_listing_idx'],
      ['author:ada-fenwick', 'article_authors_listing_idx'],
      ["tag:coast+published_at:<'2026-03-01'", 'article_topics_listing_idx'],
      ['primary_author:ada-fenwick', 'article_authors_listing_idx'],
      ['featured:true+author:ada-fenwick', 'article_authors_listing_idx'],
      // A section and a level walk their own index (migration 0031).
      ['tag:world+visibility:paid', 'articles_section_level_idx'],
    ] as const) {
      const walk = queries
        .browsePostIdsQuery(database.db, { now, condition: condition(filter), order: 'desc', limit: 15, offset: 0 })
        .compile();
      const walkPlan = await database.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${walk.sql}`, [...walk.parameters]),
      );
      const details = walkPlan.rows.map((row) => row.detail).join('\n');
      expect(details, filter).toContain(index);
      expect(details, filter).not.toMatch(/TEMP B-TREE/);
    }
    // One access level walks that level's index (migration 0025), not the whole site's.
    const paid = queries
      .browsePostIdsQuery(database.db, { now, condition: condition('visibility:paid'), order: 'desc', limit: 15, offset: 0 })
      .compile();
    const plan = await database.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${paid.sql}`, [...paid.parameters]),
    );
    expect(plan.rows.map((row) => row.detail).join('\n')).toMatch(
      /articles_content_api_idx \(access_level=\? AND status=\? AND published_at<\?\)/,
    );
  });
});
