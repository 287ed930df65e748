// `npm run bench`: Masthead (demo newspaper + generated articles, production
// settings, one process) against nginx with one worker serving the same bytes,
// plus page weight and cold start. Loopback only; everything started here is
// stopped and the temporary directory removed, even when a step fails.
// Besides the anonymous pages, rows for readers in other states (a metered
// reader's cookie, a signed-in reader, a wall with its form), each against
// nginx serving the bytes the app returned to that reader.
// Comments (issue 5, bench/comments.ts): a 2,000-comment thread page beside
// the other rows, statements per page and per post, and durable comment
// writes on SQLite and on a PostgreSQL database made for the run.
//
//   npm run bench -- --duration 10 --rounds 3 --warmup 3 --articles 1000
//   npm run bench -- --quick        # a smoke run: every row once, briefly
//   npm run bench -- --postgres-url postgres://postgres@127.0.0.1:5432/postgres   # or off
//   npm run bench -- --archive [N]  # instead: the archive benchmark (bench/archive/archive-benchmark.ts)
//   npm run bench -- --import [N]   # instead: importing N-post Ghost and WordPress exports (bench/import/import-benchmark.ts)
//   npm run bench -- --search [N]   # instead: reader search at N articles [100,000] (bench/search.ts)
//   npm run bench -- --content-api [N]  # instead: the Content API's queries (bench/content-api.ts)
import { runContentApiBenchmark } from './content-api.js';
//   npm run bench -- --newsletter [N]  # instead: a newsletter send to N recipients (bench/newsletter-send.ts)
//   npm run bench -- --newsletter-serving [N]  # instead: the article page while the app sends to N (bench/newsletter-serving.ts)
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkAppResponse, listComparisons, type Comparison } from './comparisons.js';
import { httpGet, waitForOk } from './http-get.js';
import { cpuModel, readRevision } from './machine.js';
import { measurePageWeight } from './page-weight.js';
import { childPids, readCpuTime } from './cpu-usage.js';
import { commandVersion, ensureTools, findFreePort, ProcessGroup } from './processes.js';
import { measureAccountLatency } from './account-latency.js';
import { archiveArguments, runArchiveBenchmark } from './archive/archive-benchmark.js';
import { importArguments, runImportBenchmark } from './import/import-benchmark.js';
import { runSearchBenchmark, searchArguments } from './search.js';
import { newsletterArguments, runNewsletterBenchmark } from './newsletter-send.js';
import { runNewsletterServingBenchmark } from './newsletter-serving.js';
import { measureComments, prepareComments, reservedCommenter, type CommentBenchSettings } from './comments.js';
import { DEFAULT_POSTGRES_URL, dropBenchDatabases } from './postgres.js';
import { LONG_THREAD } from './comment-fixtures.js';
import { meteredReader, signedInReader } from './readers.js';
import {
  describeTargets,
  formatReport,
  median,
  medianFigures,
  type BenchmarkReport,
  type ComparisonResult,
  type RoundResult,
  type ServerKind,
} from './report.js';
import { writeBareManifest, writeNginxSite, type CapturedResponse } from './static-servers.js';
import { runWrk } from './wrk.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

