// The live stream over a real listening server on loopback: app.inject()
// waits for a response to end, and this one never does. No database: the
// route's only collaborators are the broadcaster, the access check and the
// missed-comments lookup (here a list of what was "published" per article).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../core/http/error-handler.js';
import { registerRouteInput } from '../../core/http/route-input.js';
import { registerSecurityHeaders } from '../../core/http/security-headers.js';
import { createInProcessBroadcaster } from './comments-live.js';
import { registerCommentsLiveRoutes, type CommentsLiveRoutes, type LiveStreamLimits } from './comments-live.routes.js';
import type { CommentBroadcaster } from './comments.types.js';

const READABLE_ARTICLE = 1;
const OTHER_READABLE_ARTICLE = 2;
const GATED_ARTICLE = 3;

/** A comment and its number in the article's publication sequence (the event id). */
interface Published {
  commentId: number;
  seq: number;
}

interface TestServer {
  app: FastifyInstance;
  routes: CommentsLiveRoutes;
  broadcaster: CommentBroadcaster;
  /** Listeners currently subscribed through the broadcaster. */
  subscriptions(): number;
  port: number;
  /** Comments "published" on each article in sequence order, for the replay; and the next lookup's delay. */
  published: Map<number, Published[]>;
  replay: { delayMs: number; limit: number };
}

