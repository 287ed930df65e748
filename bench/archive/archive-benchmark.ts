// `npm run bench -- --archive [N]` (issue 12): Masthead on an archive of N
// generated articles [200,000] and on a small one [1,000], on SQLite and on a
// PostgreSQL database made for the run (with Redis when it answers), so each
// row's growth shows: cached and uncached (crawled) articles, home, a
// section front's first and deep pages, sitemaps and RSS; req/s, p50/p99 and
// the app's event-loop delay max for each, the cached article also as a
// share of nginx serving the same bytes (bench/archive/archive-run.ts).
//
//   npm run bench -- --archive                    # 200,000 and 1,000 articles, both engines
//   npm run bench -- --archive 20000 --engines sqlite --duration 3
//   npm run bench -- --archive 1000000 --baseline 1000 --redis-url off
import { mkdirSync, mkdtempSync, chmodSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuModel, readRevision } from '../machine.js';
import { DEFAULT_POSTGRES_URL, dropBenchDatabases, serverVersion } from '../postgres.js';
import { commandVersion, ensureTools, ProcessGroup } from '../processes.js';
import { formatArchiveReport } from './archive-report.js';
import { runArchive } from './archive-run.js';
import type { ArchiveReport, ArchiveRun, ArchiveSettings, Engine } from './archive-types.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const DEFAULT_ARTICLES = 200_000;

/** The arguments when this is an archive run (`--archive`, `--archive N` or `--archive=N`), with N spelled `--archive=N`; else null. */
export function archiveArguments(argv: readonly string[]): string[] | null {
  const index = argv.findIndex((argument) => argument === '--archive' || argument.startsWith('--archive='));
  if (index === -1) return null;
  const rest = [...argv];
  if (rest[index] === '--archive') {
    const value = rest[index + 1];
    const hasValue = value !== undefined && /^[\d_,]+$/.test(value);
    rest.splice(index, hasValue ? 2 : 1, `--archive=${hasValue ? value : DEFAULT_ARTICLES}`);
  }
  return rest;
}

function readSettings(argv: string[]): ArchiveSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      archive: { type: 'string' },
      baseline: { type: 'string', default: '1000' },
      engines: { type: 'string', default: 'sqlite,postgres' },
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      connections: { type: 'string', default: '32' },
      'deep-page': { type: 'string', default: '1000' },
      'discovery-seconds': { type: 'string', default: '120' },
      'postgres-url': { type: 'string', default: DEFAULT_POSTGRES_URL },
      'redis-url': { type: 'string', default: DEFAULT_REDIS_URL },
    },
  });
  const whole = (name: keyof typeof values, raw: string | undefined, min: number, max: number) => {
    const value = Number((raw ?? '').replace(/[_,]/g, ''));
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  const engines = values.engines.split(',').map((engine) => engine.trim());
  for (const engine of engines) if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`--engines: unknown engine "${engine}"`);
  return {
    articles: whole('archive', values.archive, 1, 1_000_000),
    baselineArticles: whole('baseline', values.baseline, 0, 1_000_000),
    engines: engines as Engine[],
    durationSeconds: whole('duration', values.duration, 1, 120),
    warmupSeconds: whole('warmup', values.warmup, 0, 60),
    connections: whole('connections', values.connections, 1, 1000),
    deepPage: whole('deep-page', values['deep-page'], 2, 1_000_000),
    discoverySeconds: whole('discovery-seconds', values['discovery-seconds'], 1, 3600),
    postgresUrl: values['postgres-url'] === 'off' ? null : values['postgres-url'],
    redisUrl: values['redis-url'] === 'off' ? null : values['redis-url'],
  };
}

/** Whether something answers PING at the Redis URL within a second. */
function redisAnswers(redisUrl: string): Promise<boolean> {
  const url = new URL(redisUrl);
  if (url.protocol !== 'redis:') return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 6379), timeout: 1000 });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

async function main(processes: ProcessGroup, workDirectory: string, argv: string[]): Promise<ArchiveReport> {
  const startedAt = performance.now();
  const settings = readSettings(argv);
  const tools = ensureTools();
  const loadAverageAtStart = os.loadavg();
  const skipped: ArchiveReport['skipped'] = [];
  let postgres: string | null = null;
  const engines = settings.engines.filter((engine) => {
    if (engine !== 'postgres') return true;
    if (!settings.postgresUrl) skipped.push({ engine, reason: '--postgres-url off' });
    return settings.postgresUrl !== null;
  });
  if (engines.includes('postgres')) {
    try {
      postgres = await serverVersion(settings.postgresUrl!);
    } catch (error) {
      engines.splice(engines.indexOf('postgres'), 1);
      skipped.push({ engine: 'postgres', reason: `not reachable: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const redisUrl = settings.redisUrl && engines.includes('postgres') && (await redisAnswers(settings.redisUrl)) ? settings.redisUrl : null;
  if (settings.redisUrl && engines.includes('postgres') && !redisUrl)
    console.log(`Redis does not answer at ${settings.redisUrl}: PostgreSQL runs without it.`);

  const runs: ArchiveRun[] = [];
  for (const engine of engines) {
    for (const articles of [settings.baselineArticles, settings.articles]) {
      if (articles === settings.baselineArticles && articles === settings.articles && runs.some((run) => run.engine === engine)) continue;
      runs.push(await runArchive({ processes, tools, workDirectory, settings, engine, articles, redisUrl }));
    }
  }
  return {
    date: new Date().toISOString(),
    command: `npm run bench -- ${argv.join(' ')}`,
    revision: readRevision(projectRoot),
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: cpuModel(),
      node: process.version,
      nginx: commandVersion(tools.nginx, ['-v']),
      wrk: commandVersion(tools.wrk, ['--version']).replace(/\s+Copyright.*$/, ''),
      postgres,
      loadAverageAtStart,
    },
    settings: { ...settings, engines },
    runs,
    skipped,
    totalSeconds: (performance.now() - startedAt) / 1000,
  };
}

let wasInterrupted = false;

/** Runs the archive benchmark; answers the process's exit code. */
export async function runArchiveBenchmark(argv: string[]): Promise<number> {
  const processes = new ProcessGroup();
  const workDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-archive-'));
  // nginx workers may run as another user: let them read the files served.
  chmodSync(workDirectory, 0o755);
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
    const report = await main(processes, workDirectory, argv);
    const text = formatArchiveReport(report);
    console.log(`\n${text}`);
    const resultsDirectory = path.join(projectRoot, 'bench', 'results');
    mkdirSync(resultsDirectory, { recursive: true });
    const base = path.join(resultsDirectory, `archive-${report.settings.articles}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(`${base}.md`, `${text}\n`);
    console.log(`\nWrote ${path.relative(process.cwd(), `${base}.json`)} and .md`);
    return 0;
  } catch (error) {
    if (!wasInterrupted) console.error(error);
    return wasInterrupted ? 130 : 1;
  } finally {
    await cleanUp();
  }
}
