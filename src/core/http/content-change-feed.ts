// How a node hears at once that another changed content, so it reads the
// change log (content-changes.repository.ts) then rather than at its next
// scheduled check (PAGE_CACHE_CHANGE_FEED). On PostgreSQL: LISTEN on a
// connection of its own, for the NOTIFY each change sends at commit. On
// SQLite with REDIS_URL (or when chosen): Redis pub/sub, published by the
// changing node after its commit. Otherwise nothing: the page cache's window
// (PAGE_CACHE_REVALIDATE_SECONDS) is the only bound.
// A message only says "read the log": a lost one (a reconnect) delays a
// change by at most the window, and every (re)connection reads the log once
// for what it may have missed (docs/decisions/012-tagged-page-cache.md).
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { DatabaseHandle } from '../db/database.js';
import { POSTGRES_CHANGE_CHANNEL_EXPRESSION } from './content-changes.repository.js';

export interface ContentChangeFeed {
  readonly transport: 'postgres' | 'redis' | 'none';
  /** After this node committed a change: tells the other nodes, where the database did not already (Redis). */
  announce(revision: number): void;
  close(): Promise<void>;
}

export interface ContentChangeFeedOptions {
  database: DatabaseHandle;
  redisUrl: string | undefined;
  /** auto: LISTEN on PostgreSQL, else Redis when configured; redis: Redis (behind a pooler where LISTEN fails); off: none. */
  choice: 'auto' | 'redis' | 'off';
  /** Another node (or this one) committed a change, or the feed (re)connected and may have missed some. */
  onChange: () => void;
  onError: (error: unknown) => void;
  /** Redis channel (tests keep theirs apart). */
  redisChannel?: string;
}

const DEFAULT_REDIS_CHANNEL = 'masthead:content-changes';
const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 30_000;

export async function startContentChangeFeed(options: ContentChangeFeedOptions): Promise<ContentChangeFeed> {
  const { choice, database, redisUrl } = options;
  if (choice === 'auto' && database.connectDedicated) return listenOnPostgres(database.connectDedicated, options);
  if (choice !== 'off' && redisUrl) return subscribeOnRedis(redisUrl, options);
  return { transport: 'none', announce: () => {}, close: async () => {} };
}

function listenOnPostgres(connect: () => Promise<pg.Client>, options: ContentChangeFeedOptions): ContentChangeFeed {
  let client: pg.Client | undefined;
  let isClosed = false;
  let retryMs = RECONNECT_FIRST_MS;
  let retry: NodeJS.Timeout | undefined;

  const reconnectLater = () => {
    client = undefined;
    if (isClosed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void listen();
    }, retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
  };

  async function listen(): Promise<void> {
    let connection: pg.Client | undefined;
    try {
      connection = await connect();
      if (isClosed) return void (await connection.end());
      const current = connection;
      current.on('notification', () => options.onChange());
      current.on('error', (error) => {
        options.onError(error);
        if (client === current) reconnectLater();
      });
      current.on('end', () => {
        if (client === current) reconnectLater();
      });
      const { rows } = await current.query<{ channel: string }>(`select ${POSTGRES_CHANGE_CHANNEL_EXPRESSION} as channel`);
      // The channel is letters, digits and underscores (a prefix and an md5 prefix): safe to quote as is.
      await current.query(`listen "${rows[0]!.channel}"`);
      client = current;
      retryMs = RECONNECT_FIRST_MS;
      options.onChange(); // changes committed while this node was not listening
    } catch (error) {
      options.onError(error);
      await connection?.end().catch(() => {});
      reconnectLater();
    }
  }

  const started = listen();
  return {
    transport: 'postgres',
    announce: () => {}, // NOTIFY went out with the commit (recordContentChange)
    async close() {
      isClosed = true;
      if (retry) clearTimeout(retry);
      await started;
      const connection = client;
      client = undefined;
      await connection?.end().catch(() => {});
    },
  };
}

async function subscribeOnRedis(redisUrl: string, options: ContentChangeFeedOptions): Promise<ContentChangeFeed> {
  const { Redis } = await import('ioredis');
  const channel = options.redisChannel ?? DEFAULT_REDIS_CHANNEL;
  const publisher: Redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  // autoResubscribe (the default) restores the subscription after a reconnect; `ready` reads what it missed.
  const subscriber: Redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  publisher.on('error', options.onError);
  subscriber.on('error', options.onError);
  subscriber.on('message', (from: string) => {
    if (from === channel) options.onChange();
  });
  subscriber.on('ready', () => options.onChange()); // after a reconnect: what was published meanwhile
  subscriber.subscribe(channel).then(() => options.onChange(), options.onError);
  let isClosed = false;
  return {
    transport: 'redis',
    announce(revision) {
      if (!isClosed) publisher.publish(channel, String(revision)).catch(options.onError);
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      await Promise.all([publisher.quit().catch(() => publisher.disconnect()), subscriber.quit().catch(() => subscriber.disconnect())]);
    },
  };
}
