// Listings as keyset walks (listings.queries.ts): every page, in both
// directions, against a plain oracle (every readable article of the scope,
// sorted), with ties on the publication time, scheduled, draft and withdrawn
// stories, and sections with subsections; and the link tables' copies of each
// article's status and time that topic and author walks read (migration 0012).
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ArticleStatus } from '../../core/db/schema.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import * as repository from './articles.repository.js';
import type { ListingCursor, ListingPosition } from './listing-cursor.js';
import { readListingPage, type ListingWalkScope } from './listings.queries.js';
import { listRelatedArticles } from './related-articles.queries.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

const now = FIXTURE_NOW.toISOString();
const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(FIXTURE_NOW.getTime() - hours * HOUR).toISOString();

interface GeneratedArticle {
  hoursAgo: number;
  status: ArticleStatus;
  section: 0 | 1 | 2;
  inTopic: boolean;
  byAuthor: boolean;
}

// Few distinct times, so many stories share one; 0 is "due this very moment", below 0 scheduled.
const generatedArticle: fc.Arbitrary<GeneratedArticle> = fc.record({
  hoursAgo: fc.integer({ min: -2, max: 4 }),
  status: fc.constantFrom<ArticleStatus>('published', 'published', 'published', 'draft', 'withdrawn'),
  section: fc.constantFrom(0 as const, 1 as const, 2 as const),
  inTopic: fc.boolean(),
  byAuthor: fc.boolean(),
});

