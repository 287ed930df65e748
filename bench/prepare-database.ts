// Run by bench/run.ts and the archive benchmark (bench/archive/) with the
// benchmark's environment, after `seed-demo`: adds the generated articles to
// the demo newspaper (bench/archive-load.ts: bulk inserts, on either engine
// DATABASE_URL names) and prints, as one JSON
// line, the canonical paths of the demo articles the benchmark reads: the
// article it measures, two other free ones (earlier reads on a metered
// reader's cookie), a premium one and a registered-only one.
//
//   DATA_DIR=/tmp/x tsx bench/prepare-database.ts 1000
//   DATABASE_URL=postgres://…/db tsx bench/prepare-database.ts 200000
import { systemClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config/config.js';
import { openDatabase } from '../src/core/db/database.js';
import { demoArticles } from '../src/demo/content/index.js';
import type { DemoArticle } from '../src/demo/demo-types.js';
import { articlePath } from '../src/features/articles/article-urls.js';
import { createSearchService } from '../src/features/search/search.service.js';
import { insertGeneratedArticles } from './archive-load.js';

/** The freshest demo stories of an access level: what most readers of the front open first. */
function freshestDemoArticles(access: DemoArticle['access'], count: number): string[] {
  const chosen = demoArticles
    .filter((article) => article.access === access)
    .sort((a, b) => a.publishedHoursAgo - b.publishedHoursAgo)
    .slice(0, count)
    .map((article) => article.slug);
  if (chosen.length < count) throw new Error(`The demo newspaper has fewer than ${count} ${access} articles to benchmark.`);
  return chosen;
}

async function main(): Promise<void> {
  const count = Number.parseInt(process.argv[2] ?? '1000', 10);
  if (!Number.isInteger(count) || count < 0 || count > 1_000_000) throw new Error(`Bad article count "${process.argv[2]}".`);
  const config = loadConfig();
  const database = openDatabase(config.database);
  try {
    const { inserted, seconds } = await insertGeneratedArticles(database, {
      count,
      now: systemClock.now(),
      onProgress: (written) => {
        if (written > 0 && written % 50_000 === 0) console.error(`  ${written.toLocaleString('en')} articles written…`);
      },
    });
    // Bulk rows bypass the app's writes: the search index is built once, as `masthead search reindex` would.
    const indexStartedAt = performance.now();
    await createSearchService({
      db: database.db,
      clock: systemClock,
      teaserBlocks: config.wallTeaserBlocks,
      language: config.publication.language,
      timeZone: config.publication.timeZone,
    }).reindex();
    const searchIndexSeconds = (performance.now() - indexStartedAt) / 1000;
    const pathOf = async (slug: string) => {
      const row = await database.db
        .selectFrom('articles')
        .innerJoin('sections', 'sections.id', 'articles.section_id')
        .where('articles.slug', '=', slug)
        .select(['articles.published_at', 'sections.path'])
        .executeTakeFirstOrThrow();
      return articlePath({ sectionPath: row.path, publishedAt: row.published_at!, slug }, config.publication.timeZone);
    };
    const [article, ...otherFree] = await Promise.all(freshestDemoArticles('free', 3).map(pathOf));
    const premium = await pathOf(freshestDemoArticles('premium', 1)[0]!);
    const registered = await pathOf(freshestDemoArticles('registered', 1)[0]!);
    const total = await database.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    console.log(
      JSON.stringify({
        inserted,
        generationSeconds: seconds,
        searchIndexSeconds,
        totalArticles: Number(total.total),
        articlePath: article,
        otherFreeArticlePaths: otherFree,
        premiumArticlePath: premium,
        registeredArticlePath: registered,
      }),
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
