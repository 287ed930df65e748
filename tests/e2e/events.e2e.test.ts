// Virtual events in a real headless Chromium (issue 16), on the demo paper
// with an injected clock: a reader signs up with one click and gets their
// "Join the event" link; a second reader, the event being full, joins the
// waiting list and sees their number; the first cancels in one step and the
// second is promoted. The join link answers with a page before its window and
// with a redirect to the stream inside it. A signed-out reader without
// JavaScript is led to registration; a reader in another time zone gets their
// own time beside the paper's. Every events page passes axe.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fixedClock } from '../../src/core/clock.js';
import { insertSession } from '../../src/core/http/sessions.repository.js';
import { hashToken, randomToken } from '../../src/core/security/tokens.js';
import { insertUser } from '../../src/features/accounts/testing/user-fixtures.js';
import { checkAccessibility, launchBrowser, watchPage } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

// The demo's events are placed relative to this moment (src/demo/content/events.ts).
const clock = fixedClock('2026-12-06T10:00:00.000Z');
const EVENT = 'reporting-from-the-coast';

let server: DemoServer;
let browser: Browser;
const problems: string[] = [];
const url = (path: string) => server.baseUrl + path;

function watch(page: Page): void {
  watchPage(page, { problems, origin: () => server.baseUrl });
}

let readerCount = 0;
/** A browser signed in as a new reader (session stored as sign-in stores one). */
async function readerContext(options: { timezoneId?: string } = {}): Promise<BrowserContext> {
  const now = clock.now().toISOString();
  const userId = await insertUser(server.db, {
    email: `events-reader-${++readerCount}-${Date.now()}@example.com`,
    passwordHash: null,
    firstName: 'Event',
    lastName: `Reader ${readerCount}`,
    dateOfBirth: null,
    role: 'reader',
    marketingOptOut: true,
    now,
  });
  const token = randomToken();
  await insertSession(server.db, {
    id: hashToken(token),
    userId: userId!,
    createdAt: now,
    expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
    userAgent: 'e2e',
    ipAddress: '127.0.0.1',
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  await context.addCookies([{ name: 'mh_session', value: token, url: server.baseUrl }]);
  return context;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer({ clock }), launchBrowser()]);
  // One seat, so the second reader meets the waiting list.
  await server.db.updateTable('events').set({ capacity: 1 }).where('slug', '=', EVENT).execute();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('sign up, the waiting list, cancel with promotion, and the join link around its window; every page passes axe', async () => {
  const first = await (await readerContext()).newPage();
  watch(first);
  expect((await first.goto(url('/events')))?.status()).toBe(200);
  expect(await checkAccessibility(first)).toEqual([]);
  await first.getByRole('link', { name: 'Reporting from the coast: a correspondent’s notebook' }).click();
  await first.waitForURL(url(`/events/${EVENT}`));
  expect(await checkAccessibility(first)).toEqual([]);
  await first.getByRole('button', { name: 'Sign up' }).click();
  await first.waitForURL((current) => current.searchParams.get('notice') === 'signed-up');
  await expect(first.getByText('You are signed up.', { exact: true }).isVisible()).resolves.toBe(true);
  expect(await first.getByRole('link', { name: 'Join the event' }).count()).toBe(1);
  const firstLink = url((await first.getByRole('link', { name: 'Join the event' }).getAttribute('href'))!);
  expect(await checkAccessibility(first)).toEqual([]);

  const second = await (await readerContext()).newPage();
  watch(second);
  await second.goto(url(`/events/${EVENT}`));
  await second.getByRole('button', { name: 'Join the waiting list' }).click();
  await second.waitForURL((current) => current.searchParams.get('notice') === 'waiting');
  await expect(second.getByText('You are on the waiting list (number 1).').isVisible()).resolves.toBe(true);
  expect(await second.getByRole('link', { name: 'Join the event' }).count()).toBe(0);
  expect(await checkAccessibility(second)).toEqual([]);

  await first.getByRole('button', { name: 'Cancel my place' }).click();
  await first.waitForURL((current) => current.searchParams.get('notice') === 'cancelled');
  expect(await first.getByRole('link', { name: 'Join the event' }).count()).toBe(0);
  await second.reload();
  await expect(second.getByText('You are signed up.', { exact: true }).isVisible()).resolves.toBe(true);

  // Before the window: a page saying when it opens.
  await second.getByRole('link', { name: 'Join the event' }).click();
  await second.waitForLoadState();
  expect(await second.locator('h1').textContent()).toBe('The event has not opened yet');
  expect(await checkAccessibility(second)).toEqual([]);
  const link = second.url();

  // Inside the window (10 minutes before the start): a redirect to the stream, which the page never showed.
  const { starts_at: startsAt } = await server.db
    .selectFrom('events')
    .select('starts_at')
    .where('slug', '=', EVENT)
    .executeTakeFirstOrThrow();
  clock.set(new Date(Date.parse(startsAt) - 10 * 60_000));
  try {
    const answer = await second.request.get(link, { maxRedirects: 0 });
    expect(answer.status()).toBe(303);
    expect(answer.headers().location).toBe('https://stream.example.org/masthead-demo/coast-room');
    // The first reader cancelled: their old link is refused with a clear page.
    const refused = await first.request.get(firstLink, { maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('This join link does not work for you');
  } finally {
    clock.set('2026-12-06T10:00:00.000Z');
  }
  expect(problems).toEqual([]);
});

it('without JavaScript, a signed-out reader pressing Sign up is led to registration; the past event offers its recording', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url('/events/behind-the-budget-live'));
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL((current) => current.pathname === '/register');
  expect(new URL(page.url()).searchParams.get('next')).toBe('/events/behind-the-budget-live');
  await page.goto(url('/events/how-we-check-a-story'));
  expect(await page.getByText('A recording is available to registered readers.').count()).toBe(1);
  await context.close();
  // axe runs in the page, so the past event's page is checked with JavaScript on.
  const withScripts = await browser.newContext();
  const checked = await withScripts.newPage();
  await checked.goto(url('/events/how-we-check-a-story'));
  expect(await checkAccessibility(checked)).toEqual([]);
  await withScripts.close();
});

it("shows a reader in another time zone their own time beside the paper's", async () => {
  const context = await browser.newContext({ timezoneId: 'America/New_York' });
  const page = await context.newPage();
  watch(page);
  await page.goto(url('/events/behind-the-budget-live'));
  const local = page.locator('[data-local-times]').first();
  await local.waitFor({ state: 'visible' });
  expect(await local.textContent()).toMatch(/your time: .*(EST|GMT-5)/);
  await context.close();
  expect(problems).toEqual([]);
});
