// The two broadcasters keep one contract; the Redis one is what several nodes
// share (run with TEST_REDIS_URL=redis://127.0.0.1:6379).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessBroadcaster, createRedisBroadcaster, parseMessage } from './comments-live.js';
import type { CommentBroadcaster, LiveCommentEvent } from './comments.types.js';

const redisUrl = process.env.TEST_REDIS_URL;

const event = (articleId: number, commentId: number, count = commentId): LiveCommentEvent => ({
  type: 'comment',
  articleId,
  commentId,
  seq: commentId,
  count,
});

/** Resolves with the next `count` events the listener receives (or rejects after a while). */
function collect(
  broadcaster: CommentBroadcaster,
  articleId: number,
  count: number,
): { events: Promise<LiveCommentEvent[]>; unsubscribe: () => void } {
  const received: LiveCommentEvent[] = [];
  let unsubscribe = () => {};
  const events = new Promise<LiveCommentEvent[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`received ${received.length} of ${count} events`)), 5_000);
    unsubscribe = broadcaster.subscribe(articleId, (delivered) => {
      received.push(delivered);
      if (received.length === count) {
        clearTimeout(timer);
        resolve(received);
      }
    });
  });
  return { events, unsubscribe };
}

const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

function contract(
  name: string,
  make: () => Promise<{ publisher: CommentBroadcaster; subscriber: CommentBroadcaster; ready(articleId: number): Promise<void> }>,
) {
  describe(name, () => {
    it('delivers an article’s events to its subscribers only', async () => {
      const { publisher, subscriber, ready } = await make();
      const first = collect(subscriber, 101, 2);
      const second = collect(subscriber, 101, 2);
      const other: LiveCommentEvent[] = [];
      subscriber.subscribe(102, (received) => other.push(received));
      await ready(101);
      await ready(102);
      publisher.publish(event(101, 1));
      publisher.publish(event(101, 2));
      expect(await first.events).toEqual([event(101, 1), event(101, 2)]);
      expect(await second.events).toEqual([event(101, 1), event(101, 2)]);
      await settle();
      expect(other).toEqual([]);
    });

    it('stops delivering after unsubscribe, which may be called twice', async () => {
      const { publisher, subscriber, ready } = await make();
      const stay = collect(subscriber, 201, 2);
      const leaving: LiveCommentEvent[] = [];
      const unsubscribe = subscriber.subscribe(201, (received) => leaving.push(received));
      await ready(201);
      publisher.publish(event(201, 1));
      await settle(100);
      unsubscribe();
      unsubscribe();
      publisher.publish(event(201, 2));
      expect(await stay.events).toHaveLength(2);
      await settle();
      expect(leaving).toEqual([event(201, 1)]);
    });

    it('keeps delivering to the others when one listener throws', async () => {
      const { publisher, subscriber, ready } = await make();
      subscriber.subscribe(301, () => {
        throw new Error('listener failed');
      });
      const healthy = collect(subscriber, 301, 1);
      await ready(301);
      expect(() => publisher.publish(event(301, 1))).not.toThrow();
      expect(await healthy.events).toEqual([event(301, 1)]);
    });
  });
}

describe('parseMessage', () => {
  it('accepts a well-formed event and nothing else', () => {
    expect(parseMessage(JSON.stringify(event(1, 2, 3)))).toEqual(event(1, 2, 3));
    for (const malformed of [
      '',
      'not json',
      'null',
      '[]',
      '{}',
      '{"type":"comment"}',
      JSON.stringify({ ...event(1, 2), type: 'reaction' }),
      JSON.stringify({ ...event(1, 2), articleId: '1' }),
      JSON.stringify({ ...event(1, 2), commentId: -4 }),
      JSON.stringify({ ...event(1, 2), count: 1.5 }),
    ]) {
      expect(parseMessage(malformed)).toBeUndefined();
    }
  });
});

describe('in-process broadcaster', () => {
  contract('contract', async () => {
    const broadcaster = createInProcessBroadcaster();
    return { publisher: broadcaster, subscriber: broadcaster, ready: async () => {} };
  });

  it('delivers after the publisher returns, and reports a listener’s error instead of throwing it', async () => {
    const errors: unknown[] = [];
    const broadcaster = createInProcessBroadcaster({ onError: (error) => errors.push(error) });
    const received: LiveCommentEvent[] = [];
    broadcaster.subscribe(1, (delivered) => {
      received.push(delivered);
      throw new Error('boom');
    });
    broadcaster.publish(event(1, 1));
    expect(received).toEqual([]);
    await settle(0);
    expect(received).toEqual([event(1, 1)]);
    expect(errors).toHaveLength(1);
  });

  it('holds no listeners after close', async () => {
    const broadcaster = createInProcessBroadcaster();
    const received: LiveCommentEvent[] = [];
    broadcaster.subscribe(1, (delivered) => received.push(delivered));
    await broadcaster.close();
    broadcaster.publish(event(1, 1));
    await settle(0);
    expect(received).toEqual([]);
  });
});

