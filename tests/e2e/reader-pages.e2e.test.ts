// The reader's side of the demo newspaper in a real headless Chromium: every
// page type passes axe-core, free articles render fully (with and without
// JavaScript), registered and premium ones show an anonymous reader a teaser
// and the registration wall, pictures load, and the browser never leaves the
// site. (The meter, the walls and Premium in depth: access.e2e.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { demoArticles } from '../../src/demo/content/index.js';
import type { DemoArticle } from '../../src/demo/demo-types.js';
import { readSitemapArticlePaths } from '../../src/features/articles/testing/sitemap-reading.js';
import { checkAccessibility, launchBrowser, waitForProofOfWork } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

const DATELINE = /^[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4} \d{2}:\d{2}$/;
const MISSING_PATH = '/world/2020/01/01/no-such-story-here';

function findDemoArticle(description: string, matches: (article: DemoArticle) => boolean): DemoArticle {
  const article = demoArticles.find(matches);
  if (!article) throw new Error(`The demo newspaper has no ${description} article`);
  return article;
}

// The one free article this file reads. Re-reading an article costs nothing on
// the meter, so the browser's default allowance (5) never walls it.
const freeArticle = findDemoArticle(
  'free, agency-credited',
  (article) => article.access === 'free' && article.agencyCredit !== '' && article.kicker !== '',
);
const registeredArticle = findDemoArticle('registered-level', (article) => article.access === 'registered');
const premiumArticle = findDemoArticle('premium-level', (article) => article.access === 'premium');

/** The plain text of each top-level paragraph, as a reader sees it. */
function paragraphTexts(article: DemoArticle): string[] {
  return article.body.flatMap((block) =>
    block.type === 'paragraph' ? [(block.content ?? []).map((node) => (node.type === 'text' ? node.text : '\n')).join('')] : [],
  );
}

let server: DemoServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const articlePaths = new Map<string, string>();
const requestedUrls: string[] = [];
const consoleErrors: string[] = [];
const failedResponses: string[] = [];

/** Records what every page of the context asks for and complains about. */
function watch(watched: BrowserContext): void {
  watched.on('request', (request) => requestedUrls.push(request.url()));
  watched.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith(MISSING_PATH)) failedResponses.push(`${response.status()} ${response.url()}`);
  });
  watched.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    // Chromium logs the deliberate 404 page's own status as a console error.
    if (message.location().url.endsWith(MISSING_PATH) && message.text().includes('status of 404')) return;
    consoleErrors.push(`${message.location().url}: ${message.text()}`);
  });
  watched.on('weberror', (error) => consoleErrors.push(`uncaught: ${error.error().message}`));
}

function articlePath(article: DemoArticle): string {
  const path = articlePaths.get(article.slug);
  if (!path) throw new Error(`${article.slug} is not in the sitemap`);
  return path;
}

