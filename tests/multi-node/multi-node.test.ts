// Three Masthead nodes, real processes started as `npm start` starts one (the
// compiled build), on one PostgreSQL schema (and Redis when TEST_REDIS_URL is
// set), started together on the empty schema. Each request goes to the node a
// load balancer might pick: what one node does, the others must honour.
// Needs TEST_DATABASE_URL (CI sets it, and REQUIRE_POSTGRES=1 makes its
// absence fail the run); skipped with a warning without it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/core/db/database.js';
import { withSchemaLock } from '../../src/core/db/schema-lock.js';
import { enqueueEmail } from '../../src/core/jobs/email-queue.js';
import { demoArticles, demoSections } from '../../src/demo/content/index.js';
import { articlePath } from '../../src/features/articles/article-urls.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { startTestInbox, type TestInbox } from '../support/test-inbox.js';
import {
  ClusterBrowser,
  findFreePort,
  hiddenValue,
  startNode,
  stopNode,
  waitUntilReady,
  type HttpResponse,
  type TestNode,
} from '../support/node-cluster.js';

const postgresUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
if (!postgresUrl) console.warn('TEST_DATABASE_URL is not set: the multi-node test (tests/multi-node) is SKIPPED.');
if (postgresUrl && !redisUrl)
  console.warn('TEST_REDIS_URL is not set: the multi-node test runs without Redis and skips live comments across nodes (they need Redis).');

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const PUBLIC_URL = 'http://news.example.test';
const REVALIDATE_SECONDS = 1;
const PREMIUM_ALLOWANCE = 2;
const SIGN_IN_FAILURE_LIMIT = 5;
const TIME_ZONE = 'Europe/London';

/** A client address of its own per run: Redis keeps rate-limit counts between runs and test files. */
const clientAddress = () => `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]! % 254 || 1}`;

interface DemoArticle {
  id: number;
  path: string;
  access: string;
}

