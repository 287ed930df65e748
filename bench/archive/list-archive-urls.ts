// Run by the archive benchmark with the app's environment, after
// bench/prepare-database.ts: writes the crawler's list — free articles
// readers may see now, in random order, one path a line — to --out, and
// prints, as one JSON line, how many it wrote and the section whose front
// lists the most articles (its own and its subsections'), the one whose
// deep pages are measured.
//
//   DATA_DIR=/tmp/x tsx bench/archive/list-archive-urls.ts --out /tmp/x/crawl.txt --limit 100000 --exclude /politics/2026/…
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config/config.js';
import { openDatabase } from '../../src/core/db/database.js';
import { isPublishedAndDue } from '../../src/features/articles/article-publication.js';
import { articlePath } from '../../src/features/articles/article-urls.js';

export interface ArchiveUrls {
  crawlFile: string;
  crawlPaths: number;
  /** Live articles, every access level. */
  liveArticles: number;
  busiestSection: { path: string; articles: number };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, limit: { type: 'string', default: '100000' }, exclude: { type: 'string' } },
  });
  if (!values.out) throw new Error('--out is required');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit must be a positive whole number');
  const config = loadConfig();
  const database = openDatabase(config.database);
  const now = systemClock.now().toISOString();
  try {
    const { db } = database;
    const rows = await db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .where('articles.access_level', '=', 'free')
      .where(isPublishedAndDue(now))
      .select(['articles.slug', 'articles.published_at', 'sections.path as section_path'])
      .orderBy(sql`random()`)
      .limit(limit + 1)
      .execute();
    const paths = rows
      .map((row) =>
        articlePath({ sectionPath: row.section_path, publishedAt: row.published_at!, slug: row.slug }, config.publication.timeZone),
      )
      .filter((path) => path !== values.exclude)
      .slice(0, limit);
    writeFileSync(values.out, `${paths.join('\n')}\n`);

    const perSection = await db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .where(isPublishedAndDue(now))
      .groupBy('sections.path')
      .select(['sections.path', (eb) => eb.fn.countAll<number>().as('articles')])
      .execute();
    // A section front lists its subsections' articles too (world lists world/europe's).
    const topLevel = new Map<string, number>();
    for (const row of perSection) {
      const top = row.path.split('/')[0]!;
      topLevel.set(top, (topLevel.get(top) ?? 0) + Number(row.articles));
    }
    const [path, articles] = [...topLevel].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    const answer: ArchiveUrls = {
      crawlFile: values.out,
      crawlPaths: paths.length,
      liveArticles: perSection.reduce((sum, row) => sum + Number(row.articles), 0),
      busiestSection: { path: `/${path}`, articles },
    };
    console.log(JSON.stringify(answer));
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
