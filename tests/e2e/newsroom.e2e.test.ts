// The newsroom's article pages in a real headless Chromium: an editor added as
// the CLI adds staff signs in, and with JavaScript off writes a story through
// the editor form (a hero picture uploaded by the form itself, a field left
// wrong and fixed), then opens the same pages with JavaScript on. axe-core
// finds nothing on the dashboard, the list, the editor (new, existing, with
// errors) or the conflict page. With JavaScript on, the Tiptap editor script
// takes over the body and autosaves, and no CSP error is logged.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemClock } from '../../src/core/clock.js';
import { createStaffService } from '../../src/features/accounts/staff.service.js';
import { tinyJpeg } from '../../src/features/articles/testing/fixture-newspaper.js';
import { checkAccessibility, launchBrowser, watchPage } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

const run = Date.now().toString(36);
const PASSWORD = 'a long newsroom passphrase';
let server: DemoServer;
let browser: Browser;
let noScript: BrowserContext;
let scripted: BrowserContext;
/** JavaScript on, signed out: where pages seen without JavaScript are scanned. */
let axeContext: BrowserContext;
let articlePath: string;
const problems: string[] = [];
/** Failed responses a test provokes on purpose ("METHOD /path status"). */
const expectedFailures = new Set<string>();
const scans = new Map<string, string[]>();

const url = (path: string) => server.baseUrl + path;

function watch(page: Page): void {
  watchPage(page, { problems, origin: () => server.baseUrl, failures: expectedFailures });
}

/**
 * axe-core runs as a script, which a page without JavaScript cannot: such a page's HTML, as the
 * browser has it, is scanned in a page of its own (same origin, so the stylesheet applies).
 */
async function scan(page: Page, name: string): Promise<void> {
  if (page.context() !== noScript) {
    scans.set(name, await checkAccessibility(page));
    return;
  }
  const html = await page.content();
  const copy = await axeContext.newPage();
  try {
    await copy.goto(url('/'));
    await copy.setContent(html, { waitUntil: 'load' });
    scans.set(name, await checkAccessibility(copy));
  } finally {
    await copy.close();
  }
}

async function signedInContext(javaScriptEnabled: boolean, role: 'editor' | 'admin', name: string): Promise<BrowserContext> {
  const staff = createStaffService({ db: server.db, clock: systemClock, publicUrl: server.baseUrl });
  const added = await staff.addStaffMember({ email: `${role}-${javaScriptEnabled}-${run}@example.com`, role, name });
  if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
  const page = await context.newPage();
  watch(page);
  await page.goto(added.signInLink!.url);
  await page.fill('#field-password', PASSWORD);
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await page.waitForURL((current) => !current.pathname.startsWith('/reset-password'));
  await page.close();
  return context;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  noScript = await signedInContext(false, 'editor', 'Nadia Quay');
  scripted = await signedInContext(true, 'admin', 'Sol Harbour');
  axeContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('writes a story without JavaScript: a wrong field, a hero picture by upload, a save and a schedule', async () => {
  const page = await noScript.newPage();
  watch(page);
  await page.goto(url('/newsroom'));
  expect(await page.locator('h1').textContent()).toBe('Newsroom');
  for (const heading of ['My drafts', 'In review', 'Scheduled', 'Published'])
    expect(await page.getByRole('heading', { name: heading }).count()).toBe(1);
  await scan(page, 'dashboard');

  await page.getByRole('link', { name: 'New article' }).first().click();
  await page.waitForURL(url('/newsroom/articles/new'));
  await scan(page, 'new article');
  await page.getByLabel('Kicker', { exact: true }).fill('Coast');
  await page.getByLabel('Headline', { exact: true }).fill(`Night ferry returns to the island route ${run}`);
  await page.getByLabel('Standfirst', { exact: true }).fill('The crossing runs three nights a week from April.');
  const section = await page.locator('#field-section option').nth(1).getAttribute('value');
  await page.getByLabel('Section', { exact: true }).selectOption(section!);
  await page.getByLabel('Topics', { exact: true }).fill('Transport, Islands');
  await page.getByLabel('Authors', { exact: true }).fill('Nadia Quay');
  await page.getByLabel('Registered readers', { exact: true }).check();
  await page.getByLabel('Body', { exact: true }).fill('The first sailing leaves at ten.\n\nTickets go on sale on Monday.');
  // A picture without its alt text: the page again, with the problem linked.
  await page.setInputFiles('#field-heroFile', { name: 'ferry.jpg', mimeType: 'image/jpeg', buffer: await tinyJpeg() });
  expectedFailures.add('POST /newsroom/articles 422');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForLoadState();
  expect(await page.locator('.error-summary').textContent()).toContain('Alt text');
  expect(await page.getByLabel('Headline', { exact: true }).inputValue()).toBe(`Night ferry returns to the island route ${run}`);
  await scan(page, 'editor with errors');
  await page.locator('.error-summary a', { hasText: 'Alt text' }).click();
  await page.getByLabel('Alt text', { exact: true }).fill('A ferry at the quay under floodlights');
  await page.getByLabel('Caption', { exact: true }).fill('The night ferry on its trial run');
  await page.setInputFiles('#field-heroFile', { name: 'ferry.jpg', mimeType: 'image/jpeg', buffer: await tinyJpeg() });
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/newsroom\/articles\/\d+\/edit\?notice=saved$/);
  articlePath = new URL(page.url()).pathname;
  expect(await page.locator('.site-notice').first().textContent()).toBe('Saved');
  expect(await page.getByLabel('Image id', { exact: true }).inputValue()).toMatch(/^ferry-/);
  expect(await page.getByLabel('Registered readers', { exact: true }).isChecked()).toBe(true);
  expect(await page.locator('.editor-hero-preview img').evaluate((image: { naturalWidth: number }) => image.naturalWidth)).toBeGreaterThan(
    0,
  );
  await scan(page, 'editor');

  // Scheduling in the publication's zone, without a script.
  await page.getByLabel('Publication time', { exact: true }).fill('2099-05-01T09:30');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.waitForURL(/notice=scheduled$/);
  expect(await page.locator('.site-notice').first().textContent()).toMatch(/^Scheduled for \w+day 1 May 2099 09:30$/);

  await page.goto(url('/newsroom/articles?state=scheduled'));
  expect(await page.getByRole('link', { name: `Night ferry returns to the island route ${run}` }).count()).toBe(1);
  await scan(page, 'article list');
  await page.close();
});