// `--archive` is another benchmark with options of its own: it runs instead of this one.
const archiveArgv = archiveArguments(process.argv.slice(2));
if (archiveArgv) process.exit(await runArchiveBenchmark(archiveArgv));
const importArgv = importArguments(process.argv.slice(2));
if (importArgv) process.exit(await runImportBenchmark(importArgv));
const searchArgv = searchArguments(process.argv.slice(2));
if (searchArgv) process.exit(await runSearchBenchmark(searchArgv));
// `--content-api [N]`: the Content API's uncached queries on N generated articles (bench/content-api.ts), instead.
if (process.argv.includes('--content-api')) process.exit(await runContentApiBenchmark(process.argv.slice(2)));
// `--newsletter-serving [N]`: the article page's throughput during a send (bench/newsletter-serving.ts).
if (process.argv.includes('--newsletter-serving')) process.exit(await runNewsletterServingBenchmark(process.argv.slice(2)));
// `--newsletter [N]` too: the newsletter send (bench/newsletter-send.ts).
const newsletterArgv = newsletterArguments(process.argv.slice(2));
if (newsletterArgv) process.exit(await runNewsletterBenchmark(newsletterArgv));

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    'reader-duration': { type: 'string' },
    'reader-warmup': { type: 'string' },
    rounds: { type: 'string' },
    articles: { type: 'string' },
    connections: { type: 'string' },
    'cold-starts': { type: 'string' },
    'comment-seconds': { type: 'string' },
    'comment-posts': { type: 'string' },
    'comment-warmup': { type: 'string' },
    'comment-connections': { type: 'string' },
    'postgres-url': { type: 'string', default: DEFAULT_POSTGRES_URL },
  },
});
type NumberOption = Exclude<keyof typeof flags, 'quick' | 'postgres-url'>;
const DEFAULTS: Record<NumberOption, string> = {
  duration: '10',
  warmup: '3',
  // The reader-state rows are many; shorter runs keep the whole benchmark near 7 minutes.
  'reader-duration': '3',
  'reader-warmup': '1',
  rounds: '3',
  articles: '1000',
  connections: '32',
  'cold-starts': '3',
  // Each write round stops after 5 s or 10,000 posts; every commenter posts 5 times, so 2,000 commenters a round.
  'comment-seconds': '5',
  'comment-posts': '10000',
  'comment-warmup': '1000',
  'comment-connections': '8',
};
// --quick checks that every row works, in about two minutes; its figures are not for comparison.
const QUICK: Partial<Record<NumberOption, string>> = {
  duration: '2',
  warmup: '1',
  'reader-duration': '2',
  'reader-warmup': '0',
  rounds: '1',
  articles: '100',
  'cold-starts': '1',
  'comment-seconds': '2',
  'comment-posts': '2000',
  'comment-warmup': '200',
};
function whole(name: NumberOption, min: number, max: number): number {
  const value = Number(flags[name] ?? (flags.quick ? QUICK[name] : undefined) ?? DEFAULTS[name]);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
  return value;
}
const settings = {
  durationSeconds: whole('duration', 1, 120),
  warmupSeconds: whole('warmup', 0, 60),
  readerDurationSeconds: whole('reader-duration', 1, 120),
  readerWarmupSeconds: whole('reader-warmup', 0, 60),
  rounds: whole('rounds', 1, 15),
  articles: whole('articles', 0, 100_000),
  connections: whole('connections', 1, 1000),
  coldStarts: whole('cold-starts', 1, 15),
};
const commentSettings: CommentBenchSettings = {
  seconds: whole('comment-seconds', 1, 120),
  maxPosts: whole('comment-posts', 5, 200_000),
  warmupPosts: whole('comment-warmup', 0, 50_000),
  rounds: settings.rounds,
  connections: whole('comment-connections', 1, 1000),
  postgresUrl: flags['postgres-url'] === 'off' ? null : flags['postgres-url']!,
};

