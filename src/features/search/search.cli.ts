// `masthead search reindex`: rebuilds every article's search documents, in
// chunks (searches keep answering meanwhile), with a progress bar on stderr.
// For after a bulk load, or a change of WALL_TEASER_BLOCKS or PUBLICATION_LANGUAGE.
import { systemClock } from '../../core/clock.js';
import type { Config } from '../../core/config/config.js';
import { openDatabase } from '../../core/db/database.js';
import { migrateDatabase } from '../../core/db/migrate.js';
import { createProgressBar, type ProgressStream } from './progress-bar.js';
import { createSearchService } from './search.service.js';

export const SEARCH_USAGE = `Usage:
  masthead search reindex
      Rebuilds the reader search index from the articles (after a bulk load, or a change
      of WALL_TEASER_BLOCKS or PUBLICATION_LANGUAGE). Searches keep working meanwhile.`;

export async function searchCommand(
  args: string[],
  config: Readonly<Config>,
  streams: { out: ProgressStream; error: ProgressStream } = { out: process.stdout, error: process.stderr },
): Promise<number> {
  const [subcommand = 'help', ...rest] = args;
  if (subcommand === 'help' || subcommand === '--help') {
    streams.out.write(`${SEARCH_USAGE}\n`);
    return 0;
  }
  if (subcommand !== 'reindex' || rest.length) {
    streams.error.write(
      `${subcommand === 'reindex' ? '"search reindex" takes no arguments.' : `Unknown search command "${subcommand}".`}\n\n${SEARCH_USAGE}\n`,
    );
    return 2;
  }
  const database = openDatabase(config.database);
  try {
    await migrateDatabase(config.database, database.db, {
      onWait: () => streams.error.write('Another process is migrating the database: waiting for it.\n'),
    });
    const search = createSearchService({
      db: database.db,
      clock: systemClock,
      teaserBlocks: config.wallTeaserBlocks,
      language: config.publication.language,
      timeZone: config.publication.timeZone,
    });
    const progress = createProgressBar({ label: 'Indexing articles', stream: streams.error });
    const startedAt = performance.now();
    const { articles } = await search.reindex({ onProgress: (done, total) => progress.update(done, total) });
    progress.finish();
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    streams.out.write(`Indexed ${articles.toLocaleString('en-GB')} articles for search in ${seconds} s.\n`);
    return 0;
  } finally {
    await database.close();
  }
}
