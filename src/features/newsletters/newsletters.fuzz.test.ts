// Junk at the unsubscribe address and the bounce webhook: never a 5xx, and
// nothing stored. A correctly signed webhook delivery marks the address.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText } from '../../core/http/form-fuzzing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { signWebhookBody } from './newsletter-bounces.js';
import { NEWSLETTER_WEBHOOK_PATH } from './newsletters.routes.js';
import { insertReader } from './testing/newsletter-fixtures.js';

const NOW = new Date('2026-12-06T09:00:00.000Z');
const WEBHOOK_SECRET = 'webhook-secret-for-tests-0123456789';
const timestamp = () => String(Math.floor(NOW.getTime() / 1000));

describeEachEngine('newsletter endpoints under junk', (engine) => {
  let testApp: TestApp;
  let readerId: number;

  beforeAll(async () => {
    testApp = await createTestApp({
      engine,
      now: NOW,
      environment: { NEWSLETTER_WEBHOOK_SECRET: WEBHOOK_SECRET, NEWSLETTER_BOUNCE_THRESHOLD: '2' },
    });
    const saved = await testApp.newsletters.createNewsletter({ name: 'Daily', slug: 'daily', access: 'registered' });
    if (saved.kind !== 'saved') throw new Error('not saved');
    readerId = await insertReader(testApp.database.db, { email: 'fuzz@example.test', now: NOW.toISOString() });
    await testApp.newsletters.subscribeReader(readerId, saved.newsletter.id);
  });
  afterAll(async () => {
    await testApp.destroy();
  });

  const stored = async () => ({
    subscriptions: (await testApp.database.db.selectFrom('newsletter_subscriptions').selectAll().execute()).length,
    suppressions: (await testApp.database.db.selectFrom('newsletter_suppressions').selectAll().execute()).length,
  });

  it('the unsubscribe address answers junk tokens and bodies with 404 or 200, never 5xx, and unsubscribes no one', async () => {
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(
        awkwardText(['1.u1.0.AAAAAAAAAAAAAAAAAAAAAA', '..', '%00', '1.s1.1.' + 'x'.repeat(22)], { maxLength: 80 }),
        fc.constantFrom('GET', 'POST'),
        fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data; boundary=x'),
        awkwardText(['List-Unsubscribe=One-Click'], { maxLength: 60 }),
        async (token, method, contentType, body) => {
          const response = await testApp.app.inject({
            method,
            url: `/newsletters/unsubscribe/${encodeURIComponent(token)}`,
            ...(method === 'POST' ? { headers: { 'content-type': contentType }, payload: body } : {}),
          });
          expect(response.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 120 },
    );
    expect(await stored()).toEqual(before);
  });

  it('the bounce webhook refuses unsigned, stale and malformed deliveries with 400, and stores nothing', async () => {
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(
        awkwardText(['{"events":[{"type":"bounce","email":"fuzz@example.test"}]}', '{}', 'null'], { maxLength: 120 }),
        fc.option(awkwardText(['sha256=' + '0'.repeat(64)], { maxLength: 80 })),
        fc.option(fc.constantFrom(timestamp(), '0', '99999999999', 'abc')),
        async (body, signature, stamp) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (signature !== null) headers['x-masthead-signature'] = signature;
          if (stamp !== null) headers['x-masthead-timestamp'] = stamp;
          const response = await testApp.app.inject({ method: 'POST', url: NEWSLETTER_WEBHOOK_PATH, headers, payload: body });
          expect(response.statusCode).toBe(400);
        },
      ),
      { numRuns: 120 },
    );
    // Signed, but not a list of events: still a 400.
    const junk = '{"events":[{"type":"explode"}]}';
    const refused = await testApp.app.inject({
      method: 'POST',
      url: NEWSLETTER_WEBHOOK_PATH,
      headers: { 'x-masthead-timestamp': timestamp(), 'x-masthead-signature': signWebhookBody(WEBHOOK_SECRET, timestamp(), junk) },
      payload: junk,
    });
    expect(refused.statusCode).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it('a signed complaint suppresses the address; permanent bounces count to the threshold; temporary ones are ignored', async () => {
    const post = (events: unknown[]) => {
      const body = JSON.stringify({ events });
      return testApp.app.inject({
        method: 'POST',
        url: NEWSLETTER_WEBHOOK_PATH,
        headers: {
          'content-type': 'application/json',
          'x-masthead-timestamp': timestamp(),
          'x-masthead-signature': signWebhookBody(WEBHOOK_SECRET, timestamp(), body),
        },
        payload: body,
      });
    };
    const first = await post([
      { type: 'bounce', email: 'Fuzz@Example.test', reason: 'mailbox full', permanent: false },
      { type: 'bounce', email: 'fuzz@example.test', reason: '550 no such user' },
    ]);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ applied: 1, ignored: 1 });
    const view = async () => (await testApp.newsletters.listReaderNewsletters(readerId))[0]?.status;
    expect(await view()).toEqual({ kind: 'receiving' });
    await post([{ type: 'bounce', email: 'fuzz@example.test' }]);
    expect(await view()).toEqual({ kind: 'held', reason: 'address-suppressed' });
    expect((await post([{ type: 'complaint', email: 'other@example.test' }])).statusCode).toBe(200);
    const complaint = await testApp.database.db
      .selectFrom('newsletter_suppressions')
      .selectAll()
      .where('email', '=', 'other@example.test')
      .executeTakeFirstOrThrow();
    expect(complaint.suppressed_at).not.toBeNull();
  });
});
