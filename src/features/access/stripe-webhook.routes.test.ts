// POST /webhooks/stripe through app.inject() over a real database, on both
// engines. The app here is the smallest one that carries the route beside the
// app's own parsers (formbody, JSON), to show the raw-body scope leaves them alone.
import formBody from '@fastify/formbody';
import fc from 'fast-check';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { insertUser } from '../accounts/accounts.repository.js';
import { decideAccess, type MeterSettings } from './access-decision.js';
import { findSubscriptionEnd } from './access.repository.js';
import { createAccessService } from './access.service.js';
import { createStripeSubscriptionsService } from './stripe-subscriptions.service.js';
import { PROVISIONAL_ACCESS_MS } from './stripe-webhook.js';
import { registerStripeWebhookRoute, STRIPE_WEBHOOK_PATH } from './stripe-webhook.routes.js';
import {
  checkoutCompleted,
  realisticSubscriptionHistory,
  signStripePayload,
  stripeEvent,
  subscriptionEventFor,
  subscriptionObject,
  TEST_WEBHOOK_SECRET,
} from './testing/stripe-events.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const DAY = 86_400_000;
const PERIOD_END = new Date(NOW.getTime() + 30 * DAY).toISOString();
const noPremiumAllowance: MeterSettings = { anonymousFreeArticles: 5, registeredPremiumArticles: 0, periodDays: 30, meteredSections: [] };
const premiumArticle = { id: 1, accessLevel: 'premium' as const, sectionPath: 'world' };

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

