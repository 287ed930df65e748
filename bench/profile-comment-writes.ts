// A CPU profile of the comment write path, for finding where a post's time
// goes (not part of `npm run bench`): starts the app on a fresh SQLite
// database with --cpu-prof, prepares commenters, posts comments as the
// benchmark does and stops the app so Node writes the profile.
//
//   npx tsx bench/profile-comment-writes.ts --dir /tmp/prof --posts 5000 [--no-profile]
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openCommentForms, postComments } from './comment-writers.js';
import { readCpuTime } from './cpu-usage.js';
import type { PreparedComments } from './comment-fixtures.js';
import { waitForOk } from './http-get.js';
import { findFreePort } from './processes.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/masthead-profile' },
    posts: { type: 'string', default: '5000' },
    'no-profile': { type: 'boolean', default: false },
    connections: { type: 'string', default: '8' },
  },
});
const directory = values.dir!;
const posts = Number(values.posts);
mkdirSync(directory, { recursive: true });
const projectRoot = path.resolve(import.meta.dirname, '..');
const port = await findFreePort();
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  DATA_DIR: path.join(directory, `data-${Date.now()}`),
  HOST: '127.0.0.1',
  PORT: String(port),
  LOG_LEVEL: 'warn',
};
const origin = `http://127.0.0.1:${port}`;
const profileFlags = values['no-profile'] ? [] : ['--cpu-prof', `--cpu-prof-dir=${directory}`];
const app = spawn(process.execPath, [...profileFlags, '--import', 'tsx', 'src/cli.ts', 'serve'], {
  cwd: projectRoot,
  env,
  stdio: 'inherit',
});
await waitForOk(`${origin}/`, { startedAt: performance.now(), timeoutMs: 60_000, intervalMs: 50 });
const file = path.join(directory, 'prepared.json');
await new Promise<void>((resolve, reject) => {
  const prepare = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/prepare-comments.ts',
      '--out',
      file,
      '--commenters',
      String(Math.ceil((posts + 1000) / 5) + 1),
      '--thread-size',
      '0',
      '--post-articles',
      '2',
    ],
    { cwd: projectRoot, env, stdio: 'inherit' },
  );
  prepare.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`prepare-comments exited ${code}`))));
});
const prepared = JSON.parse(readFileSync(file, 'utf8')) as PreparedComments;
const run = async (index: number, count: number, tokens: string[], label: string) => {
  const article = prepared.postArticles[index]!;
  const commenters = await openCommentForms(origin, `${article.path}/comments`, tokens);
  const before = readCpuTime([app.pid!]);
  const result = await postComments({
    origin,
    articleId: article.id,
    commenters,
    postsPerCommenter: 5,
    connections: Number(values.connections),
    durationSeconds: 60,
    maxPosts: count,
    runTag: `${Date.now().toString(36)}-${label}`,
  });
  const after = readCpuTime([app.pid!]);
  const cpuPerPost = (after.userMicros - before.userMicros + after.systemMicros - before.systemMicros) / result.accepted;
  console.log(
    `${label}: app ${Math.round(cpuPerPost)} µs CPU/post (user ${Math.round((after.userMicros - before.userMicros) / result.accepted)})`,
  );
  console.log(
    `${label}: ${result.accepted} in ${result.seconds.toFixed(2)} s = ${Math.round(result.writesPerSecond)}/s p50 ${result.latencyP50Ms.toFixed(1)} p99 ${result.latencyP99Ms.toFixed(1)} ms ${JSON.stringify(result.statuses)} driver ${Math.round(result.driverCoreShare * 100)}%`,
  );
};
await run(0, 1000, prepared.tokens.slice(0, 200), 'warm-up');
await run(1, posts, prepared.tokens.slice(200, 200 + Math.ceil(posts / 5)), 'run');
app.kill('SIGTERM');
await new Promise((resolve) => app.on('exit', resolve));
console.log(`profile in ${directory}`);
