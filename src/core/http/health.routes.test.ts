// /healthz and /readyz on both engines: ready only with a database that
// answers and has run every migration (and a Redis that answers, when there is
// one); never cached, never a cookie.
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations/index.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../db/testing.js';
import { registerHealthRoutes, type HealthDependencies } from './health.js';

const redisUrl = process.env.TEST_REDIS_URL;
const log = pino({ level: 'silent' });
const latestMigration = Object.keys(migrations).at(-1)!;

async function healthApp(dependencies: Omit<HealthDependencies, 'log'>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  registerHealthRoutes(app, { log, ...dependencies });
  await app.ready();
  return app;
}

async function probe(app: FastifyInstance, url: '/healthz' | '/readyz') {
  const response = await app.inject({ url });
  return { status: response.statusCode, body: response.json<{ status: string; reason?: string }>(), headers: response.headers };
}

describeEachEngine('health routes', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = await healthApp({ db: database.db });
  });
  afterAll(async () => {
    await app?.close();
    await database?.destroy();
  });

  it('answers /healthz and /readyz with 200, uncached and without a cookie', async () => {
    for (const url of ['/healthz', '/readyz'] as const) {
      const { status, body, headers } = await probe(app, url);
      expect(status).toBe(200);
      expect(body.status).toBe(url === '/healthz' ? 'ok' : 'ready');
      expect(headers['cache-control']).toBe('no-store');
      expect(headers['set-cookie']).toBeUndefined();
    }
  });

  it('is not ready while a migration is pending, and ready again once it has run', async () => {
    const applied = await sql<{ timestamp: string }>`select timestamp from kysely_migration where name = ${latestMigration}`.execute(
      database.db,
    );
    await sql`delete from kysely_migration where name = ${latestMigration}`.execute(database.db);
    try {
      const { status, body } = await probe(app, '/readyz');
      expect(status).toBe(503);
      expect(body).toEqual({ status: 'unavailable', reason: `1 migration(s) pending: ${latestMigration}` });
      // The process still answers: a load balancer must not kill a node that waits for its database.
      expect((await probe(app, '/healthz')).status).toBe(200);
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${latestMigration}, ${applied.rows[0]!.timestamp})`.execute(
        database.db,
      );
    }
    expect((await probe(app, '/readyz')).status).toBe(200);
  });

  it('is not ready when its database is closed, and says so without details', async () => {
    const closed = await openTestDatabase(engine);
    await closed.destroy();
    const closedApp = await healthApp({ db: closed.db });
    try {
      const { status, body } = await probe(closedApp, '/readyz');
      expect(status).toBe(503);
      expect(body).toEqual({ status: 'unavailable', reason: 'database unreachable' });
      expect((await probe(closedApp, '/healthz')).status).toBe(200);
    } finally {
      await closedApp.close();
    }
  });
});

describe('readiness with Redis', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('is not ready while Redis cannot be reached', async () => {
    // Nothing listens on port 1: the connection is refused and retried.
    const redis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1, retryStrategy: () => 1000 });
    redis.on('error', () => undefined);
    const app = await healthApp({ db: database.db, redis });
    try {
      const { status, body } = await probe(app, '/readyz');
      expect(status).toBe(503);
      expect(body.reason).toMatch(/^redis unreachable/);
    } finally {
      await app.close();
      redis.disconnect();
    }
  });

  it.skipIf(!redisUrl)('is ready when Redis answers (TEST_REDIS_URL)', async () => {
    const redis = new Redis(redisUrl!, { maxRetriesPerRequest: 1 });
    await new Promise<void>((resolve, reject) => {
      redis.once('ready', () => resolve());
      redis.once('error', reject);
    });
    const app = await healthApp({ db: database.db, redis });
    try {
      expect(await probe(app, '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
    } finally {
      await app.close();
      redis.disconnect();
    }
  });
});
