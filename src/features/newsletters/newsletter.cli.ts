// `masthead newsletter import|export`: subscribers without an account in and
// out of one newsletter as CSV (newsletter-csv.ts does the reading and writing;
// the newsletters service decides what a valid subscriber is).
import { createReadStream, createWriteStream, fchmodSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config/config.js';
import type { Db } from '../../core/db/database.js';
import { openDatabase } from '../../core/db/database.js';
import { migrateDatabase } from '../../core/db/migrate.js';
import {
  createProgress,
  describeImport,
  exportSubscribersCsv,
  importSubscribersCsv,
  type ExportRow,
  type ImportRowOutcome,
} from './newsletter-csv.js';

export const NEWSLETTER_USAGE = `Usage:
  masthead newsletter import --newsletter <slug> --csv <file>
      Adds the people in the file to the newsletter (no account needed). The first row names the
      columns: email (required), first_name, last_name, consent_source (where their consent came
      from; rows without one record "CSV import of <file>"). People who unsubscribed before are
      not added again. Refused rows are listed with their line numbers.
  masthead newsletter export --newsletter <slug> [--out <file>]
      Writes everyone who receives the newsletter as CSV, to the file (readable by you only) or to
      standard output.`;

/** The newsletters service functions the command uses. */
export interface NewsletterCommandService {
  findNewsletterBySlug(slug: string): Promise<{ id: number; name: string } | null>;
  importSubscriber(
    newsletterId: number,
    input: { email: string; firstName: string; lastName: string; consentSource: string },
  ): Promise<ImportRowOutcome>;
  listSubscribersForExport(newsletterId: number): AsyncIterable<ExportRow>;
}

export type NewsletterServiceFactory = (deps: { db: Db; clock: Clock; config: Readonly<Config> }) => NewsletterCommandService;

type Parsed = { command: 'import'; newsletter: string; csv: string } | { command: 'export'; newsletter: string; out?: string };

function parse(args: string[]): Parsed | string {
  const [subcommand, ...rest] = args;
  try {
    if (subcommand === 'import') {
      const { values } = parseArgs({ args: rest, options: { newsletter: { type: 'string' }, csv: { type: 'string' } }, strict: true });
      if (!values.newsletter || !values.csv) return 'Missing --newsletter or --csv.';
      return { command: 'import', newsletter: values.newsletter, csv: values.csv };
    }
    if (subcommand === 'export') {
      const { values } = parseArgs({ args: rest, options: { newsletter: { type: 'string' }, out: { type: 'string' } }, strict: true });
      if (!values.newsletter) return 'Missing --newsletter.';
      return { command: 'export', newsletter: values.newsletter, ...(values.out !== undefined && { out: values.out }) };
    }
    return `Unknown newsletter command "${subcommand ?? ''}".`;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Opens (or truncates) the export file readable by its owner only, whatever the umask or an older file's mode. */
function privateFile(file: string) {
  const descriptor = openSync(file, 'w', 0o600);
  fchmodSync(descriptor, 0o600);
  return createWriteStream('', { fd: descriptor });
}

async function run(parsed: Parsed, service: NewsletterCommandService): Promise<number> {
  const newsletter = await service.findNewsletterBySlug(parsed.newsletter);
  if (!newsletter) {
    console.error(`There is no newsletter with the slug "${parsed.newsletter}".`);
    return 1;
  }
  if (parsed.command === 'import') {
    let size: number;
    try {
      size = statSync(parsed.csv).size;
    } catch {
      console.error(`Cannot read ${parsed.csv}.`);
      return 1;
    }
    const result = await importSubscribersCsv({
      input: createReadStream(parsed.csv),
      importRow: (row) => service.importSubscriber(newsletter.id, row),
      defaultConsent: `CSV import of ${path.basename(parsed.csv)}`,
      progress: createProgress(process.stderr, size),
    });
    if (result.kind === 'bad-header') {
      console.error(result.problem);
      return 2;
    }
    console.log(describeImport(result.report, newsletter.name));
    return 0;
  }
  const output = parsed.out ? privateFile(parsed.out) : process.stdout;
  const count = await exportSubscribersCsv(service.listSubscribersForExport(newsletter.id), output);
  if (parsed.out) {
    await new Promise<void>((resolve, reject) => output.end((error?: Error | null) => (error ? reject(error) : resolve())));
    console.error(`Wrote ${count} subscriber${count === 1 ? '' : 's'} of ${newsletter.name} to ${parsed.out}.`);
  }
  return 0;
}

export async function newsletterCommand(
  args: string[],
  config: Readonly<Config>,
  clock: Clock,
  createService: NewsletterServiceFactory,
): Promise<number> {
  if (!args.length || args[0] === 'help' || args[0] === '--help') {
    console.log(NEWSLETTER_USAGE);
    return args.length ? 0 : 2;
  }
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    console.error(`${parsed}\n\n${NEWSLETTER_USAGE}`);
    return 2;
  }
  const database = openDatabase(config.database);
  try {
    await migrateDatabase(config.database, database.db);
    return await run(parsed, createService({ db: database.db, clock, config }));
  } finally {
    await database.close();
  }
}
