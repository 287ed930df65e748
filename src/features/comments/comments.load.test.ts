// Comments under load (issue 5, "Performance and load"), on SQLite and
// PostgreSQL, through the whole app listening on 127.0.0.1: 200 signed-in,
// verified readers post 5,000 comments to one article, 50 requests in flight.
// Bounded in count and time; nothing leaves loopback.
//
// The posts come in 4 waves of 1,250 (6 or 7 per reader) on the injected
// clock, which moves past the burst window between waves: in each wave every
// reader's first 5 posts are stored and the rest answered 429, whatever the
// interleaving. So the outcome is exact — 4,000 stored, 1,000 refused — and
// the stored rows are exactly the 2xx answers: none lost, none doubled, none
// of the refused texts stored, the public count equal to the rows.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { hostCookieName } from '../../core/http/cookies.js';
import { SESSION_COOKIE } from '../../core/http/sessions.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hashToken, randomToken } from '../../core/security/tokens.js';
import { articlePath } from '../articles/articles.service.js';
import { insertArticle, insertSection } from '../articles/testing/article-fixtures.js';
import { COMMENT_RATE_LIMITS } from './comments.service.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const TIME_ZONE = 'Europe/London';
const READERS = 200;
const POSTS = 5_000;
const WAVES = 4;
const IN_FLIGHT = 50;
const BURST = COMMENT_RATE_LIMITS.postBurst.limit;

interface Reader {
  cookie: string;
  csrf: string;
}

interface Post {
  reader: number;
  body: string;
  /** Half the posts ask for JSON (201), half are plain form posts (303), as a browser without JS sends them. */
  wantsJson: boolean;
}

interface Answer {
  post: Post;
  status: number;
  /** The stored comment's id, from the JSON answer or the redirect's #comment-ID. */
  commentId: number | null;
  retryAfter: string | undefined;
}

