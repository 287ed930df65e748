import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapStripeEvent, PROVISIONAL_ACCESS_MS, verifyStripeDelivery } from './stripe-webhook.js';
import { checkoutCompleted, signStripePayload, stripeEvent, subscriptionObject, TEST_WEBHOOK_SECRET } from './testing/stripe-events.js';

const CREATED = '2026-03-10T12:00:00.000Z';
const PERIOD_END = '2026-04-10T12:00:00.000Z';

describe('mapStripeEvent: checkout', () => {
  it('links the reader in client_reference_id to the subscription, with provisional access from the event time', () => {
    expect(mapStripeEvent(checkoutCompleted({ subscriptionId: 'sub_test_1', clientReferenceId: '42', created: CREATED }))).toEqual({
      kind: 'checkout-completed',
      subscriptionId: 'sub_test_1',
      userId: 42,
      provisionalEndsAt: new Date(Date.parse(CREATED) + PROVISIONAL_ACCESS_MS).toISOString(),
    });
  });

  it('reads an expanded subscription object, and grants nothing yet for a payment still pending', () => {
    const event = checkoutCompleted({ subscriptionId: null, clientReferenceId: '42', created: CREATED, paymentStatus: 'unpaid' });
    (event.data as { object: Record<string, unknown> }).object.subscription = { id: 'sub_test_2', object: 'subscription' };
    expect(mapStripeEvent(event)).toEqual({
      kind: 'checkout-completed',
      subscriptionId: 'sub_test_2',
      userId: 42,
      provisionalEndsAt: CREATED,
    });
  });

  it('also grants when a delayed payment succeeds', () => {
    const event = {
      ...checkoutCompleted({ subscriptionId: 'sub_test_3', clientReferenceId: '7', created: CREATED }),
      type: 'checkout.session.async_payment_succeeded',
    };
    expect(mapStripeEvent(event)).toMatchObject({ kind: 'checkout-completed', subscriptionId: 'sub_test_3', userId: 7 });
  });

  it('flags a subscription checkout it cannot attribute to a reader', () => {
    for (const clientReferenceId of [null, '', 'reader-42', '0', '-3', '4.5', '12345678901234567890']) {
      expect(mapStripeEvent(checkoutCompleted({ subscriptionId: 'sub_test_1', clientReferenceId, created: CREATED }))).toMatchObject({
        kind: 'unattributed',
        subscriptionId: 'sub_test_1',
      });
    }
    expect(mapStripeEvent(checkoutCompleted({ subscriptionId: null, clientReferenceId: '42', created: CREATED }))).toMatchObject({
      kind: 'unattributed',
      subscriptionId: null,
    });
  });

  it('ignores one-off payments', () => {
    expect(
      mapStripeEvent(checkoutCompleted({ subscriptionId: null, clientReferenceId: '42', created: CREATED, mode: 'payment' })).kind,
    ).toBe('ignored');
  });
});

