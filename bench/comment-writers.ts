// The load driver for posting comments. wrk, the house load generator, is
// used for every GET; it does not fit these writes:
// - wrk runs for a time; a write run must be bounded in count as well, because
//   each reader may post 5 times a minute (the app's burst limit) and the
//   readers must exist, with their CSRF tokens, before the run. Stopping wrk
//   from its Lua script (wrk.thread:stop()) leaves its req/s computed over the
//   whole -d duration (tried: 5,015 requests done in about 1.3 s were
//   reported as 167 req/s over -d30s), and it drops the requests in flight
//   from its counts while the server still commits them, so rows = 2xx could
//   not be checked exactly.
// - Here a run stops *issuing* posts at its time or count limit and waits for
//   every answer, so each post is either answered and counted or never sent:
//   the stored rows must equal the 2xx answers exactly, and the bench checks it.
// It is a closed loop like wrk (N keep-alive connections, the next request
// sent when the last answer arrives), on node:http with every request body
// built before the clock starts. It shares the 2 cores with the server, so
// its own CPU time is measured and reported (bench/comments.ts).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { httpGet } from './http-get.js';

const SESSION_COOKIE = 'mh_session';

export interface Commenter {
  cookie: string;
  csrf: string;
}

/** Each commenter's CSRF token, as their browser gets it: from the hidden _csrf of the thread page's comment form. */
export async function openCommentForms(origin: string, threadPath: string, tokens: string[], concurrency = 8): Promise<Commenter[]> {
  const commenters: Commenter[] = new Array(tokens.length);
  let next = 0;
  const worker = async () => {
    while (next < tokens.length) {
      const index = next++;
      const cookie = `${SESSION_COOKIE}=${tokens[index]}`;
      const response = await httpGet(`${origin}${threadPath}`, { cookie });
      const html = response.body.toString('utf8');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
      if (response.status !== 200 || !csrf || !html.includes('name="body"')) {
        throw new Error(
          `${threadPath} answered ${response.status} ${csrf ? 'without a comment form' : 'without a CSRF field'} for a signed-in, verified commenter`,
        );
      }
      commenters[index] = { cookie, csrf };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return commenters;
}

export interface PostingOptions {
  origin: string;
  articleId: number;
  /** Each posts at most `postsPerCommenter` times, round-robin, so no reader reaches the app's burst limit. */
  commenters: Commenter[];
  postsPerCommenter: number;
  connections: number;
  /** Stop issuing posts after this long (answers still awaited)… */
  durationSeconds: number;
  /** …or after this many, whichever comes first. */
  maxPosts: number;
  /** Makes every body unique across runs (the duplicate-text limit is per reader and text). */
  runTag: string;
}

export interface PostingResult {
  posts: number;
  seconds: number;
  /** 2xx/3xx answers per second. */
  writesPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Answered 2xx or 3xx: the comments that should now be stored. */
  accepted: number;
  socketErrors: number;
  /** CPU time this process (the driver) used, as a share of one core. */
  driverCoreShare: number;
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Posts new top-level comments through POST /comments as form posts, as a browser without JS sends them (303 on success). */
export async function postComments(options: PostingOptions): Promise<PostingResult> {
  const capacity = Math.min(options.maxPosts, options.commenters.length * options.postsPerCommenter);
  const url = new URL('/comments', options.origin);
  const bodies = Array.from({ length: capacity }, (_unused, index) => {
    const commenter = options.commenters[index % options.commenters.length]!;
    const text = `${COMMENT_OPENINGS[index % COMMENT_OPENINGS.length]} (${options.runTag} ${index + 1})`;
    return {
      commenter,
      body: Buffer.from(new URLSearchParams({ _csrf: commenter.csrf, articleId: String(options.articleId), body: text }).toString()),
    };
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies = new Float64Array(capacity);
  const statuses: Record<string, number> = {};
  let sent = 0;
  let answered = 0;
  let socketErrors = 0;

  const send = (index: number) =>
    new Promise<void>((resolve) => {
      const { commenter, body } = bodies[index]!;
      const startedAt = performance.now();
      const request = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length, cookie: commenter.cookie },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            latencies[answered++] = performance.now() - startedAt;
            const status = String(response.statusCode ?? 0);
            statuses[status] = (statuses[status] ?? 0) + 1;
            resolve();
          });
        },
      );
      request.on('error', () => {
        socketErrors++;
        resolve();
      });
      request.end(body);
    });

  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const stopAt = startedAt + options.durationSeconds * 1000;
  const connection = async () => {
    while (sent < capacity && performance.now() < stopAt) await send(sent++);
  };
  await Promise.all(Array.from({ length: options.connections }, connection));
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();

  const sorted = latencies.slice(0, answered).sort();
  const accepted = Object.entries(statuses).reduce(
    (sum, [status, count]) => (status.startsWith('2') || status.startsWith('3') ? sum + count : sum),
    0,
  );
  return {
    posts: sent,
    seconds,
    writesPerSecond: accepted / seconds,
    latencyP50Ms: percentile(sorted, 0.5),
    latencyP99Ms: percentile(sorted, 0.99),
    latencyMaxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    statuses,
    accepted,
    socketErrors,
    driverCoreShare: (cpu.user + cpu.system) / (seconds * 1_000_000),
  };
}

const COMMENT_OPENINGS = [
  'The late ferry matters more to the island than the article suggests.',
  'I would like to see the council publish the survey in full before deciding.',
  'Our street flooded twice last winter; the barrier cannot come soon enough.',
  'Good to see the library budget covered properly for once.',
  'The cycle lane has made the school run calmer, whatever the critics say.',
  'Three proposals in ten years and still no bridge: someone should explain why.',
];