async function startServer(limits: Partial<LiveStreamLimits> = {}): Promise<TestServer> {
  // Behind a proxy, so tests can speak for several client addresses through X-Forwarded-For.
  const app = Fastify({ logger: false, trustProxy: true, return503OnClosing: true });
  registerSecurityHeaders(app, { isHttps: false });
  registerRouteInput(app);
  registerErrorHandling(
    app,
    pino({ level: 'silent' }),
    async (status, heading) => `<!doctype html><title>${status}</title><h1>${heading}</h1>`,
  );
  const inner = createInProcessBroadcaster();
  let subscriptions = 0;
  const broadcaster: CommentBroadcaster = {
    publish: (event) => inner.publish(event),
    subscribe(articleId, listener) {
      subscriptions++;
      const unsubscribe = inner.subscribe(articleId, listener);
      return () => {
        subscriptions--;
        unsubscribe();
      };
    },
    close: () => inner.close(),
  };
  const published = new Map<number, Published[]>();
  const replay = { delayMs: 0, limit: 3 };
  const routes = registerCommentsLiveRoutes(app, {
    broadcaster,
    mayRead: async (_request, _reply, articleId) => articleId === READABLE_ARTICLE || articleId === OTHER_READABLE_ARTICLE,
    missedComments: async (articleId, afterSeq) => {
      if (replay.delayMs) await new Promise((resolve) => setTimeout(resolve, replay.delayMs));
      const missed = (published.get(articleId) ?? []).filter((comment) => comment.seq > afterSeq);
      return {
        comments: missed.slice(0, replay.limit),
        count: published.get(articleId)?.length ?? 0,
        isPartial: missed.length > replay.limit,
      };
    },
    limits: { heartbeatMs: 100, retryMs: 3_000, ...limits },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    routes,
    broadcaster,
    subscriptions: () => subscriptions,
    port: (app.server.address() as AddressInfo).port,
    published,
    replay,
  };
}

interface Stream {
  response: http.IncomingMessage;
  /** Everything received so far. */
  text(): string;
  /** Waits until the received text matches. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  close(): void;
}

function openStream(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: '127.0.0.1', port: server.port, path, headers: { accept: 'text/event-stream', ...headers } },
      (response) => {
        let received = '';
        const waiters = new Set<() => void>();
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          received += chunk;
          for (const check of waiters) check();
        });
        response.on('error', () => {});
        resolve({
          response,
          text: () => received,
          waitFor: (pattern) =>
            new Promise((resolveMatch, rejectMatch) => {
              const timer = setTimeout(() => {
                waiters.delete(check);
                rejectMatch(new Error(`no ${pattern} in ${JSON.stringify(received)}`));
              }, 5_000);
              function check() {
                const match = received.match(pattern);
                if (!match) return;
                clearTimeout(timer);
                waiters.delete(check);
                resolveMatch(match);
              }
              waiters.add(check);
              check();
            }),
          close: () => request.destroy(),
        });
      },
    );
    request.on('error', reject);
  });
}

async function readAll(stream: Stream): Promise<string> {
  if (!stream.response.readableEnded) await new Promise((resolve) => stream.response.once('end', resolve));
  return stream.text();
}

/** Fails with `message` when `promise` has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function eventually(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('GET /comments/live/:articleId', () => {
  let server: TestServer;
  const open: Stream[] = [];
  const connect = async (path: string, headers?: Record<string, string>) => {
    const stream = await openStream(server, path, headers);
    open.push(stream);
    return stream;
  };

  beforeAll(async () => {
    server = await startServer({ perAddress: 3, total: 6 });
  });
  afterEach(async () => {
    for (const stream of open.splice(0)) stream.close();
    await eventually(() => server.routes.openStreams() === 0);
  });
  afterAll(() => server.app.close());

  it('replays what the reader missed since the page (after=) or their last event (Last-Event-ID), then the live ones, none twice', async () => {
    // Numbered in publication order, which is not id order: comment 99 was held, then approved after 105.
    const publications = (...pairs: Array<[number, number]>) => pairs.map(([commentId, seq]) => ({ commentId, seq }));
    const ids = (stream: Stream) => [...stream.text().matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    const commentsIn = (stream: Stream) => [...stream.text().matchAll(/"commentId":(\d+)/g)].map((match) => Number(match[1]));
    server.published.set(READABLE_ARTICLE, publications([101, 1], [102, 2], [105, 3], [99, 4]));
    const fromPage = await connect(`/comments/live/${READABLE_ARTICLE}?after=1`);
    await fromPage.waitFor(/id: 4\n/);
    expect(ids(fromPage)).toEqual([2, 3, 4]);
    expect(commentsIn(fromPage)).toEqual([102, 105, 99]);
    expect(fromPage.text()).toContain('id: 4\nevent: comment\ndata: {"commentId":99,"count":4}\n\n');
    fromPage.close();

    // The header wins over the page's mark: it is where this browser actually got to.
    const reconnected = await connect(`/comments/live/${READABLE_ARTICLE}?after=0`, { 'last-event-id': '3' });
    await reconnected.waitFor(/id: 4\n/);
    expect(ids(reconnected)).toEqual([4]);
    reconnected.close();

    // A page read before the article's first comment marks itself `after=0`: everything since is replayed.
    // (This test server replays at most three, then says there is a gap.)
    const fromEmpty = await connect(`/comments/live/${READABLE_ARTICLE}?after=0`);
    await fromEmpty.waitFor(/event: gap\n/);
    expect(ids(fromEmpty)).toEqual([1, 2, 3]);
    fromEmpty.close();

    // An event that arrives while the replay is being read waits for it, and is not sent twice;
    // nor is one the page already had (numbered at or below its mark).
    server.replay.delayMs = 100;
    const slow = await connect(`/comments/live/${READABLE_ARTICLE}?after=2`);
    await slow.waitFor(/^retry: /);
    server.published.get(READABLE_ARTICLE)!.push({ commentId: 106, seq: 5 });
    server.broadcaster.publish({ type: 'comment', articleId: READABLE_ARTICLE, commentId: 102, seq: 2, count: 4 });
    server.broadcaster.publish({ type: 'comment', articleId: READABLE_ARTICLE, commentId: 106, seq: 5, count: 5 });
    server.broadcaster.publish({ type: 'comment', articleId: READABLE_ARTICLE, commentId: 107, seq: 6, count: 6 });
    await slow.waitFor(/id: 6\n/);
    expect(ids(slow)).toEqual([3, 4, 5, 6]);
    expect(commentsIn(slow)).toEqual([105, 99, 106, 107]);
    server.replay.delayMs = 0;
    slow.close();
    await eventually(() => server.routes.openStreams() === 0);

    // More missed than are replayed: a gap event, so the page offers a refresh.
    server.published.set(READABLE_ARTICLE, publications([201, 11], [202, 12], [203, 13], [204, 14], [205, 15]));
    const long = await connect(`/comments/live/${READABLE_ARTICLE}`, { 'last-event-id': '10' });
    await long.waitFor(/event: gap\n/);
    expect(ids(long)).toEqual([11, 12, 13]);
    long.close();

    // No mark, or nonsense: no replay.
    for (const path of [
      `/comments/live/${READABLE_ARTICLE}`,
      `/comments/live/${READABLE_ARTICLE}?after=-1`,
      `/comments/live/${READABLE_ARTICLE}?after=1e9`,
      `/comments/live/${READABLE_ARTICLE}?after=101&after=102`,
    ]) {
      const fresh = await connect(path, { 'last-event-id': 'abc' });
      await fresh.waitFor(/^retry: /);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(fresh.text()).not.toContain('id: ');
      fresh.close();
      await eventually(() => server.routes.openStreams() === 0);
    }
    server.published.clear();
  });

  it('streams the article’s new comments as Server-Sent Events', async () => {
    const stream = await connect(`/comments/live/${READABLE_ARTICLE}`);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers['cache-control']).toBe('no-store');
    expect(stream.response.headers['x-accel-buffering']).toBe('no');
    expect(stream.response.headers['x-content-type-options']).toBe('nosniff');
    expect(stream.response.headers['content-security-policy']).toContain("default-src 'self'");
    await stream.waitFor(/^retry: 3000\n\n/);

    server.broadcaster.publish({ type: 'comment', articleId: OTHER_READABLE_ARTICLE, commentId: 40, seq: 9, count: 9 });
    server.broadcaster.publish({ type: 'comment', articleId: READABLE_ARTICLE, commentId: 41, seq: 12, count: 12 });
    await stream.waitFor(/id: 12\nevent: comment\ndata: \{"commentId":41,"count":12\}\n\n/);
    expect(stream.text()).not.toContain('"commentId":40');
  });

  it('sends a heartbeat comment while the thread is quiet', async () => {
    const stream = await connect(`/comments/live/${READABLE_ARTICLE}`);
    await stream.waitFor(/(: heartbeat\n\n[^]*){2}/);
  });

  it('lets go of the subscription, the heartbeat and the slot when the reader leaves', async () => {
    const timersBefore = process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const streams = await Promise.all([1, 2, 3].map(() => connect(`/comments/live/${READABLE_ARTICLE}`)));
    await Promise.all(streams.map((stream) => stream.waitFor(/retry/)));
    expect(server.subscriptions()).toBe(3);
    expect(server.routes.openStreams()).toBe(3);
    for (const stream of streams) stream.close();
    await eventually(() => server.subscriptions() === 0 && server.routes.openStreams() === 0);
    await eventually(() => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length <= timersBefore);
    // The address's slots are free again.
    const again = await Promise.all([1, 2, 3].map(() => connect(`/comments/live/${READABLE_ARTICLE}`)));
    expect(again.map((stream) => stream.response.statusCode)).toEqual([200, 200, 200]);
  });

  it('answers 404 for an article the reader may not read, an unknown one, or a malformed id — and holds no slot for them', async () => {
    for (const path of [
      `/comments/live/${GATED_ARTICLE}`,
      '/comments/live/999999',
      '/comments/live/0',
      '/comments/live/abc',
      '/comments/live/1e3',
      `/comments/live/${'9'.repeat(40)}`,
    ]) {
      const stream = await connect(path);
      expect(stream.response.statusCode, path).toBe(404);
      expect(stream.response.headers['content-type']).toMatch(/^text\/plain/);
      await readAll(stream);
    }
    expect(server.subscriptions()).toBe(0);
    const streams = await Promise.all([1, 2, 3].map(() => connect(`/comments/live/${READABLE_ARTICLE}`)));
    expect(streams.map((stream) => stream.response.statusCode)).toEqual([200, 200, 200]);
  });

  it('refuses a client address over its cap with 429 and Retry-After', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.5' };
    const streams = await Promise.all([1, 2, 3].map(() => connect(`/comments/live/${READABLE_ARTICLE}`, headers)));
    expect(streams.map((stream) => stream.response.statusCode)).toEqual([200, 200, 200]);
    const refused = await connect(`/comments/live/${READABLE_ARTICLE}`, headers);
    expect(refused.response.statusCode).toBe(429);
    expect(Number(refused.response.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await connect(`/comments/live/${READABLE_ARTICLE}`, { 'x-forwarded-for': '203.0.113.6' })).response.statusCode).toBe(200);
  });

  it('refuses everyone with 429 once the node’s total is reached', async () => {
    const accepted = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((client) => connect(`/comments/live/${READABLE_ARTICLE}`, { 'x-forwarded-for': `198.51.100.${client}` })),
    );
    expect(accepted.map((stream) => stream.response.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await connect(`/comments/live/${READABLE_ARTICLE}`, { 'x-forwarded-for': '198.51.100.7' })).response.statusCode).toBe(429);
    accepted[0]!.close();
    await eventually(() => server.routes.openStreams() === 5);
    expect((await connect(`/comments/live/${READABLE_ARTICLE}`, { 'x-forwarded-for': '198.51.100.7' })).response.statusCode).toBe(200);
  });

  it('counts parallel requests against the cap before any of them is admitted', async () => {
    const headers = { 'x-forwarded-for': '192.0.2.44' };
    const streams = await Promise.all(Array.from({ length: 8 }, () => connect(`/comments/live/${READABLE_ARTICLE}`, headers)));
    const statuses = streams.map((stream) => stream.response.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });

  it('does not open a stream for HEAD', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port: server.port, path: `/comments/live/${READABLE_ARTICLE}`, method: 'HEAD' },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(status).not.toBe(200);
    expect(server.routes.openStreams()).toBe(0);
  });
});

describe('shutting down with readers connected', () => {
  it('ends their streams, so the server closes instead of waiting for them', async () => {
    const server = await startServer();
    const streams = await Promise.all([1, 2].map(() => openStream(server, `/comments/live/${READABLE_ARTICLE}`)));
    await Promise.all(streams.map((stream) => stream.waitFor(/retry/)));
    const ended = Promise.all(streams.map(readAll));
    // Bounded: a stream left open would otherwise hold close() until the test times out, saying nothing.
    await within(server.app.close(), 3_000, 'the server did not close within 3 s: an open stream is holding it');
    await within(ended, 1_000, 'the readers’ streams were not ended when the server closed');
    expect(server.subscriptions()).toBe(0);
    expect(server.routes.openStreams()).toBe(0);
  });
});
