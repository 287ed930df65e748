// Starts a newspaper: migrate, load the demo on an empty database if allowed,
// listen, and shut down gracefully on SIGINT/SIGTERM.
import { performance } from 'node:perf_hooks';
import { buildApp, type Masthead } from './app.js';
import { systemClock } from './core/clock.js';
import type { Config } from './core/config/config.js';
import { openDatabase } from './core/db/database.js';
import { migrateToLatest } from './core/db/migrate.js';
import { countArticles } from './features/articles/articles.service.js';

export async function startServer(config: Readonly<Config>): Promise<Masthead> {
  const startedAt = performance.now();
  const database = openDatabase(config.database);
  await migrateToLatest(database.db);
  const masthead = await buildApp({ config, database });
  const { app, log } = masthead;
  if (config.loadDemoContent && (await countArticles(database.db)) === 0) {
    log.info('empty database: loading the demo newspaper (DEMO_CONTENT=off disables this)');
    const { seedDemoNewspaper } = await import('./demo/seed-demo.js');
    const { articleCount } = await seedDemoNewspaper(database.db, { clock: systemClock });
    log.info({ articleCount }, 'demo newspaper loaded');
  }
  const address = await app.listen({ port: config.port, host: config.host });
  // Sends queued email (and retries failures) in the background on every node.
  masthead.emailWorker.start();
  masthead.retention.start();
  log.info(
    { address, engine: database.engine, startupMs: Math.round(performance.now() - startedAt) },
    `${config.publication.name} is ready`,
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    // Stop accepting connections, let in-flight requests finish, then close the database.
    masthead.close().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return masthead;
}
