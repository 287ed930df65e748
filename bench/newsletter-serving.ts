// `npm run bench -- --newsletter-serving [N]`: does a big send slow the
// article page down? The compiled app (`bin/masthead.js serve`, production
// settings, SQLite) serves the demo newspaper with its newsletter sender
// pointed at a loopback SMTP sink in its own process. wrk reads a free article
// for a while with no send running, then an issue to N subscribers (50,000 by
// default) is started and wrk reads the same article again while the app's
// own sender works through the send. Reports both rows and their ratio.
//
//   npm run bench -- --newsletter-serving 50000 --duration 15 --connections 32
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config/config.js';
import { openDatabase } from '../src/core/db/database.js';
import { createNewslettersService } from '../src/features/newsletters/newsletters.service.js';
import { articlePath } from '../src/features/articles/article-urls.js';
import { insertSubscribedReaders } from '../src/features/newsletters/testing/newsletter-fixtures.js';
import { waitForOk } from './http-get.js';
import { ensureTools, findFreePort, ProcessGroup } from './processes.js';
import { runWrk, type WrkResult } from './wrk.js';

const DEFAULT_RECIPIENTS = 50_000;
const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** `--newsletter-serving` with or without a count. */
export function newsletterServingArguments(argv: readonly string[]): { recipients: number; rest: string[] } | null {
  const index = argv.findIndex((argument) => argument === '--newsletter-serving');
  if (index === -1) return null;
  const value = argv[index + 1];
  const hasValue = value !== undefined && /^[\d_,]+$/.test(value);
  const rest = argv.filter((_, position) => position !== index && !(hasValue && position === index + 1));
  return { recipients: hasValue ? Number(value.replace(/[_,]/g, '')) : DEFAULT_RECIPIENTS, rest };
}