describeEachEngine('listing walks', (engine) => {
  let database: TestDatabase;
  let run = 0;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedFixtureNewspaper(database.db);
  });
  afterAll(() => database.destroy());

  const idOf = async (slug: string) =>
    (await database.db.selectFrom('articles').where('slug', '=', slug).select('id').executeTakeFirstOrThrow()).id;

  /** Every readable article among `ids`, newest first: what every walk must agree with. */
  async function oracle(ids: number[]): Promise<ListingCursor[]> {
    if (ids.length === 0) return [];
    const rows = await database.db.selectFrom('articles').where('id', 'in', ids).select(['id', 'status', 'published_at']).execute();
    return rows
      .filter((row) => row.status === 'published' && row.published_at !== null && row.published_at <= now)
      .map((row) => ({ id: row.id, publishedAt: row.published_at! }))
      .sort((a, b) => (a.publishedAt === b.publishedAt ? b.id - a.id : a.publishedAt < b.publishedAt ? 1 : -1));
  }

  /** Follows "Older stories" from the newest page to the last: the ids in the order pages show them. */
  async function walkOlder(scope: ListingWalkScope, pageSize: number): Promise<number[][]> {
    const pages: number[][] = [];
    let position: ListingPosition | null = { kind: 'newest' };
    while (position) {
      // A walk that repeats itself would never end: no listing here has 100 pages.
      if (pages.length > 100) throw new Error('the walk does not end');
      const result = await readListingPage(database.db, scope, { now, position, pageSize });
      if (result.kind !== 'page') throw new Error(`${position.kind} page answered ${result.kind}`);
      pages.push(result.page.items.map((card) => card.id));
      expect(result.page.items.length).toBeLessThanOrEqual(pageSize);
      position = result.page.older;
    }
    return pages;
  }

  it('pages through every scope exactly as the oracle orders it, older and newer, with ties and unreadable stories', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(generatedArticle, { minLength: 0, maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(
          fc.record({
            index: fc.nat(),
            status: fc.constantFrom<ArticleStatus>('published', 'withdrawn'),
            hoursAgo: fc.integer({ min: -1, max: 4 }),
          }),
          {
            maxLength: 3,
          },
        ),
        async (articles, pageSize, changes) => {
          run++;
          const db = database.db;
          const root = await repository.insertSection(db, {
            path: `run${run}`,
            name: 'Root',
            description: '',
            parentId: null,
            position: 9,
          });
          const child = await repository.insertSection(db, {
            path: `run${run}/child`,
            name: 'Child',
            description: '',
            parentId: root,
            position: 0,
          });
          const leaf = await repository.insertSection(db, {
            path: `run${run}/child/leaf`,
            name: 'Leaf',
            description: '',
            parentId: child,
            position: 0,
          });
          const topicId = await repository.insertTopic(db, { slug: `run-${run}`, name: 'Run', description: '' });
          const authorId = await repository.insertAuthor(db, { slug: `run-${run}`, name: 'Run', jobTitle: '', bio: '', createdAt: now });
          const sections = [root, child, leaf];
          const inserted: { id: number; article: GeneratedArticle }[] = [];
          for (const [index, article] of articles.entries()) {
            const id = await repository.insertArticle(db, {
              slug: `run-${run}-story-${index}`,
              sectionId: sections[article.section]!,
              kicker: '',
              headline: `Story ${index}`,
              standfirst: '',
              bodyJson: JSON.stringify({ type: 'doc', content: [] }),
              heroImageId: null,
              agencyCredit: '',
              accessLevel: 'free',
              commentsEnabled: true,
              status: article.status,
              publishedAt: article.status === 'draft' && index % 2 === 0 ? null : hoursAgo(article.hoursAgo),
              updatedAt: null,
              authorIds: article.byAuthor ? [authorId] : [],
              topicIds: article.inTopic ? [topicId] : [],
              now,
            });
            inserted.push({ id, article });
          }
          // Changes after the links exist: the copies must follow the article.
          for (const change of changes) {
            const target = inserted[change.index % Math.max(1, inserted.length)];
            if (target)
              await repository.updateArticleRow(db, target.id, { status: change.status, publishedAt: hoursAgo(change.hoursAgo) }, now);
          }
          const ids = (filter: (article: GeneratedArticle) => boolean) =>
            inserted.filter((entry) => filter(entry.article)).map((entry) => entry.id);
          const excluded = inserted.filter((_, index) => index % 3 === 0).map((entry) => entry.id);
          const scopes: { scope: ListingWalkScope; ids: number[] }[] = [
            { scope: { kind: 'sections', sectionIds: [root, child, leaf] }, ids: ids(() => true) },
            { scope: { kind: 'sections', sectionIds: [child, leaf] }, ids: ids((article) => article.section > 0) },
            { scope: { kind: 'sections', sectionIds: [leaf] }, ids: ids((article) => article.section === 2) },
            { scope: { kind: 'topic', topicId }, ids: ids((article) => article.inTopic) },
            { scope: { kind: 'author', authorId }, ids: ids((article) => article.byAuthor) },
          ];
          for (const { scope, ids: scopeIds } of scopes) {
            const expected = (await oracle(scopeIds)).map((key) => key.id);
            const pages = await walkOlder(scope, pageSize);
            expect(pages.flat(), scope.kind).toEqual(expected);
            // Only the last page may be short, and only an empty listing has an empty page.
            expect(pages.slice(0, -1).every((page) => page.length === pageSize)).toBe(true);
            expect(pages.at(-1)!.length > 0 || expected.length === 0).toBe(true);
          }
          // The site's walk, leaving some stories out (as the home page leaves out its front).
          const site = await walkOlder({ kind: 'site', excludeIds: excluded }, 50);
          const everything = await oracle((await db.selectFrom('articles').select('id').execute()).map((row) => row.id));
          expect(site.flat()).toEqual(everything.filter((key) => !excluded.includes(key.id)).map((key) => key.id));
          // "Newer stories" from any readable story: the page's worth just newer, or the newest page when fewer remain.
          const order = await oracle(ids(() => true));
          for (const [index, key] of order.entries()) {
            const result = await readListingPage(db, scopes[0]!.scope, { now, position: { kind: 'after', cursor: key }, pageSize });
            if (index <= pageSize) expect(result.kind).toBe('reached-newest');
            else {
              expect(result.kind).toBe('page');
              if (result.kind === 'page')
                expect(result.page.items.map((card) => card.id)).toEqual(order.slice(index - pageSize, index).map((k) => k.id));
            }
          }
          // Related articles (one statement of four walks): the topic's just older, the section's, then the just newer
          // ones, each never twice, as walking them one after another leaving out those chosen picks them.
          const before = (a: ListingCursor, b: ListingCursor) =>
            a.publishedAt < b.publishedAt || (a.publishedAt === b.publishedAt && a.id < b.id);
          for (const [index, key] of order.entries()) {
            const entry = inserted.find((candidate) => candidate.id === key.id)!;
            const topicKeys = entry.article.inTopic
              ? order.filter((other) => inserted.some((e) => e.id === other.id && e.article.inTopic))
              : [];
            const sectionKeys = order.filter((other) =>
              inserted.some((e) => e.id === other.id && e.article.section === entry.article.section),
            );
            const older = (keys: ListingCursor[]) => keys.filter((other) => before(other, key));
            const newer = (keys: ListingCursor[]) => keys.filter((other) => before(key, other)).reverse();
            const limit = 1 + (index % 4);
            const expected = [
              ...new Set([...older(topicKeys), ...older(sectionKeys), ...newer(topicKeys), ...newer(sectionKeys)].map((k) => k.id)),
            ];
            const related = await listRelatedArticles(db, key, now, limit);
            expect(related.map((card) => card.id)).toEqual(expected.slice(0, limit));
          }
        },
      ),
      { numRuns: engine === 'postgres' ? 15 : 30 },
    );
  });

  it('answers not-found for a position no readable story holds, and past the oldest story', async () => {
    const scope: ListingWalkScope = { kind: 'site' };
    const scheduled = await database.db
      .selectFrom('articles')
      .where('slug', '=', 'scheduled-for-tomorrow')
      .select(['id', 'published_at'])
      .executeTakeFirstOrThrow();
    const position = { kind: 'before', cursor: { id: scheduled.id, publishedAt: scheduled.published_at! } } as const;
    expect((await readListingPage(database.db, scope, { now, position, pageSize: 5 })).kind).toBe('not-found');
    // Once due, the same position is a page.
    const later = hoursAgo(-21);
    expect((await readListingPage(database.db, scope, { now: later, position, pageSize: 5 })).kind).toBe('page');
    const [oldest] = await database.db
      .selectFrom('articles')
      .where(sql<boolean>`status = 'published' and published_at <= ${now}`)
      .select(['id', 'published_at'])
      .orderBy('published_at')
      .orderBy('id')
      .limit(1)
      .execute();
    const pastOldest = { kind: 'before', cursor: { id: oldest!.id, publishedAt: oldest!.published_at! } } as const;
    expect((await readListingPage(database.db, scope, { now, position: pastOldest, pageSize: 5 })).kind).toBe('not-found');
  });

  it('keeps the link tables’ copies of status and time right, whoever writes the rows', async () => {
    const copies = async (articleId: number) => {
      const article = await database.db
        .selectFrom('articles')
        .where('id', '=', articleId)
        .select(['status', 'published_at'])
        .executeTakeFirstOrThrow();
      const topics = await database.db
        .selectFrom('article_topics')
        .where('article_id', '=', articleId)
        .select(['status', 'published_at'])
        .execute();
      const authors = await database.db
        .selectFrom('article_authors')
        .where('article_id', '=', articleId)
        .select(['status', 'published_at'])
        .execute();
      return { article, links: [...topics, ...authors] };
    };
    // An importer writing rows by hand, article first, then its links.
    const section = await database.db.selectFrom('sections').where('path', '=', 'world').select('id').executeTakeFirstOrThrow();
    const topic = await database.db.selectFrom('topics').where('slug', '=', 'coast').select('id').executeTakeFirstOrThrow();
    const author = await database.db.selectFrom('authors').where('slug', '=', 'ada-fenwick').select('id').executeTakeFirstOrThrow();
    const { id } = await database.db
      .insertInto('articles')
      .values({
        slug: 'imported-by-hand',
        section_id: section.id,
        headline: 'Imported by hand',
        body_json: '{"type":"doc","content":[]}',
        access_level: 'free',
        status: 'published',
        published_at: hoursAgo(400),
        modified_at: now,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db.insertInto('article_topics').values({ article_id: id, topic_id: topic.id, position: 0 }).execute();
    await database.db.insertInto('article_authors').values({ article_id: id, author_id: author.id, position: 0 }).execute();
    let state = await copies(id);
    expect(state.links).toEqual([state.article, state.article]);
    expect(state.article).toEqual({ status: 'published', published_at: hoursAgo(400) });
    await repository.updateArticleRow(database.db, id, { status: 'withdrawn' }, now);
    state = await copies(id);
    expect(state.links).toEqual([state.article, state.article]);
    await repository.updateArticleRow(database.db, id, { status: 'published', publishedAt: hoursAgo(-3) }, now);
    state = await copies(id);
    expect(state.links).toEqual([
      { status: 'published', published_at: hoursAgo(-3) },
      { status: 'published', published_at: hoursAgo(-3) },
    ]);
    // A link to no article is still refused by its foreign key.
    await expect(database.db.insertInto('article_topics').values({ article_id: 999_999, topic_id: topic.id }).execute()).rejects.toThrow();
  });

  it('relates the first topic’s stories published just before, then the section’s, then those just after', async () => {
    const related = async (slug: string) => {
      const row = await database.db
        .selectFrom('articles')
        .where('slug', '=', slug)
        .select(['id', 'published_at'])
        .executeTakeFirstOrThrow();
      const cards = await listRelatedArticles(database.db, { id: row.id, publishedAt: row.published_at! }, now);
      return cards.map((card) => card.slug);
    };
    // Newest of its topic: the topic's older stories.
    expect(await related('harbour-wall-repaired')).toEqual(['ferry-timetable-changes', 'premium-investigation']);
    // Oldest of its topic and section: the nearest newer ones, topic first.
    expect(await related('premium-investigation')).toEqual(['ferry-timetable-changes', 'harbour-wall-repaired']);
    // No topic: its section's.
    expect(await related('council-agrees-budget')).toEqual(['members-only-analysis']);
    // Never itself, never a story not yet due (the scheduled one is in World), never a withdrawn or draft one.
    const ferry = await related('ferry-timetable-changes');
    expect(ferry).toEqual(['premium-investigation', 'harbour-wall-repaired']);
    expect(
      await listRelatedArticles(database.db, { id: await idOf('council-agrees-budget'), publishedAt: hoursAgo(5) }, now, 1),
    ).toHaveLength(1);
  });
});

