// Fronts and renamed paths on both engines: a front's version moves once per
// save (a second save from the same version loses, including two first saves
// at once), the bounded headline search finds only live stories of the
// scope, a section listing leaves its pinned stories out, and path redirects
// never chain and never shadow a live path.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import * as fronts from './fronts.repository.js';
import * as queries from './articles.queries.js';
import { readListingPage } from './listings.queries.js';
import { findPathRedirect, recordPathMove } from './taxonomy-editing.repository.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

const now = FIXTURE_NOW.toISOString();

describeEachEngine('fronts and path redirects', (engine) => {
  let database: TestDatabase;
  const ids = new Map<string, number>();
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedFixtureNewspaper(database.db);
    for (const row of await database.db.selectFrom('articles').select(['id', 'slug']).execute()) ids.set(row.slug, row.id);
  });
  afterAll(() => database.destroy());

  it('moves a front version once per save; the loser of two saves from one version changes nothing', async () => {
    const claim = (expected: number) =>
      database.db.transaction().execute((trx) => fronts.claimFrontVersion(trx, { front: 'section:1', expected, now, byName: 'Test' }));
    const firsts = await Promise.all([claim(0), claim(0)]);
    expect(firsts.filter(Boolean)).toHaveLength(1);
    expect(await fronts.readFrontVersion(database.db, 'section:1')).toBe(1);
    expect(await claim(0)).toBe(false);
    const seconds = await Promise.all([claim(1), claim(1)]);
    expect(seconds.filter(Boolean)).toHaveLength(1);
    expect(await fronts.readFrontVersion(database.db, 'section:1')).toBe(2);
    expect(await fronts.readFrontVersion(database.db, 'never-saved')).toBe(0);
  });

  it('searches live headlines of the scope only, newest first, up to the limit', async () => {
    const search = (words: string[], sectionIds: number[] | null, limit = 10) =>
      fronts.searchLiveHeadlines(database.db, { words, sectionIds, now, limit });
    expect((await search(['budget'], null)).map((row) => row.id)).toEqual([
      ids.get('council-agrees-budget'),
      ids.get('members-only-analysis'),
    ]);
    expect(await search(['budget'], null, 1)).toHaveLength(1);
    expect(await search(['draft'], null)).toEqual([]);
    expect(await search(['scheduled'], null)).toEqual([]);
    expect(await search(['%'], null)).toEqual([]);
    const world = await queries.findSectionByPath(database.db, 'world');
    const tree = await queries.listSectionTreeIds(database.db, world!.id);
    expect((await search(['harbour'], tree)).map((row) => row.id)).toEqual([ids.get('harbour-wall-repaired')]);
    expect(await search(['budget'], tree)).toEqual([]);
  });

  it('leaves a section’s pinned stories out of its listing', async () => {
    const world = await queries.findSectionByPath(database.db, 'world');
    const sectionIds = await queries.listSectionTreeIds(database.db, world!.id);
    const page = (excludeIds: number[]) =>
      readListingPage(database.db, { kind: 'sections', sectionIds, excludeIds }, { now, position: { kind: 'newest' }, pageSize: 10 });
    const all = await page([]);
    const without = await page([ids.get('harbour-wall-repaired')!]);
    if (all.kind !== 'page' || without.kind !== 'page') throw new Error('no page');
    expect(all.page.items.map((card) => card.slug)).toContain('harbour-wall-repaired');
    expect(without.page.items.map((card) => card.slug)).not.toContain('harbour-wall-repaired');
    expect(without.page.items).toHaveLength(all.page.items.length - 1);
  });

  it('records renames without chains, and a path taken back is live again', async () => {
    const move = (oldPath: string, newPath: string) =>
      database.db.transaction().execute((trx) => recordPathMove(trx, { oldPath, newPath, now }));
    await move('/topic/a', '/topic/b');
    await move('/topic/b', '/topic/c');
    expect(await findPathRedirect(database.db, '/topic/a')).toBe('/topic/c');
    expect(await findPathRedirect(database.db, '/topic/b')).toBe('/topic/c');
    await move('/topic/c', '/topic/a');
    expect(await findPathRedirect(database.db, '/topic/a')).toBeNull();
    expect(await findPathRedirect(database.db, '/topic/b')).toBe('/topic/a');
    expect(await findPathRedirect(database.db, '/topic/c')).toBe('/topic/a');
  });
});
