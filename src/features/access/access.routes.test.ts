import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { pageText, registerThroughForm, TestBrowser, validRegistration } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { checkoutUrl } from './access.routes.js';

it('builds a Stripe Payment Link that carries the reader back to the webhook', () => {
  const url = new URL(checkoutUrl('https://buy.stripe.com/test_abc?locale=en-GB', { id: 42, email: 'zoë+news@example.test' }));
  expect(url.origin + url.pathname).toBe('https://buy.stripe.com/test_abc');
  expect(url.searchParams.get('locale')).toBe('en-GB');
  expect(url.searchParams.get('client_reference_id')).toBe('42');
  expect(url.searchParams.get('prefilled_email')).toBe('zoë+news@example.test');
});

describeEachEngine('the subscribe page', (engine) => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({
      engine,
      now: FIXTURE_NOW,
      environment: { STRIPE_PAYMENT_LINK_URL: 'https://buy.stripe.com/test_premium' },
    });
    await seedFixtureNewspaper(testApp.database.db);
  });
  afterAll(() => testApp.destroy());

  it('asks a signed-out reader to register or sign in first, keeping the way back to the article', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/subscribe?next=%2Fpolitics%2F2026%2F03%2F08%2Fpremium-investigation',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-cache');
    // What it says depends on who is signed in.
    expect(response.headers.vary).toContain('Cookie');
    expect(response.body).toContain(
      `href="/register?next=${encodeURIComponent('/subscribe?next=%2Fpolitics%2F2026%2F03%2F08%2Fpremium-investigation')}"`,
    );
    expect(response.body).toContain('Back to the article');
    // Another site's address is never a way back.
    const offsite = await testApp.app.inject({ method: 'GET', url: '/subscribe?next=%2F%2Fevil.example' });
    expect(offsite.body).not.toContain('evil.example');
  });

  it('sends a signed-in reader to the payment link with their id, and tells a subscriber until when they are one', async () => {
    const browser = new TestBrowser(testApp.app, '203.0.113.41');
    const fields = validRegistration();
    await registerThroughForm(browser, fields);
    const page = await browser.get('/subscribe');
    const href = /<a class="button-primary" href="([^"]+)">Continue to payment/.exec(page.body)?.[1];
    expect(href).toBeDefined();
    const url = new URL(href!.replaceAll('&amp;', '&'));
    expect(url.origin + url.pathname).toBe('https://buy.stripe.com/test_premium');
    expect(Number(url.searchParams.get('client_reference_id'))).toBeGreaterThan(0);
    expect(url.searchParams.get('prefilled_email')).toBe(fields.email);

    await testApp.access.grantSubscription({ email: String(fields.email), days: 10 });
    expect(pageText((await browser.get('/subscribe')).body)).toContain('You are a subscriber until 20 March 2026');
  });
});