describe('mapStripeEvent: subscription events', () => {
  const updated = (object: Record<string, unknown>) => stripeEvent('customer.subscription.updated', object, CREATED);

  it('runs an active, trialing or past-due subscription to the end of its period (item-level or legacy field)', () => {
    for (const status of ['active', 'trialing', 'past_due']) {
      for (const legacyPeriod of [false, true]) {
        expect(mapStripeEvent(updated(subscriptionObject({ id: 'sub_test_1', status, periodEnd: PERIOD_END, legacyPeriod })))).toEqual({
          kind: 'subscription-running',
          subscriptionId: 'sub_test_1',
          endsAt: PERIOD_END,
          eventAt: CREATED,
          userId: null,
        });
      }
    }
    const created = stripeEvent(
      'customer.subscription.created',
      subscriptionObject({ id: 'sub_test_1', status: 'active', periodEnd: PERIOD_END }),
      CREATED,
    );
    expect(mapStripeEvent(created)).toMatchObject({ kind: 'subscription-running', endsAt: PERIOD_END });
  });

  it('keeps access to the period end when cancelled at period end, and ends it at an earlier cancel_at', () => {
    expect(
      mapStripeEvent(
        updated(
          subscriptionObject({ id: 'sub_test_1', status: 'active', periodEnd: PERIOD_END, cancelAtPeriodEnd: true, cancelAt: PERIOD_END }),
        ),
      ),
    ).toMatchObject({
      kind: 'subscription-running',
      endsAt: PERIOD_END,
    });
    expect(
      mapStripeEvent(
        updated(subscriptionObject({ id: 'sub_test_1', status: 'active', periodEnd: PERIOD_END, cancelAt: '2026-03-20T00:00:00.000Z' })),
      ),
    ).toMatchObject({
      kind: 'subscription-running',
      endsAt: '2026-03-20T00:00:00.000Z',
    });
  });

  it('takes the latest period end when items renew on different dates', () => {
    const object = subscriptionObject({ id: 'sub_test_1', status: 'active', periodEnd: PERIOD_END });
    (object.items as { data: unknown[] }).data.push({ id: 'si_test_2', current_period_end: Date.parse('2026-05-01T00:00:00Z') / 1000 });
    expect(mapStripeEvent(updated(object))).toMatchObject({ endsAt: '2026-05-01T00:00:00.000Z' });
  });

  it('reads the reader from metadata.masthead_user_id, for an update that beats the checkout', () => {
    expect(
      mapStripeEvent(
        updated(subscriptionObject({ id: 'sub_test_1', status: 'active', periodEnd: PERIOD_END, metadata: { masthead_user_id: '42' } })),
      ),
    ).toMatchObject({ userId: 42 });
    expect(
      mapStripeEvent(
        updated(subscriptionObject({ id: 'sub_test_1', status: 'active', periodEnd: PERIOD_END, metadata: { masthead_user_id: 'x' } })),
      ),
    ).toMatchObject({ userId: null });
  });

  it('ends a cancelled, unpaid, expired or paused subscription at ended_at, or at the event time when Stripe gives none', () => {
    for (const status of ['canceled', 'unpaid', 'incomplete_expired', 'paused']) {
      expect(mapStripeEvent(updated(subscriptionObject({ id: 'sub_test_1', status, periodEnd: PERIOD_END })))).toEqual({
        kind: 'subscription-ended',
        subscriptionId: 'sub_test_1',
        endedAt: CREATED,
        eventAt: CREATED,
        userId: null,
      });
    }
    const cancelled = updated(
      subscriptionObject({
        id: 'sub_test_1',
        status: 'canceled',
        periodEnd: PERIOD_END,
        endedAt: '2026-03-10T08:00:00Z',
        metadata: { masthead_user_id: '42' },
      }),
    );
    expect(mapStripeEvent(cancelled)).toEqual({
      kind: 'subscription-ended',
      subscriptionId: 'sub_test_1',
      endedAt: '2026-03-10T08:00:00.000Z',
      eventAt: CREATED,
      userId: 42,
    });
  });

  it('ends a deleted subscription whatever its status says', () => {
    const deleted = stripeEvent(
      'customer.subscription.deleted',
      subscriptionObject({ id: 'sub_test_1', status: 'active', periodEnd: PERIOD_END, endedAt: '2026-03-10T08:00:00Z' }),
      CREATED,
    );
    expect(mapStripeEvent(deleted)).toMatchObject({
      kind: 'subscription-ended',
      subscriptionId: 'sub_test_1',
      endedAt: '2026-03-10T08:00:00.000Z',
      eventAt: CREATED,
    });
  });

  it('never ends a subscription after the event that reports it, so an ending cannot grant access', () => {
    const deleted = stripeEvent(
      'customer.subscription.deleted',
      subscriptionObject({ id: 'sub_test_1', status: 'canceled', periodEnd: PERIOD_END, endedAt: PERIOD_END }),
      CREATED,
    );
    expect(mapStripeEvent(deleted)).toMatchObject({ kind: 'subscription-ended', endedAt: CREATED, eventAt: CREATED });
  });

  it('grants nothing for an incomplete subscription, or one without a period end', () => {
    expect(mapStripeEvent(updated(subscriptionObject({ id: 'sub_test_1', status: 'incomplete', periodEnd: PERIOD_END }))).kind).toBe(
      'ignored',
    );
    expect(mapStripeEvent(updated(subscriptionObject({ id: 'sub_test_1', status: 'active' }))).kind).toBe('ignored');
  });

  it('ignores every other event type and anything that is not an event', () => {
    expect(mapStripeEvent(stripeEvent('invoice.paid', { id: 'in_test_1', object: 'invoice' }, CREATED))).toEqual({
      kind: 'ignored',
      reason: 'event type invoice.paid',
    });
    for (const notAnEvent of [null, 3, 'event', [], {}, { type: 'customer.subscription.updated' }])
      expect(mapStripeEvent(notAnEvent).kind).toBe('ignored');
  });

  it('is total: any JSON, or any event-shaped JSON, maps to a change without throwing', () => {
    const eventTypes = fc.constantFrom(
      'checkout.session.completed',
      'customer.subscription.created',
      'customer.subscription.updated',
      'customer.subscription.deleted',
      'invoice.paid',
    );
    const fuzzyNumber = fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.string(), fc.constant(1e20));
    const nearSubscription = fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer()),
        status: fc.oneof(fc.constantFrom('active', 'trialing', 'past_due', 'canceled', 'incomplete'), fc.string()),
        current_period_end: fuzzyNumber,
        cancel_at: fuzzyNumber,
        ended_at: fuzzyNumber,
        items: fc.oneof(fc.jsonValue(), fc.record({ data: fc.array(fc.record({ current_period_end: fuzzyNumber })) })),
        metadata: fc.oneof(fc.jsonValue(), fc.record({ masthead_user_id: fc.oneof(fc.string(), fc.integer()) })),
        mode: fc.constantFrom('subscription', 'payment'),
        client_reference_id: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
        subscription: fc.oneof(fc.string(), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    const event = fc.record(
      { id: fc.string(), type: eventTypes, created: fuzzyNumber, data: fc.record({ object: fc.oneof(nearSubscription, fc.jsonValue()) }) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), event), (value) => {
        const change = mapStripeEvent(value);
        expect(['checkout-completed', 'subscription-running', 'subscription-ended', 'ignored', 'unattributed']).toContain(change.kind);
        if ('endsAt' in change) expect(Number.isNaN(Date.parse(change.endsAt))).toBe(false);
        if (change.kind === 'subscription-ended') expect(change.endedAt <= change.eventAt).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('verifyStripeDelivery', () => {
  const body = JSON.stringify(checkoutCompleted({ subscriptionId: 'sub_test_1', clientReferenceId: '42', created: CREATED }));
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a body signed with the endpoint secret and parses it', async () => {
    const delivery = await verifyStripeDelivery(Buffer.from(body), signStripePayload(body), TEST_WEBHOOK_SECRET);
    expect(delivery).toEqual({ kind: 'verified', event: JSON.parse(body) });
  });

  it('rejects a changed body, another secret, a stale or malformed header', async () => {
    const rejected = { kind: 'rejected', message: 'The Stripe signature could not be verified.' };
    expect(await verifyStripeDelivery(Buffer.from(body.replace('"42"', '"43"')), signStripePayload(body), TEST_WEBHOOK_SECRET)).toEqual(
      rejected,
    );
    expect(
      await verifyStripeDelivery(Buffer.from(body), signStripePayload(body, { secret: 'whsec_someone_else' }), TEST_WEBHOOK_SECRET),
    ).toEqual(rejected);
    // Stripe's tolerance is 300 seconds of real time.
    expect(await verifyStripeDelivery(Buffer.from(body), signStripePayload(body, { timestamp: now() - 301 }), TEST_WEBHOOK_SECRET)).toEqual(
      rejected,
    );
    expect(
      (await verifyStripeDelivery(Buffer.from(body), signStripePayload(body, { timestamp: now() - 240 }), TEST_WEBHOOK_SECRET)).kind,
    ).toBe('verified');
    for (const header of ['', 't=', 'v1=abc', `t=${now()},v1=`, `t=${now()},v1`, `t=${now()}`, 'garbage', ',,,'])
      expect(await verifyStripeDelivery(Buffer.from(body), header, TEST_WEBHOOK_SECRET)).toEqual(rejected);
  });

  it('rejects a correctly signed body that is not JSON', async () => {
    expect(await verifyStripeDelivery(Buffer.from('not json'), signStripePayload('not json'), TEST_WEBHOOK_SECRET)).toEqual({
      kind: 'rejected',
      message: 'The body is not JSON.',
    });
  });
});
