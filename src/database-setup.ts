// What a starting node does to the database before serving: run pending
// migrations and, when asked, load the demo into an empty newspaper (the
// commands migrate with core/db/migrate.ts, migrateDatabase). Any number of
// processes may do this at once (several nodes started together, a command
// beside a running server): the work runs under the database's startup lock
// (core/db/startup-lock.ts) and looks again at what is still to do once it
// holds it. A node that finds nothing to do, every start after the first,
// takes no lock at all.
import type { Clock } from './core/clock.js';
import type { DatabaseTarget } from './core/config/config.js';
import type { Db } from './core/db/database.js';
import { listPendingMigrations, migratePending } from './core/db/migrate.js';
import { withStartupLock, type StartupLockOptions } from './core/db/startup-lock.js';
import { hasArticles } from './features/articles/articles.service.js';

export type DatabaseSetupOptions = StartupLockOptions;

export interface PreparedDatabase {
  /** Migrations this process ran (none when another had, or none were pending). */
  applied: string[];
  /** Articles of the demo this process loaded; null when it loaded none. */
  demoArticleCount: number | null;
}

/** Migrates, then loads the demo newspaper if the database has no article (`loadDemo`). */
export async function prepareDatabase(
  target: DatabaseTarget,
  db: Db,
  options: DatabaseSetupOptions & { loadDemo: boolean; clock: Clock; onDemoLoad?: () => void },
): Promise<PreparedDatabase> {
  const isMigrated = (await listPendingMigrations(db)).length === 0;
  if (isMigrated && (!options.loadDemo || (await hasArticles(db)))) return { applied: [], demoArticleCount: null };
  return withStartupLock(
    target,
    db,
    async (lockedDb) => {
      const applied = await migratePending(lockedDb);
      if (!options.loadDemo) return { applied, demoArticleCount: null };
      return { applied, demoArticleCount: await loadDemo(lockedDb, options) };
    },
    options,
  );
}

/**
 * Migrates, then loads the demo into an empty newspaper (`masthead seed-demo`):
 * the article count, or null when the database already had articles.
 */
export async function loadDemoIntoEmptyDatabase(
  target: DatabaseTarget,
  db: Db,
  options: DatabaseSetupOptions & { clock: Clock },
): Promise<number | null> {
  return withStartupLock(
    target,
    db,
    async (lockedDb) => {
      await migratePending(lockedDb);
      return loadDemo(lockedDb, options);
    },
    options,
  );
}

async function loadDemo(db: Db, options: { clock: Clock; onDemoLoad?: () => void }): Promise<number | null> {
  if (await hasArticles(db)) return null;
  options.onDemoLoad?.();
  // Drawing the demo's pictures needs sharp: loaded only by the node that loads the demo.
  const { seedDemoNewspaper } = await import('./demo/seed-demo.js');
  const { articleCount } = await seedDemoNewspaper(db, { clock: options.clock });
  return articleCount;
}