describe.skipIf(!redisUrl)('redis broadcaster (two nodes)', () => {
  const prefix = `masthead-test:comments-live:${process.pid}:${Math.random().toString(36).slice(2)}:`;
  const broadcasters: CommentBroadcaster[] = [];
  const errors: unknown[] = [];
  let inspector: Redis;

  beforeAll(() => {
    inspector = new Redis(redisUrl!);
  });
  afterAll(async () => {
    await Promise.all(broadcasters.map((broadcaster) => broadcaster.close()));
    await inspector.quit();
  });

  async function node(): Promise<CommentBroadcaster> {
    const broadcaster = await createRedisBroadcaster({
      redisUrl: redisUrl!,
      channelPrefix: prefix,
      onError: (error) => errors.push(error),
    });
    broadcasters.push(broadcaster);
    return broadcaster;
  }

  async function subscribers(articleId: number): Promise<number> {
    const [, count] = (await inspector.pubsub('NUMSUB', `${prefix}${articleId}`)) as [string, number];
    return count;
  }

  /** SUBSCRIBE is sent in the background: wait until Redis has it. */
  async function ready(articleId: number, expected = 1): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await subscribers(articleId)) >= expected) return;
      await settle(20);
    }
    throw new Error(`no subscriber on article ${articleId}`);
  }

  contract('contract, publishing on one node and listening on another', async () => {
    const [publisher, subscriber] = await Promise.all([node(), node()]);
    return { publisher, subscriber, ready: (articleId) => ready(articleId) };
  });

  it('delivers a publish on node A to readers on nodes A and B, once each', async () => {
    const [nodeA, nodeB] = await Promise.all([node(), node()]);
    const onA = collect(nodeA, 401, 1);
    const onB = collect(nodeB, 401, 1);
    await ready(401, 2);
    nodeA.publish(event(401, 7, 3));
    expect(await onA.events).toEqual([event(401, 7, 3)]);
    expect(await onB.events).toEqual([event(401, 7, 3)]);
    await settle();
    onA.unsubscribe();
    onB.unsubscribe();
  });

  it('ignores malformed messages and messages whose article is not the channel’s', async () => {
    const subscriber = await node();
    const received = collect(subscriber, 501, 1);
    await ready(501);
    const channel = `${prefix}501`;
    for (const message of [
      'not json',
      '{}',
      JSON.stringify({ ...event(501, 1), count: 'many' }),
      JSON.stringify({ ...event(501, 1), seq: undefined }),
      JSON.stringify(event(502, 1)),
    ])
      await inspector.publish(channel, message);
    await inspector.publish(channel, JSON.stringify(event(501, 2)));
    expect(await received.events).toEqual([event(501, 2)]);
  });

  it('subscribes to an article’s channel while it has listeners on the node, and leaves it after the last one', async () => {
    const subscriber = await node();
    const first = subscriber.subscribe(601, () => {});
    const second = subscriber.subscribe(601, () => {});
    await ready(601);
    expect(await subscribers(601)).toBe(1);
    first();
    await settle();
    expect(await subscribers(601)).toBe(1);
    second();
    for (let attempt = 0; attempt < 100 && (await subscribers(601)) > 0; attempt++) await settle(20);
    expect(await subscribers(601)).toBe(0);
  });

  it('closes both connections, and a publish after close is dropped quietly', async () => {
    const closeErrors: unknown[] = [];
    const broadcaster = await createRedisBroadcaster({
      redisUrl: redisUrl!,
      channelPrefix: prefix,
      onError: (error) => closeErrors.push(error),
    });
    broadcaster.subscribe(701, () => {});
    await ready(701);
    await broadcaster.close();
    expect(() => broadcaster.publish(event(701, 1))).not.toThrow();
    for (let attempt = 0; attempt < 100 && (await subscribers(701)) > 0; attempt++) await settle(20);
    expect(await subscribers(701)).toBe(0);
    expect(closeErrors).toEqual([]);
  });
});
