// The benchmark's archive generator (bench/archive-load.ts) on both engines:
// its bulk rows satisfy the schema as it is now (a NOT NULL column added
// without a default fails here until bench/archive-rows.ts fills it), the
// articles it writes are ones the app serves, and the app's own writes go on
// after it (PostgreSQL's id sequence moved past the ids it gave).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../src/core/db/testing.js';
import { isPublishedAndDue } from '../../src/features/articles/article-publication.js';
import { articlePath } from '../../src/features/articles/article-urls.js';
import { insertArticle } from '../../src/features/articles/articles.repository.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../../src/features/articles/testing/fixture-newspaper.js';
import { createTestApp, type TestApp } from '../../src/testing/test-app.js';
import { insertGeneratedArticles, type LoadedArchive } from '../../bench/archive-load.js';
import { scheduledCount } from '../../bench/generate-articles.js';

const COUNT = 600;
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

describeEachEngine('the archive generator', (engine) => {
  let testApp: TestApp;
  let loaded: LoadedArchive;
  let revisionBefore: number;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    revisionBefore = (await testApp.database.db.selectFrom('content_revision').select('revision').executeTakeFirstOrThrow()).revision;
    loaded = await insertGeneratedArticles(testApp.database, { count: COUNT, now: FIXTURE_NOW });
  }, 60_000);
  afterAll(() => testApp?.destroy());

  const generated = () =>
    testApp.database.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .where('articles.id', '>=', loaded.firstId)
      .select([
        'articles.id',
        'articles.slug',
        'articles.headline',
        'articles.status',
        'articles.access_level',
        'articles.published_at',
        'sections.path',
      ])
      .orderBy('articles.id')
      .execute();

  it('writes every article with its bylines, over ten years, a few scheduled', async () => {
    const rows = await generated();
    expect(rows).toHaveLength(COUNT);
    expect(rows.map((row) => row.id)).toEqual(Array.from({ length: COUNT }, (_unused, index) => loaded.firstId + index));
    const bylines = await testApp.database.db
      .selectFrom('article_authors')
      .where('article_id', '>=', loaded.firstId)
      .select((eb) => eb.fn.count<number>('article_id').distinct().as('articles'))
      .executeTakeFirstOrThrow();
    expect(Number(bylines.articles)).toBe(COUNT);
    const now = FIXTURE_NOW.toISOString();
    const scheduled = rows.filter((row) => row.status === 'published' && row.published_at! > now);
    expect(scheduled).toHaveLength(scheduledCount(COUNT));
    const oldest = rows.find((row) => row.published_at)!.published_at!;
    expect(FIXTURE_NOW.getTime() - Date.parse(oldest)).toBeGreaterThan(9.5 * YEAR_MS);
    expect(new Set(rows.map((row) => row.access_level))).toEqual(new Set(['free', 'registered', 'premium']));
    expect(new Set(rows.map((row) => row.path)).size).toBeGreaterThan(1);
  });

  it('moves the content revision, so every node drops its cached pages', async () => {
    const after = await testApp.database.db.selectFrom('content_revision').select('revision').executeTakeFirstOrThrow();
    expect(after.revision).toBe(revisionBefore + 1);
  });

  it('writes articles the app serves, and leaves drafts and scheduled ones unseen', async () => {
    const rows = await generated();
    const now = FIXTURE_NOW.toISOString();
    const live = await testApp.database.db
      .selectFrom('articles')
      .where('articles.id', '>=', loaded.firstId)
      .where('access_level', '=', 'free')
      .where(isPublishedAndDue(now))
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const article = rows.find((row) => row.id === live.id)!;
    const response = await testApp.app.inject({
      url: articlePath(
        { sectionPath: article.path, publishedAt: article.published_at!, slug: article.slug },
        testApp.config.publication.timeZone,
      ),
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(article.headline);
    const scheduled = rows.find((row) => row.status === 'published' && row.published_at! > now)!;
    const unseen = await testApp.app.inject({
      url: articlePath(
        { sectionPath: scheduled.path, publishedAt: scheduled.published_at!, slug: scheduled.slug },
        testApp.config.publication.timeZone,
      ),
    });
    expect(unseen.statusCode).toBe(404);
  });

  it('leaves the next id to the app: an article written afterwards gets a new one', async () => {
    const section = await testApp.database.db.selectFrom('sections').select('id').executeTakeFirstOrThrow();
    const id = await insertArticle(testApp.database.db, {
      slug: 'written-after-the-archive',
      sectionId: section.id,
      kicker: '',
      headline: 'Written after the archive',
      standfirst: '',
      bodyJson: JSON.stringify({ type: 'doc', content: [] }),
      heroImageId: null,
      agencyCredit: '',
      accessLevel: 'free',
      commentsEnabled: true,
      status: 'draft',
      publishedAt: null,
      updatedAt: null,
      authorIds: [],
      topicIds: [],
      now: FIXTURE_NOW.toISOString(),
    });
    expect(id).toBeGreaterThan(loaded.firstId + COUNT - 1);
  });
});
