// `masthead import masthead <archive>`: a `masthead export` archive read back
// into this publication, with the importers' progress bar and a report.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../core/clock.js';
import type { Config } from '../../core/config/config.js';
import { ArchiveImportStopped, openArchive, type ArchiveImportReport } from './archive-import.js';
import { createProgress } from './import-progress.js';
import { openImportSession } from './import-session.js';
import { UnreadableExportError } from './import-source.types.js';
import { findImportingStaff, findStaffByEmail } from './importers.repository.js';
import { archiveImporterFor } from './importers.wiring.js';

export const ARCHIVE_IMPORT_USAGE = `Usage:
  masthead import masthead <archive.jsonl> [--dry-run] [--as <email>]

Reads an archive written by masthead export (docs/export-format.md). Each record is
checked; a bad one is reported and skipped. Run it again after a crash or Ctrl-C and it
carries on without duplicates.`;

export function describeArchiveReport(report: ArchiveImportReport): string {
  const counts = Object.entries(report.imported)
    .map(([type, count]) => `${count} ${type}s`)
    .join(', ');
  const lines = [`${report.dryRun ? 'Would import' : 'Imported'} from ${report.source}: ${counts}.`];
  if (report.alreadyImported) lines.push(`Already here or imported by an earlier run: ${report.alreadyImported}.`);
  if (report.skipped.length) {
    lines.push(`Skipped ${report.skipped.length}:`);
    for (const item of report.skipped) lines.push(`  ${item.sourceId}${item.title ? ` “${item.title}”` : ''}: ${item.reason}`);
  }
  if (!report.complete) lines.push('The archive has no end record: it may have been cut short.');
  return lines.join('\n');
}

export async function archiveImportCommand(args: string[], config: Readonly<Config>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { 'dry-run': { type: 'boolean' }, as: { type: 'string' } }, strict: true, allowPositionals: true });
    if (parsed.positionals.length !== 1) throw new Error('Give one archive file.');
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${ARCHIVE_IMPORT_USAGE}`);
    return 2;
  }
  const file = path.resolve(parsed.positionals[0]!);
  try {
    await openArchive(file);
  } catch (error) {
    if (error instanceof UnreadableExportError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`Nothing was imported. ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
  const session = await openImportSession(config, 'record');
  const { masthead, db } = session;
  try {
    const email = parsed.values.as ?? null;
    const staff = email ? await findStaffByEmail(db, email) : await findImportingStaff(db);
    if (!staff) {
      console.error(
        email
          ? `${email} is not an editor or admin here.`
          : 'There is no editor or admin to name in the revisions: add one first or give --as.',
      );
      return 1;
    }
    const progress = createProgress(process.stderr);
    try {
      const report = await archiveImporterFor(masthead, config, systemClock).run(file, {
        dryRun: parsed.values['dry-run'] ?? false,
        actor: { kind: 'staff', userId: staff.userId, name: staff.name, role: staff.role },
        onProgress: progress.update,
        shouldStop: session.shouldStop,
      });
      progress.finish();
      console.log(describeArchiveReport(report));
      return 0;
    } catch (error) {
      progress.finish();
      if (error instanceof ArchiveImportStopped) {
        console.log(describeArchiveReport(error.report));
        console.error('Stopped. Run the same command again to carry on from here.');
        return 130;
      }
      throw error;
    }
  } finally {
    await session.close();
  }
}
