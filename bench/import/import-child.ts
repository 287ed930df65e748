// One import, measured in its own process (so peak RSS is the import's own):
// settings from the environment as the CLI takes them; prints one JSON line.
//   tsx bench/import/import-child.ts ghost|wordpress <file>
import { buildApp } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config/config.js';
import { openDatabase } from '../../src/core/db/database.js';
import { migrateDatabase } from '../../src/core/db/migrate.js';
import { createImageLocator } from '../../src/features/importers/import-images.js';
import { openGhostExport } from '../../src/features/importers/ghost-export.js';
import { importerFor } from '../../src/features/importers/importers.wiring.js';
import { openWordPressExport } from '../../src/features/importers/wordpress-export.js';

const [format, file] = process.argv.slice(2);
const config = loadConfig();
const database = openDatabase(config.database);
await migrateDatabase(config.database, database.db);
const masthead = await buildApp({ config, database });
const now = new Date().toISOString();
const editor = await database.db
  .insertInto('users')
  .values({
    email: `bench-${format}@example.test`,
    first_name: 'Bench',
    last_name: 'Editor',
    role: 'admin',
    created_at: now,
    updated_at: now,
  })
  .returning('id')
  .executeTakeFirstOrThrow();
const started = performance.now();
const exported = format === 'ghost' ? await openGhostExport(file!) : await openWordPressExport(file!);
const report = await importerFor(masthead, config, systemClock).run(exported, {
  dryRun: false,
  images: createImageLocator({ folder: null, fetchRemote: false, maxBytes: config.imageUploads.maxBytes }),
  defaultSection: 'news',
  actor: { kind: 'staff', userId: editor.id, name: 'Bench Editor', role: 'admin' },
});
const seconds = (performance.now() - started) / 1000;
await masthead.close();
console.log(
  JSON.stringify({
    format,
    seconds,
    imported: report.articles.imported,
    skipped: report.articles.skipped.length,
    redirects: report.redirects,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
