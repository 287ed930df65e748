// The app's shared machinery, made once per node: Redis when configured, the
// rate limiter nodes share, the mailer and its durable queue's worker, the
// retention job, the page cache and the feed of other nodes' content changes.
// buildApp (app.ts) hands these to the features.
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './core/clock.js';
import type { Config } from './core/config/config.js';
import type { DatabaseHandle } from './core/db/database.js';
import { createOutboxMailer, createSmtpMailer, type Mailer } from './core/email/mailer.js';
import { startContentChangeFeed } from './core/http/content-change-feed.js';
import { PageCache } from './core/http/page-cache.js';
import { createDatabaseRateLimiter, createMemoryRateLimiter, createRedisRateLimiter } from './core/http/rate-limit.js';
import { createEmailWorker } from './core/jobs/email-queue.js';
import { createRetentionJob } from './core/jobs/retention.js';
import { createContentChangeReader } from './features/articles/articles.service.js';

export async function startInfrastructure(deps: {
  config: Readonly<Config>;
  database: DatabaseHandle;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Tests hand in their own (an in-memory or loopback one). */
  mailer?: Mailer;
}) {
  const { config, database, clock, log } = deps;
  const { db } = database;
  // ioredis is only loaded when Redis is configured.
  const redis = config.redisUrl
    ? new (await import('ioredis')).Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })
    : undefined;
  // Nodes on one PostgreSQL share their limits through Redis, or without it through the database; SQLite is one node.
  const rateLimiter = redis
    ? createRedisRateLimiter(redis)
    : database.engine === 'postgres'
      ? createDatabaseRateLimiter(db, clock)
      : createMemoryRateLimiter(clock);
  const mailer =
    deps.mailer ??
    (config.mail.smtpUrl
      ? createSmtpMailer({ url: config.mail.smtpUrl, from: config.mail.from })
      : createOutboxMailer({ directory: config.mail.outboxDirectory, from: config.mail.from }));
  const emailWorker = createEmailWorker({
    db,
    mailer,
    clock,
    messageIdDomain: new URL(config.publicUrl).hostname,
    onError: (error) => log.warn({ err: error }, 'email not sent yet; will retry'),
  });

  const retention = createRetentionJob({
    db,
    clock,
    onError: (error) => log.warn({ err: error }, 'retention run failed; will retry'),
    onReport: (report) => log.info({ deleted: report }, 'retention run'),
  });

  const pageCache = new PageCache({
    maxEntries: config.pageCache.maxEntries,
    revalidateMs: config.pageCache.revalidateMs,
    clock,
    readChanges: createContentChangeReader({ db }),
    onError: (error) => log.error({ err: error }, 'page cache revalidation failed'),
  });
  // Other nodes' content changes, heard at once (PostgreSQL NOTIFY, or Redis pub/sub on SQLite).
  const contentChanges = await startContentChangeFeed({
    database,
    redisUrl: config.redisUrl,
    choice: config.pageCache.changeFeed,
    onChange: () => void pageCache.revalidate().catch((error: unknown) => log.error({ err: error }, 'page cache revalidation failed')),
    onError: (error) => log.warn({ err: error }, 'content change feed'),
  });
  return { redis, rateLimiter, mailer, emailWorker, retention, pageCache, contentChanges };
}

export type Infrastructure = Awaited<ReturnType<typeof startInfrastructure>>;
