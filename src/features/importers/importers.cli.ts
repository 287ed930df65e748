// `masthead import ghost|wordpress <file>`: builds the app (not listening)
// and imports through its services, with a progress bar on stderr and a
// report on stdout. Ctrl-C stops after the post being written; running the
// same command again carries on from there.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../core/clock.js';
import type { Config } from '../../core/config/config.js';
import type { Actor } from '../articles/articles.types.js';
import { openGhostExport } from './ghost-export.js';
import { createImageLocator } from './import-images.js';
import { createProgress } from './import-progress.js';
import { openImportSession } from './import-session.js';
import { UnreadableExportError, type SourceExport } from './import-source.types.js';
import { DEFAULT_CHUNK_SIZE, ImportStopped, type ImportReport } from './importer.service.js';
import { findImportingStaff, findStaffByEmail } from './importers.repository.js';
import { importerFor } from './importers.wiring.js';
import { openWordPressExport } from './wordpress-export.js';

export const IMPORT_USAGE = `Usage:
  masthead import ghost <export.json> [options]
  masthead import wordpress <export.xml> [options]
  masthead import masthead <archive.jsonl> [--dry-run] [--as <email>]   (a masthead export archive)

Options:
  --images <folder>     where the export's pictures are (default: the export's own folder;
                        matched by path, e.g. content/images/… or wp-content/uploads/…, or file name)
  --fetch-images        download pictures not found in the folder from their URLs
  --section <path>      the section for posts without a tag or category (default: news, made if missing)
  --as <email>          the editor or admin the revisions name (default: the first admin)
  --dry-run             read and check everything, write nothing, and report what would happen
  --chunk-size <N>      entries (posts, members, comments) written per transaction (default 50)

Posts, members and comments are written a chunk per transaction, each with its import
record: run the same command again after a crash or Ctrl-C and it carries on without
duplicates. Comments keep their threads and the old site's approval (held ones wait
for moderation; spam, trash and pingbacks are left out).`;

class UsageError extends Error {}

interface ImportArguments {
  format: 'ghost' | 'wordpress';
  file: string;
  images: string;
  fetchImages: boolean;
  section: string;
  as: string | null;
  dryRun: boolean;
  chunkSize: number;
}