async function startSink(processes: ProcessGroup) {
  const sink = processes.start('smtp-sink', process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bench/smtp-sink-process.ts')], {
    cwd: projectRoot,
    env: process.env,
  });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const line = /\{"port":(\d+)\}/.exec(sink.output());
    if (line) return { url: `smtp://127.0.0.1:${line[1]}?ignoreTLS=true`, running: sink };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the SMTP sink did not start:\n${sink.output()}`);
}

export async function runNewsletterServingBenchmark(argv: readonly string[]): Promise<number> {
  const parsed = newsletterServingArguments(argv);
  if (!parsed) return 1;
  const { values } = parseArgs({
    args: parsed.rest,
    options: { duration: { type: 'string', default: '15' }, connections: { type: 'string', default: '32' } },
    strict: false,
  });
  const durationSeconds = Number(values.duration);
  const connections = Number(values.connections);
  const tools = ensureTools();
  const processes = new ProcessGroup();
  const workDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-newsletter-serving-'));
  try {
    const sink = await startSink(processes);
    const port = await findFreePort();
    const environment: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      DATA_DIR: path.join(workDirectory, 'data'),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NEWSLETTER_SMTP_URL: sink.url,
    };
    await processes.run('build', process.execPath, ['scripts/build.js'], { cwd: projectRoot, env: process.env, timeoutMs: 180_000 });
    await processes.run('seed-demo', process.execPath, ['--import', 'tsx', 'src/cli.ts', 'seed-demo'], {
      cwd: projectRoot,
      env: environment,
      timeoutMs: 180_000,
    });

    // The audience and the issue, written before the app starts; the send itself starts later.
    const config = loadConfig(environment);
    const database = openDatabase(config.database);
    const newsletters = createNewslettersService({
      db: database.db,
      clock: systemClock,
      secret: 'bench-newsletter-serving-secret-0123456789',
      settings: { publicUrl: config.publicUrl, publicationName: config.publication.name, timeZone: config.publication.timeZone },
    });
    const saved = await newsletters.createNewsletter({ name: 'Bench Serving', slug: 'bench-serving', access: 'registered' });
    if (saved.kind !== 'saved') throw new Error('newsletter not saved');
    await insertSubscribedReaders(database.db, {
      newsletterId: saved.newsletter.id,
      count: parsed.recipients,
      domain: 'serving.example.test',
      now: new Date().toISOString(),
    });
    const issue = await newsletters.createIssue(saved.newsletter.id, {
      subject: 'Serving bench edition',
      content: { kind: 'html', html: '<p>The harbour, the council and the weather, in that order.</p>'.repeat(12) },
      createdBy: null,
    });
    if (issue.kind !== 'saved') throw new Error('issue not saved');
    const article = await database.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .where('articles.access_level', '=', 'free')
      .where('articles.status', '=', 'published')
      .where('articles.published_at', 'is not', null)
      .orderBy('articles.published_at', 'desc')
      .select(['articles.slug', 'articles.published_at', 'sections.path'])
      .executeTakeFirstOrThrow();

    const startedAt = performance.now();
    const app = processes.start('app', process.execPath, ['bin/masthead.js', 'serve'], { cwd: projectRoot, env: environment });
    const origin = `http://127.0.0.1:${port}`;
    await waitForOk(`${origin}/`, { startedAt, timeoutMs: 30_000, isAlive: () => !app.hasExited() });
    const articleUrl = `${origin}${articlePath(
      { sectionPath: article.path, publishedAt: article.published_at!, slug: article.slug },
      config.publication.timeZone,
    )}`;
    await waitForOk(articleUrl, { startedAt: performance.now(), timeoutMs: 10_000, isAlive: () => !app.hasExited() });

    const wrk = (seconds: number) => runWrk(processes, { wrk: tools.wrk, url: articleUrl, durationSeconds: seconds, connections });
    console.log(`Warming up ${articleUrl}…`);
    await wrk(3);
    console.log('Reading the article with no send running…');
    const quiet = await wrk(durationSeconds);

    await newsletters.sendIssueNow(issue.issue.id);
    const sendStartedAt = performance.now();
    // The app's sender polls for started sends; wait until it has sent something before measuring.
    while (((await newsletters.issueFigures(issue.issue.id))?.sent ?? 0) === 0) {
      if (performance.now() - sendStartedAt > 60_000) throw new Error(`the app did not start sending:\n${app.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log('Reading the article while the app sends…');
    const sentBefore = (await newsletters.issueFigures(issue.issue.id))?.sent ?? 0;
    const duringSend = await wrk(durationSeconds);
    const figures = await newsletters.issueFigures(issue.issue.id);
    const sentDuring = (figures?.sent ?? 0) - sentBefore;
    const stillSending = (await newsletters.findIssue(issue.issue.id))?.state !== 'sent';
    await database.close();

    const row = (label: string, result: WrkResult) =>
      `| ${label} | ${Math.round(result.requestsPerSecond)} | ${result.latencyP50Ms.toFixed(2)} | ${result.latencyP99Ms.toFixed(2)} |`;
    console.log(
      `\nArticle page during a newsletter send: ${parsed.recipients.toLocaleString('en-GB')} recipients, SQLite, wrk -c${connections} -d${durationSeconds}s\n`,
    );
    console.log('| article page | requests/s | p50 (ms) | p99 (ms) |');
    console.log('| --- | --: | --: | --: |');
    console.log(row('no send running', quiet));
    console.log(row('during the send', duringSend));
    console.log(
      `\nDuring the send: ${(duringSend.requestsPerSecond / quiet.requestsPerSecond).toFixed(2)}× the quiet rate; ` +
        `${sentDuring.toLocaleString('en-GB')} messages sent in those ${durationSeconds} s (${Math.round(sentDuring / durationSeconds)}/s)` +
        `${stillSending ? ', the send still running at the end (as it should be)' : ' — the send ended inside the window: raise N'}.`,
    );
    return stillSending ? 0 : 1;
  } finally {
    await processes.stopAll();
    rmSync(workDirectory, { recursive: true, force: true });
  }
}
