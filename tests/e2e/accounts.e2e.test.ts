// Reader accounts in a real headless Chromium: register from an article (the
// browser checks the form first, the server always), land back signed in,
// sign out and in again, reset a forgotten password from the email a real SMTP
// server received, register without JavaScript, and pass axe-core on every
// account page. Journeys run in order and share the server and its inbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { demoArticles } from '../../src/demo/content/index.js';
import { MESSAGES } from '../../src/features/accounts/field-rules.js';
import { SIGN_IN_CHECK_NEEDED, SIGN_IN_FAILED } from '../../src/features/accounts/views/signin-page.js';
import { systemClock } from '../../src/core/clock.js';
import { createStaffService } from '../../src/features/accounts/staff.service.js';
import { readSitemapArticlePaths } from '../../src/features/articles/testing/sitemap-reading.js';
import { checkAccessibility, launchBrowser, waitForProofOfWork } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import type { TestInbox } from '../support/test-inbox.js';

const NO_SCRIPT_DELAY_SECONDS = 2;
// Cheap enough for the widget to solve in well under a second, and Argon2 at
// its floor: these tests are about the browser, not the cost settings.
const ENVIRONMENT = {
  ALTCHA_COST: '50',
  ALTCHA_MAX_COUNTER: '400',
  NO_SCRIPT_FORM_DELAY_SECONDS: String(NO_SCRIPT_DELAY_SECONDS),
  ARGON2_MEMORY_KIB: '8192',
  ARGON2_ITERATIONS: '1',
  // Lets the flood below come from many networks (X-Forwarded-For); the browser itself talks to the server directly.
  TRUST_PROXY: '127.0.0.1',
};

const FIELDS = ['email', 'password', 'firstName', 'lastName', 'dateOfBirth'] as const;
type Field = (typeof FIELDS)[number];

const ten = new Date();
const TEN_YEARS_AGO = `${ten.getFullYear() - 10}-${String(ten.getMonth() + 1).padStart(2, '0')}-${String(ten.getDate()).padStart(2, '0')}`;
const BAD: Record<Field, string> = {
  email: 'reader-at-example.com',
  password: 'short',
  firstName: 'R2-D2',
  lastName: '',
  dateOfBirth: TEN_YEARS_AGO,
};
const BAD_MESSAGES: Record<Field, string> = {
  email: MESSAGES.email,
  password: MESSAGES.password,
  firstName: MESSAGES.nameCharacters,
  lastName: MESSAGES.lastNameMissing,
  dateOfBirth: MESSAGES.underAge,
};

const run = Date.now().toString(36);
const reader = {
  email: `zoe-${run}@example.com`,
  password: 'Paper-Boat-42',
  firstName: 'Zoë',
  lastName: "O'Brien",
  dateOfBirth: '1990-05-17',
};
const newPassword = 'Harbour-Lights-77';
const noScriptReader = {
  email: `anne-marie-${run}@example.com`,
  password: 'Quiet-Lantern-9',
  firstName: 'Anne-Marie',
  lastName: 'Ødegård',
  dateOfBirth: '1984-02-29',
};

let server: DemoServer;
let inbox: TestInbox;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let articlePath: string;
const problems: string[] = [];