async function main(processes: ProcessGroup, workDirectory: string): Promise<BenchmarkReport> {
  const tools = ensureTools();
  const revision = readRevision(projectRoot);
  const node = (script: string, ...args: string[]) => [process.execPath, ['--import', 'tsx', script, ...args]] as const;
  // A clean environment: only the settings under test, nothing inherited from the shell.
  const environment = (port: number): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    DATA_DIR: path.join(workDirectory, 'data'),
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
  });
  // The app as production runs it: the compiled build (`npm start`), whose browser scripts are
  // prebuilt, so the cold start below times no TypeScript transform and no bundling.
  await processes.run('build', process.execPath, ['scripts/build.js'], { cwd: projectRoot, env: process.env, timeoutMs: 180_000 });
  const startApp = (name: string, port: number) => {
    const startedAt = performance.now();
    const app = processes.start(name, process.execPath, ['bin/masthead.js', 'serve'], { cwd: projectRoot, env: environment(port) });
    return { app, startedAt };
  };

  console.log('Loading the demo newspaper and generated articles…');
  await processes.run('seed-demo', ...node('src/cli.ts', 'seed-demo'), { cwd: projectRoot, env: environment(0), timeoutMs: 180_000 });
  const prepared = JSON.parse(
    (
      await processes.run('prepare', ...node('bench/prepare-database.ts', String(settings.articles)), {
        cwd: projectRoot,
        env: environment(0),
        timeoutMs: 180_000,
      })
    )
      .trim()
      .split('\n')
      .at(-1)!,
  ) as {
    totalArticles: number;
    articlePath: string;
    otherFreeArticlePaths: string[];
    premiumArticlePath: string;
    registeredArticlePath: string;
  };

  console.log('Measuring cold start…');
  const coldStartRuns: number[] = [];
  for (let run = 0; run < settings.coldStarts; run++) {
    const port = await findFreePort();
    const { app, startedAt } = startApp(`cold-start-${run + 1}`, port);
    try {
      coldStartRuns.push(
        await waitForOk(`http://127.0.0.1:${port}${prepared.articlePath}`, {
          startedAt,
          timeoutMs: 30_000,
          intervalMs: 5,
          isAlive: () => !app.hasExited(),
        }),
      );
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : error}\n${app.output()}`, { cause: error });
    } finally {
      await processes.stop(app);
    }
  }

  console.log('Preparing comment threads and commenters…');
  // Comments go under articles no other row reads.
  const slugOf = (articlePath: string) => articlePath.slice(articlePath.lastIndexOf('/') + 1);
  const readArticles = [
    prepared.articlePath,
    ...prepared.otherFreeArticlePaths,
    prepared.premiumArticlePath,
    prepared.registeredArticlePath,
  ].map(slugOf);
  const preparedComments = await prepareComments(processes, {
    node,
    cwd: projectRoot,
    env: environment(0),
    file: path.join(workDirectory, 'comments-sqlite.json'),
    settings: commentSettings,
    threadSize: LONG_THREAD.size,
    exclude: readArticles,
  });
  const longThreadPath = `${preparedComments.longThread!.path}/comments`;

  const [appPort, nginxPort, barePort] = [await findFreePort(), await findFreePort(), await findFreePort()];
  const appOrigin = `http://127.0.0.1:${appPort}`;
  const { app, startedAt } = startApp('app', appPort);
  await waitForOk(`${appOrigin}/`, { startedAt, timeoutMs: 30_000, isAlive: () => !app.hasExited() });

  console.log('Making the readers: a metered anonymous reader and a registered one…');
  const metered = await meteredReader(appOrigin, { earlierReads: prepared.otherFreeArticlePaths, article: prepared.articlePath });
  const signedInCookie = await signedInReader(appOrigin, { premiumArticle: prepared.premiumArticlePath });

  const comparisons = listComparisons({
    settings,
    paths: { ...prepared, longThreadPath },
    cookies: {
      meteredNewRead: metered.newRead,
      meteredReRead: metered.reRead,
      signedIn: signedInCookie,
      commenter: reservedCommenter(preparedComments),
    },
  });
  // Capture exactly what the app sends once a page is settled (its first answer is quickly
  // compressed, a second request has the stronger compression made and kept: cached-response.ts),
  // so the baselines serve the same bytes as the app under load.
  const captured: CapturedResponse[] = [];
  for (const comparison of comparisons) {
    const address = `${appOrigin}${comparison.appPath}`;
    const response = comparison.isBuiltPerRequest
      ? await httpGet(address, comparison.headers)
      : await settledResponse(address, comparison.headers);
    checkAppResponse(comparison, response);
    captured.push({ urlPath: comparison.baselinePath, body: response.body, headers: response.headers });
  }

  console.log('Measuring page weight…');
  const pageWeight = await measurePageWeight(`${appOrigin}${prepared.articlePath}`);

  const isRoot = process.getuid?.() === 0;
  const nginxConfig = writeNginxSite({ directory: path.join(workDirectory, 'nginx'), port: nginxPort, responses: captured, isRoot });
  const nginx = processes.start(
    'nginx',
    tools.nginx,
    ['-p', path.join(workDirectory, 'nginx'), '-e', path.join(workDirectory, 'nginx', 'error.log'), '-c', nginxConfig],
    { env: process.env },
  );
  const bareManifest = writeBareManifest({ directory: path.join(workDirectory, 'bare'), port: barePort, responses: captured });
  const bare = processes.start('bare', ...node('bench/bare-http-server.ts', bareManifest), {
    cwd: projectRoot,
    env: environment(barePort),
  });
  const origins: Record<ServerKind, string> = {
    app: appOrigin,
    nginx: `http://127.0.0.1:${nginxPort}`,
    bare: `http://127.0.0.1:${barePort}`,
  };
  const urlFor = (comparison: Comparison, server: ServerKind) =>
    `${origins[server]}${server === 'app' ? comparison.appPath : comparison.baselinePath}`;

  for (const [index, comparison] of comparisons.entries()) {
    for (const server of comparison.servers) {
      const running = server === 'nginx' ? nginx : server === 'bare' ? bare : app;
      await waitForOk(urlFor(comparison, server), {
        startedAt: performance.now(),
        timeoutMs: 15_000,
        isAlive: () => !running.hasExited(),
      }).catch((error: unknown) => {
        throw new Error(`${server}: ${error instanceof Error ? error.message : error}\n${running.output()}`);
      });
      const response = await httpGet(urlFor(comparison, server), comparison.headers);
      // The app's own answer may differ from the capture only where it is built per request.
      if (server === 'app' && comparison.isBuiltPerRequest) checkAppResponse(comparison, response);
      else if (!response.body.equals(captured[index]!.body))
        throw new Error(`${server} does not send the app's bytes for ${comparison.label}`);
    }
  }

  const wrk = (url: string, durationSeconds: number, headers: Record<string, string>) =>
    runWrk(processes, { wrk: tools.wrk, url, durationSeconds, connections: settings.connections, headers });
  if (comparisons.some((comparison) => comparison.warmupSeconds > 0)) {
    console.log('Warming up…');
    for (const comparison of comparisons) {
      if (comparison.warmupSeconds === 0) continue;
      for (const server of comparison.servers) await wrk(urlFor(comparison, server), comparison.warmupSeconds, comparison.headers);
    }
  }
  const processIds = (server: ServerKind): number[] => {
    const leader = (server === 'nginx' ? nginx : server === 'bare' ? bare : app).child.pid!;
    return server === 'nginx' ? [leader, ...childPids(leader)] : [leader];
  };
  const measure = async (comparison: Comparison, server: ServerKind): Promise<RoundResult> => {
    const pids = processIds(server);
    const before = readCpuTime(pids);
    const result = await wrk(urlFor(comparison, server), comparison.durationSeconds, comparison.headers);
    const after = readCpuTime(pids);
    const userMicros = after.userMicros - before.userMicros;
    const systemMicros = after.systemMicros - before.systemMicros;
    return {
      ...result,
      userMicrosPerRequest: userMicros / result.requests,
      systemMicrosPerRequest: systemMicros / result.requests,
      coreShare: (userMicros + systemMicros) / (comparison.durationSeconds * 1_000_000),
    };
  };
  const samples = new Map<string, RoundResult[]>();
  const labelWidth = Math.max(...comparisons.map((comparison) => comparison.label.length));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const comparison of comparisons) {
      // Alternate who goes first, so a slow drift of the machine favours no one.
      const order = round % 2 === 1 ? comparison.servers : [...comparison.servers].reverse();
      for (const server of order) {
        const result = await measure(comparison, server);
        samples.set(`${comparison.id}/${server}`, [...(samples.get(`${comparison.id}/${server}`) ?? []), result]);
        const rate = Math.round(result.requestsPerSecond).toString().padStart(7);
        console.log(
          `  round ${round}/${settings.rounds} ${comparison.label.padEnd(labelWidth)} ${server.padEnd(5)} ${rate} req/s, ${Math.round(result.coreShare * 100)}% of a core`,
        );
      }
    }
  }
  for (const running of [app, nginx, bare])
    if (running.hasExited()) throw new Error(`${running.name} exited during the benchmark:\n${running.output()}`);

  console.log('Measuring registration and sign-in latency…');
  const accountLatency = await measureAccountLatency(appOrigin);

  const comments = await measureComments(processes, {
    node,
    cwd: projectRoot,
    environment,
    workDirectory,
    settings: commentSettings,
    origin: appOrigin,
    appPid: app.child.pid!,
    prepared: preparedComments,
    readArticles,
    // The thread page once more, after the writes added their comments under other articles.
    measureThreadPage: () => wrk(`${appOrigin}${longThreadPath}`, settings.readerDurationSeconds, { 'Accept-Encoding': 'gzip, br' }),
  });
  if (app.hasExited()) throw new Error(`app exited during the comment benchmark:\n${app.output()}`);

  const throughput: ComparisonResult[] = comparisons.map((comparison, index) => {
    const servers: ComparisonResult['servers'] = {};
    for (const server of comparison.servers) {
      const rounds = samples.get(`${comparison.id}/${server}`) ?? [];
      servers[server] = { median: medianFigures(rounds), rounds };
    }
    const nginxRate = servers.nginx?.median.requestsPerSecond ?? Number.NaN;
    const ratioToNginx: ComparisonResult['ratioToNginx'] = {};
    const ratioRangeToNginx: ComparisonResult['ratioRangeToNginx'] = {};
    const cpuRatioToNginx: ComparisonResult['cpuRatioToNginx'] = {};
    const cpuPerRequest = (server: ServerKind) =>
      servers[server]!.median.userMicrosPerRequest + servers[server]!.median.systemMicrosPerRequest;
    for (const server of comparison.servers) {
      ratioToNginx[server] = servers[server]!.median.requestsPerSecond / nginxRate;
      cpuRatioToNginx[server] = cpuPerRequest('nginx') / cpuPerRequest(server);
      const perRound = servers[server]!.rounds.map(
        (round, roundIndex) => round.requestsPerSecond / servers.nginx!.rounds[roundIndex]!.requestsPerSecond,
      );
      ratioRangeToNginx[server] = { min: Math.min(...perRound), max: Math.max(...perRound) };
    }
    return {
      id: comparison.id,
      label: comparison.label,
      bodyBytes: captured[index]!.body.length,
      durationSeconds: comparison.durationSeconds,
      isBuiltPerRequest: comparison.isBuiltPerRequest,
      servers,
      ratioToNginx,
      cpuRatioToNginx,
      ratioRangeToNginx,
    };
  });

  const withoutTargets: Omit<BenchmarkReport, 'targets'> = {
    date: new Date().toISOString(),
    command: 'npm run bench' + (process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''),
    revision,
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: cpuModel(),
      node: process.version,
      nginx: commandVersion(tools.nginx, ['-v']),
      wrk: commandVersion(tools.wrk, ['--version']).replace(/\s+Copyright.*$/, ''),
      kernel: `${os.type()} ${os.release()}`,
    },
    settings: {
      articles: settings.articles,
      totalArticles: prepared.totalArticles,
      rounds: settings.rounds,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      readerDurationSeconds: settings.readerDurationSeconds,
      readerWarmupSeconds: settings.readerWarmupSeconds,
      connections: settings.connections,
      threads: 1,
    },
    articlePath: prepared.articlePath,
    premiumArticlePath: prepared.premiumArticlePath,
    registeredArticlePath: prepared.registeredArticlePath,
    throughput,
    pageWeight,
    coldStart: { runsMs: coldStartRuns, medianMs: median(coldStartRuns) },
    accountLatency,
    comments,
  };
  return { ...withoutTargets, targets: describeTargets(withoutTargets) };
}