it('shows both versions when two people save the same version, and keeps either', async () => {
  const first = await noScript.newPage();
  const second = await scripted.newPage();
  watch(first);
  watch(second);
  await first.goto(url(articlePath.replace(/\?.*/, '')));
  await second.goto(url(articlePath));
  await second.getByLabel('Headline', { exact: true }).fill(`Night ferry delayed to May ${run}`);
  await second.getByRole('button', { name: 'Save changes' }).click();
  await second.waitForURL(/notice=saved$/);
  await first.getByLabel('Headline', { exact: true }).fill(`Night ferry returns in April ${run}`);
  expectedFailures.add(`POST ${articlePath.replace(/\/edit.*/, '')} 409`);
  await first.getByRole('button', { name: 'Save changes' }).click();
  await first.waitForLoadState();
  expect(await first.locator('h1').textContent()).toBe('Someone else saved this article');
  expect(await first.locator('#conflict-mine').locator('..').textContent()).toContain(`Night ferry returns in April ${run}`);
  expect(await first.locator('.conflict-versions').textContent()).toContain(`Night ferry delayed to May ${run}`);
  await scan(first, 'conflict');
  await first.getByRole('button', { name: 'Keep my version' }).click();
  await first.waitForURL(/notice=restored$/);
  expect(await first.getByLabel('Headline', { exact: true }).inputValue()).toBe(`Night ferry returns in April ${run}`);
  await first.close();
  await second.close();
});

it('with JavaScript on, the editor script takes over the body, autosaves, and a save keeps what it wrote', async () => {
  const page = await scripted.newPage();
  watch(page);
  for (const [path, name] of [
    ['/newsroom', 'dashboard (JS on)'],
    ['/newsroom/articles', 'article list (JS on)'],
    ['/newsroom/articles/new', 'new article (JS on)'],
    [articlePath.replace(/\?.*/, ''), 'editor (JS on)'],
  ] as const) {
    await page.goto(url(path));
    await scan(page, name);
  }
  // The editor script replaced the textarea with the editor, named by the Body label.
  const body = page.getByRole('textbox', { name: 'Body', exact: true });
  await body.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Timetables are at the harbour office.');
  await page
    .locator('[data-save-status]')
    .filter({ hasText: /Saved at/ })
    .waitFor({ timeout: 15_000 });
  const id = Number(/articles\/(\d+)\/edit/.exec(articlePath)![1]);
  const stored = await server.db.selectFrom('articles').select('body_json').where('id', '=', id).executeTakeFirstOrThrow();
  expect(stored.body_json).toContain('Timetables are at the harbour office.');

  await page.getByLabel('Kicker', { exact: true }).fill('Islands');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(/notice=saved$/);
  expect(await page.getByLabel('Kicker', { exact: true }).inputValue()).toBe('Islands');
  expect(await page.getByRole('textbox', { name: 'Body', exact: true }).textContent()).toContain('Timetables are at the harbour office.');
  await page.close();
});

it('found no accessibility problem on any newsroom page', () => {
  expect(scans.size).toBeGreaterThanOrEqual(10);
  for (const [name, violations] of scans) expect(violations, name).toEqual([]);
});

it('logged no console or CSP error, threw nothing, and got no unexpected failed response', () => {
  expect(problems).toEqual([]);
});