async function visit(path: string, expectedStatus = 200): Promise<void> {
  const response = await page.goto(server.baseUrl + path);
  expect(response?.status(), path).toBe(expectedStatus);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  watch(context);
  page = await context.newPage();
  for (const [slug, path] of await readSitemapArticlePaths(async (path) => (await fetch(server.baseUrl + path)).text()))
    articlePaths.set(slug, path);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('reader pages in Chromium', () => {
  describe('have no accessibility violations (axe-core, WCAG 2.1 AA and best practice)', () => {
    const pages: Array<{ name: string; path: () => string | Promise<string>; status?: number; hasWall?: boolean }> = [
      { name: 'home front', path: () => '/' },
      {
        name: 'home, older stories',
        path: async () => {
          await visit('/');
          return (await page.getByRole('link', { name: 'Older stories' }).getAttribute('href'))!;
        },
      },
      { name: 'section front', path: () => '/world' },
      { name: 'subsection front', path: () => '/world/europe' },
      { name: 'topic page', path: () => '/topic/aldwater-floods' },
      {
        name: 'author page',
        path: async () => {
          await visit(articlePath(freeArticle));
          const href = await page.locator('.byline a[rel="author"]').first().getAttribute('href');
          expect(href).toMatch(/^\/author\//);
          return href!;
        },
      },
      { name: 'free article (with the meter note)', path: () => articlePath(freeArticle) },
      { name: 'registered-level article (teaser and registration wall)', path: () => articlePath(registeredArticle), hasWall: true },
      { name: 'premium-level article (teaser and registration wall)', path: () => articlePath(premiumArticle), hasWall: true },
      { name: '404 page', path: () => MISSING_PATH, status: 404 },
    ];
    for (const { name, path, status, hasWall } of pages) {
      it(name, async () => {
        await visit(await path(), status);
        // The wall's registration form settles once its proof-of-work widget has solved.
        if (hasWall) await waitForProofOfWork(page);
        expect(await checkAccessibility(page)).toEqual([]);
      });
    }
  });

  it('shows a complete article: kicker, headline, standfirst, byline, dateline, hero picture, caption, agency credit', async () => {
    await visit(articlePath(freeArticle));
    const article = page.locator('article.article');
    expect(await article.locator('.kicker').textContent()).toBe(freeArticle.kicker);
    expect(await article.locator('h1').textContent()).toBe(freeArticle.headline);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await article.locator('.standfirst').textContent()).toBe(freeArticle.standfirst);
    expect((await article.locator('.dateline time').first().textContent())?.trim()).toMatch(DATELINE);

    const hero = article.locator('figure.hero img');
    const loaded = await hero.evaluate((image: { complete: boolean; naturalWidth: number; currentSrc: string }) => ({
      complete: image.complete,
      naturalWidth: image.naturalWidth,
      currentSrc: image.currentSrc,
    }));
    expect(loaded.complete).toBe(true);
    expect(loaded.naturalWidth).toBeGreaterThan(0);
    expect(loaded.currentSrc.startsWith(`${server.baseUrl}/media/`)).toBe(true);
    expect(await hero.getAttribute('alt')).toBe(freeArticle.hero.alt);
    const caption = await article.locator('figure.hero figcaption').textContent();
    expect(caption).toContain(freeArticle.hero.caption);
    expect(caption).toContain(freeArticle.hero.credit);
    expect(await article.locator('.agency-credit').textContent()).toBe(freeArticle.agencyCredit);
    // Free articles are metered for anonymous readers (every section, by default).
    expect(await article.locator('.allowance-note').textContent()).toMatch(/^You have \d free articles? left this month\./);

    const byline = article.locator('.byline a[rel="author"]').first();
    const authorName = await byline.textContent();
    await byline.click();
    await page.waitForURL(/\/author\/[a-z0-9-]+$/);
    expect(await page.locator('h1').textContent()).toBe(authorName);
  });

  it('marks registered and premium articles for the reader, and shows an anonymous reader the registration wall on them', async () => {
    await visit(articlePath(registeredArticle));
    expect(await page.locator('article.article').getAttribute('data-access')).toBe('registered');
    expect(await page.locator('.byline .access-badge').textContent()).toBe('Registered readers');
    expect(await page.locator('#wall').getAttribute('data-wall')).toBe('register');
    await visit(articlePath(premiumArticle));
    expect(await page.locator('article.article').getAttribute('data-access')).toBe('premium');
    expect(await page.locator('.byline .access-badge').textContent()).toBe('Premium');
    expect(await page.locator('#wall').getAttribute('data-wall')).toBe('register');
  });

  it('leads from a section link in the navigation to that section front', async () => {
    await visit('/');
    const link = page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'World', exact: true });
    await link.click();
    await page.waitForURL(`${server.baseUrl}/world`);
    expect(await page.locator('h1').textContent()).toBe('World');
    expect(await link.getAttribute('aria-current')).toBe('page');
    expect(await page.locator('main .card').count()).toBeGreaterThan(0);
  });

  it('pages through the home front: older stories, and back to the newest', async () => {
    await visit('/');
    const newest = await page.locator('.latest .card-headline').allTextContents();
    await page.getByRole('link', { name: 'Older stories' }).click();
    await page.waitForURL(/\/\?before=\d{4}-\d{2}-\d{2}T[\d:.]+Z_\d+$/);
    const older = await page.locator('.latest .card-headline').allTextContents();
    expect(older.length).toBeGreaterThan(0);
    expect(older.filter((headline) => newest.includes(headline))).toEqual([]);
    expect(await page.locator('#latest-heading').textContent()).toMatch(/^Stories before \d{1,2} \w+ \d{4}$/);
    await page.getByRole('link', { name: 'Newer stories' }).click();
    await page.waitForURL(`${server.baseUrl}/`);
    expect(await page.locator('.latest .card-headline').allTextContents()).toEqual(newest);
  });

  it('works with JavaScript disabled: the full text of a free article is there', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    watch(noScript);
    try {
      const plainPage = await noScript.newPage();
      const response = await plainPage.goto(server.baseUrl + articlePath(freeArticle));
      expect(response?.status()).toBe(200);
      expect(await plainPage.locator('h1').textContent()).toBe(freeArticle.headline);
      const bodyText = (await plainPage.locator('.article-body').textContent()) ?? '';
      const paragraphs = paragraphTexts(freeArticle);
      expect(paragraphs.length).toBeGreaterThan(2);
      for (const paragraph of paragraphs) for (const line of paragraph.split('\n')) expect(bodyText).toContain(line);
    } finally {
      await noScript.close();
    }
  });

  it('leaves the navigation out when printed', async () => {
    await visit(articlePath(freeArticle));
    const nav = page.locator('.site-nav');
    expect(await nav.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await nav.isVisible()).toBe(false);
      expect(await page.locator('h1').isVisible()).toBe(true);
    } finally {
      await page.emulateMedia({ media: null });
    }
  });

  // What the README's picture shows (npm run screenshots): the first screen of an article on a desktop.
  it('fits the masthead, navigation, kicker, headline, standfirst, byline and a loaded hero picture in the first screen', async () => {
    await visit(articlePath(freeArticle));
    const viewport = page.viewportSize()!;
    const firstScreen = [
      page.getByRole('banner'),
      page.getByRole('navigation', { name: 'Sections' }),
      page.locator('article.article .kicker'),
      page.getByRole('heading', { level: 1, name: freeArticle.headline }),
      page.locator('article.article .standfirst'),
      page.locator('article.article .byline'),
      page.locator('article.article figure.hero img'),
    ];
    for (const element of firstScreen) {
      expect(await element.isVisible()).toBe(true);
      const box = await element.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeLessThan(viewport.height);
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
    }
    expect(await page.getByRole('main').locator('article.article').count()).toBe(1);
    expect(await page.getByRole('contentinfo').count()).toBeGreaterThan(0);
    const hero = await page
      .locator('article.article figure.hero img')
      .evaluate((image: { complete: boolean; naturalWidth: number }) => ({ complete: image.complete, naturalWidth: image.naturalWidth }));
    expect(hero.complete).toBe(true);
    expect(hero.naturalWidth).toBeGreaterThan(0);
  });

  // Runs last: it checks what every test above made the browser do.
  it('never requested anything outside the site, logged no console or CSP error, and got no failed response', () => {
    expect(requestedUrls.length).toBeGreaterThan(0);
    expect(requestedUrls.filter((url) => !url.startsWith(`${server.baseUrl}/`) && !url.startsWith('data:'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(failedResponses).toEqual([]);
  });
});
