// Reader search in a real Chromium, with JavaScript on and off: the header's
// search box (a plain GET form) → the results page → the article; the
// results page with and without results passes axe-core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkAccessibility, launchBrowser } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each([
  { javaScript: true, label: 'with JavaScript' },
  { javaScript: false, label: 'without JavaScript' },
])('search $label', ({ javaScript }) => {
  it('the header search box finds an article and its result leads to it', async () => {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    const page = await context.newPage();
    try {
      await page.goto(server.baseUrl + '/');
      await page.getByLabel('Search', { exact: true }).fill('Aldwater flooding');
      await page.getByRole('button', { name: 'Go' }).click();
      await page.waitForURL(/\/search\?q=Aldwater\+flooding/);
      expect(await page.title()).toContain('Search: Aldwater flooding');
      const results = page.locator('.search-result');
      expect(await results.count()).toBeGreaterThan(0);
      expect(await page.locator('.search-result mark').count()).toBeGreaterThan(0);
      // axe runs in the page, so only where scripts may run; the markup is the same without them.
      if (javaScript) expect(await checkAccessibility(page)).toEqual([]);
      const first = results.first().locator('h3 a');
      const headline = (await first.innerText()).trim();
      const href = await first.getAttribute('href');
      await first.click();
      await page.waitForURL((url) => url.pathname === href);
      expect((await page.locator('h1').first().innerText()).trim()).toBe(headline);
    } finally {
      await context.close();
    }
  });

  it('says so, with help, when nothing matches; the page still passes axe', async () => {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    const page = await context.newPage();
    try {
      await page.goto(`${server.baseUrl}/search?q=${encodeURIComponent('zzqx "no such" words*')}&section=world`);
      expect(await page.getByRole('heading', { name: 'No articles found' }).count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Search everything instead' }).count()).toBe(1);
      // axe runs in the page, so only where scripts may run; the markup is the same without them.
      if (javaScript) expect(await checkAccessibility(page)).toEqual([]);
      // The page's own form searches again, filters included, without any script.
      await page.getByLabel('Words to find').fill('Aldwater');
      await page.getByLabel('Section', { exact: true }).selectOption('');
      await page.getByLabel('Order').selectOption('date');
      await page.getByLabel('Words to find').press('Enter');
      await page.waitForURL(/sort=date/);
      expect(await page.locator('.search-result').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
});