/** Records requests off the site, console errors (CSP violations among them), uncaught errors and unexpected failed responses. */
function watch(watched: BrowserContext): void {
  watched.on('request', (request) => {
    if (!request.url().startsWith(`${server.baseUrl}/`) && !request.url().startsWith('data:'))
      problems.push(`off-site request: ${request.url()}`);
  });
  watched.on('console', (message: ConsoleMessage) => {
    // A refused form post (422, or 429 with the bot check) is logged by Chromium like a failed resource.
    if (message.type() === 'error' && !/status of 42[29]/.test(message.text()))
      problems.push(`console: ${message.location().url}: ${message.text()}`);
  });
  watched.on('weberror', (error) => problems.push(`uncaught: ${error.error().message}`));
  watched.on('response', (response) => {
    const isRefusedForm = [422, 429].includes(response.status()) && response.request().method() === 'POST';
    if (response.status() >= 400 && !isRefusedForm) problems.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
}

async function newContext(options: { javaScriptEnabled: boolean }): Promise<BrowserContext> {
  const created = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  watch(created);
  return created;
}

const url = (path: string) => server.baseUrl + path;

async function accessibilityProblems(on: Page): Promise<string[]> {
  return checkAccessibility(on);
}

async function fillRegistration(on: Page, values: Record<Field, string>): Promise<void> {
  for (const field of FIELDS) await on.fill(`#field-${field}`, values[field]);
}

async function expectFieldErrors(on: Page, expected: Partial<Record<Field, string>>): Promise<void> {
  for (const field of FIELDS) {
    const error = on.locator(`#error-${field}`);
    const input = on.locator(`#field-${field}`);
    if (expected[field]) {
      expect(await error.isVisible(), `${field} error visible`).toBe(true);
      expect(await error.textContent()).toBe(expected[field]);
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect(await input.getAttribute('aria-describedby')).toContain(`error-${field}`);
    } else {
      expect(await error.isVisible(), `${field} error hidden`).toBe(false);
      expect(await input.getAttribute('aria-invalid')).toBeNull();
    }
  }
}

async function expectSignedIn(on: Page, isSignedIn: boolean): Promise<void> {
  const nav = on.locator('.account-nav');
  expect(await nav.getByRole('link', { name: 'Your account' }).count()).toBe(isSignedIn ? 1 : 0);
  expect(await nav.getByRole('link', { name: 'Sign in' }).count()).toBe(isSignedIn ? 0 : 1);
}

/** The widget has fetched its challenge and solved it: the form now carries a proof. */
async function signOut(on: Page): Promise<void> {
  await on.locator('.account-nav').getByRole('button', { name: 'Sign out' }).click();
  await on.waitForURL(url('/'));
  await expectSignedIn(on, false);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer({ environment: ENVIRONMENT, inbox: true }), launchBrowser()]);
  inbox = server.inbox!;
  const paths = [...(await readSitemapArticlePaths(async (path) => (await fetch(url(path))).text())).values()];
  const article = demoArticles.find(
    (candidate) => candidate.access === 'free' && paths.some((path) => path.endsWith(`/${candidate.slug}`)),
  );
  if (!article) throw new Error('The demo newspaper has no free article in its sitemap');
  articlePath = paths.find((path) => path.endsWith(`/${article.slug}`))!;
  context = await newContext({ javaScriptEnabled: true });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('reader accounts in Chromium', () => {
  it('leads from an article to the registration form, which passes axe', async () => {
    await page.goto(url(articlePath));
    await expectSignedIn(page, false);
    await page.locator('.account-nav').getByRole('link', { name: 'Register' }).click();
    await page.waitForURL(url(`/register?next=${encodeURIComponent(articlePath)}`));
    expect(await page.locator('h1').textContent()).toBe('Register for free');
    await waitForProofOfWork(page);
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('checks the form in the browser: every error inline, all at once, nothing posted', async () => {
    const posts: string[] = [];
    const onRequest = (request: { method(): string; url(): string }) => {
      if (request.method() === 'POST') posts.push(request.url());
    };
    page.on('request', onRequest);
    try {
      await fillRegistration(page, BAD);
      await page.getByRole('button', { name: 'Register' }).click();
      await expectFieldErrors(page, BAD_MESSAGES);
      expect(posts).toEqual([]);
      expect(page.url()).toBe(url(`/register?next=${encodeURIComponent(articlePath)}`));
      expect(await page.evaluate('document.activeElement?.id')).toBe('field-email');
      expect(await page.locator('#error-summary li').allTextContents()).toEqual([
        `Email: ${MESSAGES.email}`,
        `Password: ${MESSAGES.password}`,
        `First name: ${MESSAGES.nameCharacters}`,
        `Last name: ${MESSAGES.lastNameMissing}`,
        `Date of birth: ${MESSAGES.underAge}`,
      ]);
      expect(await accessibilityProblems(page)).toEqual([]);
    } finally {
      page.off('request', onRequest);
    }
  });

  it("shows the server's own errors the same way, and the script keeps them in step as the reader fixes them", async () => {
    // form.submit() skips the submit event, so the script cannot stop it.
    const submitPastTheScript = () => {
      const { document } = globalThis as unknown as { document: { querySelector(selector: string): { submit(): void } } };
      document.querySelector('form[data-enhance="registration"]').submit();
    };
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.evaluate(submitPastTheScript),
    ]);
    expect(refused.status()).toBe(422);
    await page.waitForURL(url('/register'));
    await expectFieldErrors(page, BAD_MESSAGES);
    expect(await page.locator('#error-summary li').count()).toBe(5);
    expect(await page.inputValue('#field-password')).toBe('');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.fill('#field-email', reader.email);
    await expectFieldErrors(page, { ...BAD_MESSAGES, email: undefined });
    expect(await page.locator('#error-summary li').allTextContents()).not.toContain(`Email: ${MESSAGES.email}`);
    expect(await page.locator('#error-summary li').count()).toBe(4);
  });

  it('registers with valid details and lands back on the article, signed in, without a refresh', async () => {
    await fillRegistration(page, reader);
    await waitForProofOfWork(page);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(url(articlePath));
    await expectSignedIn(page, true);
    expect(await page.locator('.site-notice').textContent()).toContain('Thank you for registering');
    expect(await accessibilityProblems(page)).toEqual([]);
    const welcome = await inbox.waitFor(reader.email, /Confirm your email address/);
    expect(welcome.text).toMatch(/\/account\/verify\?token=/);
  });

  it('signs out from the header, and back in through /signin?next=', async () => {
    await signOut(page);
    await page.goto(url(`/signin?next=${encodeURIComponent(articlePath)}`));
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.fill('#field-email', reader.email);
    await page.fill('#field-password', reader.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(url(articlePath));
    await expectSignedIn(page, true);
  });

  it('resets a forgotten password through the emailed link; the old password stops working', async () => {
    await signOut(page);
    await page.goto(url('/forgot-password'));
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.fill('#field-email', reader.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    expect(await page.locator('h1').textContent()).toBe('Check your email');
    expect(await accessibilityProblems(page)).toEqual([]);

    const email = await inbox.waitFor(reader.email, /Choose a new password/);
    const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(email.text)?.[0];
    expect(link?.startsWith(server.baseUrl)).toBe(true);
    await page.goto(link!);
    expect(await page.locator('h1').textContent()).toBe('Choose a new password');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.fill('#field-password', newPassword);
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await page.waitForURL((current) => !current.pathname.startsWith('/reset-password'));
    await page.goto(url(articlePath));
    await expectSignedIn(page, true);

    await signOut(page);
    await page.goto(url('/signin'));
    await page.fill('#field-email', reader.email);
    await page.fill('#field-password', reader.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('#error-summary').textContent()).toContain(SIGN_IN_FAILED);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.fill('#field-password', newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(url('/'));
    await expectSignedIn(page, true);
  });

  it('lets the owner in on a new device after a flood of wrong passwords from many networks, through the bot check', async () => {
    // (The main page stays signed in: the settings pages below need it.)
    // 20 networks × 5 wrong passwords: the account's ceiling across networks.
    for (let network = 1; network <= 20; network++) {
      const forwardedFor = `198.51.100.${network}`;
      for (let attempt = 0; attempt < 5; attempt++) {
        const form = await fetch(url('/signin'), { headers: { 'x-forwarded-for': forwardedFor } });
        const cookie = form.headers
          .getSetCookie()
          .map((header) => header.split(';')[0])
          .join('; ');
        const csrf = /name="_csrf" value="([^"]*)"/.exec(await form.text())![1]!;
        const body = new URLSearchParams({ _csrf: csrf, email: reader.email, password: `Wrong-${network}-${attempt}` });
        const refused = await fetch(url('/signin'), { method: 'POST', body, headers: { cookie, 'x-forwarded-for': forwardedFor } });
        expect(refused.status).toBe(422);
      }
    }
    const newDevice = await newContext({ javaScriptEnabled: true });
    try {
      const other = await newDevice.newPage();
      await other.goto(url('/signin'));
      await other.fill('#field-email', reader.email);
      await other.fill('#field-password', newPassword);
      await other.getByRole('button', { name: 'Sign in' }).click();
      expect(await other.locator('#error-summary').textContent()).toContain(SIGN_IN_CHECK_NEEDED);
      expect(await accessibilityProblems(other)).toEqual([]);
      // The widget solves its proof-of-work as the page loads; the reader types the password again.
      await other.waitForFunction(() => {
        const { document } = globalThis as unknown as { document: { querySelector(selector: string): { value?: string } | null } };
        return Boolean(document.querySelector('input[name="altcha"]')?.value);
      });
      await other.fill('#field-password', newPassword);
      await other.getByRole('button', { name: 'Sign in' }).click();
      await other.waitForURL(url('/'));
      await expectSignedIn(other, true);
    } finally {
      await newDevice.close();
    }
  });

  it('shows the registration "check your email" page accessibly', async () => {
    await page.goto(url(`/register/check-email?next=${encodeURIComponent(articlePath)}`));
    expect(await page.locator('h1').textContent()).toBe('Thank you for registering');
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('works without JavaScript: the server shows every error at once and keeps what was typed, then registers', async () => {
    const noScript = await newContext({ javaScriptEnabled: false });
    try {
      const plain = await noScript.newPage();
      await plain.goto(url(articlePath));
      await plain.locator('.account-nav').getByRole('link', { name: 'Register' }).click();
      await plain.waitForURL(url(`/register?next=${encodeURIComponent(articlePath)}`));

      await fillRegistration(plain, BAD);
      const [refused] = await Promise.all([
        plain.waitForResponse((response) => response.request().method() === 'POST'),
        plain.getByRole('button', { name: 'Register' }).click(),
      ]);
      expect(refused.status()).toBe(422);
      await plain.waitForLoadState();
      await expectFieldErrors(plain, BAD_MESSAGES);
      expect(await plain.locator('#error-summary li').count()).toBe(5);
      for (const field of ['email', 'firstName', 'lastName', 'dateOfBirth'] as const)
        expect(await plain.inputValue(`#field-${field}`)).toBe(BAD[field]);
      expect(await plain.inputValue('#field-password')).toBe('');
      // (axe needs JavaScript: the same server-rendered errors pass it in the journey above.)

      // The no-script stamp on the re-rendered form counts from now.
      const formShownAt = Date.now();
      await fillRegistration(plain, noScriptReader);
      await plain.waitForTimeout(Math.max(0, NO_SCRIPT_DELAY_SECONDS * 1000 + 250 - (Date.now() - formShownAt)));
      await plain.getByRole('button', { name: 'Register' }).click();
      await plain.waitForURL(url(articlePath));
      await expectSignedIn(plain, true);
      expect(await plain.locator('.site-notice').textContent()).toContain('Thank you for registering');
      await inbox.waitFor(noScriptReader.email, /Confirm your email address/);
    } finally {
      await noScript.close();
    }
  });

  it('passes axe on every account settings page and the legal pages', async () => {
    // Signed in since the reset journey above.
    for (const path of ['/account', '/account/password', '/account/email', '/account/delete', '/terms', '/cookies', '/privacy']) {
      const response = await page.goto(url(path));
      expect(response?.status(), path).toBe(200);
      expect(await page.locator('h1').count(), path).toBe(1);
      expect(await accessibilityProblems(page), path).toEqual([]);
    }
    await page.goto(url('/account'));
    await expectSignedIn(page, true);
  });

  it('lets a staff member set a password from the one-time link and read the outbox, accessibly', async () => {
    const staff = createStaffService({ db: server.db, clock: systemClock, publicUrl: server.baseUrl });
    const added = await staff.addStaffMember({ email: `editor-${run}@example.com`, role: 'editor', name: 'Ada Lovelace' });
    if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
    const staffContext = await newContext({ javaScriptEnabled: true });
    try {
      const desk = await staffContext.newPage();
      await desk.goto(added.signInLink!.url);
      await desk.fill('#field-password', 'a long editorial passphrase');
      await desk.getByRole('button', { name: 'Save my new password' }).click();
      await desk.waitForURL((current) => !current.pathname.startsWith('/reset-password'));
      await desk.goto(url('/newsroom/outbox'));
      expect(await desk.locator('h1').textContent()).toMatch(/outbox/i);
      expect(await accessibilityProblems(desk)).toEqual([]);
      await desk.locator('main a[href^="/newsroom/outbox/"]').first().click();
      await desk.waitForURL(/\/newsroom\/outbox\/\d+$/);
      expect(await accessibilityProblems(desk)).toEqual([]);
    } finally {
      await staffContext.close();
    }
  });

  // Runs last: what every journey above made the browsers do.
  it('stayed on the site, logged no console or CSP error, threw nothing, and got no unexpected failed response', () => {
    expect(problems).toEqual([]);
  });
});
