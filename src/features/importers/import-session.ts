// What every import command opens before its first write: the database,
// migrated (waiting for another process that migrates it), the whole app (so
// articles go through the same services as an editor's save), and a Ctrl-C
// handler that asks the run to stop after the item being written; a second
// Ctrl-C stops at once.
import { buildApp, type Masthead } from '../../app.js';
import type { Config } from '../../core/config/config.js';
import { openDatabase } from '../../core/db/database.js';
import { migrateDatabase } from '../../core/db/migrate.js';

export interface ImportSession {
  masthead: Masthead;
  db: Masthead['database']['db'];
  shouldStop: () => boolean;
  close(): Promise<void>;
}

/** `unit` names what is being written in the Ctrl-C message ("post", "record"). */
export async function openImportSession(config: Config, unit: string): Promise<ImportSession> {
  const database = openDatabase(config.database);
  await migrateDatabase(config.database, database.db, {
    onWait: () => console.error('Another process is migrating the database: waiting for it.'),
  });
  const masthead = await buildApp({ config, database });
  let stopRequested = false;
  const onInterrupt = () => {
    if (stopRequested) process.exit(130);
    stopRequested = true;
    console.error(`\nStopping after the ${unit} being written (Ctrl-C again to stop at once)…`);
  };
  process.on('SIGINT', onInterrupt);
  return {
    masthead,
    db: database.db,
    shouldStop: () => stopRequested,
    async close() {
      process.off('SIGINT', onInterrupt);
      await masthead.close();
    },
  };
}
