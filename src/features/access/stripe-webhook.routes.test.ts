// POST /webhooks/stripe through app.inject() over a real database, on both
// engines. The app here is the smallest one that carries the route beside the
// app's own parsers (formbody, JSON), to show the raw-body scope leaves them alone.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { decideAccess } from './access-decision.js';
import { findSubscriptionEnd } from './access.repository.js';
import { createAccessService } from './access.service.js';
import { PROVISIONAL_ACCESS_MS } from './stripe-webhook.js';
import { STRIPE_WEBHOOK_PATH } from './stripe-webhook.routes.js';
import { checkoutCompleted, signStripePayload, stripeEvent, subscriptionObject } from './testing/stripe-events.js';
import {
  buildWebhookApp,
  DAY,
  NOW,
  PERIOD_END,
  noPremiumAllowance,
  premiumArticle,
  useStripeWebhookApp,
} from './testing/stripe-webhook-app.js';

describeEachEngine('POST /webhooks/stripe', (engine) => {
  const t = useStripeWebhookApp(engine);
  const { clock, newReader, newSubscriptionId, deliver, rowsFor, countRows } = t;

  it('follows a subscription from checkout to deletion, and access ends the moment it is deleted', async () => {
    clock.set(NOW);
    const userId = await newReader();
    const subscriptionId = newSubscriptionId();
    const access = createAccessService({ db: t.database.db, clock, settings: noPremiumAllowance });
    const decision = async () =>
      decideAccess(premiumArticle, await access.signedInReader({ id: userId, role: 'reader' }), noPremiumAllowance, clock.now().getTime());

    const checkout = await deliver(checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created: NOW }));
    expect(checkout.statusCode, checkout.body).toBe(200);
    expect(await findSubscriptionEnd(t.database.db, userId, NOW.toISOString())).toBe(
      new Date(NOW.getTime() + PROVISIONAL_ACCESS_MS).toISOString(),
    );
    expect(await decision()).toMatchObject({ kind: 'full', reason: 'subscriber' });

    expect(
      (
        await deliver(
          stripeEvent(
            'customer.subscription.created',
            subscriptionObject({ id: subscriptionId, status: 'active', periodEnd: PERIOD_END }),
            NOW,
          ),
        )
      ).statusCode,
    ).toBe(200);
    expect(await findSubscriptionEnd(t.database.db, userId, NOW.toISOString())).toBe(PERIOD_END);

    clock.advance(3 * DAY);
    const cancelledAt = clock.now();
    const deleted = stripeEvent(
      'customer.subscription.deleted',
      subscriptionObject({ id: subscriptionId, status: 'canceled', periodEnd: PERIOD_END, endedAt: cancelledAt }),
      cancelledAt,
    );
    expect((await deliver(deleted)).statusCode).toBe(200);
    const end = await findSubscriptionEnd(t.database.db, userId, clock.now().toISOString());
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
    await deliver(
      stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({ id: subscriptionId, status: 'active', periodEnd: nextPeriodEnd }),
        NOW,
      ),
    );
    expect((await rowsFor(subscriptionId))[0]!.ends_at).toBe(nextPeriodEnd);
    await deliver(
      stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({
          id: subscriptionId,
          status: 'active',
          periodEnd: nextPeriodEnd,
          cancelAtPeriodEnd: true,
          cancelAt: nextPeriodEnd,
        }),
        NOW,
      ),
    );
    expect((await rowsFor(subscriptionId))[0]!.ends_at).toBe(nextPeriodEnd);
    clock.advance(DAY);
    await deliver(
      stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({ id: subscriptionId, status: 'unpaid', periodEnd: nextPeriodEnd }),
        clock.now(),
      ),
    );
    expect((await rowsFor(subscriptionId))[0]!.ends_at).toBe(clock.now().toISOString());
  });

  it('is idempotent: replaying the whole history, days later, ends where it ended', async () => {
    clock.set(NOW);
    const userId = await newReader();
    const subscriptionId = newSubscriptionId();
    const cancelledAt = new Date(NOW.getTime() + DAY);
    const events = [
      checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created: NOW }),
      stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({ id: subscriptionId, status: 'active', periodEnd: PERIOD_END }),
        NOW,
      ),
      stripeEvent(
        'customer.subscription.deleted',
        subscriptionObject({ id: subscriptionId, status: 'canceled', periodEnd: PERIOD_END, endedAt: cancelledAt }),
        cancelledAt,
      ),
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
      stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({ id: subscriptionId, status: 'active', periodEnd: PERIOD_END }),
        NOW,
      ),
      stripeEvent(
        'customer.subscription.deleted',
        subscriptionObject({ id: subscriptionId, status: 'canceled', periodEnd: PERIOD_END, endedAt: NOW }),
        NOW,
      ),
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

    // An update before the checkout, naming nobody: acknowledged and held, no row yet; the checkout links and applies it.
    const unnamed = newSubscriptionId();
    t.logLines.length = 0;
    expect(
      (
        await deliver(
          stripeEvent('customer.subscription.updated', subscriptionObject({ id: unnamed, status: 'active', periodEnd: PERIOD_END }), NOW),
        )
      ).statusCode,
    ).toBe(200);
    expect(t.logLines).toContainEqual(expect.objectContaining({ level: 30, kind: 'held', subscriptionId: unnamed }));
    expect(await rowsFor(unnamed)).toHaveLength(0);
    expect(await t.heldFor(unnamed)).toMatchObject([{ ends_at: PERIOD_END, event_at: NOW.toISOString() }]);
    await deliver(
      checkoutCompleted({ subscriptionId: unnamed, clientReferenceId: String(userId), created: new Date(NOW.getTime() + 2000) }),
    );
    expect(await rowsFor(unnamed)).toMatchObject([{ user_id: userId, ends_at: PERIOD_END, provider_event_at: NOW.toISOString() }]);
    expect(await t.heldFor(unnamed)).toHaveLength(0);

    // A deletion before the checkout, naming nobody: the checkout links an ended subscription, granting nothing.
    const cancelled = newSubscriptionId();
    const deletion = stripeEvent(
      'customer.subscription.deleted',
      subscriptionObject({ id: cancelled, status: 'canceled', periodEnd: PERIOD_END, endedAt: NOW }),
      NOW,
    );
    expect((await deliver(deletion)).statusCode).toBe(200);
    await deliver(checkoutCompleted({ subscriptionId: cancelled, clientReferenceId: String(userId), created: NOW }));
    expect(await rowsFor(cancelled)).toMatchObject([{ user_id: userId, ends_at: NOW.toISOString(), provider_event_at: NOW.toISOString() }]);

    // An update naming the reader in metadata creates the row; the later checkout keeps the period end.
    const named = newSubscriptionId();
    const update = stripeEvent(
      'customer.subscription.updated',
      subscriptionObject({ id: named, status: 'active', periodEnd: PERIOD_END, metadata: { masthead_user_id: String(userId) } }),
      NOW,
    );
    expect((await deliver(update)).statusCode).toBe(200);
    expect(await rowsFor(named)).toMatchObject([{ user_id: userId, ends_at: PERIOD_END }]);
    await deliver(checkoutCompleted({ subscriptionId: named, clientReferenceId: String(userId), created: NOW }));
    expect(await rowsFor(named)).toMatchObject([{ user_id: userId, ends_at: PERIOD_END }]);

    // A deletion for a subscription we never linked changes no reader's access.
    const countBefore = await countRows();
    expect(
      (
        await deliver(
          stripeEvent('customer.subscription.deleted', subscriptionObject({ id: newSubscriptionId(), status: 'canceled' }), NOW),
        )
      ).statusCode,
    ).toBe(200);
    expect(await countRows()).toBe(countBefore);
  });

  it('lets go of an event whose checkout has not come within 30 days', async () => {
    clock.set(NOW);
    const [stale, recent] = [newSubscriptionId(), newSubscriptionId()];
    const unnamedUpdate = (id: string, created: Date) =>
      stripeEvent('customer.subscription.updated', subscriptionObject({ id, status: 'active', periodEnd: PERIOD_END }), created);
    await deliver(unnamedUpdate(stale, NOW));
    clock.advance(29 * DAY);
    await deliver(unnamedUpdate(recent, clock.now()));
    expect(await t.heldFor(stale)).toHaveLength(1);
    clock.advance(2 * DAY);
    await deliver(unnamedUpdate(recent, clock.now()));
    expect(await t.heldFor(stale)).toHaveLength(0);
    expect(await t.heldFor(recent)).toMatchObject([{ event_at: clock.now().toISOString() }]);

    // Its checkout, should it come after all, grants the provisional access as if the event had never come.
    const userId = await newReader();
    await deliver(checkoutCompleted({ subscriptionId: stale, clientReferenceId: String(userId), created: clock.now() }));
    expect(await rowsFor(stale)).toMatchObject([{ provider_event_at: null }]);
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
    await deliver(
      stripeEvent(
        'customer.subscription.deleted',
        subscriptionObject({ id: subscriptionId, status: 'canceled', endedAt: later }),
        deletedAt,
      ),
    );
    expect(await rowsFor(subscriptionId)).toMatchObject([{ ends_at: deletedAt.toISOString(), provider_event_at: deletedAt.toISOString() }]);
    expect(await findSubscriptionEnd(t.database.db, userId, clock.now().toISOString())).toBe(deletedAt.toISOString());
  });

  it('stores one row when the checkout and the subscription events race', async () => {
    clock.set(NOW);
    const userId = await newReader();
    const subscriptionId = newSubscriptionId();
    const responses = await Promise.all([
      deliver(checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created: NOW })),
      deliver(
        stripeEvent(
          'customer.subscription.created',
          subscriptionObject({
            id: subscriptionId,
            status: 'active',
            periodEnd: PERIOD_END,
            metadata: { masthead_user_id: String(userId) },
          }),
          NOW,
        ),
      ),
      deliver(checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created: NOW })),
    ]);
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    expect(await rowsFor(subscriptionId)).toMatchObject([{ user_id: userId, ends_at: PERIOD_END }]);
  });

  it('acknowledges, logs and stores nothing for a checkout it cannot match to a live reader', async () => {
    clock.set(NOW);
    const departed = await newReader();
    await t.database.db.updateTable('users').set({ deleted_at: NOW.toISOString() }).where('id', '=', departed).execute();
    const before = await countRows();
    for (const clientReferenceId of [String(departed), '999999999', null]) {
      const subscriptionId = newSubscriptionId();
      t.logLines.length = 0;
      const response = await deliver(checkoutCompleted({ subscriptionId, clientReferenceId, created: NOW }));
      expect(response.statusCode).toBe(200);
      expect(t.logLines).toContainEqual(expect.objectContaining({ level: 40, kind: 'unattributed', subscriptionId }));
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
      {
        name: 'changed body',
        response: await deliver(payload.replace(String(userId), String(userId + 1)), { signature: signStripePayload(payload) }),
      },
      {
        name: 'stale timestamp',
        response: await deliver(event, { signature: signStripePayload(payload, { timestamp: nowSeconds - 301 }) }),
      },
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
    const json = await t.app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } });
    expect(json.json()).toEqual({ body: { a: 1 } });
    const form = await t.app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1',
    });
    expect(form.json()).toEqual({ body: { a: '1' } });
  });

  it('property: random bodies, content types and signature headers get a 400 and store nothing', async () => {
    const before = await countRows();
    const printable = fc.stringMatching(/^[\x20-\x7e]{0,120}$/);
    const nowSeconds = Math.floor(Date.now() / 1000);
    const signatureHeader = fc.oneof(
      fc.constant(null),
      printable,
      fc
        .tuple(fc.integer({ min: nowSeconds - 1000, max: nowSeconds + 1000 }), fc.stringMatching(/^[0-9a-f]{0,64}$/))
        .map(([t, v1]) => `t=${t},v1=${v1}`),
    );
    const body = fc.oneof(
      fc.string(),
      fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.constant(JSON.stringify(checkoutCompleted({ subscriptionId: 'sub_test_forged', clientReferenceId: '1', created: NOW }))),
    );
    const contentType = fc.constantFrom(
      undefined,
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
    );
    await fc.assert(
      fc.asyncProperty(body, signatureHeader, contentType, async (payload, signature, type) => {
        const response = await t.app.inject({
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
    const response = await app.inject({
      method: 'POST',
      url: STRIPE_WEBHOOK_PATH,
      headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(payload) },
      payload,
    });
    expect(response.statusCode).toBe(404);
  });
});
