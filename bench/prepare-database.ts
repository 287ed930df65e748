// Run by bench/run.ts with the benchmark's environment, after `seed-demo`:
// adds the generated articles to the demo newspaper and prints, as one JSON
// line, the canonical path of the demo article the benchmark reads.
//
//   DATA_DIR=/tmp/x tsx bench/prepare-database.ts 1000
import { systemClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config/config.js';
import { openDatabase } from '../src/core/db/database.js';
import { demoArticles } from '../src/demo/content/index.js';
import { articlePath } from '../src/features/articles/article-urls.js';
import { insertGeneratedArticles } from './generate-articles.js';

/** The freshest free demo story: what most readers of the front open first. */
function chooseBenchmarkArticle(): string {
  const candidates = demoArticles.filter((article) => article.access === 'free').sort((a, b) => a.publishedHoursAgo - b.publishedHoursAgo);
  const chosen = candidates[0];
  if (!chosen) throw new Error('The demo newspaper has no free article to benchmark.');
  return chosen.slug;
}

async function main(): Promise<void> {
  const count = Number.parseInt(process.argv[2] ?? '1000', 10);
  if (!Number.isInteger(count) || count < 0 || count > 1_000_000) throw new Error(`Bad article count "${process.argv[2]}".`);
  const config = loadConfig();
  const database = openDatabase(config.database);
  try {
    const { inserted } = await insertGeneratedArticles(database.db, { count, now: systemClock.now() });
    const slug = chooseBenchmarkArticle();
    const row = await database.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .where('articles.slug', '=', slug)
      .select(['articles.published_at', 'sections.path'])
      .executeTakeFirstOrThrow();
    const path = articlePath({ sectionPath: row.path, publishedAt: row.published_at!, slug }, config.publication.timeZone);
    const total = await database.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    console.log(JSON.stringify({ inserted, totalArticles: Number(total.total), articlePath: path }));
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
