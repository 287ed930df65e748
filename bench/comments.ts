// The comment benchmarks bench/run.ts adds (issue 5, "Performance and
// load"): durable comment writes through POST /comments on SQLite and
// PostgreSQL, and how many SQL statements a thread page costs. The thread
// page's req/s against nginx is an ordinary row of bench/comparisons.ts.
//
// A write run posts new top-level comments as form posts from many
// verified, signed-in commenters (bench/comment-fixtures.ts), each at most 5
// times, round-robin, so no reader reaches the app's burst limit (5 a
// minute) and every text is unique (the duplicate-text limit); each round
// posts to an article that had no comments. Afterwards the article's count
// (GET /comments/count) must equal the 2xx/3xx answers, or the run fails.
import { readFileSync, writeFileSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCommentForms, postComments, type Commenter, type PostingResult } from './comment-writers.js';
import { readCpuTime } from './cpu-usage.js';
import { httpGet, waitForOk } from './http-get.js';
import type { PreparedComments } from './comment-fixtures.js';
import { createBenchDatabase, redact, serverVersion } from './postgres.js';
import type { ProcessGroup } from './processes.js';
import { findFreePort } from './processes.js';
import type { CountedRequest, QueryCount } from './query-count.js';
import { median } from './report.js';
import type { WrkResult } from './wrk.js';

/** The app's burst limit (COMMENT_RATE_LIMITS.postBurst in src/features/comments/comments.service.ts). */
export const POSTS_PER_COMMENTER = 5;

export interface CommentBenchSettings {
  /** Each write round stops issuing posts after this long… */
  seconds: number;
  /** …or this many posts. */
  maxPosts: number;
  /** Posts before the rounds (the write path's first requests compile and warm it). */
  warmupPosts: number;
  rounds: number;
  connections: number;
  /** Admin URL of a PostgreSQL server to create the benchmark's database on; null skips PostgreSQL. */
  postgresUrl: string | null;
}

export interface WriteRound extends PostingResult {
  /** Comments on the round's article afterwards (GET /comments/count): must equal `accepted`. */
  rowsStored: number;
  /** The app process's CPU time per accepted post (PostgreSQL's own processes not included). */
  serverCpuMicrosPerPost: number;
  /** Share of one core the app process used. */
  serverCoreShare: number;
}

export interface CommentWrites {
  engine: 'sqlite' | 'postgres';
  /** Why the engine was not measured, or null. */
  skipped: string | null;
  databaseVersion: string | null;
  /** Comments stored by the warm-up posts (before the rounds). */
  warmupStored: number;
  rounds: WriteRound[];
  median: {
    writesPerSecond: number;
    latencyP50Ms: number;
    latencyP99Ms: number;
    serverCpuMicrosPerPost: number;
    driverCoreShare: number;
  } | null;
}

export interface CommentsBenchmark {
  settings: Omit<CommentBenchSettings, 'postgresUrl'> & { postgres: string | null; postsPerCommenter: number };
  longThread: { path: string; comments: number };
  writes: CommentWrites[];
  /** Statements per request, counted with a Kysely log hook (bench/query-count.ts). */
  queries: QueryCount[];
  /** The anonymous thread page measured again after the write rounds added their comments elsewhere on the site. */
  threadAfterWrites: { requestsPerSecond: number; topLevelCommentsAdded: number } | null;
}

type NodeCommand = (script: string, ...args: string[]) => readonly [string, readonly string[]];

export function commentersNeeded(settings: CommentBenchSettings): number {
  const perRun = (posts: number) => Math.ceil(posts / POSTS_PER_COMMENTER);
  // The last one is kept for the signed-in thread row and the query count.
  return settings.rounds * perRun(settings.maxPosts) + perRun(settings.warmupPosts) + 1;
}

