// The Stripe webhook route on the smallest app that carries it beside the
// app's own parsers (formbody, JSON), over a real test database; shared by
// the webhook's route tests and its delivery-order tests.
import formBody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { openTestDatabase, type Engine, type TestDatabase } from '../../../core/db/testing.js';
import { insertUser } from '../../accounts/testing/user-fixtures.js';
import type { MeterSettings } from '../access-decision.js';
import { createStripeSubscriptionsService } from '../stripe-subscriptions.service.js';
import { registerStripeWebhookRoute, STRIPE_WEBHOOK_PATH } from '../stripe-webhook.routes.js';
import { signStripePayload, TEST_WEBHOOK_SECRET } from './stripe-events.js';

export const NOW = new Date('2026-03-10T12:00:00.000Z');
export const DAY = 86_400_000;
export const PERIOD_END = new Date(NOW.getTime() + 30 * DAY).toISOString();
export const noPremiumAllowance: MeterSettings = {
  anonymousFreeArticles: 5,
  registeredPremiumArticles: 0,
  periodDays: 30,
  meteredSections: [],
};
export const premiumArticle = { id: 1, accessLevel: 'premium' as const, sectionPath: 'world' };

export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

export async function buildWebhookApp(options: {
  database: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  webhookSecret: string | null;
}) {
  const logLines: Array<{ level: number; msg: string; [key: string]: unknown }> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line)) });
  const app = Fastify({ bodyLimit: 64 * 1024 });
  await app.register(formBody);
  app.post('/echo', async (request) => ({ body: request.body }));
  registerStripeWebhookRoute(app, {
    webhookSecret: options.webhookSecret,
    subscriptions: createStripeSubscriptionsService({ db: options.database.db, clock: options.clock }),
    log,
  });
  await app.ready();
  return { app, logLines };
}

/** Opens a database and the webhook app for one engine around a describe block; `t.database` and `t.app` are set in its beforeAll. */
export function useStripeWebhookApp(engine: Engine) {
  const clock = fixedClock(NOW);
  let nextReader = 0;
  let nextSubscription = 0;
  const t = {
    clock,
    database: undefined as unknown as TestDatabase,
    app: undefined as unknown as FastifyInstance,
    logLines: [] as Awaited<ReturnType<typeof buildWebhookApp>>['logLines'],
    async newReader(): Promise<number> {
      const id = await insertUser(t.database.db, {
        email: `stripe-reader-${++nextReader}@example.com`,
        passwordHash: null,
        firstName: 'Paying',
        lastName: 'Reader',
        dateOfBirth: null,
        role: 'reader',
        marketingOptOut: true,
        now: NOW.toISOString(),
      });
      return id!;
    },
    newSubscriptionId: () => `sub_test_${engine}_${++nextSubscription}`,
    deliver(event: unknown, options: { signature?: string | null; contentType?: string } = {}) {
      const payload = typeof event === 'string' ? event : JSON.stringify(event);
      const signature = options.signature === undefined ? signStripePayload(payload) : options.signature;
      return t.app.inject({
        method: 'POST',
        url: STRIPE_WEBHOOK_PATH,
        headers: {
          'content-type': options.contentType ?? 'application/json; charset=utf-8',
          ...(signature === null ? {} : { 'stripe-signature': signature }),
        },
        payload,
      });
    },
    rowsFor: (externalId: string) => t.database.db.selectFrom('subscriptions').where('external_id', '=', externalId).selectAll().execute(),
    /** Subscription events held for a checkout that has not arrived (stripe_pending_events). */
    heldFor: (externalId: string) =>
      t.database.db.selectFrom('stripe_pending_events').where('external_id', '=', externalId).selectAll().execute(),
    countRows: async () =>
      Number(
        (
          await t.database.db
            .selectFrom('subscriptions')
            .select((eb) => eb.fn.countAll<number>().as('rows'))
            .executeTakeFirstOrThrow()
        ).rows,
      ),
  };
  beforeAll(async () => {
    t.database = await openTestDatabase(engine);
    ({ app: t.app, logLines: t.logLines } = await buildWebhookApp({ database: t.database, clock, webhookSecret: TEST_WEBHOOK_SECRET }));
  });
  afterAll(async () => {
    await t.app.close();
    await t.database.destroy();
  });
  return t;
}
