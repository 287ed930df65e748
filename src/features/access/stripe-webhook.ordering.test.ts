// Stripe delivers webhooks in no particular order and may repeat them: whatever
// the order, a subscription's row ends as if the events had arrived in the
// order they happened (stripe.repository.ts, migrations 0004 and 0009), whether
// its events name the reader in metadata or only the checkout does. Both engines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { decideAccess } from './access-decision.js';
import { findSubscriptionEnd } from './access.repository.js';
import { createAccessService } from './access.service.js';
import { PROVISIONAL_ACCESS_MS } from './stripe-webhook.js';
import { checkoutCompleted, realisticSubscriptionHistory, subscriptionEventFor } from './testing/stripe-events.js';
import {
  DAY,
  NOW,
  PERIOD_END,
  noPremiumAllowance,
  permutations,
  premiumArticle,
  useStripeWebhookApp,
} from './testing/stripe-webhook-app.js';

describeEachEngine('Stripe deliveries in any order', (engine) => {
  const t = useStripeWebhookApp(engine);
  const { clock, newReader, newSubscriptionId, deliver, rowsFor, heldFor } = t;
  const namings = [
    { namesReader: true, label: 'events naming the reader' },
    { namesReader: false, label: 'events naming nobody, linked by the checkout' },
  ];

  describe('in whatever order Stripe delivers', () => {
    const checkout = (subscriptionId: string, userId: number, created: Date) =>
      checkoutCompleted({ subscriptionId, clientReferenceId: String(userId), created });
    /** What Stripe's events decide about the row: everything but its id and Stripe's id (and any event still held). */
    const stateOf = async (subscriptionId: string) => {
      const rows = await rowsFor(subscriptionId);
      const held = await heldFor(subscriptionId);
      return [
        ...rows.map(({ id: _id, external_id: _externalId, ...state }) => state),
        ...held.map(({ external_id: _externalId, ...event }) => ({ held: event })),
      ];
    };
    const at = (days: number, seconds = 0) => new Date(NOW.getTime() + days * DAY + seconds * 1000);

    it.each(namings)('ends access in every order of checkout, a running update and the deletion: $label', async ({ namesReader }) => {
      const deletedAt = at(3);
      clock.set(at(3, 3600));
      const access = createAccessService({ db: t.database.db, clock, settings: noPremiumAllowance });
      const states: unknown[] = [];
      for (const order of permutations(['checkout', 'updated', 'deleted'] as const)) {
        const userId = await newReader();
        const id = newSubscriptionId();
        const events = {
          checkout: checkout(id, userId, NOW),
          updated: subscriptionEventFor('updated', {
            id,
            userId,
            status: 'active',
            periodEnd: new Date(PERIOD_END),
            created: NOW,
            namesReader,
          }),
          deleted: subscriptionEventFor('deleted', {
            id,
            userId,
            status: 'canceled',
            periodEnd: new Date(PERIOD_END),
            endedAt: deletedAt,
            created: deletedAt,
            namesReader,
          }),
        };
        for (const name of order) expect((await deliver(events[name])).statusCode).toBe(200);
        const state = await stateOf(id);
        expect(state, order.join(', ')).toMatchObject([
          { user_id: userId, ends_at: deletedAt.toISOString(), provider_event_at: deletedAt.toISOString() },
        ]);
        const reader = await access.signedInReader({ id: userId, role: 'reader' });
        expect(decideAccess(premiumArticle, reader, noPremiumAllowance, clock.now().getTime()), order.join(', ')).toMatchObject({
          kind: 'wall',
          wall: 'subscribe',
        });
        states.push(state.map((entry) => ({ ...entry, user_id: null })));
      }
      expect(new Set(states.map((state) => JSON.stringify(state))).size).toBe(1);
    });

    it('lets an ending win a running update created in the same second, in either order', async () => {
      clock.set(at(1));
      for (const order of [
        ['updated', 'deleted'],
        ['deleted', 'updated'],
      ] as const) {
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
      await deliver(
        subscriptionEventFor('created', { id: running, userId, status: 'active', periodEnd: new Date(PERIOD_END), created: NOW }),
      );
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
      expect(await findSubscriptionEnd(t.database.db, userId, clock.now().toISOString())).toBe(PERIOD_END);
    });

    it('raises a provisional end for a delayed payment, until the subscription events take over', async () => {
      clock.set(at(1));
      const userId = await newReader();
      const id = newSubscriptionId();
      const unpaid = checkoutCompleted({ subscriptionId: id, clientReferenceId: String(userId), created: NOW, paymentStatus: 'unpaid' });
      const paid = {
        ...checkoutCompleted({ subscriptionId: id, clientReferenceId: String(userId), created: at(1) }),
        type: 'checkout.session.async_payment_succeeded',
      };
      for (const event of [paid, unpaid]) await deliver(event);
      expect(await rowsFor(id)).toMatchObject([
        { ends_at: new Date(at(1).getTime() + PROVISIONAL_ACCESS_MS).toISOString(), provider_event_at: null },
      ]);
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
        subscriptionEventFor('updated', {
          id,
          userId,
          status: 'active',
          periodEnd: new Date(PERIOD_END),
          cancelAtPeriodEnd: true,
          created: at(1),
        }),
        subscriptionEventFor('updated', {
          id,
          userId,
          status: 'active',
          periodEnd: new Date(PERIOD_END),
          cancelAt: at(1, 1),
          created: at(1, 1),
        }),
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

    const realisticHistory = (subscriptionId: string, userId: number, namesReader: boolean) =>
      realisticSubscriptionHistory({ subscriptionId, userId, start: NOW, namesReader });
    const HISTORY_LENGTH = realisticHistory('sub_test_length', 1, true).length;

    /**
     * Delivers the events of `order` (indexes into the history) for a new subscription, then
     * the same events for another in chronological order: by `created`, and within a second
     * as the history lists them, so a result that hung on the order within a second shows.
     */
    async function deliverShuffledAndInOrder(userId: number, order: number[], namesReader: boolean) {
      const [shuffled, inOrder] = [newSubscriptionId(), newSubscriptionId()];
      const history = realisticHistory(shuffled, userId, namesReader);
      for (const index of order) expect((await deliver(history[index]!)).statusCode).toBe(200);
      const chronological = realisticHistory(inOrder, userId, namesReader);
      const createdOf = (index: number) => chronological[index]!.created as number;
      for (const index of [...order].sort((a, b) => createdOf(a) - createdOf(b) || a - b)) await deliver(chronological[index]!);
      return { shuffled: await stateOf(shuffled), inOrder: await stateOf(inOrder) };
    }

    it.each(namings)('ends the same when the whole history arrives at once, deliveries racing: $label', async ({ namesReader }) => {
      clock.set(at(100));
      const userId = await newReader();
      for (let round = 0; round < 5; round++) {
        const id = newSubscriptionId();
        const responses = await Promise.all(realisticHistory(id, userId, namesReader).map((event) => deliver(event)));
        expect(responses.map((response) => response.statusCode)).toEqual(responses.map(() => 200));
        expect(await rowsFor(id)).toMatchObject([
          { user_id: userId, ends_at: at(80).toISOString(), provider_event_at: at(80).toISOString() },
        ]);
      }
    });

    it.each(namings)(
      'property: the full history delivered in any order, with repeats, ends as delivered in order: $label',
      async ({ namesReader }) => {
        clock.set(at(100));
        const userId = await newReader();
        const everyEvent = Array.from({ length: HISTORY_LENGTH }, (_, index) => index);
        const deliveries = fc
          .array(fc.nat({ max: HISTORY_LENGTH - 1 }), { maxLength: 6 })
          .chain((repeats) => fc.shuffledSubarray([...everyEvent, ...repeats], { minLength: HISTORY_LENGTH + repeats.length }));
        await fc.assert(
          fc.asyncProperty(deliveries, async (order) => {
            const { shuffled, inOrder } = await deliverShuffledAndInOrder(userId, order, namesReader);
            expect(shuffled).toEqual(inOrder);
            // Exactly the row: nothing left held once the checkout has linked the subscription.
            expect(shuffled).toHaveLength(1);
            expect(shuffled).toMatchObject([{ user_id: userId, ends_at: at(80).toISOString(), provider_event_at: at(80).toISOString() }]);
          }),
          { numRuns: 40 },
        );
      },
    );

    it.each(namings)(
      'property: any part of the history, in any order, with repeats, ends as that part delivered in order: $label',
      async ({ namesReader }) => {
        clock.set(at(100));
        const userId = await newReader();
        const everyEvent = Array.from({ length: HISTORY_LENGTH }, (_, index) => index);
        const deliveries = fc
          .shuffledSubarray(everyEvent, { minLength: 1 })
          .chain((part) => fc.array(fc.constantFrom(...part), { maxLength: 4 }).map((repeats) => [...part, ...repeats]))
          .chain((all) => fc.shuffledSubarray(all, { minLength: all.length }));
        await fc.assert(
          fc.asyncProperty(deliveries, async (order) => {
            const { shuffled, inOrder } = await deliverShuffledAndInOrder(userId, order, namesReader);
            expect(shuffled).toEqual(inOrder);
          }),
          { numRuns: 40 },
        );
      },
    );
  });
});