/** Runs bench/prepare-comments.ts against the database `env` points at and reads what it wrote. */
export async function prepareComments(
  processes: ProcessGroup,
  options: {
    node: NodeCommand;
    cwd: string;
    env: NodeJS.ProcessEnv;
    file: string;
    settings: CommentBenchSettings;
    threadSize: number;
    exclude: string[];
  },
): Promise<PreparedComments> {
  await processes.run(
    'prepare-comments',
    ...options.node(
      'bench/prepare-comments.ts',
      '--out',
      options.file,
      '--commenters',
      String(commentersNeeded(options.settings)),
      '--thread-size',
      String(options.threadSize),
      // One for the warm-up, one per round.
      '--post-articles',
      String(options.settings.rounds + 1),
      '--exclude',
      options.exclude.join(','),
    ),
    { cwd: options.cwd, env: options.env, timeoutMs: 180_000 },
  );
  return JSON.parse(readFileSync(options.file, 'utf8')) as PreparedComments;
}

/** The commenter the thread row and the query count use; never one of the writers. */
export function reservedCommenter(prepared: PreparedComments): string {
  return `mh_session=${prepared.tokens.at(-1)!}`;
}

async function countOf(origin: string, articleId: number): Promise<number> {
  const response = await httpGet(`${origin}/comments/count?article=${articleId}`);
  if (response.status !== 200) throw new Error(`/comments/count?article=${articleId} answered ${response.status}`);
  return (JSON.parse(response.body.toString('utf8')) as { count: number }).count;
}

export async function measureCommentWrites(options: {
  engine: CommentWrites['engine'];
  origin: string;
  prepared: PreparedComments;
  settings: CommentBenchSettings;
  serverPid: number;
  databaseVersion: string | null;
}): Promise<CommentWrites> {
  const { settings, prepared, origin } = options;
  const tokens = prepared.tokens.slice(0, -1);
  let nextToken = 0;
  const takeCommenters = async (posts: number, threadPath: string): Promise<Commenter[]> => {
    const count = Math.ceil(posts / POSTS_PER_COMMENTER);
    const taken = tokens.slice(nextToken, nextToken + count);
    nextToken += count;
    if (taken.length < count) throw new Error(`Not enough commenters prepared (${tokens.length}).`);
    return openCommentForms(origin, threadPath, taken);
  };
  const runTag = Date.now().toString(36);
  const post = async (articleIndex: number, posts: number, seconds: number, label: string) => {
    const article = prepared.postArticles[articleIndex]!;
    const commenters = await takeCommenters(posts, `${article.path}/comments`);
    const before = readCpuTime([options.serverPid]);
    const result = await postComments({
      origin,
      articleId: article.id,
      commenters,
      postsPerCommenter: POSTS_PER_COMMENTER,
      connections: settings.connections,
      durationSeconds: seconds,
      maxPosts: posts,
      runTag: `${runTag}-${label}`,
    });
    const after = readCpuTime([options.serverPid]);
    const refused = Object.entries(result.statuses).filter(([status]) => status !== '303');
    if (refused.length || result.socketErrors) {
      throw new Error(
        `${options.engine} ${label}: posts answered ${JSON.stringify(result.statuses)}, ${result.socketErrors} socket errors; every post should be stored (303)`,
      );
    }
    const rowsStored = await countOf(origin, article.id);
    if (rowsStored !== result.accepted)
      throw new Error(`${options.engine} ${label}: ${result.accepted} posts answered 303 but ${rowsStored} comments stored`);
    const cpuMicros = after.userMicros - before.userMicros + after.systemMicros - before.systemMicros;
    return {
      ...result,
      rowsStored,
      serverCpuMicrosPerPost: cpuMicros / result.accepted,
      serverCoreShare: cpuMicros / (result.seconds * 1_000_000),
    };
  };

  const warmupStored = settings.warmupPosts > 0 ? (await post(0, settings.warmupPosts, 60, 'warm-up')).rowsStored : 0;
  const rounds: WriteRound[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    const result = await post(round, settings.maxPosts, settings.seconds, `round ${round}`);
    rounds.push(result);
    console.log(
      `  ${options.engine.padEnd(8)} round ${round}/${settings.rounds}: ${result.accepted} comments in ${result.seconds.toFixed(1)} s = ${Math.round(result.writesPerSecond)}/s, ` +
        `p50 ${result.latencyP50Ms.toFixed(1)} ms, p99 ${result.latencyP99Ms.toFixed(1)} ms; app ${Math.round(result.serverCpuMicrosPerPost)} µs CPU/post, ` +
        `${Math.round(result.serverCoreShare * 100)}% of a core; driver ${Math.round(result.driverCoreShare * 100)}%`,
    );
  }
  const of = (pick: (round: WriteRound) => number) => median(rounds.map(pick));
  return {
    engine: options.engine,
    skipped: null,
    databaseVersion: options.databaseVersion,
    warmupStored,
    rounds,
    median: {
      writesPerSecond: of((round) => round.writesPerSecond),
      latencyP50Ms: of((round) => round.latencyP50Ms),
      latencyP99Ms: of((round) => round.latencyP99Ms),
      serverCpuMicrosPerPost: of((round) => round.serverCpuMicrosPerPost),
      driverCoreShare: of((round) => round.driverCoreShare),
    },
  };
}

