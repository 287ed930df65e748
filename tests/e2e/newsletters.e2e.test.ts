// Newsletters in a real headless Chromium: from the wall's promise to
// /newsletters, an anonymous reader presses Sign up, registers, and lands back
// signed up; the archive and an issue page read; an editor's newsletter desk,
// its issue page with the figures chart and the email preview load. Then a
// whole send: a signed-in reader signs up, an editor writes an issue in the
// editor from an article and sends it, the reader's copy arrives at a loopback
// SMTP server (headers and both parts read with mailparser), the one-click
// unsubscribe is POSTed without cookies and its confirm page's button works,
// /account shows the reader unsubscribed, and the issue opens in the web
// archive. Every page passes axe, makes no off-site request and logs no error.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoArticles } from '../../src/demo/content/index.js';
import { readSitemapArticlePaths } from '../../src/features/articles/testing/sitemap-reading.js';
import { checkAccessibility, launchBrowser, waitForProofOfWork, watchPage } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { fillRegistration } from '../support/reader-accounts.js';
import { signedInReader, signInNewStaffMember } from '../support/signed-in.js';

const run = Date.now().toString(36);

let server: DemoServer;
let browser: Browser;
const problems: string[] = [];
const url = (path: string) => server.baseUrl + path;

function watch(page: Page): void {
  watchPage(page, { problems, origin: () => server.baseUrl });
}

async function expectAccessible(page: Page, path: string) {
  expect(await checkAccessibility(page), `axe on ${path}`).toEqual([]);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startDemoServer({
      inbox: true,
      newsletters: true,
      environment: { ALTCHA_COST: '50', ALTCHA_MAX_COUNTER: '400', ARGON2_MEMORY_KIB: '8192', ARGON2_ITERATIONS: '1' },
    }),
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
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  watch(page);
  await signInNewStaffMember(page, server, { email: `newsletter-editor-${run}@example.com`, role: 'editor', name: 'Rhea Lund' });

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

it('a reader signs up, an editor writes and sends an issue, the reader receives it and unsubscribes in one click', async () => {
  const reader = await signedInReader(browser, server, {
    email: `delivery-reader-${run}@example.com`,
    firstName: 'Ines',
    lastName: 'Tally',
    isEmailConfirmed: true,
  });
  const readerPage = await reader.context.newPage();
  watch(readerPage);
  await readerPage.goto(url('/newsletters'));
  await readerPage.getByRole('button', { name: 'Sign up to The Morning Briefing' }).click();
  await readerPage.waitForURL((current) => current.pathname === '/newsletters' && current.searchParams.has('done'));
  expect(await readerPage.getByRole('button', { name: 'Unsubscribe from The Morning Briefing' }).count()).toBe(1);
  await expectAccessible(readerPage, '/newsletters (signed in, signed up)');

  // The editor writes the issue in the editor (the Tiptap script) and adds a story by its id.
  const story = await server.db
    .selectFrom('articles')
    .select(['id', 'headline'])
    .where('status', '=', 'published')
    .where('access_level', '=', 'free')
    .where('hero_image_id', 'is not', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const desk = await staffContext.newPage();
  watch(desk);
  await signInNewStaffMember(desk, server, { email: `delivery-editor-${run}@example.com`, role: 'editor', name: 'Ola Marsh' });
  await desk.goto(url('/newsroom/newsletters/morning-briefing'));
  const subject = `Tide notes ${run}`;
  await desk.fill('#field-subject', subject);
  const editorText = desk.getByRole('textbox', { name: 'Body' });
  await editorText.click();
  await desk.keyboard.type('Good morning: one story worth your time.');
  await desk.fill('#field-articles', String(story.id));
  await expectAccessible(desk, '/newsroom/newsletters/morning-briefing (editor mounted)');
  await desk.getByRole('button', { name: 'Save as draft' }).click();
  await desk.waitForURL((current) => current.searchParams.get('done') === 'issue-created');
  // The saved issue opens in the editor: the intro, then the story's headline and picture.
  await desk.getByRole('textbox', { name: 'Body' }).waitFor();
  const composed = await desk.getByRole('textbox', { name: 'Body' }).textContent();
  expect(composed).toContain('Good morning: one story worth your time.');
  expect(composed).toContain(story.headline);
  expect(await desk.locator('.article-editor-text img').count()).toBe(1);
  await expectAccessible(desk, 'a draft issue in the editor');
  await desk.getByRole('button', { name: 'Send now' }).click();
  await desk.waitForURL((current) => current.searchParams.get('done') === 'send-now');
  await staffContext.close();

  // The copy as the reader's mail server received it.
  const mail = await server.inbox!.waitFor(reader.email, new RegExp(subject), 20_000);
  const listUnsubscribe = mail.header('list-unsubscribe') ?? '';
  const unsubscribeUrl = /^<(http:\/\/127\.0\.0\.1:\d+\/newsletters\/unsubscribe\/[\w.-]+)>$/.exec(listUnsubscribe)?.[1];
  expect(unsubscribeUrl, listUnsubscribe).toBeDefined();
  expect(unsubscribeUrl!.startsWith(server.baseUrl)).toBe(true);
  expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  expect(mail.html).toContain('Good morning: one story worth your time.');
  expect(mail.html).toMatch(new RegExp(`<img[^>]+src="${server.baseUrl}/media/[\\w-]+/960\\.jpg"`));
  expect(mail.html).toMatch(/<img[^>]+alt="[^"]+"/);
  expect(mail.html).toContain(`href="${unsubscribeUrl}"`);
  expect(mail.text).toContain('Good morning: one story worth your time.');
  expect(mail.text).toContain(`Unsubscribe: ${unsubscribeUrl}`);
  expect(mail.text).toMatch(/Read the story \(http:\/\/127\.0\.0\.1:\d+\/\S+\)/);

  // RFC 8058: the mail client's POST, with no cookie or token, unsubscribes at once.
  await readerPage.goto(url('/account'));
  expect(await readerPage.getByLabel('The Morning Briefing').isChecked()).toBe(true);
  const oneClick = await readerPage.evaluate(async (address) => {
    const response = await fetch(address, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    return response.status;
  }, unsubscribeUrl!);
  expect(oneClick).toBe(200);
  await readerPage.reload();
  expect(await readerPage.getByLabel('The Morning Briefing').isChecked()).toBe(false);
  await expectAccessible(readerPage, '/account (unsubscribed)');

  // The link in the email: GET asks, its button POSTs (nothing changes on the GET alone).
  await readerPage.goto(unsubscribeUrl!);
  expect(await readerPage.locator('h1').textContent()).toBe('Unsubscribe from The Morning Briefing?');
  await expectAccessible(readerPage, 'the unsubscribe confirm page');
  await readerPage.getByRole('button', { name: 'Unsubscribe' }).click();
  await readerPage.waitForLoadState();
  expect(await readerPage.locator('h1').textContent()).toBe('You are unsubscribed');
  await expectAccessible(readerPage, 'the unsubscribed page');

  // The web archive: the issue, newest first, opens with its intro and the story's link.
  await readerPage.goto(url('/newsletters/morning-briefing'));
  await readerPage.getByRole('link', { name: subject }).click();
  expect(await readerPage.locator('h1').textContent()).toContain(subject);
  expect(await readerPage.getByText('Good morning: one story worth your time.').count()).toBe(1);
  expect(await readerPage.getByRole('link', { name: story.headline }).count()).toBeGreaterThan(0);
  await expectAccessible(readerPage, 'the sent issue in the web archive');
  await reader.context.close();
  expect(problems).toEqual([]);
});
