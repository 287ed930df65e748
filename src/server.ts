// Starts a newspaper: migrate and, on an empty database, load the demo if
// allowed (under the startup lock, so nodes may start together), listen, and
// shut down gracefully on SIGINT/SIGTERM.
import { performance } from 'node:perf_hooks';
import { buildApp, type Masthead } from './app.js';
import { systemClock } from './core/clock.js';
import type { Config } from './core/config/config.js';
import { openDatabase } from './core/db/database.js';
import { prepareDatabase } from './database-setup.js';

export async function startServer(config: Readonly<Config>): Promise<Masthead> {
  const startedAt = performance.now();
  const database = openDatabase(config.database);
  let masthead: Masthead;
  try {
    // Built before the database is prepared (nothing in it queries yet), for its logger; it listens only afterwards.
    masthead = await buildApp({ config, database });
  } catch (error) {
    await database.close();
    throw error;
  }
  const { app, log } = masthead;
  const { applied, demoArticleCount } = await prepareDatabase(config.database, database.db, {
    loadDemo: config.loadDemoContent,
    clock: systemClock,
    onWait: () => log.info('another node is migrating or loading the demo: waiting for it'),
    onDemoLoad: () => log.info('empty database: loading the demo newspaper (DEMO_CONTENT=off disables this)'),
  });
  if (applied.length) log.info({ applied }, 'database migrated');
  if (demoArticleCount !== null) log.info({ articleCount: demoArticleCount }, 'demo newspaper loaded');
  const address = await app.listen({ port: config.port, host: config.host });
  // Sends queued email (and retries failures) in the background on every node.
  masthead.emailWorker.start();
  masthead.renditionWorker.start();
  masthead.newsletterSender.start();
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
