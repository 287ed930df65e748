// The demo paper's newsletters: a briefing for registered readers and a
// Premium-only letter, each with past issues marked sent (their archives),
// whose bodies are valid article bodies and whose article lists name demo articles.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../core/db/testing.js';
import { articleBodySchema } from '../features/articles/articles.service.js';
import { demoArticles } from './content/index.js';
import { demoNewsletters } from './content/newsletters.js';
import { seedDemoNewspaper } from './seed-demo.js';

describeEachEngine('demo newsletters', (engine) => {
  let database: TestDatabase;
  const named = new Set(demoNewsletters.flatMap((newsletter) => newsletter.issues.flatMap((issue) => issue.articleSlugs ?? [])));

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    // Only the articles the issues list: drawing every demo picture is slow.
    await seedDemoNewspaper(database.db, {
      clock: fixedClock(new Date('2026-12-06T09:00:00.000Z')),
      articles: demoArticles.filter((article) => named.has(article.slug)),
    });
  });
  afterAll(() => database?.destroy());

  it('every article an issue lists is a demo article', () => {
    const slugs = new Set(demoArticles.map((article) => article.slug));
    expect([...named].filter((slug) => !slugs.has(slug))).toEqual([]);
  });

  it('loads a registered briefing and a Premium letter with sent issues', async () => {
    const newsletters = await database.db
      .selectFrom('newsletters')
      .select(['id', 'slug', 'access_level', 'is_briefing'])
      .orderBy('slug')
      .execute();
    expect(newsletters.map((row) => [row.slug, row.access_level, row.is_briefing])).toEqual([
      ['morning-briefing', 'registered', 1],
      ['the-ledger', 'premium', 0],
    ]);
    const issues = await database.db
      .selectFrom('newsletter_issues')
      .select(['state', 'body_json', 'article_ids_json', 'finished_at'])
      .execute();
    expect(issues).toHaveLength(5);
    for (const issue of issues) {
      expect(issue.state).toBe('sent');
      expect(issue.finished_at).not.toBeNull();
      if (issue.body_json) expect(articleBodySchema.safeParse(JSON.parse(issue.body_json)).success).toBe(true);
      else expect((JSON.parse(issue.article_ids_json!) as number[]).length).toBeGreaterThan(0);
    }
  });
});