let wasInterrupted = false;

async function runBenchmark(): Promise<void> {
  const processes = new ProcessGroup();
  const workDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-'));
  // nginx workers may run as another user: let them read the files served.
  chmodSync(workDirectory, 0o755);
  mkdirSync(path.join(workDirectory, 'nginx'), { recursive: true });
  // One shared clean-up: an interrupt and the failing main flow both wait for it to finish.
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await processes.stopAll();
      await dropBenchDatabases();
      rmSync(workDirectory, { recursive: true, force: true });
    })());
  const interrupt = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping everything the benchmark started…`);
    wasInterrupted = true;
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const report = await main(processes, workDirectory);
    console.log(`\n${formatReport(report)}`);
    const resultsDirectory = path.join(projectRoot, 'bench', 'results');
    mkdirSync(resultsDirectory, { recursive: true });
    writeFileSync(path.join(resultsDirectory, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nWrote ${path.relative(process.cwd(), path.join(resultsDirectory, 'latest.json'))}`);
  } finally {
    await cleanUp();
  }
}

runBenchmark().then(
  () => process.exit(0),
  (error: unknown) => {
    if (!wasInterrupted) console.error(error);
    process.exit(wasInterrupted ? 130 : 1);
  },
);

/**
 * The answer a URL settles on: a page's second request has its stronger compression made in the
 * background (cached-response.ts), so it is asked twice, given time, then again until two answers
 * in a row carry the same bytes.
 */
async function settledResponse(url: string, headers: Record<string, string>): Promise<Awaited<ReturnType<typeof httpGet>>> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 200));
  await httpGet(url, headers);
  await pause();
  let previous = await httpGet(url, headers);
  for (let attempt = 0; attempt < 20; attempt++) {
    await pause();
    const next = await httpGet(url, headers);
    if (next.body.equals(previous.body)) return next;
    previous = next;
  }
  return previous;
}
