import { afterAll, beforeAll, expect, it } from 'vitest';
import { preparedQuery } from '../../core/db/prepared-query.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { isArticlePublishedAndDue, isPublishedAndDue, isScheduled } from './article-publication.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

const now = FIXTURE_NOW.toISOString();
const DUE = ['council-agrees-budget', 'ferry-timetable-changes', 'harbour-wall-repaired', 'members-only-analysis', 'premium-investigation'];

describeEachEngine('the published-and-due rule', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedFixtureNewspaper(database.db);
  });
  afterAll(() => database.destroy());

  const slugsWhere = async (condition: ReturnType<typeof isPublishedAndDue>) =>
    (await database.db.selectFrom('articles').where(condition).select('slug').orderBy('slug').execute()).map((row) => row.slug);

  it('keeps published articles whose time has come; drops drafts, withdrawn and scheduled ones', async () => {
    expect(await slugsWhere(isPublishedAndDue(now))).toEqual(DUE);
    expect(await slugsWhere(isScheduled(now))).toEqual(['scheduled-for-tomorrow']);
    // At its publication instant an article is due (<=), not scheduled.
    const harbour = await database.db
      .selectFrom('articles')
      .where('slug', '=', 'harbour-wall-repaired')
      .select('published_at')
      .executeTakeFirstOrThrow();
    expect(await slugsWhere(isPublishedAndDue(harbour.published_at!))).toContain('harbour-wall-repaired');
    expect(await slugsWhere(isScheduled(harbour.published_at!))).not.toContain('harbour-wall-repaired');
    const justBefore = new Date(Date.parse(harbour.published_at!) - 1).toISOString();
    expect(await slugsWhere(isPublishedAndDue(justBefore))).not.toContain('harbour-wall-repaired');
  });

  it('applies to an aliased articles table, and inside a prepared query with now as an argument', async () => {
    const aliased = await database.db
      .selectFrom('articles as a')
      .where(isPublishedAndDue(now, 'a'))
      .select('a.slug')
      .orderBy('a.slug')
      .execute();
    expect(aliased.map((row) => row.slug)).toEqual(DUE);
    const dueBySlug = preparedQuery('testDueBySlug', (db, args: { slug: string; now: string }) =>
      db.selectFrom('articles').where('slug', '=', args.slug).where(isPublishedAndDue(args.now)).select('slug'),
    );
    expect((await dueBySlug(database.db, { slug: 'council-agrees-budget', now })).rows).toEqual([{ slug: 'council-agrees-budget' }]);
    expect((await dueBySlug(database.db, { slug: 'scheduled-for-tomorrow', now })).rows).toEqual([]);
    const tomorrow = new Date(FIXTURE_NOW.getTime() + 86_400_000).toISOString();
    expect((await dueBySlug(database.db, { slug: 'scheduled-for-tomorrow', now: tomorrow })).rows).toHaveLength(1);
  });

  it('says the same of an article in memory', () => {
    expect(isArticlePublishedAndDue({ status: 'published', publishedAt: now }, now)).toBe(true);
    expect(isArticlePublishedAndDue({ status: 'published', publishedAt: '2026-03-10T12:00:00.001Z' }, now)).toBe(false);
    expect(isArticlePublishedAndDue({ status: 'published', publishedAt: null }, now)).toBe(false);
    expect(isArticlePublishedAndDue({ status: 'draft', publishedAt: now }, now)).toBe(false);
    expect(isArticlePublishedAndDue({ status: 'withdrawn', publishedAt: now }, now)).toBe(false);
  });
});