/**
 * The same write runs against the app on a PostgreSQL database made for the
 * purpose (demo newspaper loaded by `serve`, as on a first start), dropped
 * afterwards; skipped, with the reason, when PostgreSQL is not reachable.
 */
export async function measurePostgresCommentWrites(
  processes: ProcessGroup,
  options: {
    node: NodeCommand;
    cwd: string;
    environment: (port: number) => NodeJS.ProcessEnv;
    workDirectory: string;
    settings: CommentBenchSettings;
    exclude: string[];
  },
): Promise<CommentWrites> {
  const skipped = (reason: string): CommentWrites => ({
    engine: 'postgres',
    skipped: reason,
    databaseVersion: null,
    warmupStored: 0,
    rounds: [],
    median: null,
  });
  if (!options.settings.postgresUrl) return skipped('PostgreSQL switched off (--postgres-url off)');
  const database = await createBenchDatabase(options.settings.postgresUrl);
  if ('skipped' in database) {
    console.warn(`  ${database.skipped}: PostgreSQL comment writes SKIPPED.`);
    return skipped(database.skipped);
  }
  console.log(`  PostgreSQL database ${database.name} on ${redact(options.settings.postgresUrl)}`);
  const port = await findFreePort();
  const env = (listenPort: number) => ({
    ...options.environment(listenPort),
    DATA_DIR: path.join(options.workDirectory, 'postgres-data'),
    DATABASE_URL: database.url,
  });
  const app = processes.start('app-postgres', ...options.node('src/cli.ts', 'serve'), { cwd: options.cwd, env: env(port) });
  try {
    const origin = `http://127.0.0.1:${port}`;
    // The first start migrates and loads the demo newspaper.
    await waitForOk(`${origin}/`, {
      startedAt: performance.now(),
      timeoutMs: 180_000,
      intervalMs: 200,
      isAlive: () => !app.hasExited(),
    }).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : error}\n${app.output()}`);
    });
    const prepared = await prepareComments(processes, {
      node: options.node,
      cwd: options.cwd,
      env: env(0),
      file: path.join(options.workDirectory, 'comments-postgres.json'),
      settings: options.settings,
      threadSize: 0,
      exclude: options.exclude,
    });
    return await measureCommentWrites({
      engine: 'postgres',
      origin,
      prepared,
      settings: options.settings,
      serverPid: app.child.pid!,
      databaseVersion: `PostgreSQL ${await serverVersion(options.settings.postgresUrl)}`,
    });
  } finally {
    await processes.stop(app);
    await database
      .drop()
      .catch((error: unknown) => console.warn(`  could not drop ${database.name}: ${error instanceof Error ? error.message : error}`));
  }
}

/** SQL statements per request on the SQLite database `env` points at (bench/query-count.ts). */
export async function countQueries(
  processes: ProcessGroup,
  options: { node: NodeCommand; cwd: string; env: NodeJS.ProcessEnv; file: string; origin: string; prepared: PreparedComments },
): Promise<QueryCount[]> {
  const { prepared } = options;
  const cookie = reservedCommenter(prepared);
  const [commenter] = await openCommentForms(options.origin, `${prepared.shortThread!.path}/comments`, [prepared.tokens.at(-1)!]);
  const page = (label: string, thread: { path: string }, signedIn: boolean, query = ''): CountedRequest => ({
    label,
    method: 'GET',
    url: `${thread.path}/comments${query}`,
    ...(signedIn ? { headers: { cookie } } : {}),
    warm: true,
  });
  const long = prepared.longThread!;
  const short = prepared.shortThread!;
  const requests: CountedRequest[] = [
    page(`Thread page 1, ${long.comments.toLocaleString('en-GB')} comments, anonymous`, long, false),
    page(`Thread page 1, ${long.comments.toLocaleString('en-GB')} comments, signed in`, long, true),
    page(`Thread page 10, ${long.comments.toLocaleString('en-GB')} comments, signed in`, long, true, '?page=10'),
    page(`Thread page, ${short.comments} comments, anonymous`, short, false),
    page(`Thread page, ${short.comments} comments, signed in`, short, true),
    {
      label: 'POST /comments (a new top-level comment)',
      method: 'POST',
      url: '/comments',
      headers: { cookie },
      form: {
        _csrf: commenter!.csrf,
        articleId: String(short.id),
        body: `Counting the statements behind one comment (${Date.now().toString(36)}).`,
      },
      warm: true,
      warmForm: {
        _csrf: commenter!.csrf,
        articleId: String(short.id),
        body: `Warming the path before counting (${Date.now().toString(36)}).`,
      },
    },
  ];
  writeFileSync(options.file, JSON.stringify(requests));
  const output = await processes.run('query-count', ...options.node('bench/query-count.ts', options.file), {
    cwd: options.cwd,
    env: options.env,
    timeoutMs: 120_000,
  });
  const line = output
    .trim()
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith('[{'));
  if (!line) throw new Error(`query-count printed no result:\n${output}`);
  return JSON.parse(line) as QueryCount[];
}

/**
 * Everything after the page rows: statements per request, then the writes on
 * SQLite (the app under test), the thread page measured again, and the writes
 * on PostgreSQL.
 */
export async function measureComments(
  processes: ProcessGroup,
  options: {
    node: NodeCommand;
    cwd: string;
    environment: (port: number) => NodeJS.ProcessEnv;
    workDirectory: string;
    settings: CommentBenchSettings;
    origin: string;
    appPid: number;
    prepared: PreparedComments;
    readArticles: string[];
    measureThreadPage: () => Promise<WrkResult>;
  },
): Promise<CommentsBenchmark> {
  const { prepared, settings } = options;
  console.log('Counting SQL statements per thread page and per post…');
  const queries = await countQueries(processes, {
    node: options.node,
    cwd: options.cwd,
    env: options.environment(0),
    file: path.join(options.workDirectory, 'query-count.json'),
    origin: options.origin,
    prepared,
  });
  console.log('Measuring durable comment writes…');
  const probe = new Sqlite(':memory:');
  const sqliteVersion = probe.prepare('select sqlite_version()').pluck().get() as string;
  probe.close();
  const sqlite = await measureCommentWrites({
    engine: 'sqlite',
    origin: options.origin,
    prepared,
    settings,
    serverPid: options.appPid,
    databaseVersion: `SQLite ${sqliteVersion}`,
  });
  const threadPage = await options.measureThreadPage();
  const postgres = await measurePostgresCommentWrites(processes, {
    node: options.node,
    cwd: options.cwd,
    environment: options.environment,
    workDirectory: options.workDirectory,
    settings,
    exclude: options.readArticles,
  });
  return {
    settings: {
      seconds: settings.seconds,
      maxPosts: settings.maxPosts,
      warmupPosts: settings.warmupPosts,
      rounds: settings.rounds,
      connections: settings.connections,
      postgres: postgres.databaseVersion,
      postsPerCommenter: POSTS_PER_COMMENTER,
    },
    longThread: { path: `${prepared.longThread!.path}/comments`, comments: prepared.longThread!.comments },
    writes: [sqlite, postgres],
    queries,
    threadAfterWrites: {
      requestsPerSecond: threadPage.requestsPerSecond,
      topLevelCommentsAdded: sqlite.warmupStored + sqlite.rounds.reduce((sum, round) => sum + round.rowsStored, 0),
    },
  };
}
