// `npm run bench -- --newsletter [N]` (N recipients, 100,000 by default): one
// newsletter issue sent to N readers through a loopback SMTP server (its own
// process) on SQLite and on a PostgreSQL database made for the run. Reports
// the rate, the whole send's time, the sender's peak RSS, its CPU use (what
// bounds it: the sender's CPU at ~100% of a core means the sender; well below
// means the SMTP server or the database), and the event loop's delay during
// the send (what a page request would wait on the same process).
//
//   npm run bench -- --newsletter 2000 --pool 5 --postgres-url off
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock.js';
import type { DatabaseTarget } from '../src/core/config/config.js';
import { openDatabase } from '../src/core/db/database.js';
import { migrateToLatest } from '../src/core/db/migrate.js';
import { createNewsletterKit } from '../src/features/newsletters/testing/newsletter-kit.js';
import { insertSubscribedReaders } from '../src/features/newsletters/testing/newsletter-fixtures.js';
import { createBenchDatabase, DEFAULT_POSTGRES_URL, redact } from './postgres.js';

const DEFAULT_RECIPIENTS = 100_000;
const here = path.dirname(fileURLToPath(import.meta.url));

/** `--newsletter` with or without a count, as run.ts passes it on. */
export function newsletterArguments(argv: readonly string[]): string[] | null {
  const index = argv.findIndex((argument) => argument === '--newsletter' || argument.startsWith('--newsletter='));
  if (index === -1) return null;
  const rest = [...argv];
  if (rest[index] === '--newsletter') {
    const value = rest[index + 1];
    const hasValue = value !== undefined && /^[\d_,]+$/.test(value);
    rest.splice(index, hasValue ? 2 : 1, `--newsletter=${hasValue ? value : DEFAULT_RECIPIENTS}`);
  }
  return rest;
}

async function startSinkProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'smtp-sink-process.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const messages: Record<string, number>[] = [];
  let notify: () => void = () => {};
  lines.on('line', (line) => {
    messages.push(JSON.parse(line) as Record<string, number>);
    notify();
  });
  const next = () =>
    new Promise<Record<string, number>>((resolve) => {
      const check = () => (messages.length ? resolve(messages.shift()!) : (notify = check));
      check();
    });
  const { port } = await next();
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    async stop(): Promise<number> {
      child.kill('SIGTERM');
      return (await next()).accepted ?? 0;
    },
  };
}

interface Row {
  engine: string;
  recipients: number;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
  cpuShare: number;
  loopDelayP99Ms: number;
  accepted: number;
}

async function sendOnce(target: DatabaseTarget, recipients: number, poolSize: number): Promise<Row> {
  const sink = await startSinkProcess();
  const database = openDatabase(target);
  try {
    await migrateToLatest(database.db);
    const kit = createNewsletterKit({
      db: database.db,
      engine: database.engine,
      clock: systemClock,
      smtpUrl: sink.url,
      settings: { poolSize, pollMs: 50 },
    });
    const saved = await kit.newsletters.createNewsletter({ name: 'Bench Daily', slug: 'bench-daily', access: 'registered' });
    if (saved.kind !== 'saved') throw new Error('newsletter not saved');
    await insertSubscribedReaders(database.db, {
      newsletterId: saved.newsletter.id,
      count: recipients,
      domain: 'bench.example.test',
      now: new Date().toISOString(),
    });
    const paragraphs = Array.from(
      { length: 12 },
      (_, index) => `<p>Paragraph ${index + 1} of the bench edition: the harbour, the council and the weather, in that order.</p>`,
    );
    const issue = await kit.newsletters.createIssue(saved.newsletter.id, {
      subject: 'Bench edition',
      content: { kind: 'html', html: paragraphs.join('') },
      createdBy: null,
    });
    if (issue.kind !== 'saved') throw new Error('issue not saved');

    const loop = monitorEventLoopDelay({ resolution: 10 });
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    loop.enable();
    await kit.newsletters.sendIssueNow(issue.issue.id);
    kit.sender.start();
    while ((await kit.newsletters.findIssue(issue.issue.id))?.state !== 'sent') await new Promise((resolve) => setTimeout(resolve, 100));
    const seconds = (performance.now() - started) / 1000;
    loop.disable();
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpuBefore);
    await kit.close();
    const figures = await kit.newsletters.issueFigures(issue.issue.id);
    return {
      engine: database.engine,
      recipients: figures?.sent ?? 0,
      seconds,
      perSecond: (figures?.sent ?? 0) / seconds,
      peakRssMb: peakRss / 1024 / 1024,
      cpuShare: (cpu.user + cpu.system) / 1e6 / seconds,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      accepted: await sink.stop(),
    };
  } finally {
    await database.close();
  }
}

export async function runNewsletterBenchmark(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      newsletter: { type: 'string' },
      pool: { type: 'string', default: '5' },
      'postgres-url': { type: 'string', default: DEFAULT_POSTGRES_URL },
      sqlite: { type: 'string', default: 'on' },
    },
    strict: false,
  });
  const recipients = Number(String(values.newsletter ?? DEFAULT_RECIPIENTS).replace(/[_,]/g, ''));
  const poolSize = Number(values.pool);
  const rows: Row[] = [];
  const directory = mkdtempSync(path.join(os.tmpdir(), 'masthead-newsletter-bench-'));
  try {
    if (values.sqlite !== 'off')
      rows.push(await sendOnce({ engine: 'sqlite', filename: path.join(directory, 'bench.db') }, recipients, poolSize));
    const postgresUrl = String(values['postgres-url']);
    if (postgresUrl !== 'off') {
      const database = await createBenchDatabase(postgresUrl);
      if ('skipped' in database) console.log(database.skipped);
      else {
        try {
          rows.push(await sendOnce({ engine: 'postgres', connectionString: database.url, poolSize: 10 }, recipients, poolSize));
        } finally {
          await database.drop();
        }
      }
      console.log(`PostgreSQL: ${redact(postgresUrl)}`);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  console.log(
    `\nNewsletter send: ${recipients.toLocaleString('en-GB')} recipients, SMTP pool ${poolSize}, loopback sink in its own process\n`,
  );
  console.log(
    '| engine | sent | time (s) | messages/s | peak RSS (MB) | sender CPU (share of a core) | event-loop p99 (ms) | accepted by sink |',
  );
  console.log('| --- | --: | --: | --: | --: | --: | --: | --: |');
  for (const row of rows)
    console.log(
      `| ${row.engine} | ${row.recipients} | ${row.seconds.toFixed(1)} | ${Math.round(row.perSecond)} | ${Math.round(row.peakRssMb)} | ${row.cpuShare.toFixed(2)} | ${row.loopDelayP99Ms.toFixed(1)} | ${row.accepted} |`,
    );
  return rows.every((row) => row.recipients === recipients && row.accepted === recipients) ? 0 : 1;
}
