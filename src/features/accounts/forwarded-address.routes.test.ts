// Behind a proxy (TRUST_PROXY=1), the client address is the one the proxy saw:
// whatever a client writes into X-Forwarded-For itself buys no new allowance.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { registerThroughForm, signInThroughForm, TestBrowser, validRegistration } from './testing/session-helpers.js';

describeEachEngine('client addresses behind one trusted proxy', (engine) => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: new Date(), environment: { TRUST_PROXY: '1' } });
  });
  afterAll(() => testApp.destroy());

  it('limits wrong passwords by the address the proxy saw, not by the forged addresses before it', async () => {
    const fields = validRegistration();
    expect((await registerThroughForm(new TestBrowser(testApp.app, '192.0.2.10'), fields)).statusCode).toBe(303);
    // Every request arrives from the proxy (127.0.0.1), which appends the address it saw (203.0.113.7).
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 12; attempt++) {
      const browser = new TestBrowser(testApp.app, '127.0.0.1');
      const { csrf } = await browser.openForm('/signin');
      const response = await browser.post(
        '/signin',
        { _csrf: csrf, email: String(fields.email), password: 'Wrong9Password' },
        { 'x-forwarded-for': `198.18.0.${attempt}, 203.0.113.7` },
      );
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([422, 422, 422, 422, 422]);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    // Another address (here the proxy host itself, with no forwarded address) is not limited.
    const other = await signInThroughForm(new TestBrowser(testApp.app, '127.0.0.1'), String(fields.email), String(fields.password));
    expect(other.statusCode).toBe(303);
  });
});