function parseImportArguments(args: string[]): ImportArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        images: { type: 'string' },
        'fetch-images': { type: 'boolean' },
        section: { type: 'string' },
        as: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'chunk-size': { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [format, file, ...extra] = parsed.positionals;
  if (format !== 'ghost' && format !== 'wordpress') throw new UsageError(`Unknown import format "${format ?? ''}": ghost or wordpress.`);
  if (!file || extra.length) throw new UsageError('Give one export file.');
  const chunkSize = parsed.values['chunk-size'] ?? String(DEFAULT_CHUNK_SIZE);
  if (!/^[1-9]\d{0,4}$/.test(chunkSize)) throw new UsageError('--chunk-size must be a whole number from 1 to 99999.');
  const section = (parsed.values.section ?? 'news').replace(/^\//, '');
  return {
    format,
    file: path.resolve(file),
    images: path.resolve(parsed.values.images ?? path.dirname(path.resolve(file))),
    fetchImages: parsed.values['fetch-images'] ?? false,
    section,
    as: parsed.values.as ?? null,
    dryRun: parsed.values['dry-run'] ?? false,
    chunkSize: Number(chunkSize),
  };
}

export function describeReport(report: ImportReport): string {
  const would = report.dryRun ? 'Would import' : 'Imported';
  const comments = report.comments;
  const lines = [
    `${would} from ${report.source}: ${report.articles.imported} articles, ${report.images.imported} pictures, ${report.readers.imported} readers, ${comments.imported} comments; ${report.redirects} old addresses ${report.dryRun ? 'would redirect' : 'now redirect'}.`,
  ];
  if (comments.held) lines.push(`Comments held for moderation (they were waiting on the old site): ${comments.held}.`);
  if (comments.commenters || comments.guests)
    lines.push(
      `Accounts ${report.dryRun ? 'that would be ' : ''}made for commenters: ${comments.commenters} by their address (no password, no newsletter); guests without one: ${comments.guests} (they cannot sign in).`,
    );
  if (report.articles.alreadyImported || report.readers.alreadyImported || comments.alreadyImported)
    lines.push(
      `Already imported by an earlier run: ${report.articles.alreadyImported} articles, ${report.readers.alreadyImported} readers, ${comments.alreadyImported} comments.`,
    );
  if (report.readers.existing) lines.push(`Readers who already had an account here (left as they are): ${report.readers.existing}.`);
  const skipped = [...report.articles.skipped, ...report.readers.skipped, ...comments.skipped];
  if (skipped.length) {
    lines.push(`Skipped ${skipped.length}:`);
    for (const item of skipped) lines.push(`  ${item.sourceId}${item.title ? ` “${item.title}”` : ''}: ${item.reason}`);
  }
  if (report.images.missing.length) {
    lines.push(`Pictures left out (${report.images.missing.length}):`);
    for (const reason of report.images.missing) lines.push(`  ${reason}`);
  }
  const leftOut = Object.entries(comments.leftOut);
  if (leftOut.length) lines.push(`Comments left out: ${leftOut.map(([reason, count]) => `${count} ${reason}`).join('; ')}.`);
  if (!report.dryRun && (report.readers.imported || report.readers.existing))
    lines.push('Imported readers have no password: they choose one with "Forgot your password?" at /signin.');
  return lines.join('\n');
}

async function actorFor(db: Parameters<typeof findImportingStaff>[0], email: string | null): Promise<Actor | string> {
  const staff = email ? await findStaffByEmail(db, email) : await findImportingStaff(db);
  if (!staff)
    return email
      ? `${email} is not an editor or admin here.`
      : 'There is no editor or admin to name in the revisions: add one first (masthead staff add --email … --role admin --name "…") or give --as.';
  return { kind: 'staff', userId: staff.userId, name: staff.name, role: staff.role };
}

export async function importCommand(args: string[], config: Readonly<Config>): Promise<number> {
  let options: ImportArguments;
  try {
    if (args[0] === 'help' || args[0] === '--help' || !args.length) {
      console.log(IMPORT_USAGE);
      return args.length ? 0 : 2;
    }
    if (args[0] === 'masthead') {
      const { archiveImportCommand } = await import('./archive-import.cli.js');
      return archiveImportCommand(args.slice(1), config);
    }
    options = parseImportArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  let exported: SourceExport;
  try {
    exported = options.format === 'ghost' ? await openGhostExport(options.file) : await openWordPressExport(options.file);
  } catch (error) {
    if (error instanceof UnreadableExportError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`Nothing was imported. ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
  const session = await openImportSession(config, 'post');
  const { masthead, db } = session;
  try {
    const actor = await actorFor(db, options.as);
    if (typeof actor === 'string') {
      console.error(actor);
      return 1;
    }
    const progress = createProgress(process.stderr);
    try {
      const report = await importerFor(masthead, config, systemClock).run(exported, {
        dryRun: options.dryRun,
        chunkSize: options.chunkSize,
        images: createImageLocator({ folder: options.images, fetchRemote: options.fetchImages, maxBytes: config.imageUploads.maxBytes }),
        defaultSection: options.section,
        actor,
        onProgress: progress.update,
        shouldStop: session.shouldStop,
      });
      progress.finish();
      console.log(describeReport(report));
      return 0;
    } catch (error) {
      progress.finish();
      if (error instanceof ImportStopped) {
        console.log(describeReport(error.report));
        console.error('Stopped. Run the same command again to carry on from here.');
        return 130;
      }
      throw error;
    }
  } finally {
    await session.close();
  }
}
