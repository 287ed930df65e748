// Fan-out of "a comment became visible" to the readers who have the thread
// open (comments-live.routes.ts streams it to them). One node: in process.
// Several nodes: Redis pub/sub with one channel per article rather than one
// channel for everything: Redis does the filtering, so a node receives only the
// events of threads its own readers have open, instead of every comment posted
// anywhere (a busy article can take thousands a minute). The price is a
// SUBSCRIBE when a node's first reader opens a thread and an UNSUBSCRIBE when
// its last one leaves, both cheap.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { CommentBroadcaster, LiveCommentEvent } from './comments.types.js';

type Listener = (event: LiveCommentEvent) => void;

const positiveId = z.number().int().positive();

/** What travels between nodes; anything else on the channel is ignored. */
const liveCommentMessage = z.object({
  type: z.literal('comment'),
  articleId: positiveId,
  commentId: positiveId,
  seq: positiveId,
  count: z.number().int().nonnegative(),
});

export interface BroadcasterOptions {
  /** A listener that throws, or a Redis connection that fails, is reported here and never reaches the publisher. */
  onError?: (error: unknown) => void;
}

/** Listeners per article, shared by both broadcasters. */
function createListenerRegistry(onError: (error: unknown) => void) {
  const byArticle = new Map<number, Set<Listener>>();
  return {
    /** Returns whether this is the article's first listener. */
    add(articleId: number, listener: Listener): boolean {
      let listeners = byArticle.get(articleId);
      const isFirst = !listeners;
      if (!listeners) byArticle.set(articleId, (listeners = new Set()));
      listeners.add(listener);
      return isFirst;
    },
    /** Returns whether that was the article's last listener. */
    remove(articleId: number, listener: Listener): boolean {
      const listeners = byArticle.get(articleId);
      if (!listeners?.delete(listener) || listeners.size > 0) return false;
      byArticle.delete(articleId);
      return true;
    },
    deliver(event: LiveCommentEvent): void {
      const listeners = byArticle.get(event.articleId);
      if (!listeners) return;
      // A copy: a listener may unsubscribe (its stream closed) while we iterate.
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          onError(error);
        }
      }
    },
    clear(): void {
      byArticle.clear();
    },
  };
}

function once(unsubscribe: () => void): () => void {
  let isDone = false;
  return () => {
    if (isDone) return;
    isDone = true;
    unsubscribe();
  };
}

/** Live events within one process: enough for a single node. */
export function createInProcessBroadcaster(options: BroadcasterOptions = {}): CommentBroadcaster {
  const listeners = createListenerRegistry(options.onError ?? (() => {}));
  return {
    publish(event) {
      // Delivered after the publisher's own work: a slow or failing listener
      // must never hold up or break the request that posted the comment.
      queueMicrotask(() => listeners.deliver(event));
    },
    subscribe(articleId, listener) {
      listeners.add(articleId, listener);
      return once(() => listeners.remove(articleId, listener));
    },
    async close() {
      listeners.clear();
    },
  };
}

export interface RedisBroadcasterOptions extends BroadcasterOptions {
  redisUrl: string;
  /** Channel names are `<prefix><articleId>`; tests use their own prefix. */
  channelPrefix?: string;
}

export const DEFAULT_CHANNEL_PREFIX = 'masthead:comments:live:';

/**
 * Live events across nodes over Redis pub/sub. Two connections of its own: a
 * connection in subscriber mode can issue no other command. Every event goes
 * through Redis, including to this node's own readers, so each reader gets it
 * exactly once whichever node published it. Delivery is best effort (pub/sub
 * keeps nothing): a reader who misses one sees the comment on reload.
 *
 * Async because ioredis is loaded only when Redis is configured.
 */
export async function createRedisBroadcaster(options: RedisBroadcasterOptions): Promise<CommentBroadcaster> {
  const { Redis } = await import('ioredis');
  const onError = options.onError ?? (() => {});
  const prefix = options.channelPrefix ?? DEFAULT_CHANNEL_PREFIX;
  const publisher: Redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 2 });
  // autoResubscribe (the default) restores the channels after a reconnect.
  const subscriber: Redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  publisher.on('error', onError);
  subscriber.on('error', onError);
  const listeners = createListenerRegistry(onError);
  const channelFor = (articleId: number) => `${prefix}${articleId}`;

  subscriber.on('message', (channel: string, message: string) => {
    const event = parseMessage(message);
    // The article in the message must be the channel's: a message published
    // to the wrong channel must not show one thread's comments in another.
    if (!event || channel !== channelFor(event.articleId)) return;
    listeners.deliver(event);
  });

  let isClosed = false;
  return {
    publish(event) {
      if (isClosed) return;
      const message: LiveCommentEvent = {
        type: 'comment',
        articleId: event.articleId,
        commentId: event.commentId,
        seq: event.seq,
        count: event.count,
      };
      publisher.publish(channelFor(event.articleId), JSON.stringify(message)).catch(onError);
    },
    subscribe(articleId, listener) {
      // SUBSCRIBE and UNSUBSCRIBE go down one connection in order, so Redis
      // always ends up with exactly the channels that have listeners here,
      // however quickly readers come and go.
      if (listeners.add(articleId, listener)) subscriber.subscribe(channelFor(articleId)).catch(onError);
      return once(() => {
        if (listeners.remove(articleId, listener) && !isClosed) subscriber.unsubscribe(channelFor(articleId)).catch(onError);
      });
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      listeners.clear();
      await Promise.all([publisher.quit().catch(() => publisher.disconnect()), subscriber.quit().catch(() => subscriber.disconnect())]);
    },
  };
}

/** A message from the channel, or undefined for anything malformed. */
export function parseMessage(message: string): LiveCommentEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const result = liveCommentMessage.safeParse(json);
  return result.success ? result.data : undefined;
}
