// Newsletters in a real headless Chromium: from the wall's promise to
// /newsletters, an anonymous reader presses Sign up, registers, and lands back
// signed up; the archive and an issue page read; an editor's newsletter desk,
// its issue page with the figures chart and the email preview load. Every new
// page passes axe, makes no off-site request and logs no error.
// Not here yet: receiving an issue through an SMTP server and the one-click
// unsubscribe in the browser (the sending helper's tests cover both with smtp-server).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemClock } from '../../src/core/clock.js';
import { demoArticles } from '../../src/demo/content/index.js';
import { createStaffService } from '../../src/features/accounts/staff.service.js';
import { readSitemapArticlePaths } from '../../src/features/articles/testing/sitemap-reading.js';
import { checkAccessibility, launchBrowser, waitForProofOfWork } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { fillRegistration } from '../support/reader-accounts.js';

const run = Date.now().toString(36);
const PASSWORD = 'a long enough staff passphrase';

let server: DemoServer;
let browser: Browser;
const problems: string[] = [];
const url = (path: string) => server.baseUrl + path;

function watch(page: Page): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith(`${server.baseUrl}/`) && !request.url().startsWith('data:')) problems.push(`off-site: ${request.url()}`);
  });
}

async function expectAccessible(page: Page, path: string) {
  expect(await checkAccessibility(page), `axe on ${path}`).toEqual([]);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startDemoServer({ environment: { ALTCHA_COST: '50', ALTCHA_MAX_COUNTER: '400', ARGON2_MEMORY_KIB: '8192', ARGON2_ITERATIONS: '1' } }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('signs up from the wall’s promise: anonymous → register → back signed up; the archive reads; pages pass axe', async () => {
  const paths = await readSitemapArticlePaths(async (path) => (await fetch(url(path))).text());
  const walled = demoArticles.find((article) => article.access === 'registered' && paths.has(article.slug))!;
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  watch(page);
  await page.goto(url(paths.get(walled.slug)!));
  await page.locator('#wall').getByRole('link', { name: 'Exclusive newsletters' }).click();
  await page.waitForURL(url('/newsletters'));
  await expectAccessible(page, '/newsletters (anonymous)');
  await page.getByRole('button', { name: 'Sign up to The Morning Briefing' }).click();
  await page.waitForURL((current) => current.pathname === '/register');
  await fillRegistration(page, {
    email: `newsletter-reader-${run}@example.com`,
    password: 'Harbour-Letters-52',
    firstName: 'Oona',
    lastName: 'Brisk',
    dateOfBirth: '1988-02-14',
  });
  await waitForProofOfWork(page);
  await page.locator('form[action="/register"]').getByRole('button', { name: 'Register' }).click();
  await page.waitForURL(url('/newsletters'));
  expect(await page.locator('.notice').textContent()).toContain('You are signed up to The Morning Briefing.');
  expect(await page.getByRole('button', { name: 'Unsubscribe from The Morning Briefing' }).count()).toBe(1);
  await expectAccessible(page, '/newsletters (signed up)');

  await page.goto(url('/newsletters/morning-briefing'));
  await expectAccessible(page, '/newsletters/morning-briefing');
  await page.locator('.issue-list a').first().click();
  expect(await page.locator('.issue-articles li').count()).toBeGreaterThan(0);
  await expectAccessible(page, 'an issue page');

  // A Premium letter's issue: the subscribe wall for this registered reader.
  await page.goto(url('/newsletters/the-ledger'));
  await page.locator('.issue-list a').first().click();
  expect(await page.locator('#wall').getAttribute('data-wall')).toBe('subscribe');
  await expectAccessible(page, 'a walled issue page');

  // /account offers the Premium letter only as a way to Premium, and the chosen briefing as a ticked box.
  await page.goto(url('/account'));
  expect(await page.getByRole('checkbox', { name: 'The Morning Briefing' }).isChecked()).toBe(true);
  expect(await page.getByRole('checkbox', { name: /The Ledger/ }).count()).toBe(0);
  expect(await page.locator('.newsletter-premium-only').getByRole('link', { name: 'Subscribe to Premium' }).count()).toBe(1);
  await expectAccessible(page, '/account');

  await page.goto(url('/newsletters'));
  await page.getByRole('button', { name: 'Unsubscribe from The Morning Briefing' }).click();
  await page.waitForURL((current) => current.searchParams.get('done') === 'unsubscribed');
  expect(await page.getByRole('button', { name: 'Sign up to The Morning Briefing' }).count()).toBe(1);
  await context.close();
  expect(problems).toEqual([]);
});

it('the newsroom desk, an issue page with its chart and the email preview load and pass axe', async () => {
  const staff = createStaffService({ db: server.db, clock: systemClock, publicUrl: server.baseUrl });
  const added = await staff.addStaffMember({ email: `newsletter-editor-${run}@example.com`, role: 'editor', name: 'Rhea Lund' });
  if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  watch(page);
  await page.goto(added.signInLink!.url);
  await page.fill('#field-password', PASSWORD);
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await page.waitForURL((current) => !current.pathname.startsWith('/reset-password'));

  await page.goto(url('/newsroom/newsletters'));
  await expectAccessible(page, '/newsroom/newsletters');
  await page.getByRole('link', { name: 'The Morning Briefing' }).click();
  expect(await page.locator('.briefing-next').textContent()).toMatch(/ 06:30$/);
  await expectAccessible(page, '/newsroom/newsletters/morning-briefing');
  await page.locator('.issue-list a').first().click();
  expect(await page.getByRole('img', { name: /Delivery of this issue/ }).count()).toBe(1);
  await expectAccessible(page, 'a newsroom issue page');
  const preview = await page.goto(`${page.url()}/preview?as=registered`);
  expect(preview?.status()).toBe(200);
  await context.close();
  expect(problems).toEqual([]);
});