function request(
  agent: http.Agent,
  origin: string,
  options: { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      `${origin}${options.path}`,
      { method: options.method, agent, headers: options.headers, timeout: 30_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${options.method} ${options.path} timed out`)));
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inFlight<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

describeEachEngine('comments under load', (engine) => {
  let t: TestApp;
  let origin: string;
  let articleId: number;
  let threadPath: string;
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const readers: Reader[] = [];

  beforeAll(async () => {
    t = await createTestApp({ engine, now: NOW, environment: { PUBLICATION_TIME_ZONE: TIME_ZONE } });
    const { db } = t.database;
    const now = NOW.toISOString();
    const publishedAt = new Date(NOW.getTime() - 3_600_000).toISOString();
    const sectionId = await insertSection(db, {
      path: 'harbour',
      name: 'Harbour',
      description: 'News from the quays.',
      parentId: null,
      position: 1,
    });
    articleId = await insertArticle(db, {
      slug: 'night-ferry-returns',
      sectionId,
      kicker: 'Transport',
      headline: 'The night ferry returns for the summer',
      standfirst: 'Islanders have waited three winters for the late crossing.',
      bodyJson: JSON.stringify({
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The late crossing runs again from June.' }] }],
      }),
      heroImageId: null,
      agencyCredit: '',
      accessLevel: 'free',
      commentsEnabled: true,
      status: 'published',
      publishedAt,
      updatedAt: null,
      authorIds: [],
      topicIds: [],
      now,
    });
    await t.articles.afterContentChange();
    threadPath = `${articlePath({ sectionPath: 'harbour', publishedAt, slug: 'night-ferry-returns' }, TIME_ZONE)}/comments`;

    // Readers straight into the tables: registering 200 through the form would
    // spend the registration limits and Argon2 time this test is not about.
    const tokens = Array.from({ length: READERS }, () => randomToken());
    const users = await db
      .insertInto('users')
      .values(
        tokens.map((_token, index) => ({
          email: `load-reader-${index}@example.test`,
          email_verified_at: now,
          password_hash: null,
          first_name: `Reader${index}`,
          last_name: 'Load',
          date_of_birth: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('sessions')
      .values(
        users.map((user, index) => ({
          id: hashToken(tokens[index]!),
          user_id: user.id,
          created_at: now,
          last_seen_at: now,
          expires_at: new Date(NOW.getTime() + 30 * 86_400_000).toISOString(),
        })),
      )
      .execute();

    origin = await t.app.listen({ host: '127.0.0.1', port: 0 });
    // Each reader's CSRF token, as their browser gets it: from the thread page's form.
    const pages = await inFlight(tokens, 10, (token) =>
      request(agent, origin, {
        method: 'GET',
        path: threadPath,
        headers: { cookie: `${hostCookieName(SESSION_COOKIE, { secure: t.config.cookieSecure })}=${token}` },
      }),
    );
    pages.forEach((page, index) => {
      expect(page.status).toBe(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      expect(csrf, 'the thread page has a comment form for a signed-in, verified reader').toBeTruthy();
      expect(page.body).toContain('name="body"');
      readers.push({ cookie: `${hostCookieName(SESSION_COOKIE, { secure: t.config.cookieSecure })}=${tokens[index]}`, csrf: csrf! });
    });
  });

  afterAll(async () => {
    agent.destroy();
    await t?.destroy();
  });

  it('stores exactly the comments answered 2xx: none lost, none doubled; every answer 201, 303 or 429', async () => {
    const perWave = POSTS / WAVES;
    const waves: Post[][] = Array.from({ length: WAVES }, (_wave, wave) =>
      // Round-robin over readers, so each reader's posts are spread through the wave and race with everyone's.
      Array.from({ length: perWave }, (_post, index) => ({
        reader: index % READERS,
        body: `Wave ${wave + 1}, post ${index + 1}, from reader ${index % READERS}: the late crossing would save me an hour twice a week.`,
        wantsJson: index % 2 === 0,
      })),
    );

    const answers: Answer[] = [];
    const startedAt = performance.now();
    for (const wave of waves) {
      const answered = await inFlight(wave, IN_FLIGHT, async (post): Promise<Answer> => {
        const reader = readers[post.reader]!;
        const response = await request(agent, origin, {
          method: 'POST',
          path: '/comments',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie: reader.cookie,
            ...(post.wantsJson ? { accept: 'application/json' } : {}),
          },
          body: new URLSearchParams({ _csrf: reader.csrf, articleId: String(articleId), body: post.body }).toString(),
        });
        const commentId =
          response.status === 201
            ? (JSON.parse(response.body) as { id: number }).id
            : response.status === 303
              ? Number(/#comment-(\d+)$/.exec(response.headers.location ?? '')?.[1] ?? Number.NaN)
              : null;
        return { post, status: response.status, commentId, retryAfter: response.headers['retry-after'] as string | undefined };
      });
      answers.push(...answered);
      // Past the burst window: every reader may post again.
      t.clock.advance((COMMENT_RATE_LIMITS.postBurst.windowSeconds + 1) * 1000);
    }
    const seconds = (performance.now() - startedAt) / 1000;

    const byStatus = new Map<number, number>();
    for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
    console.info(
      `[${engine}] ${answers.length} posts by ${READERS} readers, ${IN_FLIGHT} in flight: ${seconds.toFixed(1)} s, ${Math.round(answers.length / seconds)} posts/s; ` +
        [...byStatus].map(([status, count]) => `${count} × ${status}`).join(', '),
    );

    expect(answers).toHaveLength(POSTS);
    expect([...byStatus.keys()].filter((status) => ![201, 303, 429].includes(status))).toEqual([]);
    const stored = answers.filter((answer) => answer.status === 201 || answer.status === 303);
    const refused = answers.filter((answer) => answer.status === 429);
    // Per wave, each reader's first BURST posts pass and the rest are refused.
    expect(stored).toHaveLength(WAVES * READERS * BURST);
    expect(refused).toHaveLength(POSTS - WAVES * READERS * BURST);
    expect(refused.every((answer) => answer.retryAfter !== undefined && Number(answer.retryAfter) >= 1)).toBe(true);
    expect(stored.every((answer) => Number.isInteger(answer.commentId))).toBe(true);

    const rows = await t.database.db.selectFrom('comments').where('article_id', '=', articleId).select(['id', 'body', 'status']).execute();
    const sentBodyOf = new Map(stored.map((answer) => [answer.commentId!, answer.post.body]));
    // 0 lost, 0 doubled: the rows are the 2xx answers, one each, with the text each sent.
    expect(rows).toHaveLength(stored.length);
    expect(sentBodyOf.size).toBe(stored.length);
    expect(new Set(rows.map((row) => row.body)).size).toBe(rows.length);
    expect(rows.every((row) => row.status === 'published' && sentBodyOf.get(row.id) === row.body)).toBe(true);
    const storedBodies = new Set(rows.map((row) => row.body));
    expect(refused.some((answer) => storedBodies.has(answer.post.body))).toBe(false);

    const count = await request(agent, origin, { method: 'GET', path: `/comments/count?article=${articleId}` });
    expect(count.status).toBe(200);
    expect(JSON.parse(count.body)).toEqual({ count: rows.length });
  }, 180_000);
});
