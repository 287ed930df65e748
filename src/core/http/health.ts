// Health for load balancers and nginx (docs/deployment.md). /healthz: the
// process answers (no database, so a slow database never gets a node killed).
// /readyz: the node can serve: its database answers and has run every
// migration this code has, and Redis answers when configured; otherwise 503
// with a short reason. Neither reads a session, counts against a rate limit or
// may be cached: a probe every few seconds must cost next to nothing and
// always see the present.
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type { Db } from '../db/database.js';
import { listPendingMigrations } from '../db/migrate.js';

/** How long a dependency may take to answer a probe before the node is reported not ready. */
const CHECK_TIMEOUT_MS = 2000;

export interface HealthDependencies {
  db: Db;
  /** The node's Redis connection when REDIS_URL is set. */
  redis?: Redis | undefined;
  log: FastifyBaseLogger;
  checkTimeoutMs?: number;
}

class NotReady extends Error {}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NotReady(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function checkDatabase(db: Db, timeoutMs: number): Promise<void> {
  let pending: string[];
  try {
    pending = await within(listPendingMigrations(db), timeoutMs, 'database');
  } catch (error) {
    if (error instanceof NotReady) throw error;
    throw new NotReady('database unreachable');
  }
  if (pending.length) throw new NotReady(`${pending.length} migration(s) pending: ${pending.join(', ')}`);
}

async function checkRedis(redis: Redis, timeoutMs: number): Promise<void> {
  // A connection that is down queues commands until it is back: say so rather than wait.
  if (redis.status !== 'ready') throw new NotReady(`redis unreachable (${redis.status})`);
  try {
    await within(redis.ping(), timeoutMs, 'redis');
  } catch (error) {
    if (error instanceof NotReady) throw error;
    throw new NotReady('redis unreachable');
  }
}

function sendJson(reply: FastifyReply, status: number, body: Record<string, string>) {
  return reply.code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(JSON.stringify(body));
}

export function registerHealthRoutes(app: FastifyInstance, dependencies: HealthDependencies): void {
  const { db, redis, log } = dependencies;
  const timeoutMs = dependencies.checkTimeoutMs ?? CHECK_TIMEOUT_MS;
  // Logged when readiness changes, not on every probe.
  let lastReason: string | null = null;

  app.get('/healthz', (_request, reply) => sendJson(reply, 200, { status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    let reason: string | null = null;
    try {
      await checkDatabase(db, timeoutMs);
      if (redis) await checkRedis(redis, timeoutMs);
    } catch (error) {
      if (!(error instanceof NotReady)) throw error;
      reason = error.message;
    }
    if (reason !== lastReason) {
      if (reason) log.warn({ reason }, 'not ready');
      else log.info('ready');
      lastReason = reason;
    }
    return reason ? sendJson(reply, 503, { status: 'unavailable', reason }) : sendJson(reply, 200, { status: 'ready' });
  });
}
