// The funnel in a real headless Chromium (issue 14): an anonymous reader
// meets the registration wall on a registered-only article and registers
// through the form under it; within a flush, an editor sees that
// registration (and the wall's impression) counted on the article's
// dashboard and the article at the top of the site's list. Both dashboard
// pages pass axe, and their charts are images with names and tables beside.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemClock } from '../../src/core/clock.js';
import { demoArticles } from '../../src/demo/content/index.js';
import { createStaffService } from '../../src/features/accounts/staff.service.js';
import { readSitemapArticlePaths } from '../../src/features/articles/testing/sitemap-reading.js';
import { checkAccessibility, launchBrowser, waitForProofOfWork, watchPage } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { fillRegistration } from '../support/reader-accounts.js';

const run = Date.now().toString(36);
const PASSWORD = 'a long enough staff passphrase';

let server: DemoServer;
let browser: Browser;
const problems: string[] = [];
const url = (path: string) => server.baseUrl + path;

function watch(page: Page): void {
  watchPage(page, { problems, origin: () => server.baseUrl });
}

async function editorContext(): Promise<BrowserContext> {
  const staff = createStaffService({ db: server.db, clock: systemClock, publicUrl: server.baseUrl });
  const added = await staff.addStaffMember({ email: `funnel-editor-${run}@example.com`, role: 'editor', name: 'Rhea Lund' });
  if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(added.signInLink!.url);
  await page.fill('#field-password', PASSWORD);
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await page.waitForURL((current) => !current.pathname.startsWith('/reset-password'));
  await page.close();
  return context;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startDemoServer({
      environment: {
        ALTCHA_COST: '50',
        ALTCHA_MAX_COUNTER: '400',
        ARGON2_MEMORY_KIB: '8192',
        ARGON2_ITERATIONS: '1',
        INSIGHT_FLUSH_SECONDS: '1',
      },
    }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it("counts a registration made on an article's wall on that article's dashboard; both dashboards pass axe", async () => {
  const paths = await readSitemapArticlePaths(async (path) => (await fetch(url(path))).text());
  const walled = demoArticles.find((article) => article.access === 'registered' && paths.has(article.slug));
  if (!walled) throw new Error('the demo has no registered-only article in its sitemap');
  const path = paths.get(walled.slug)!;
  const { id } = await server.db.selectFrom('articles').select('id').where('slug', '=', walled.slug).executeTakeFirstOrThrow();

  // The anonymous reader: the wall, its form, registered, back on the article.
  const readerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const reader = await readerContext.newPage();
  watch(reader);
  expect((await reader.goto(url(path)))?.status()).toBe(200);
  expect(await reader.locator('#wall').getAttribute('data-wall')).toBe('register');
  const form = reader.locator('#wall form[action="/register"]');
  expect(await form.locator('input[name="wall"]').inputValue()).toBe('form');
  await fillRegistration(reader, {
    email: `funnel-reader-${run}@example.com`,
    password: 'Harbour-Count-44',
    firstName: 'Mira',
    lastName: 'Castell',
    dateOfBirth: '1991-04-12',
  });
  await waitForProofOfWork(reader);
  await form.getByRole('button', { name: 'Register' }).click();
  await reader.waitForURL(url(path));
  expect(await reader.locator('.site-notice').textContent()).toContain('Thank you for registering');
  await readerContext.close();

  // The editor: the article's dashboard shows the registration once the node has flushed (every second here).
  const editor = await (await editorContext()).newPage();
  watch(editor);
  const totalOf = async (label: string) =>
    (
      await editor
        .locator('.insight-totals div')
        .filter({ has: editor.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
        .locator('dd')
        .textContent()
    )?.trim();
  let registrations: string | undefined;
  for (let attempt = 0; attempt < 20 && registrations !== '1'; attempt++) {
    if (attempt > 0) await editor.waitForTimeout(500);
    expect((await editor.goto(url(`/newsroom/dashboard/articles/${id}`)))?.status()).toBe(200);
    registrations = await totalOf('Registrations completed from the wall');
  }
  expect(registrations).toBe('1');
  expect(await totalOf('Registrations started from the wall')).toBe('1');
  expect(await totalOf('Registration wall impressions')).toBe('1');
  expect(await editor.locator('h1').textContent()).toBe(walled.headline);
  // Each chart is an image named by its title, with the same figures in a table.
  const charts = editor.getByRole('img', { name: 'The registration wall' });
  expect(await charts.count()).toBe(1);
  expect(await editor.getByRole('table', { name: 'The registration wall, by day' }).count()).toBe(1);
  expect(await checkAccessibility(editor)).toEqual([]);

  expect((await editor.goto(url('/newsroom/dashboard')))?.status()).toBe(200);
  const top = editor.locator('table.insight-top tbody tr').first();
  expect(await top.locator('a').textContent()).toBe(walled.headline);
  expect(await top.locator('td').nth(1).textContent()).toBe('1');
  expect(await editor.getByRole('img', { name: 'Page views by reader state' }).count()).toBe(1);
  expect(await checkAccessibility(editor)).toEqual([]);

  // Without JavaScript the page is the same: the charts are drawn by the server.
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await editor.context().storageState() });
  const plain = await noScript.newPage();
  await plain.goto(url(`/newsroom/dashboard/articles/${id}`));
  expect(await plain.locator('svg.insight-svg').count()).toBe(3);
  await noScript.close();
  expect(problems).toEqual([]);
});