async function buildWebhookApp(options: { database: TestDatabase; clock: ReturnType<typeof fixedClock>; webhookSecret: string | null }) {
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

describeEachEngine('POST /webhooks/stripe', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let logLines: Awaited<ReturnType<typeof buildWebhookApp>>['logLines'];
  const clock = fixedClock(NOW);
  let nextReader = 0;
  let nextSubscription = 0;

  async function newReader() {
    const id = await insertUser(database.db, {
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
  }
  const newSubscriptionId = () => `sub_test_${engine}_${++nextSubscription}`;

  function deliver(event: unknown, options: { signature?: string | null; contentType?: string } = {}) {
    const payload = typeof event === 'string' ? event : JSON.stringify(event);
    const signature = options.signature === undefined ? signStripePayload(payload) : options.signature;
    return app.inject({
      method: 'POST',
      url: STRIPE_WEBHOOK_PATH,
      headers: { 'content-type': options.contentType ?? 'application/json; charset=utf-8', ...(signature === null ? {} : { 'stripe-signature': signature }) },
      payload,
    });
  }

  const rowsFor = (externalId: string) => database.db.selectFrom('subscriptions').where('external_id', '=', externalId).selectAll().execute();
  const countRows = async () => Number((await database.db.selectFrom('subscriptions').select((eb) => eb.fn.countAll<number>().as('rows')).executeTakeFirstOrThrow()).rows);

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    ({ app, logLines } = await buildWebhookApp({ database, clock, webhookSecret: TEST_WEBHOOK_SECRET }));
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  it('follows a subscription from checkout to deletion, and access ends the moment it is deleted', async () => {
    clock.set(NOW);
    const userId = await newReader();
    const subscriptionId = newSubscriptionId();
    const access = createAccessService({ db: database.db, clock, settings: noPremiumAllowance });
    const decision = async () => decideAccess(premiumArticle, await access.signedInReader({ id: userId, role: 'reader' }), noPremiumAllowance, clock.now().getTime());

    const checkout = await deliver(checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created: NOW }));
    expect(checkout.statusCode, checkout.body).toBe(200);
    expect(await findSubscriptionEnd(database.db, userId, NOW.toISOString())).toBe(new Date(NOW.getTime() + PROVISIONAL_ACCESS_MS).toISOString());
    expect(await decision()).toMatchObject({ kind: 'full', reason: 'subscriber' });

    expect((await deliver(stripeEvent('customer.subscription.created', subscriptionObject({ id: subscriptionId, status: 'active', periodEnd: PERIOD_END }), NOW))).statusCode).toBe(200);
    expect(await findSubscriptionEnd(database.db, userId, NOW.toISOString())).toBe(PERIOD_END);

    clock.advance(3 * DAY);
    const cancelledAt = clock.now();
    const deleted = stripeEvent('customer.subscription.deleted', subscriptionObject({ id: subscriptionId, status: 'canceled', periodEnd: PERIOD_END, endedAt: cancelledAt }), cancelledAt);
    expect((await deliver(deleted)).statusCode).toBe(200);
    const end = await findSubscriptionEnd(database.db, userId, clock.now().toISOString());
    expect(end).not.toBeNull();
    expect(Date.parse(end!)).toBeLessThanOrEqual(clock.now().getTime());
    expect(await decision()).toMatchObject({ kind: 'wall', wall: 'subscribe' });

    const rows = await rowsFor(subscriptionId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: userId, source: 'stripe', starts_at: NOW.toISOString() });
  });

  it('renews, keeps access to the period end when cancelled at period end, and ends at once when unpaid', async () => {
    clock.set(NOW);
    const userId = await newReader();
    const subscriptionId = newSubscriptionId();
    await deliver(checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created: NOW }));
    const nextPeriodEnd = new Date(Date.parse(PERIOD_END) + 30 * DAY).toISOString();
    await deliver(stripeEvent('customer.subscription.updated', subscriptionObject({ id: subscriptionId, status: 'active', periodEnd: nextPeriodEnd }), NOW));
    expect((await rowsFor(subscriptionId))[0]!.ends_at).toBe(nextPeriodEnd);
    await deliver(stripeEvent('customer.subscription.updated', subscriptionObject({ id: subscriptionId, status: 'active', periodEnd: nextPeriodEnd, cancelAtPeriodEnd: true, cancelAt: nextPeriodEnd }), NOW));
    expect((await rowsFor(subscriptionId))[0]!.ends_at).toBe(nextPeriodEnd);
    clock.advance(DAY);
    await deliver(stripeEvent('customer.subscription.updated', subscriptionObject({ id: subscriptionId, status: 'unpaid', periodEnd: nextPeriodEnd }), clock.now()));
    expect((await rowsFor(subscriptionId))[0]!.ends_at).toBe(clock.now().toISOString());
  });

  it('is idempotent: replaying the whole history, days later, ends where it ended', async () => {
    clock.set(NOW);
    const userId = await newReader();
    const subscriptionId = newSubscriptionId();
    const cancelledAt = new Date(NOW.getTime() + DAY);
    const events = [
      checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created: NOW }),
      stripeEvent('customer.subscription.updated', subscriptionObject({ id: subscriptionId, status: 'active', periodEnd: PERIOD_END }), NOW),
      stripeEvent('customer.subscription.deleted', subscriptionObject({ id: subscriptionId, status: 'canceled', periodEnd: PERIOD_END, endedAt: cancelledAt }), cancelledAt),
    ];
    for (const event of events) expect((await deliver(event)).statusCode).toBe(200);
    const settled = await rowsFor(subscriptionId);
    expect(settled).toMatchObject([{ user_id: userId, starts_at: NOW.toISOString(), ends_at: cancelledAt.toISOString() }]);
    clock.advance(2 * DAY);
    for (const event of events) expect((await deliver(event)).statusCode).toBe(200);
    expect(await rowsFor(subscriptionId)).toEqual(settled);
  });

  it('replays each single event with no change at all, updated_at included', async () => {
    clock.set(NOW);
    const userId = await newReader();
    const subscriptionId = newSubscriptionId();
    const events = [
      checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created: NOW }),
      stripeEvent('customer.subscription.updated', subscriptionObject({ id: subscriptionId, status: 'active', periodEnd: PERIOD_END }), NOW),
      stripeEvent('customer.subscription.deleted', subscriptionObject({ id: subscriptionId, status: 'canceled', periodEnd: PERIOD_END, endedAt: NOW }), NOW),
    ];
    for (const event of events) {
      await deliver(event);
      const once = await rowsFor(subscriptionId);
      clock.advance(60_000);
      await deliver(event);
      expect(await rowsFor(subscriptionId)).toEqual(once);
    }
  });

  it('copes with Stripe delivering out of order', async () => {
    clock.set(NOW);
    const userId = await newReader();

    // An update before the checkout, naming nobody: acknowledged, nothing stored; the checkout then links it.
    const unnamed = newSubscriptionId();
    expect((await deliver(stripeEvent('customer.subscription.updated', subscriptionObject({ id: unnamed, status: 'active', periodEnd: PERIOD_END }), NOW))).statusCode).toBe(200);
    expect(await rowsFor(unnamed)).toHaveLength(0);

    // An update naming the reader in metadata creates the row; the later checkout keeps the period end.
    const named = newSubscriptionId();
    const update = stripeEvent('customer.subscription.updated', subscriptionObject({ id: named, status: 'active', periodEnd: PERIOD_END, metadata: { masthead_user_id: String(userId) } }), NOW);
    expect((await deliver(update)).statusCode).toBe(200);
    expect(await rowsFor(named)).toMatchObject([{ user_id: userId, ends_at: PERIOD_END }]);
    await deliver(checkoutCompleted({ subscriptionId: named, clientReferenceId: String(userId), created: NOW }));
    expect(await rowsFor(named)).toMatchObject([{ user_id: userId, ends_at: PERIOD_END }]);

    // A deletion for a subscription we never linked changes nothing.
    expect((await deliver(stripeEvent('customer.subscription.deleted', subscriptionObject({ id: newSubscriptionId(), status: 'canceled' }), NOW))).statusCode).toBe(200);
  });

  it('never lets an ending grant access, even one that arrives after the provisional access ran out', async () => {
    clock.set(NOW);
    const userId = await newReader();
    const subscriptionId = newSubscriptionId();
    await deliver(checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created: NOW }));
    clock.advance(10 * DAY);
    const deletedAt = clock.now();
    // An ended_at after the event itself (never sent by Stripe) still ends access at the event.
    const later = new Date(deletedAt.getTime() + 5 * DAY);
    await deliver(stripeEvent('customer.subscription.deleted', subscriptionObject({ id: subscriptionId, status: 'canceled', endedAt: later }), deletedAt));
    expect(await rowsFor(subscriptionId)).toMatchObject([{ ends_at: deletedAt.toISOString(), provider_event_at: deletedAt.toISOString() }]);
    expect(await findSubscriptionEnd(database.db, userId, clock.now().toISOString())).toBe(deletedAt.toISOString());
  });

  it('stores one row when the checkout and the subscription events race', async () => {
    clock.set(NOW);
    const userId = await newReader();
    const subscriptionId = newSubscriptionId();
    const responses = await Promise.all([
      deliver(checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created: NOW })),
      deliver(stripeEvent('customer.subscription.created', subscriptionObject({ id: subscriptionId, status: 'active', periodEnd: PERIOD_END, metadata: { masthead_user_id: String(userId) } }), NOW)),
      deliver(checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created: NOW })),
    ]);
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    expect(await rowsFor(subscriptionId)).toMatchObject([{ user_id: userId, ends_at: PERIOD_END }]);
  });

  describe('in whatever order Stripe delivers', () => {
    const checkout = (subscriptionId: string, userId: number, created: Date) => checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created });
    /** What Stripe's events decide about the row: everything but its id and Stripe's id. */
    const stateOf = async (subscriptionId: string) => {
      const rows = await rowsFor(subscriptionId);
      return rows.map(({ id: _id, external_id: _externalId, ...state }) => state);
    };
    const at = (days: number, seconds = 0) => new Date(NOW.getTime() + days * DAY + seconds * 1000);

    it('ends access in every order of checkout, a running update and the deletion', async () => {
      const deletedAt = at(3);
      clock.set(at(3, 3600));
      const access = createAccessService({ db: database.db, clock, settings: noPremiumAllowance });
      const states: unknown[] = [];
      for (const order of permutations(['checkout', 'updated', 'deleted'] as const)) {
        const userId = await newReader();
        const id = newSubscriptionId();
        const events = {
          checkout: checkout(id, userId, NOW),
          updated: subscriptionEventFor('updated', { id, userId, status: 'active', periodEnd: new Date(PERIOD_END), created: NOW }),
          deleted: subscriptionEventFor('deleted', { id, userId, status: 'canceled', periodEnd: new Date(PERIOD_END), endedAt: deletedAt, created: deletedAt }),
        };
        for (const name of order) expect((await deliver(events[name])).statusCode).toBe(200);
        const state = await stateOf(id);
        expect(state, order.join(', ')).toMatchObject([{ user_id: userId, ends_at: deletedAt.toISOString(), provider_event_at: deletedAt.toISOString() }]);
        const reader = await access.signedInReader({ id: userId, role: 'reader' });
        expect(decideAccess(premiumArticle, reader, noPremiumAllowance, clock.now().getTime()), order.join(', ')).toMatchObject({ kind: 'wall', wall: 'subscribe' });
        states.push(state.map(({ user_id: _userId, ...rest }) => rest));
      }
      expect(new Set(states.map((state) => JSON.stringify(state))).size).toBe(1);
    });

    it('lets an ending win a running update created in the same second, in either order', async () => {
      clock.set(at(1));
      for (const order of [['updated', 'deleted'], ['deleted', 'updated']] as const) {
        const userId = await newReader();
        const id = newSubscriptionId();
        const events = {
          updated: subscriptionEventFor('updated', { id, userId, status: 'active', periodEnd: new Date(PERIOD_END), created: NOW }),
          deleted: subscriptionEventFor('deleted', { id, userId, status: 'canceled', endedAt: NOW, created: NOW }),
        };
        for (const name of order) await deliver(events[name]);
        expect(await rowsFor(id), order.join(', ')).toMatchObject([{ ends_at: NOW.toISOString(), provider_event_at: NOW.toISOString() }]);
      }
    });

    it('keeps the newer of two running updates, whether it lengthens or shortens access', async () => {
      clock.set(at(1));
      const renewedEnd = new Date(Date.parse(PERIOD_END) + 30 * DAY);
      const cancelAt = at(20);
      for (const newer of [{ periodEnd: renewedEnd }, { periodEnd: renewedEnd, cancelAt }]) {
        const expectedEnd = (newer.cancelAt ?? newer.periodEnd).toISOString();
        for (const isNewerFirst of [false, true]) {
          const userId = await newReader();
          const id = newSubscriptionId();
          const older = subscriptionEventFor('updated', { id, userId, status: 'active', periodEnd: new Date(PERIOD_END), created: NOW });
          const newest = subscriptionEventFor('updated', { id, userId, status: 'active', ...newer, created: at(0, 1) });
          for (const event of isNewerFirst ? [newest, older] : [older, newest]) await deliver(event);
          expect(await rowsFor(id)).toMatchObject([{ ends_at: expectedEnd, provider_event_at: at(0, 1).toISOString() }]);
        }
      }
    });

    it('restores access only for a running update newer than the ending', async () => {
      clock.set(at(5));
      const userId = await newReader();
      const id = newSubscriptionId();
      const renewedEnd = new Date(Date.parse(PERIOD_END) + 30 * DAY).toISOString();
      await deliver(checkout(id, userId, NOW));
      await deliver(subscriptionEventFor('updated', { id, userId, status: 'unpaid', periodEnd: new Date(PERIOD_END), created: at(2) }));
      await deliver(subscriptionEventFor('updated', { id, userId, status: 'active', periodEnd: new Date(PERIOD_END), created: at(1) }));
      expect(await rowsFor(id)).toMatchObject([{ ends_at: at(2).toISOString() }]);
      await deliver(subscriptionEventFor('updated', { id, userId, status: 'active', periodEnd: new Date(renewedEnd), created: at(3) }));
      expect(await rowsFor(id)).toMatchObject([{ ends_at: renewedEnd, provider_event_at: at(3).toISOString() }]);
    });

    it('lets a late checkout neither shorten, extend nor restore what the subscription events set', async () => {
      clock.set(at(4));
      const userId = await newReader();
      const running = newSubscriptionId();
      const lateCheckout = checkout(running, userId, at(0, 5));
      await deliver(subscriptionEventFor('created', { id: running, userId, status: 'active', periodEnd: new Date(PERIOD_END), created: NOW }));
      const before = await rowsFor(running);
      clock.advance(DAY);
      await deliver(lateCheckout);
      expect(await rowsFor(running)).toEqual(before);

      const ended = newSubscriptionId();
      const firstCheckout = checkout(ended, userId, NOW);
      await deliver(firstCheckout);
      await deliver(subscriptionEventFor('deleted', { id: ended, userId, status: 'canceled', endedAt: at(1), created: at(1) }));
      const afterDeletion = await rowsFor(ended);
      clock.advance(DAY);
      await deliver(firstCheckout);
      await deliver({ ...firstCheckout, id: 'evt_test_async', type: 'checkout.session.async_payment_succeeded' });
      expect(await rowsFor(ended)).toEqual(afterDeletion);
      expect(await findSubscriptionEnd(database.db, userId, clock.now().toISOString())).toBe(PERIOD_END);
    });

    it('raises a provisional end for a delayed payment, until the subscription events take over', async () => {
      clock.set(at(1));
      const userId = await newReader();
      const id = newSubscriptionId();
      const unpaid = checkoutCompleted({ subscriptionId: id, clientReferenceId: String(userId), created: NOW, paymentStatus: 'unpaid' });
      const paid = { ...checkoutCompleted({ subscriptionId: id, clientReferenceId: String(userId), created: at(1) }), type: 'checkout.session.async_payment_succeeded' };
      for (const event of [paid, unpaid]) await deliver(event);
      expect(await rowsFor(id)).toMatchObject([{ ends_at: new Date(at(1).getTime() + PROVISIONAL_ACCESS_MS).toISOString(), provider_event_at: null }]);
      await deliver(subscriptionEventFor('updated', { id, userId, status: 'active', periodEnd: new Date(PERIOD_END), created: NOW }));
      expect(await rowsFor(id)).toMatchObject([{ ends_at: PERIOD_END, provider_event_at: NOW.toISOString() }]);
    });

    it('changes nothing, updated_at included, when any event of a history is replayed afterwards', async () => {
      clock.set(at(2));
      const userId = await newReader();
      const id = newSubscriptionId();
      const history = [
        subscriptionEventFor('created', { id, userId, status: 'active', periodEnd: new Date(PERIOD_END), created: NOW }),
        checkout(id, userId, at(0, 1)),
        subscriptionEventFor('updated', { id, userId, status: 'active', periodEnd: new Date(PERIOD_END), cancelAtPeriodEnd: true, created: at(1) }),
        subscriptionEventFor('updated', { id, userId, status: 'active', periodEnd: new Date(PERIOD_END), cancelAt: at(1, 1), created: at(1, 1) }),
        subscriptionEventFor('deleted', { id, userId, status: 'canceled', endedAt: at(1, 1), created: at(1, 1) }),
      ];
      for (const event of history) await deliver(event);
      const settled = await rowsFor(id);
      for (const event of history) {
        clock.advance(60_000);
        await deliver(event);
        expect(await rowsFor(id)).toEqual(settled);
      }
    });

    const realisticHistory = (subscriptionId: string, userId: number) => realisticSubscriptionHistory({ subscriptionId, userId, start: NOW });
    const HISTORY_LENGTH = realisticHistory('sub_test_length', 1).length;

    /**
     * Delivers the events of `order` (indexes into the history) for a new subscription, then
     * the same events for another in chronological order: by `created`, and within a second
     * as the history lists them, so a result that hung on the order within a second shows.
     */
    async function deliverShuffledAndInOrder(userId: number, order: number[]) {
      const [shuffled, inOrder] = [newSubscriptionId(), newSubscriptionId()];
      const history = realisticHistory(shuffled, userId);
      for (const index of order) expect((await deliver(history[index]!)).statusCode).toBe(200);
      const chronological = realisticHistory(inOrder, userId);
      const createdOf = (index: number) => chronological[index]!.created as number;
      for (const index of [...order].sort((a, b) => createdOf(a) - createdOf(b) || a - b)) await deliver(chronological[index]!);
      return { shuffled: await stateOf(shuffled), inOrder: await stateOf(inOrder) };
    }

    it('ends the same when the whole history arrives at once, deliveries racing', async () => {
      clock.set(at(100));
      const userId = await newReader();
      for (let round = 0; round < 5; round++) {
        const id = newSubscriptionId();
        const responses = await Promise.all(realisticHistory(id, userId).map((event) => deliver(event)));
        expect(responses.map((response) => response.statusCode)).toEqual(responses.map(() => 200));
        expect(await rowsFor(id)).toMatchObject([{ user_id: userId, ends_at: at(80).toISOString(), provider_event_at: at(80).toISOString() }]);
      }
    });

    it('property: the full history delivered in any order, with repeats, ends as delivered in order', async () => {
      clock.set(at(100));
      const userId = await newReader();
      const everyEvent = Array.from({ length: HISTORY_LENGTH }, (_, index) => index);
      const deliveries = fc
        .array(fc.nat({ max: HISTORY_LENGTH - 1 }), { maxLength: 6 })
        .chain((repeats) => fc.shuffledSubarray([...everyEvent, ...repeats], { minLength: HISTORY_LENGTH + repeats.length }));
      await fc.assert(
        fc.asyncProperty(deliveries, async (order) => {
          const { shuffled, inOrder } = await deliverShuffledAndInOrder(userId, order);
          expect(shuffled).toEqual(inOrder);
          expect(shuffled).toMatchObject([{ user_id: userId, ends_at: at(80).toISOString(), provider_event_at: at(80).toISOString() }]);
        }),
        { numRuns: 40 },
      );
    });

    it('property: any part of the history, in any order, with repeats, ends as that part delivered in order', async () => {
      clock.set(at(100));
      const userId = await newReader();
      const everyEvent = Array.from({ length: HISTORY_LENGTH }, (_, index) => index);
      const deliveries = fc
        .shuffledSubarray(everyEvent, { minLength: 1 })
        .chain((part) => fc.array(fc.constantFrom(...part), { maxLength: 4 }).map((repeats) => [...part, ...repeats]))
        .chain((all) => fc.shuffledSubarray(all, { minLength: all.length }));
      await fc.assert(
        fc.asyncProperty(deliveries, async (order) => {
          const { shuffled, inOrder } = await deliverShuffledAndInOrder(userId, order);
          expect(shuffled).toEqual(inOrder);
        }),
        { numRuns: 40 },
      );
    });
  });

  it('acknowledges, logs and stores nothing for a checkout it cannot match to a live reader', async () => {
    clock.set(NOW);
    const departed = await newReader();
    await database.db.updateTable('users').set({ deleted_at: NOW.toISOString() }).where('id', '=', departed).execute();
    const before = await countRows();
    for (const clientReferenceId of [String(departed), '999999999', null]) {
      const subscriptionId = newSubscriptionId();
      logLines.length = 0;
      const response = await deliver(checkoutCompleted({ subscriptionId, clientReferenceId, created: NOW }));
      expect(response.statusCode).toBe(200);
      expect(logLines).toContainEqual(expect.objectContaining({ level: 40, kind: 'unattributed', subscriptionId }));
    }
    expect(await countRows()).toBe(before);
  });

  it('acknowledges event types it does not act on, up to a body four times the app-wide limit', async () => {
    const response = await deliver(stripeEvent('invoice.paid', { id: 'in_test_1', object: 'invoice' }, NOW));
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const large = await deliver(stripeEvent('invoice.paid', { id: 'in_test_2', object: 'invoice', lines: 'x'.repeat(200 * 1024) }, NOW));
    expect(large.statusCode).toBe(200);
  });

  it('answers 400 with a short plain message, storing nothing, for anything not signed by Stripe just now', async () => {
    const userId = await newReader();
    const event = checkoutCompleted({ subscriptionId: newSubscriptionId(), clientReferenceId: String(userId), created: NOW });
    const payload = JSON.stringify(event);
    const nowSeconds = Math.floor(Date.now() / 1000);
    const before = await countRows();
    const cases = [
      { name: 'missing header', response: await deliver(event, { signature: null }) },
      { name: 'wrong secret', response: await deliver(event, { signature: signStripePayload(payload, { secret: 'whsec_not_ours' }) }) },
      { name: 'changed body', response: await deliver(payload.replace(String(userId), String(userId + 1)), { signature: signStripePayload(payload) }) },
      { name: 'stale timestamp', response: await deliver(event, { signature: signStripePayload(payload, { timestamp: nowSeconds - 301 }) }) },
      { name: 'signed non-JSON', response: await deliver('{"id": "evt_', { signature: signStripePayload('{"id": "evt_') }) },
      { name: 'empty body', response: await deliver('', { signature: signStripePayload('') }) },
    ];
    const oversized = JSON.stringify({ ...event, padding: 'x'.repeat(300 * 1024) });
    cases.push({ name: 'oversized', response: await deliver(oversized, { signature: signStripePayload(oversized) }) });
    for (const { name, response } of cases) {
      expect(response.statusCode, name).toBe(400);
      expect(response.headers['content-type'], name).toBe('text/plain; charset=utf-8');
      expect(response.body.length, name).toBeLessThan(80);
    }
    expect(await countRows()).toBe(before);
  });

  it('leaves the parsers of every other route as they were', async () => {
    const json = await app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } });
    expect(json.json()).toEqual({ body: { a: 1 } });
    const form = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' });
    expect(form.json()).toEqual({ body: { a: '1' } });
  });

  it('property: random bodies, content types and signature headers get a 400 and store nothing', async () => {
    const before = await countRows();
    const printable = fc.stringMatching(/^[\x20-\x7e]{0,120}$/);
    const nowSeconds = Math.floor(Date.now() / 1000);
    const signatureHeader = fc.oneof(
      fc.constant(null),
      printable,
      fc.tuple(fc.integer({ min: nowSeconds - 1000, max: nowSeconds + 1000 }), fc.stringMatching(/^[0-9a-f]{0,64}$/)).map(([t, v1]) => `t=${t},v1=${v1}`),
    );
    const body = fc.oneof(
      fc.string(),
      fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.constant(JSON.stringify(checkoutCompleted({ subscriptionId: 'sub_test_forged', clientReferenceId: '1', created: NOW }))),
    );
    const contentType = fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'multipart/form-data; boundary=x');
    await fc.assert(
      fc.asyncProperty(body, signatureHeader, contentType, async (payload, signature, type) => {
        const response = await app.inject({
          method: 'POST',
          url: STRIPE_WEBHOOK_PATH,
          headers: { ...(type ? { 'content-type': type } : {}), ...(signature === null ? {} : { 'stripe-signature': signature }) },
          payload,
        });
        expect(response.statusCode).toBe(400);
      }),
      { numRuns: 150 },
    );
    expect(await countRows()).toBe(before);
  });
});

describeEachEngine('POST /webhooks/stripe without STRIPE_WEBHOOK_SECRET', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    ({ app } = await buildWebhookApp({ database, clock: fixedClock(NOW), webhookSecret: null }));
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  it('does not exist', async () => {
    const payload = JSON.stringify(stripeEvent('invoice.paid', { id: 'in_test_1' }, NOW));
    const response = await app.inject({ method: 'POST', url: STRIPE_WEBHOOK_PATH, headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(payload) }, payload });
    expect(response.statusCode).toBe(404);
  });
});
