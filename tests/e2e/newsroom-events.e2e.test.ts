// The newsroom's event pages in a real headless Chromium on the demo paper:
// an editor added as the CLI adds staff signs in, opens the events list,
// submits the new-event form with mistakes (the error summary links to the
// fields), then fixes them and creates the event; its page (roster, message
// form), the edit form, the cancel confirmation and, once cancelled, the
// read-only edit page follow; then the events' 429 page. axe-core finds
// nothing on any of them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixedClock } from '../../src/core/clock.js';
import { createStaffService } from '../../src/features/accounts/staff.service.js';
import { checkAccessibility, launchBrowser } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

const clock = fixedClock('2026-12-06T10:00:00.000Z');
const PASSWORD = 'a long newsroom passphrase';
let server: DemoServer;
let browser: Browser;
const url = (path: string) => server.baseUrl + path;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer({ clock }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function editorPage(): Promise<Page> {
  const staff = createStaffService({ db: server.db, clock, publicUrl: server.baseUrl });
  const added = await staff.addStaffMember({ email: `events-editor-${Date.now()}@example.com`, role: 'editor', name: 'Events Editor' });
  if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(added.signInLink!.url);
  await page.fill('#field-password', PASSWORD);
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await page.waitForURL((current) => !current.pathname.startsWith('/reset-password'));
  return page;
}

it('lists, creates (after fixing mistakes), shows, edits and offers to cancel an event; axe finds nothing', async () => {
  const page = await editorPage();
  expect((await page.goto(url('/newsroom/events')))?.status()).toBe(200);
  expect(await checkAccessibility(page)).toEqual([]);

  await page.getByRole('link', { name: 'New event' }).click();
  await page.waitForURL(url('/newsroom/events/new'));
  expect(await checkAccessibility(page)).toEqual([]);
  await page.fill('#field-title', 'Letters from the lighthouse');
  await page.getByRole('button', { name: 'Create event' }).click();
  await page.waitForLoadState();
  await expect(page.locator('.error-summary').isVisible()).resolves.toBe(true);
  expect(await checkAccessibility(page)).toEqual([]);

  await page.fill('#field-startsAt', '2026-12-20T18:00');
  await page.fill('#field-endsAt', '2026-12-20T19:00');
  await page.fill('#field-streamUrl', 'https://stream.example.test/lighthouse');
  await page.getByRole('button', { name: 'Create event' }).click();
  await page.waitForURL((current) => current.searchParams.get('done') === 'created');
  await expect(page.getByText('The event is created.').isVisible()).resolves.toBe(true);
  expect(await checkAccessibility(page)).toEqual([]);

  await page.getByRole('link', { name: 'Edit or reschedule' }).click();
  await page.waitForLoadState();
  expect(await checkAccessibility(page)).toEqual([]);
  await page.goBack();
  await page.getByRole('link', { name: 'Cancel the event' }).click();
  await page.waitForLoadState();
  expect(await checkAccessibility(page)).toEqual([]);

  // Cancelled: the edit address shows the event read-only, with the reason.
  await page.getByRole('button', { name: 'Yes, cancel the event' }).click();
  await page.waitForURL((current) => current.searchParams.get('done') === 'cancelled');
  const eventPath = new URL(page.url()).pathname;
  expect((await page.goto(url(`${eventPath}/edit`)))?.status()).toBe(200);
  await expect(page.getByText('This event is cancelled, so it can no longer be edited or rescheduled').isVisible()).resolves.toBe(true);
  await expect(page.locator('#field-title').count()).resolves.toBe(0);
  expect(await checkAccessibility(page)).toEqual([]);
});

it('answers an address that keeps trying wrong join links with a clear 429 page; axe finds nothing', async () => {
  const page = await (await browser.newContext()).newPage();
  for (let n = 0; n < 30; n++) expect((await page.request.get(url(`/events/no-such-event/join/wrong-${n}`))).status()).toBe(403);
  expect((await page.goto(url('/events/no-such-event/join/wrong-again')))?.status()).toBe(429);
  await expect(page.getByRole('heading', { name: 'Too many tries of this join link' }).isVisible()).resolves.toBe(true);
  expect(await checkAccessibility(page)).toEqual([]);
});
