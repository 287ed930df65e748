// Staff security in a real headless Chromium: an administrator invites an
// editor from the staff page; the editor follows the one-time link, chooses a
// password and is sent straight to enrolment (REQUIRE_STAFF_2FA=editor), where
// this test reads the secret shown as text, computes the code as an
// authenticator app would, and turns two-step verification on; then signs out
// and signs in again with a code. An hour away from the newsroom (the app's
// clock moved) brings the re-verification page. axe-core finds nothing on
// any of these pages.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Clock } from '../../src/core/clock.js';
import { canDrawQrCodes } from '../../src/features/accounts/qr-code.js';
import { createStaffService } from '../../src/features/accounts/staff.service.js';
import { base32Decode, hotp, totpStep } from '../../src/features/accounts/totp.js';
import { checkAccessibility, launchBrowser } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

const run = Date.now().toString(36);
const ADMIN_PASSWORD = 'an administrator passphrase';
const EDITOR_PASSWORD = 'an editor passphrase, long enough';
let offsetMs = 0;
/** The app's clock: real time, moved forward by the test. */
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
let server: DemoServer;
let browser: Browser;
let admin: BrowserContext;
let editor: BrowserContext;
const problems: string[] = [];
const scans = new Map<string, string[]>();
const url = (path: string) => server.baseUrl + path;

function watch(page: Page): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`response: ${response.url()} ${response.status()}`);
  });
}

async function scan(page: Page, name: string) {
  scans.set(name, await checkAccessibility(page));
}

/** What an authenticator app shows now (or `ahead` steps later) for this secret. */
function authenticatorCode(secret: string, ahead = 0): string {
  return hotp(base32Decode(secret)!, totpStep(clock.now()) + ahead);
}

beforeAll(async () => {
  server = await startDemoServer({ clock, environment: { REQUIRE_STAFF_2FA: 'editor', STAFF_2FA_IDLE_MINUTES: '60' } });
  browser = await launchBrowser();
  const added = await createStaffService({ db: server.db, clock, publicUrl: server.baseUrl }).addStaffMember({
    email: `admin-${run}@example.com`,
    role: 'admin',
    name: 'Orla Pennant',
  });
  if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
  admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await admin.newPage();
  watch(page);
  await page.goto(added.signInLink!.url);
  await page.fill('#field-password', ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await page.waitForURL((current) => !current.pathname.startsWith('/reset-password'));
  await page.close();
  editor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('invite → choose a password → enrol with the shown secret → sign out → sign in with a code → asked again after idle time', async () => {
  const email = `editor-${run}@example.com`;
  const staffPage = await admin.newPage();
  watch(staffPage);
  await staffPage.goto(url('/newsroom/staff'));
  await scan(staffPage, 'staff page');
  await staffPage.fill('#field-email', email);
  await staffPage.fill('#field-name', 'Ines Harrow');
  await staffPage.selectOption('#invite-role', 'editor');
  await staffPage.getByRole('button', { name: 'Send invitation' }).click();
  const link = (await staffPage.locator('.invite-link').textContent())!.trim();
  expect(link).toContain('/reset-password?token=');
  await scan(staffPage, 'staff page after an invitation');

  const page = await editor.newPage();
  watch(page);
  await page.goto(link);
  await page.fill('#field-password', EDITOR_PASSWORD);
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await page.waitForURL((current) => current.pathname === '/account/two-factor');
  if (await canDrawQrCodes()) await expect(page.locator('svg.qr-code').count()).resolves.toBe(1);
  await scan(page, 'enrolment page');
  // The newsroom is closed until enrolment is done.
  await page.goto(url('/newsroom'));
  expect(new URL(page.url()).pathname).toBe('/account/two-factor');
  const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s/g, '');
  await page.getByLabel('Authentication code').fill(authenticatorCode(secret));
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await expect(page.locator('.recovery-codes li').count()).resolves.toBe(10);
  await scan(page, 'recovery codes page');
  await page.getByRole('link', { name: /continue/ }).click();
  expect(new URL(page.url()).pathname).toBe('/newsroom');

  await page.goto(url('/account/two-factor'));
  await scan(page, 'two-step status page');
  await page.goto(url('/newsroom'));
  await page.locator('.account-nav').getByRole('button', { name: 'Sign out' }).click();

  await page.goto(url('/signin?next=%2Fnewsroom%2Farticles'));
  await page.fill('#field-email', email);
  await page.fill('#field-password', EDITOR_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((current) => current.pathname === '/signin/code');
  await scan(page, 'sign-in code page');
  // The enrolment code's step is used: the app's next code (inside the window) signs in.
  await page.getByLabel('Authentication code').fill(authenticatorCode(secret, 1));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((current) => current.pathname === '/newsroom/articles');

  offsetMs += 61 * 60_000;
  await page.goto(url('/newsroom'));
  expect(new URL(page.url()).pathname).toBe('/signin/verify');
  await scan(page, 're-verification page');
  await page.getByLabel('Authentication code').fill(authenticatorCode(secret, 1));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((current) => current.pathname === '/newsroom');

  // The admin sees the editor's last sign-in and the second factor on.
  await staffPage.goto(url('/newsroom/staff'));
  const row = staffPage.locator('tr', { hasText: email });
  await expect(row.locator('td').nth(1).textContent()).resolves.not.toBe('Never');
  await expect(row.locator('td').nth(2).textContent()).resolves.toBe('On');

  expect(problems).toEqual([]);
  expect(scans.size).toBe(7);
  for (const [name, violations] of scans) expect(violations, name).toEqual([]);
}, 120_000);
