// Subscribers in and out as CSV, for `masthead newsletter import|export`.
// Import streams the file through csv-parse (a million rows never sit in
// memory), hands each row to the newsletters service (which owns what a valid
// subscriber is) and keeps a report of refused rows with their line numbers.
// Export writes one row per person who receives the newsletter.
import { parse } from 'csv-parse';
import type { Readable, Writable } from 'node:stream';

export const REQUIRED_COLUMN = 'email';
export const KNOWN_COLUMNS = ['email', 'first_name', 'last_name', 'consent_source'] as const;
/** Refused rows listed one by one in the report; past this many, only counted. */
export const MAX_LISTED_REJECTIONS = 1000;
const MAX_FIELD = 1000;

export type ImportRowOutcome =
  | { kind: 'added' }
  | { kind: 'already-subscribed' }
  | { kind: 'unsubscribed-before' }
  | { kind: 'invalid'; problem: string }
  | { kind: 'unknown-newsletter' };

export interface ImportRow {
  email: string;
  firstName: string;
  lastName: string;
  consentSource: string;
}

export interface Rejection {
  line: number;
  reason: string;
}

export interface ImportReport {
  rows: number;
  added: number;
  alreadySubscribed: number;
  rejected: number;
  /** The first MAX_LISTED_REJECTIONS refused rows. */
  rejections: Rejection[];
}

export type ImportResult = { kind: 'done'; report: ImportReport } | { kind: 'bad-header'; problem: string };

export interface ImportProgress {
  /** Called as rows are read, with the bytes of the file read so far. */
  update(bytesRead: number, rows: number): void;
  finish(): void;
}

const normaliseHeader = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Reads `input` as CSV with a header row and imports each row. Rows whose CSV
 * is broken (an unclosed quote, a stray quote) are refused with csv-parse's
 * reason and the import goes on. `defaultConsent` is recorded for rows
 * without a consent_source.
 */
export async function importSubscribersCsv(options: {
  input: Readable;
  importRow(row: ImportRow): Promise<ImportRowOutcome>;
  defaultConsent: string;
  progress?: ImportProgress;
}): Promise<ImportResult> {
  const report: ImportReport = { rows: 0, added: 0, alreadySubscribed: 0, rejected: 0, rejections: [] };
  const reject = (line: number, reason: string) => {
    report.rejected += 1;
    if (report.rejections.length < MAX_LISTED_REJECTIONS) report.rejections.push({ line, reason });
  };
  let headerProblem: string | null = 'The file is empty: the first row must name the columns, with at least "email".';
  let bytesRead = 0;
  options.input.on('data', (chunk: Buffer | string) => (bytesRead += chunk.length));
  const parser = options.input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map(normaliseHeader);
        headerProblem = null;
        if (!names.includes(REQUIRED_COLUMN))
          headerProblem = `The first row must name the columns, with at least "email" (found: ${header.join(', ') || 'nothing'}).`;
        return names;
      },
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      relax_column_count: true,
      trim: true,
      max_record_size: 64 * 1024,
    }),
  );
  parser.on('skip', (error: Error & { lines?: number }) => {
    report.rows += 1;
    reject(error.lines ?? 0, `Not readable as CSV: ${error.message.replace(/^Invalid [^:]*: /, '')}`);
  });
  for await (const item of parser as AsyncIterable<{ record: Record<string, string | undefined>; info: { lines: number } }>) {
    if (headerProblem) {
      parser.destroy();
      options.input.destroy();
      return { kind: 'bad-header', problem: headerProblem };
    }
    const { record, info } = item;
    report.rows += 1;
    options.progress?.update(bytesRead, report.rows);
    const field = (name: string) => String(record[name] ?? '');
    const tooLong = KNOWN_COLUMNS.find((name) => field(name).length > MAX_FIELD);
    if (tooLong) {
      reject(info.lines, `${tooLong} is longer than ${MAX_FIELD} characters.`);
      continue;
    }
    const outcome = await options.importRow({
      email: field('email'),
      firstName: field('first_name'),
      lastName: field('last_name'),
      consentSource: field('consent_source') || options.defaultConsent,
    });
    if (outcome.kind === 'added') report.added += 1;
    else if (outcome.kind === 'already-subscribed') report.alreadySubscribed += 1;
    else if (outcome.kind === 'unsubscribed-before')
      reject(info.lines, 'This address unsubscribed before: an import does not sign it up again.');
    else if (outcome.kind === 'invalid') reject(info.lines, outcome.problem);
    else throw new Error('The newsletter is gone.');
  }
  options.progress?.finish();
  // Refusals of unreadable CSV are reported while parsing runs ahead of the imports: back in file order.
  report.rejections.sort((left, right) => left.line - right.line);
  // A file with a header row and nothing else (or nothing at all) never reaches the loop.
  if (headerProblem) return { kind: 'bad-header', problem: headerProblem };
  return { kind: 'done', report };
}

/** The report as the command prints it. */
export function describeImport(report: ImportReport, newsletterName: string): string {
  const lines = [
    `Imported into ${newsletterName}: ${report.rows} row${report.rows === 1 ? '' : 's'} read, ${report.added} added, ` +
      `${report.alreadySubscribed} already subscribed, ${report.rejected} refused.`,
  ];
  if (report.rejections.length) lines.push('', 'Refused rows:');
  for (const rejection of report.rejections) lines.push(`  line ${rejection.line}: ${rejection.reason}`);
  if (report.rejected > report.rejections.length) lines.push(`  … and ${report.rejected - report.rejections.length} more.`);
  return lines.join('\n');
}

/** A progress bar on a terminal (redrawn in place); a line every 10,000 rows elsewhere (logs stay readable). */
export function createProgress(stream: { isTTY?: boolean; write(text: string): unknown }, totalBytes: number): ImportProgress {
  let lastDrawn = 0;
  return {
    update(bytesRead, rows) {
      if (!stream.isTTY) {
        if (rows % 10_000 === 0) stream.write(`${rows} rows read\n`);
        return;
      }
      const now = Date.now();
      if (now - lastDrawn < 100) return;
      lastDrawn = now;
      const share = totalBytes > 0 ? Math.min(1, bytesRead / totalBytes) : 0;
      const filled = Math.round(share * 30);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${Math.round(share * 100)}% ${rows} rows`);
    },
    finish() {
      if (stream.isTTY) stream.write(`\r[${'#'.repeat(30)}] 100%${' '.repeat(20)}\n`);
    },
  };
}

export interface ExportRow {
  email: string;
  firstName: string;
  lastName: string;
  consentSource: string;
  /** 'reader' (an account that signed up) or 'imported'. */
  source: string;
  since: string;
}

/** One CSV field: quoted when needed; a leading =, +, - or @ is defused so a spreadsheet shows it as text. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export async function exportSubscribersCsv(rows: AsyncIterable<ExportRow>, output: Writable): Promise<number> {
  const write = (line: string) =>
    new Promise<void>((resolve, reject) => {
      if (output.write(line)) resolve();
      else output.once('drain', resolve).once('error', reject);
    });
  await write('email,first_name,last_name,consent_source,source,since\n');
  let count = 0;
  for await (const row of rows) {
    await write([row.email, row.firstName, row.lastName, row.consentSource, row.source, row.since].map(csvField).join(',') + '\n');
    count += 1;
  }
  return count;
}
