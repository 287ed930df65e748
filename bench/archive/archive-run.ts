// One archive run: a fresh database on one engine, the demo newspaper plus N
// generated articles, one app process (with the event-loop probe), and
// every row measured with wrk against it — the cached article also against
// nginx serving the same bytes. Everything it starts it stops; the database
// goes with it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { httpGet, waitForOk } from '../http-get.js';
import { createBenchDatabase } from '../postgres.js';
import { findFreePort, type ProcessGroup, type RunningProcess } from '../processes.js';
import { writeNginxSite } from '../static-servers.js';
import { runWrk } from '../wrk.js';
import { BROWSER_ENCODINGS, findDeepPage, findSitemaps, PageFetcher } from './archive-pages.js';
import type { ArchiveRun, ArchiveSettings, Engine, RowResult } from './archive-types.js';
import { EVENT_LOOP_FILE_VARIABLE, EVENT_LOOP_PROBE, EventLoopWatch } from './event-loop.js';
import type { ArchiveUrls } from './list-archive-urls.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const WALK_PATHS_SCRIPT = fileURLToPath(new URL('./walk-paths.lua', import.meta.url));
/** wrk's per-request timeout: long enough that slow pages are timed, not dropped as errors at wrk's 2 s. */
const REQUEST_TIMEOUT_SECONDS = 10;
/** The crawler's list is capped: at 1,000,000 articles a full list would be ~80 MB that no run reaches. */
const CRAWL_LIST_LIMIT = 100_000;

interface Prepared {
  generationSeconds: number;
  articlePath: string;
}

/**
 * How the server is started: through tsx, as bench/run.ts does, with the
 * probe preloaded. When `npm run build` produces compiled JavaScript, swap
 * the entry here (the probe, a .ts file, then needs `--import tsx` before it).
 */
function serverCommand(): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', '--import', EVENT_LOOP_PROBE.href, 'src/cli.ts', 'serve']];
}

const node = (script: string, ...args: string[]): [string, string[]] => [process.execPath, ['--import', 'tsx', script, ...args]];
const lastJsonLine = <T>(output: string): T => JSON.parse(output.trim().split('\n').at(-1)!) as T;

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

export interface RunOptions {
  processes: ProcessGroup;
  tools: { nginx: string; wrk: string };
  workDirectory: string;
  settings: ArchiveSettings;
  engine: Engine;
  articles: number;
  /** Given to the app on PostgreSQL when reachable, or null. */
  redisUrl: string | null;
}