describeEachEngine('migration 0012 on an existing archive', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.destroy());

  it('copies every link’s article status and time, and the walks see the archive as it was', async () => {
    const down = await database.migrateTo('0011_fan_out_following_feed');
    expect(down.error).toBeUndefined();
    // Written before the migration: no copies, no triggers.
    await seedFixtureNewspaper(database.db, { extraArticles: 5 });
    const up = await database.migrateTo('latest');
    expect(up.error).toBeUndefined();
    const mismatched = await database.db
      .selectFrom('article_topics as link')
      .innerJoin('articles', 'articles.id', 'link.article_id')
      .select('link.article_id')
      .where((eb) =>
        eb.or([
          eb('link.status', '!=', eb.ref('articles.status')),
          eb('link.published_at', 'is distinct from', eb.ref('articles.published_at')),
        ]),
      )
      .unionAll(
        database.db
          .selectFrom('article_authors as link')
          .innerJoin('articles', 'articles.id', 'link.article_id')
          .select('link.article_id')
          .where((eb) =>
            eb.or([
              eb('link.status', '!=', eb.ref('articles.status')),
              eb('link.published_at', 'is distinct from', eb.ref('articles.published_at')),
            ]),
          ),
      )
      .execute();
    expect(mismatched).toEqual([]);
    const coast = (await database.db.selectFrom('topics').where('slug', '=', 'coast').select('id').executeTakeFirstOrThrow()).id;
    const page = await readListingPage(database.db, { kind: 'topic', topicId: coast }, { now, position: { kind: 'newest' }, pageSize: 10 });
    expect(page.kind === 'page' && page.page.items.map((card) => card.slug)).toEqual([
      'harbour-wall-repaired',
      'ferry-timetable-changes',
      'premium-investigation',
    ]);
  });
});
