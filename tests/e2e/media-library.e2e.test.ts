// The newsroom's media library in a real headless Chromium: an editor with
// JavaScript off uploads a picture through the library's form (a missing alt
// text first), sees it processing, finds it by search, changes its words and
// its focal point; with JavaScript on, an upload's page follows the background
// renditions (the progress script polls the status endpoint) and turns ready
// by itself. axe-core finds nothing on the list or the image page, and no CSP
// error is logged.
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemClock } from '../../src/core/clock.js';
import { createStaffService } from '../../src/features/accounts/staff.service.js';
import { checkAccessibility, launchBrowser, watchPage } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

const run = Date.now().toString(36);
const PASSWORD = 'a long newsroom passphrase';
let server: DemoServer;
let browser: Browser;
let noScript: BrowserContext;
let scripted: BrowserContext;
let axeContext: BrowserContext;
const problems: string[] = [];
const expectedFailures = new Set<string>();
const scans = new Map<string, string[]>();

const url = (path: string) => server.baseUrl + path;

const photo = () =>
  sharp({ create: { width: 1800, height: 1200, channels: 3, background: { r: 20, g: 90, b: 160 } } })
    .jpeg()
    .toBuffer();

function watch(page: Page): void {
  watchPage(page, { problems, origin: () => server.baseUrl, failures: expectedFailures });
}

/** As in newsroom.e2e: a page seen without JavaScript is scanned as HTML in a page of its own. */
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

async function signedInContext(javaScriptEnabled: boolean, role: 'editor' | 'author', name: string): Promise<BrowserContext> {
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
  scripted = await signedInContext(true, 'author', 'Sol Harbour');
  axeContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('uploads, finds, describes and frames a picture without JavaScript', async () => {
  const page = await noScript.newPage();
  watch(page);
  await page.goto(url('/newsroom'));
  await page.getByRole('link', { name: 'Media library' }).click();
  await page.waitForURL(url('/newsroom/media'));
  expect(await page.locator('h1').textContent()).toBe('Media library');
  await scan(page, 'library list');

  // Alt text of spaces only passes the browser's `required`, not the server.
  await page.getByLabel('Alt text', { exact: true }).fill('   ');
  await page.setInputFiles('#field-file', { name: 'lifeboat.jpg', mimeType: 'image/jpeg', buffer: await photo() });
  expectedFailures.add('POST /newsroom/media 422');
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.waitForLoadState();
  expect(await page.locator('.error-summary').textContent()).toContain('Alt text');
  await scan(page, 'library list with errors');
  await page.getByLabel('Alt text', { exact: true }).fill('The lifeboat crew launching at dusk');
  await page.getByLabel('Caption', { exact: true }).fill(`Lifeboat launch ${run}`);
  await page.getByLabel('Credit', { exact: true }).fill('Harbour Photo Desk');
  await page.setInputFiles('#field-file', { name: 'lifeboat.jpg', mimeType: 'image/jpeg', buffer: await photo() });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.waitForURL(/\/newsroom\/media\/lifeboat-[a-z0-9]{12}\?notice=uploaded$/);
  const imagePage = new URL(page.url()).pathname;
  await scan(page, 'image page');

  // Found by its credit, in any case.
  await page.goto(url('/newsroom/media'));
  await page.getByLabel('Search captions, credits and alt text').fill('harbour PHOTO desk');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/\?q=/);
  expect(await page.locator(`a[href="${imagePage}"]`).count()).toBe(1);
  await scan(page, 'library search');

  await page.goto(url(imagePage));
  await page.getByLabel('Caption', { exact: true }).fill(`Lifeboat launch, renamed ${run}`);
  await page.getByRole('button', { name: 'Save words' }).click();
  await page.waitForURL(/notice=words-saved$/);
  expect(await page.locator('h1').textContent()).toBe(`Lifeboat launch, renamed ${run}`);

  await page.getByLabel('Across', { exact: true }).fill('0.25');
  await page.getByLabel('Down', { exact: true }).fill('0.8');
  await page.getByRole('button', { name: 'Save focal point' }).click();
  await page.waitForURL(/notice=focal-saved$/);
  expect(await page.locator('img.media-crop').getAttribute('class')).toBe('media-crop focal-x-25 focal-y-80');
  const position = await page
    .locator('img.media-crop')
    .evaluate(
      (image) =>
        (globalThis as unknown as { getComputedStyle(element: unknown): { objectPosition: string } }).getComputedStyle(image)
          .objectPosition,
    );
  expect(position).toBe('25% 80%');
  await scan(page, 'image page after changes');
  await page.close();
});

it('follows the background renditions of an upload with JavaScript on, until ready', async () => {
  const page = await scripted.newPage();
  watch(page);
  await page.goto(url('/newsroom/media'));
  await scan(page, 'library list (scripted)');
  await page.getByLabel('Alt text', { exact: true }).fill('Gulls over the breakwater');
  await page.setInputFiles('#field-file', { name: 'gulls.jpg', mimeType: 'image/jpeg', buffer: await photo() });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.waitForURL(/\/newsroom\/media\/gulls-[a-z0-9]{12}\?notice=uploaded$/);
  // Processing or already done: either way the page ends up ready without a hand on it.
  await page.waitForFunction(
    () =>
      !(globalThis as unknown as { document: { querySelector(selector: string): unknown } }).document.querySelector(
        '[data-rendition-status]',
      ),
    undefined,
    { timeout: 20_000 },
  );
  const publicId = new URL(page.url()).pathname.split('/')[3]!;
  const status = await page.evaluate(async (id) => (await fetch(`/newsroom/media/${id}/status`)).json(), publicId);
  expect(status).toEqual({ status: 'ready', made: 6, total: 6 });

  // The worker is quick with one picture: hold the image as processing to watch the script follow it.
  await server.db.updateTable('images').set({ renditions_status: 'processing' }).where('public_id', '=', publicId).execute();
  await page.reload();
  expect(await page.locator('[data-rendition-status] progress').count()).toBe(1);
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { document: { querySelector(selector: string): { textContent: string } | null } }).document
        .querySelector('[data-progress-text]')
        ?.textContent.includes('6 of 6 sizes made') ?? false,
    undefined,
    { timeout: 10_000 },
  );
  await scan(page, 'image page processing (scripted)');
  await server.db.updateTable('images').set({ renditions_status: 'ready' }).where('public_id', '=', publicId).execute();
  await page.waitForFunction(
    () =>
      !(globalThis as unknown as { document: { querySelector(selector: string): unknown } }).document.querySelector(
        '[data-rendition-status]',
      ),
    undefined,
    { timeout: 10_000 },
  );
  await scan(page, 'image page (scripted)');

  // A click on the picture fills in the focal point; the form saves it.
  const picture = page.locator('[data-focal-picker]');
  const box = (await picture.boundingBox())!;
  await picture.click({ position: { x: box.width * 0.1, y: box.height * 0.9 } });
  expect(Number(await page.getByLabel('Across', { exact: true }).inputValue())).toBeCloseTo(0.1, 1);
  expect(Number(await page.getByLabel('Down', { exact: true }).inputValue())).toBeCloseTo(0.9, 1);
  await page.getByRole('button', { name: 'Save focal point' }).click();
  await page.waitForURL(/notice=focal-saved$/);
  expect(await page.locator('img.media-crop').getAttribute('class')).toBe('media-crop focal-x-10 focal-y-90');
  await page.close();
});

it('finds no accessibility problem and logs no error', () => {
  for (const [name, violations] of scans) expect(violations, name).toEqual([]);
  expect(scans.size).toBeGreaterThanOrEqual(8);
  expect(problems).toEqual([]);
});
