// `masthead export <file>`: the whole publication as a JSON Lines archive
// (docs/export-format.md), mode 0600, with the importers' progress on stderr
// and the counts on stdout. Needs only the database, not the app.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../core/config/config.js';
import { openDatabase } from '../../core/db/database.js';
import { migrateDatabase } from '../../core/db/migrate.js';
import { ArchiveExistsError, exportArchive } from './archive-export.js';
import { createProgress } from './import-progress.js';

export const EXPORT_USAGE = `Usage:
  masthead export <file> [--with-credentials]

Writes the whole publication — sections, topics, pictures (their original bytes),
authors, articles, accounts with their consents, comments — as one JSON Lines
archive (docs/export-format.md), readable by its owner only (mode 0600).
An existing file is never overwritten.

Options:
  --with-credentials    also write password hashes and sessions (left out by default)`;

export async function exportCommand(args: string[], config: Readonly<Config>): Promise<number> {
  if (args[0] === 'help' || args[0] === '--help' || !args.length) {
    console.log(EXPORT_USAGE);
    return args.length ? 0 : 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options: { 'with-credentials': { type: 'boolean' } }, strict: true, allowPositionals: true });
    if (parsed.positionals.length !== 1) throw new Error('Give one archive file to write.');
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${EXPORT_USAGE}`);
    return 2;
  }
  const file = path.resolve(parsed.positionals[0]!);
  const database = openDatabase(config.database);
  try {
    await migrateDatabase(config.database, database.db, {
      onWait: () => console.error('Another process is migrating the database: waiting for it.'),
    });
    const progress = createProgress(process.stderr);
    try {
      const counts = await exportArchive(database.db, file, {
        withCredentials: parsed.values['with-credentials'] ?? false,
        publication: { name: config.publication.name, publicUrl: config.publicUrl },
        now: new Date(),
        onProgress: progress.update,
      });
      progress.finish();
      console.log(
        `Exported to ${file}: ${counts.article} articles, ${counts.image} pictures, ${counts.author} authors, ${counts.section} sections, ${counts.topic} topics, ${counts.account} accounts, ${counts.comment} comments${parsed.values['with-credentials'] ? `, ${counts.session} sessions (with password hashes)` : ''}.`,
      );
      return 0;
    } catch (error) {
      progress.finish();
      if (error instanceof ArchiveExistsError) {
        console.error(`Nothing was exported. ${error.message}`);
        return 1;
      }
      throw error;
    }
  } finally {
    await database.close();
  }
}