describe.skipIf(!postgresUrl)('three nodes on one PostgreSQL', () => {
  const schema = `multinode_${randomBytes(6).toString('hex')}`;
  let nodes: TestNode[] = [];
  let database: DatabaseHandle;
  let inbox: TestInbox;
  let dataDirectory: string;
  let environment: Record<string, string>;
  let articles: DemoArticle[];
  const reader = { email: `reader-${randomBytes(4).toString('hex')}@example.test`, password: 'Harbour9Lights' };
  const readerBrowser = new ClusterBrowser(clientAddress());
  const nodeA = () => nodes[0]!;
  const nodeB = () => nodes[1]!;
  const nodeC = () => nodes[2]!;

  beforeAll(async () => {
    inbox = await startTestInbox();
    dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-nodes-'));
    const separator = postgresUrl!.includes('?') ? '&' : '?';
    environment = {
      DATABASE_URL: `${postgresUrl}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      PUBLIC_URL,
      TRUST_PROXY: '127.0.0.1',
      DATA_DIR: dataDirectory,
      SMTP_URL: inbox.url,
      LOG_LEVEL: 'info',
      DEMO_CONTENT: 'auto',
      PAGE_CACHE_REVALIDATE_SECONDS: String(REVALIDATE_SECONDS),
      METER_PREMIUM_ARTICLES: String(PREMIUM_ALLOWANCE),
      // Cheap proof-of-work and hashing: this test checks behaviour across nodes, not cost.
      ALTCHA_COST: '1',
      ALTCHA_MAX_COUNTER: '10',
      ARGON2_MEMORY_KIB: '8192',
      ARGON2_ITERATIONS: '1',
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    };
    const ports = await Promise.all([findFreePort(), findFreePort(), findFreePort()]);
    // Kysely's migrator reads the catalogue of every schema on the server: the
    // nodes migrate while this holds the lock other test files take to create
    // and drop their schemas (core/db/schema-lock.ts).
    await withSchemaLock(postgresUrl!, async (admin) => {
      await admin.query(`create schema ${schema}`);
      // All three at once on the empty schema; a fresh checkout builds the CLI first, one of them under the build lock.
      nodes = ports.map((port, index) => startNode(`node ${'ABC'[index]}`, port, environment));
      await Promise.all(nodes.map((node) => waitUntilReady(node, 45_000)));
    });
    database = openDatabase({ engine: 'postgres', connectionString: postgresUrl!, poolSize: 2 }, { searchPath: schema });
    const rows = await database.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .select(['articles.id', 'articles.slug', 'articles.access_level', 'articles.published_at', 'sections.path as section_path'])
      .orderBy('articles.id')
      .execute();
    articles = rows.map((row) => ({
      id: row.id,
      access: row.access_level,
      path: articlePath({ sectionPath: row.section_path, publishedAt: row.published_at!, slug: row.slug }, TIME_ZONE),
    }));
  });

  afterAll(async () => {
    await Promise.all(nodes.map(stopNode));
    await database?.close();
    await inbox?.close();
    await withSchemaLock(postgresUrl!, (admin) => admin.query(`drop schema if exists ${schema} cascade`));
    if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
  });

  const freeArticles = () => articles.filter((article) => article.access === 'free');
  const expectStatus = (response: HttpResponse, status: number, what: string) =>
    expect(response.status, `${what}: ${response.status} ${response.location ?? response.body.slice(0, 500)}`).toBe(status);

  it('all start together on the empty database: every one ready, the demo loaded once', async () => {
    for (const node of nodes) {
      const ready = await fetch(`${node.baseUrl}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready' });
      expect((await fetch(`${node.baseUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${node.baseUrl}/`)).status).toBe(200);
    }
    expect(articles).toHaveLength(demoArticles.length);
    const sections = await database.db
      .selectFrom('sections')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(sections.count)).toBe(demoSections.length);
    const loaders = nodes.filter((node) => node.output().includes('"msg":"demo newspaper loaded"'));
    expect(loaders, nodes.map((node) => `${node.name}:\n${node.output()}`).join('\n')).toHaveLength(1);
  });

  it("serves the build's prebuilt browser scripts", async () => {
    const page = await fetch(`${nodeB().baseUrl}/register`).then((response) => response.text());
    const scripts = [...page.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect((await fetch(`${nodeC().baseUrl}${script}`)).status, script).toBe(200);
  });

  it('accepts a registration form from one node on another; the session then works on every node', async () => {
    const form = await readerBrowser.get(nodeA(), '/register');
    expectStatus(form, 200, 'GET /register');
    const parsed = JSON.parse((await readerBrowser.get(nodeC(), '/altcha/challenge?form=register')).body) as Challenge;
    const solution = await solveChallenge({ challenge: parsed, deriveKey });
    const registered = await readerBrowser.post(nodeB(), '/register', {
      _csrf: hiddenValue(form.body, '_csrf'),
      next: '/account',
      altcha: Buffer.from(JSON.stringify({ challenge: parsed, solution })).toString('base64'),
      email: reader.email,
      password: reader.password,
      firstName: 'Ines',
      lastName: 'Lanterne',
      dateOfBirth: '1991-04-12',
    });
    expectStatus(registered, 303, 'POST /register (a form from node A, to node B)');
    for (const node of nodes) {
      const account = await readerBrowser.get(node, '/account');
      expectStatus(account, 200, `GET /account on ${node.name}`);
      expect(account.body).toContain(reader.email);
    }
  });

  it('sends the confirmation email once, and its link works on any node', async () => {
    const email = await inbox.waitFor(reader.email, /Confirm your email address/, 20_000);
    const link = /https?:\/\/\S+(\/account\/verify\?token=\S+)/.exec(email.text)?.[1];
    expect(link).toBeDefined();
    const page = await readerBrowser.get(nodeC(), link!);
    expectStatus(page, 200, 'GET the confirmation link on node C');
    const confirmed = await readerBrowser.post(nodeA(), '/account/verify', {
      _csrf: hiddenValue(page.body, '_csrf'),
      token: hiddenValue(page.body, 'token'),
    });
    expect(confirmed.status).toBeLessThan(400);
    const user = await database.db
      .selectFrom('users')
      .where('email', '=', reader.email)
      .select('email_verified_at')
      .executeTakeFirstOrThrow();
    expect(user.email_verified_at).not.toBeNull();
    expect(inbox.received.filter((mail) => mail.to === reader.email && /Confirm your email/.test(mail.subject))).toHaveLength(1);
  });

  it('keeps the premium allowance when a reader reads premium articles in parallel across nodes', async () => {
    const premium = articles.filter((article) => article.access === 'premium');
    expect(premium.length).toBeGreaterThan(PREMIUM_ALLOWANCE);
    const pages = await Promise.all(premium.map((article, index) => readerBrowser.get(nodes[index % nodes.length]!, article.path)));
    for (const page of pages) expectStatus(page, 200, 'a premium article');
    const read = pages.filter((page) => !page.body.includes('id="wall"'));
    const walled = pages.filter((page) => page.body.includes('data-wall="subscribe"'));
    expect(read).toHaveLength(PREMIUM_ALLOWANCE);
    expect(walled).toHaveLength(premium.length - PREMIUM_ALLOWANCE);
  });

  it.skipIf(!redisUrl)('sends a comment posted on one node live to readers of the same thread on the others', async () => {
    const article = freeArticles()[0]!;
    const streams = [nodeB(), nodeC()].map((node) => openLiveStream(node, article.id));
    try {
      await Promise.all(streams.map((stream) => stream.opened));
      const thread = await readerBrowser.get(nodeA(), `${article.path}/comments`);
      expectStatus(thread, 200, 'the comment thread');
      const posted = await readerBrowser.post(nodeA(), '/comments', {
        _csrf: hiddenValue(thread.body, '_csrf'),
        articleId: String(article.id),
        // Its own words each run: Redis keeps the duplicate-text limit (per reader id) across runs.
        body: `Posted on one node, read live on the others (${randomBytes(4).toString('hex')}).`,
      });
      expectStatus(posted, 303, 'POST /comments on node A');
      const commentId = Number(/#comment-(\d+)$/.exec(posted.location ?? '')?.[1]);
      expect(commentId).toBeGreaterThan(0);
      for (const stream of streams) await stream.waitFor(`"commentId":${commentId}`);
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it('shows a content change made on one node on every node within the revalidation window, idle or not', async () => {
    const article = freeArticles()[1]!;
    const anonymous = new ClusterBrowser(clientAddress());
    const isClosed = (page: HttpResponse) => page.body.includes('Comments are closed for this article.');
    for (const node of nodes) expect(isClosed(await anonymous.get(node, article.path)), node.name).toBe(false);

    const moderator = await signInAsStaff();
    const moderation = await moderator.get(nodeB(), `/newsroom/moderation/articles/${article.id}`);
    expectStatus(moderation, 200, 'the moderation page');
    const closed = await moderator.post(nodeA(), `/newsroom/moderation/articles/${article.id}/close`, {
      _csrf: hiddenValue(moderation.body, '_csrf'),
      returnTo: `/newsroom/moderation/articles/${article.id}`,
    });
    expectStatus(closed, 303, 'closing comments on node A');
    // Once the window has passed, the first request to any node (however long it sat idle) shows the change.
    await sleep(REVALIDATE_SECONDS * 1000 + 100);
    for (const node of nodes) expect(isClosed(await anonymous.get(node, article.path)), `the first request to ${node.name}`).toBe(true);
  });

  it('checks at most the limit of 24 parallel wrong passwords for one account spread over the nodes', async () => {
    const guesser = new ClusterBrowser(clientAddress());
    const form = await guesser.get(nodeA(), '/signin');
    const csrf = hiddenValue(form.body, '_csrf');
    const attempts = await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        guesser.post(nodes[index % nodes.length]!, '/signin', { _csrf: csrf, email: reader.email, password: `Wrong${index}Guess` }),
      ),
    );
    const statuses = attempts.map((attempt) => attempt.status);
    // 422: the password was checked and was wrong. 429: refused before any check.
    expect(statuses.filter((status) => status === 422)).toHaveLength(SIGN_IN_FAILURE_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(24 - SIGN_IN_FAILURE_LIMIT);
  });

  it('sends each queued email exactly once while every node drains the outbox', async () => {
    const recipients = Array.from({ length: 30 }, (_, index) => `queued-${index}-${randomBytes(3).toString('hex')}@example.test`);
    await database.db.transaction().execute(async (trx) => {
      for (const to of recipients)
        await enqueueEmail(trx, { to, subject: 'Queued once', text: 'One of thirty.', html: '<p>One of thirty.</p>' }, new Date());
    });
    const giveUpAt = Date.now() + 30_000;
    const unsent = () =>
      database.db.selectFrom('email_outbox').where('recipient', 'in', recipients).where('status', '!=', 'sent').select('id').execute();
    while ((await unsent()).length > 0 && Date.now() < giveUpAt) await sleep(100);
    expect(await unsent()).toEqual([]);
    // A second send of a row would come from another node's claim: give every node's poll (2 s) a turn first.
    await sleep(2500);
    for (const to of recipients)
      expect(
        inbox.received.filter((mail) => mail.to === to),
        to,
      ).toHaveLength(1);
  });

  it('signs out everywhere: signed out on one node, the session is refused by the others', async () => {
    const account = await readerBrowser.get(nodeC(), '/account');
    expectStatus(account, 200, 'GET /account before signing out');
    const signedOut = await readerBrowser.post(nodeB(), '/signout', { _csrf: hiddenValue(account.body, '_csrf') });
    expectStatus(signedOut, 303, 'POST /signout on node B (a form from node C)');
    for (const node of nodes) {
      const refused = await readerBrowser.get(node, '/account');
      expectStatus(refused, 303, `GET /account on ${node.name} after signing out`);
      expect(refused.location).toMatch(/^\/signin/);
    }
  });

  /** A moderator added with `masthead staff add` (against the same database), who sets a password through the emailed link. */
  async function signInAsStaff(): Promise<ClusterBrowser> {
    const email = `moderator-${randomBytes(4).toString('hex')}@news.example.test`;
    const added = spawnSync(
      process.execPath,
      ['bin/masthead.js', 'staff', 'add', '--email', email, '--role', 'moderator', '--name', 'Desk Moderator'],
      {
        cwd: projectRoot,
        env: { PATH: process.env.PATH, ...environment, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(added.status, added.stderr).toBe(0);
    const link = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}(/\\S+)`).exec(added.stdout)?.[1];
    expect(link, added.stdout).toBeDefined();
    const staff = new ClusterBrowser(clientAddress());
    const page = await staff.get(nodeC(), link!);
    expectStatus(page, 200, 'the staff sign-in link');
    const set = await staff.post(nodeA(), '/reset-password', {
      _csrf: hiddenValue(page.body, '_csrf'),
      token: hiddenValue(page.body, 'token'),
      password: 'a long enough staff passphrase',
    });
    expectStatus(set, 303, 'choosing the staff password');
    return staff;
  }

  /** The live stream a thread page opens (Server-Sent Events), read as text as it arrives. */
  function openLiveStream(node: TestNode, articleId: number) {
    const abort = new AbortController();
    let text = '';
    let wake: (() => void) | undefined;
    const response = fetch(`${node.baseUrl}/comments/live/${articleId}`, { signal: abort.signal });
    const opened = response.then(async (streamResponse) => {
      expect(streamResponse.status).toBe(200);
      const reader = streamResponse.body!.getReader();
      void (async () => {
        const decoder = new TextDecoder();
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          text += decoder.decode(value, { stream: true });
          wake?.();
        }
      })();
    });
    return {
      opened,
      async waitFor(fragment: string) {
        const giveUpAt = Date.now() + 15_000;
        while (!text.includes(fragment)) {
          if (Date.now() > giveUpAt) throw new Error(`${node.name}'s live stream never carried ${fragment}; it carried:\n${text}`);
          await Promise.race([new Promise<void>((resolve) => (wake = resolve)), sleep(200)]);
        }
      },
      close: () => abort.abort(),
    };
  }
});