export async function runArchive(options: RunOptions): Promise<ArchiveRun> {
  const { processes, settings, engine } = options;
  const directory = path.join(options.workDirectory, `${engine}-${options.articles}`);
  mkdirSync(directory, { recursive: true });
  const database = engine === 'postgres' ? await createBenchDatabase(settings.postgresUrl!) : null;
  if (database && 'skipped' in database) throw new Error(database.skipped);
  // One secret for every process of the run, as nodes sharing a database share one.
  const sessionSecret = randomBytes(32).toString('hex');
  const environment = (port: number): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    DATA_DIR: path.join(directory, 'data'),
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    SESSION_SECRET: sessionSecret,
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...(database && options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    [EVENT_LOOP_FILE_VARIABLE]: path.join(directory, 'event-loop.json'),
  });
  const running: RunningProcess[] = [];
  try {
    console.log(`\n[${engine}, ${options.articles.toLocaleString('en')} articles] loading the demo newspaper…`);
    const seedStartedAt = performance.now();
    await processes.run('seed-demo', ...node('src/cli.ts', 'seed-demo'), { cwd: projectRoot, env: environment(0), timeoutMs: 600_000 });
    const seedSeconds = (performance.now() - seedStartedAt) / 1000;
    console.log(`  demo loaded in ${seedSeconds.toFixed(1)} s; generating ${options.articles.toLocaleString('en')} articles…`);
    const prepared = lastJsonLine<Prepared>(
      await processes.run('prepare', ...node('bench/prepare-database.ts', String(options.articles)), {
        cwd: projectRoot,
        env: environment(0),
        timeoutMs: 3 * 60 * 60 * 1000,
      }),
    );
    console.log(`  generated in ${prepared.generationSeconds.toFixed(1)} s; listing the crawler's articles…`);
    const urls = lastJsonLine<ArchiveUrls>(
      await processes.run(
        'list-urls',
        ...node(
          'bench/archive/list-archive-urls.ts',
          '--out',
          path.join(directory, 'articles.txt'),
          '--limit',
          String(CRAWL_LIST_LIMIT),
          '--exclude',
          prepared.articlePath,
        ),
        { cwd: projectRoot, env: environment(0), timeoutMs: 600_000 },
      ),
    );

    const [appPort, nginxPort] = [await findFreePort(), await findFreePort()];
    const origin = `http://127.0.0.1:${appPort}`;
    const startedAt = performance.now();
    const app = processes.start('app', ...serverCommand(), { cwd: projectRoot, env: environment(appPort) });
    running.push(app);
    await waitForOk(`${origin}/robots.txt`, { startedAt, timeoutMs: 120_000, intervalMs: 20, isAlive: () => !app.hasExited() });
    const startSeconds = (performance.now() - startedAt) / 1000;
    const eventLoop = new EventLoopWatch(app.child.pid!, path.join(directory, 'event-loop.json'));
    const fetcher = new PageFetcher(origin);

    console.log(`  started in ${startSeconds.toFixed(1)} s; finding the pages (deep page of ${urls.busiestSection.path})…`);
    await eventLoop.take();
    const home = await fetcher.get('/');
    if (home.status !== 200) throw new Error(`/ answered ${home.status}`);
    const deep = await findDeepPage(fetcher, urls.busiestSection.path, settings.deepPage, settings.discoverySeconds * 1000);
    const sitemaps = await findSitemaps(fetcher);
    const rss = await fetcher.get('/rss.xml');
    if (rss.status !== 200) throw new Error(`/rss.xml answered ${rss.status}`);
    if (sitemaps.childPath && (await fetcher.get(sitemaps.childPath)).status !== 200)
      throw new Error(`${sitemaps.childPath} did not answer 200`);
    const article = (await fetcher.get(prepared.articlePath)).raw;
    if (article.status !== 200) throw new Error(`${prepared.articlePath} answered ${article.status}`);
    const discoveryLoop = await eventLoop.take();
    console.log(
      `  deep page: ${deep.path} (page ${deep.depth}, ${deep.paging} paging, ${deep.seconds.toFixed(1)} s to find); ` +
        `sitemap: ${sitemaps.isIndex ? `index of ${sitemaps.children}, child ${sitemaps.childPath}` : 'one urlset'}`,
    );

    const nginxDirectory = path.join(directory, 'nginx');
    mkdirSync(nginxDirectory, { recursive: true });
    const nginxConfig = writeNginxSite({
      directory: nginxDirectory,
      port: nginxPort,
      responses: [{ urlPath: '/article-br', body: article.body, headers: article.headers }],
      isRoot: process.getuid?.() === 0,
    });
    const nginx = processes.start(
      'nginx',
      options.tools.nginx,
      ['-p', nginxDirectory, '-e', path.join(nginxDirectory, 'error.log'), '-c', nginxConfig],
      {
        env: process.env,
      },
    );
    running.push(nginx);
    await waitForOk(`http://127.0.0.1:${nginxPort}/article-br`, {
      startedAt: performance.now(),
      timeoutMs: 15_000,
      isAlive: () => !nginx.hasExited(),
    });

    // The crawler warms up on articles it never reads again.
    const crawlPaths = readFileSync(urls.crawlFile, 'utf8').split('\n').filter(Boolean);
    const warmupCount = Math.min(2000, Math.floor(crawlPaths.length / 10));
    const articleWarmupFile = path.join(directory, 'articles-warmup.txt');
    const articleCrawlFile = path.join(directory, 'articles-crawl.txt');
    writeFileSync(articleWarmupFile, `${crawlPaths.slice(0, warmupCount).join('\n')}\n`);
    writeFileSync(articleCrawlFile, `${crawlPaths.slice(warmupCount).join('\n')}\n`);
    // A wrong path would be measured as a quick redirect or 404: the crawler's first article must be a page.
    if (crawlPaths[0] && (await fetcher.get(crawlPaths[0])).status !== 200) throw new Error(`${crawlPaths[0]} did not answer 200`);
    const listingCrawl = shuffled(deep.pagesOnTheWay.filter((page) => page !== deep.path));
    const listingCrawlFile = path.join(directory, 'listing-crawl.txt');
    writeFileSync(listingCrawlFile, `${listingCrawl.join('\n')}\n`);

    const rows: RowResult[] = [];
    const measure = async (row: {
      id: string;
      label: string;
      server: 'app' | 'nginx';
      path: string;
      crawl?: { file: string; paths: number; warmupFile?: string };
    }) => {
      const url = `${row.server === 'nginx' ? `http://127.0.0.1:${nginxPort}` : origin}${row.crawl ? '/' : row.path}`;
      const settleSeconds = await settle(origin, app);
      const wrk = (durationSeconds: number, script?: string) =>
        runWrk(processes, {
          wrk: options.tools.wrk,
          url,
          durationSeconds,
          connections: settings.connections,
          headers: BROWSER_ENCODINGS,
          timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
          ...(script ? { script: { file: WALK_PATHS_SCRIPT, args: [script] } } : {}),
        });
      if (settings.warmupSeconds > 0 && (!row.crawl || row.crawl.warmupFile)) await wrk(settings.warmupSeconds, row.crawl?.warmupFile);
      await eventLoop.take();
      const result = await wrk(settings.durationSeconds, row.crawl?.file);
      const loop = row.server === 'app' ? await eventLoop.take() : null;
      if (app.hasExited()) throw new Error(`The app exited during "${row.label}":\n${app.output()}`);
      const repeats = row.crawl ? Math.max(0, result.requests - row.crawl.paths) : null;
      rows.push({
        id: row.id,
        label: row.label,
        server: row.server,
        path: row.crawl ? `${row.crawl.paths.toLocaleString('en')} different paths` : row.path,
        firstMs: row.crawl || row.server === 'nginx' ? null : fetcher.firstMs(row.path),
        ...result,
        eventLoopMaxMs: loop?.maxMs ?? null,
        eventLoopP99Ms: loop?.p99Ms ?? null,
        repeats,
        settleSeconds,
      });
      const last = rows.at(-1)!;
      console.log(
        `  ${row.label.padEnd(34)} ${Math.round(last.requestsPerSecond).toString().padStart(7)} req/s  p50 ${formatMs(last.latencyP50Ms)}  p99 ${formatMs(last.latencyP99Ms)}` +
          (last.eventLoopMaxMs === null ? '' : `  loop max ${formatMs(last.eventLoopMaxMs)}`) +
          (last.socketErrors ? `  ${last.socketErrors} socket errors` : '') +
          (repeats ? `  (${repeats} repeats: the list ran out)` : ''),
      );
    };

    console.log('  measuring…');
    await measure({ id: 'article-cached', label: 'Article, cached', server: 'app', path: prepared.articlePath });
    await measure({ id: 'article-cached-nginx', label: 'Article, cached: nginx, same bytes', server: 'nginx', path: '/article-br' });
    await measure({ id: 'home', label: 'Home', server: 'app', path: '/' });
    await measure({ id: 'section-first', label: `Section front, page 1`, server: 'app', path: urls.busiestSection.path });
    await measure({ id: 'section-deep', label: `Section front, deep page`, server: 'app', path: deep.path });
    await measure({
      id: 'sitemap',
      label: sitemaps.isIndex ? 'Sitemap index' : 'sitemap.xml (one urlset)',
      server: 'app',
      path: '/sitemap.xml',
    });
    if (sitemaps.childPath) await measure({ id: 'sitemap-child', label: 'Child sitemap', server: 'app', path: sitemaps.childPath });
    await measure({ id: 'rss', label: 'RSS', server: 'app', path: '/rss.xml' });
    await measure({
      id: 'article-uncached',
      label: 'Article, uncached (crawler)',
      server: 'app',
      path: '',
      crawl: { file: articleCrawlFile, paths: crawlPaths.length - warmupCount, warmupFile: articleWarmupFile },
    });
    if (listingCrawl.length > 0) {
      await measure({
        id: 'section-pages-crawled',
        label: 'Section pages, uncached (crawler)',
        server: 'app',
        path: '',
        crawl: { file: listingCrawlFile, paths: listingCrawl.length },
      });
    }
    const settledAfterCrawl = await settle(origin, app);

    return {
      engine,
      articles: options.articles,
      liveArticles: urls.liveArticles,
      redis: Boolean(database && options.redisUrl),
      seedSeconds,
      generationSeconds: prepared.generationSeconds,
      startSeconds,
      busiestSection: urls.busiestSection,
      deepPage: { path: deep.path, depth: deep.depth, paging: deep.paging, secondsToFind: deep.seconds },
      sitemaps,
      firstAnswers: Object.fromEntries([...fetcher.firstAnswers].map(([page, answer]) => [page, { status: answer.status, ms: answer.ms }])),
      discoveryEventLoopMaxMs: discoveryLoop.maxMs,
      rows,
      settleSecondsAfterLastRow: settledAfterCrawl,
    };
  } finally {
    for (const started of running.reverse()) await processes.stop(started);
    if (database && !('skipped' in database)) await database.drop().catch(() => undefined);
    rmSync(directory, { recursive: true, force: true });
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/**
 * Waits until the app answers a cached page (/robots.txt) within 50 ms twice
 * in a row: a crawl leaves renders running after wrk has gone, and the next
 * row must not pay for them. Answers how long that took (seconds).
 */
async function settle(origin: string, app: RunningProcess): Promise<number> {
  const startedAt = performance.now();
  let quickAnswers = 0;
  while (quickAnswers < 2 && performance.now() - startedAt < 180_000) {
    if (app.hasExited()) throw new Error(`The app exited:\n${app.output()}`);
    const askedAt = performance.now();
    const response = await httpGet(`${origin}/robots.txt`, {}, 180_000).catch(() => null);
    quickAnswers = response?.status === 200 && performance.now() - askedAt < 50 ? quickAnswers + 1 : 0;
    if (quickAnswers < 2) await sleep(50);
  }
  return (performance.now() - startedAt) / 1000;
}
