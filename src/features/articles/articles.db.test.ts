import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import * as queries from './articles.queries.js';
import * as repository from './articles.repository.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

const now = FIXTURE_NOW.toISOString();

describeEachEngine('article queries', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedFixtureNewspaper(database.db, { extraArticles: 3 });
  });
  afterAll(() => database.destroy());

  it('reads a published article with authors in byline order, topics, section parent and hero', async () => {
    const article = await queries.findPublishedArticleBySlug(database.db, 'council-agrees-budget', now);
    expect(article).toMatchObject({
      headline: 'Council agrees budget after late-night session',
      sectionPath: 'politics',
      section: { path: 'politics', name: 'Politics', parent: null },
      accessLevel: 'free',
      commentsEnabled: true,
      agencyCredit: 'Additional reporting by Fixture Wire',
      hero: { publicId: 'fixture-hero', alt: 'A blue test card', width: 32, height: 18 },
    });
    expect(article!.authors.map((author) => author.slug)).toEqual(['ada-fenwick', 'tomas-ruiz']);
    expect(article!.body.content).toHaveLength(3);
    const europe = await queries.findPublishedArticleBySlug(database.db, 'harbour-wall-repaired', now);
    expect(europe!.section.parent).toEqual({ path: 'world', name: 'World' });
    expect(europe!.topics).toEqual([{ slug: 'coast', name: 'The coast' }]);
  });

  it('never returns drafts, withdrawn or future articles', async () => {
    for (const slug of ['unfinished-draft', 'retracted-report', 'scheduled-for-tomorrow']) {
      expect(await queries.findPublishedArticleBySlug(database.db, slug, now)).toBeNull();
    }
    expect(await queries.findArticleStatus(database.db, 'retracted-report')).toBe('withdrawn');
    expect(await queries.findArticleStatus(database.db, 'unfinished-draft')).toBe('unpublished');
    expect(await queries.findArticleStatus(database.db, 'nothing-here')).toBe('missing');
    const tomorrow = new Date(FIXTURE_NOW.getTime() + 21 * 3600_000).toISOString();
    expect(await queries.findPublishedArticleBySlug(database.db, 'scheduled-for-tomorrow', tomorrow)).not.toBeNull();
  });

  it('lists the curated front in slot order', async () => {
    const front = await queries.listFrontArticles(database.db, 'home', now);
    expect(front.map((card) => card.slug)).toEqual(['council-agrees-budget', 'harbour-wall-repaired']);
  });

  it('finds the next scheduled publication, and the articles that went live in a time range', async () => {
    const due = new Date(FIXTURE_NOW.getTime() + 20 * 3600_000).toISOString();
    expect(await repository.findNextPublicationAt(database.db, now)).toBe(due);
    expect(await repository.findNextPublicationAt(database.db, due)).toBeNull();
    const scheduled = await repository.findArticleIdBySlug(database.db, 'scheduled-for-tomorrow');
    expect(await repository.listArticleIdsDueBetween(database.db, now, due, 10)).toEqual([scheduled!.id]);
    expect(await repository.listArticleIdsDueBetween(database.db, due, '2027-01-01T00:00:00.000Z', 10)).toEqual([]);
  });

  it('reads where articles are listed, for their cache tags', async () => {
    const budget = await repository.findArticleIdBySlug(database.db, 'council-agrees-budget');
    const harbour = await repository.findArticleIdBySlug(database.db, 'harbour-wall-repaired');
    const listings = await repository.findArticleListings(database.db, [budget!.id, harbour!.id]);
    const listingOf = (id: number) => listings.find((listing) => listing.id === id);
    expect(listings).toHaveLength(2);
    expect(listingOf(budget!.id)).toMatchObject({ status: 'published', sectionPath: 'politics', topicSlugs: [] });
    expect(listingOf(budget!.id)!.authorSlugs.sort()).toEqual(['ada-fenwick', 'tomas-ruiz']);
    expect(listingOf(harbour!.id)).toMatchObject({ sectionPath: 'world/europe', topicSlugs: ['coast'], authorSlugs: ['ada-fenwick'] });
    expect(await repository.findArticleListings(database.db, [])).toEqual([]);
  });

  it('bumps the version and modification time when an article changes', async () => {
    const existing = await repository.findArticleIdBySlug(database.db, 'ferry-timetable-changes');
    const changedAt = '2026-03-10T13:00:00.000Z';
    expect(await repository.updateArticleRow(database.db, existing!.id, { standfirst: 'A new standfirst.' }, changedAt)).toBe(true);
    const article = await queries.findPublishedArticleBySlug(database.db, 'ferry-timetable-changes', changedAt);
    expect(article).toMatchObject({ standfirst: 'A new standfirst.', version: 2, modifiedAt: changedAt });
    expect(await repository.updateArticleRow(database.db, 999_999, { standfirst: 'x' }, changedAt)).toBe(false);
  });

  it('rejects an access level or status outside the allowed set', async () => {
    const existing = await repository.findArticleIdBySlug(database.db, 'ferry-timetable-changes');
    await expect(repository.updateArticleRow(database.db, existing!.id, { accessLevel: 'vip' as never }, now)).rejects.toThrow();
    await expect(repository.updateArticleRow(database.db, existing!.id, { status: 'lost' as never }, now)).rejects.toThrow();
  });
});
