// The registration wall, the meter and Premium in a real headless Chromium
// (issue 4): an anonymous reader's free articles count down, the next one is
// a teaser and a wall whose text past the teaser was never sent, registering
// on the wall lands back on the same article unlocked; a registered reader
// spends the Premium allowance and meets the subscribe wall; a subscriber
// reads everything; signing in from the wall unlocks the article; walls and
// the meter note pass axe; the wall works without JavaScript.
// Journeys run in order and share one reader and the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { systemClock } from '../../src/core/clock.js';
import { demoArticles } from '../../src/demo/content/index.js';
import type { DemoArticle } from '../../src/demo/demo-types.js';
import { createAccessService } from '../../src/features/access/access.service.js';
import { readSitemapArticlePaths } from '../../src/features/articles/testing/sitemap-reading.js';
import { checkAccessibility, launchBrowser, waitForProofOfWork } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

const FREE_ARTICLES = 3;
const PREMIUM_ARTICLES = 1;
// A small meter keeps the journeys short; ALTCHA and Argon2 at their floor as
// in accounts.e2e: these tests are about access, not the cost settings.
const ENVIRONMENT = {
  METER_FREE_ARTICLES: String(FREE_ARTICLES),
  METER_PREMIUM_ARTICLES: String(PREMIUM_ARTICLES),
  METER_PERIOD_DAYS: '30',
  ALTCHA_COST: '50',
  ALTCHA_MAX_COUNTER: '400',
  ARGON2_MEMORY_KIB: '8192',
  ARGON2_ITERATIONS: '1',
};

const run = Date.now().toString(36);
const reader = {
  email: `wall-reader-${run}@example.com`,
  password: 'Tidal-Reading-31',
  firstName: 'Ines',
  lastName: 'Okafor',
  dateOfBirth: '1987-09-03',
};
const FIELDS = ['email', 'password', 'firstName', 'lastName', 'dateOfBirth'] as const;

let server: DemoServer;
let browser: Browser;
/** The reader of the journeys: anonymous, then registered, then a subscriber. */
let context: BrowserContext;
let page: Page;
const articlePaths = new Map<string, string>();
const problems: string[] = [];

function inSitemap(article: DemoArticle): boolean {
  return articlePaths.has(article.slug);
}

function articlesOf(level: DemoArticle['access']): DemoArticle[] {
  return demoArticles.filter((article) => article.access === level && inSitemap(article));
}

function pathOf(article: DemoArticle): string {
  const path = articlePaths.get(article.slug);
  if (!path) throw new Error(`${article.slug} is not in the sitemap`);
  return path;
}

const url = (path: string) => server.baseUrl + path;

/** The text of the article's first paragraph: always in the teaser (a teaser is at least one block once there are two). */
function firstParagraph(article: DemoArticle): string {
  const block = article.body[0];
  if (block?.type !== 'paragraph') throw new Error(`${article.slug} does not open with a paragraph`);
  return (block.content ?? []).map((node) => (node.type === 'text' ? node.text : '')).join('');
}

/**
 * A sentence from the second half of the article — past any teaser, which is
 * never more than half the blocks — in plain text without characters HTML
 * escapes, so its absence from the page's markup means something.
 */
function laterSentence(article: DemoArticle): string {
  const blocks = article.body;
  for (let index = blocks.length - 1; index >= Math.floor(blocks.length / 2); index--) {
    const block = blocks[index]!;
    if (block.type !== 'paragraph') continue;
    const nodes = block.content ?? [];
    if (!nodes.every((node) => node.type === 'text' && !node.marks)) continue;
    const sentences = nodes
      .map((node) => (node.type === 'text' ? node.text : ''))
      .join('')
      .split(/(?<=\.)\s/);
    const sentence = sentences.find((candidate) => candidate.length >= 40 && !/[&<>"']/.test(candidate));
    if (sentence) return sentence;
  }
  throw new Error(`${article.slug} has no plain sentence in its second half`);
}

/** Records requests off the site, console errors (CSP violations among them), uncaught errors and failed responses. */
function watch(watched: BrowserContext): void {
  watched.on('request', (request) => {
    if (!request.url().startsWith(`${server.baseUrl}/`) && !request.url().startsWith('data:'))
      problems.push(`off-site request: ${request.url()}`);
  });
  watched.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`console: ${message.location().url}: ${message.text()}`);
  });
  watched.on('weberror', (error) => problems.push(`uncaught: ${error.error().message}`));
  watched.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
}

async function newContext(options: { javaScriptEnabled: boolean } = { javaScriptEnabled: true }): Promise<BrowserContext> {
  const created = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  watch(created);
  return created;
}

async function visit(on: Page, path: string): Promise<void> {
  const response = await on.goto(url(path));
  expect(response?.status(), path).toBe(200);
}

async function expectSignedIn(on: Page, isSignedIn: boolean): Promise<void> {
  const nav = on.locator('.account-nav');
  expect(await nav.getByRole('link', { name: 'Your account' }).count()).toBe(isSignedIn ? 1 : 0);
  expect(await nav.getByRole('link', { name: 'Sign in' }).count()).toBe(isSignedIn ? 0 : 1);
}

/** The whole article is on the page: no wall, and the text from its second half is there. */
async function expectFullArticle(on: Page, article: DemoArticle): Promise<void> {
  expect(await on.locator('h1').textContent()).toBe(article.headline);
  expect(await on.locator('#wall').count(), article.slug).toBe(0);
  expect(await on.locator('.article-body').textContent(), article.slug).toContain(laterSentence(article));
}

/**
 * A teaser and the wall: the first paragraph is shown, and the text past the
 * teaser is not in the markup at all (not merely hidden), nor in the DOM.
 */
async function expectWall(on: Page, article: DemoArticle, wall: 'register' | 'subscribe'): Promise<void> {
  expect(await on.locator('h1').textContent()).toBe(article.headline);
  expect(await on.locator('#wall').getAttribute('data-wall')).toBe(wall);
  expect(await on.locator('.article-body').textContent()).toContain(firstParagraph(article));
  const hidden = laterSentence(article);
  expect(await on.content()).not.toContain(hidden);
  expect(
    await on.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { textContent: string } } }).document.documentElement.textContent,
    ),
  ).not.toContain(hidden);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer({ environment: ENVIRONMENT }), launchBrowser()]);
  for (const [slug, path] of await readSitemapArticlePaths(async (path) => (await fetch(url(path))).text())) articlePaths.set(slug, path);
  context = await newContext();
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the wall, the meter and Premium in Chromium', () => {
  it(`counts an anonymous reader's ${FREE_ARTICLES} free articles down, then walls the next one; the meter note passes axe`, async () => {
    const free = articlesOf('free');
    expect(free.length).toBeGreaterThan(FREE_ARTICLES);
    const readAndExpectNote = async (article: DemoArticle, note: string) => {
      await visit(page, pathOf(article));
      await expectFullArticle(page, article);
      expect(await page.locator('.allowance-note').textContent(), article.slug).toContain(note);
    };
    await readAndExpectNote(free[0]!, 'You have 2 free articles left this month.');
    expect(await checkAccessibility(page)).toEqual([]);
    const meter = (await context.cookies()).find((cookie) => cookie.name === 'mh_meter');
    expect(meter?.httpOnly).toBe(true);
    await readAndExpectNote(free[1]!, 'You have 1 free article left this month.');
    // Re-reading an article already counted costs nothing.
    await readAndExpectNote(free[0]!, 'You have 1 free article left this month.');
    await readAndExpectNote(free[2]!, 'This is your last free article this month.');

    const walled = free[FREE_ARTICLES]!;
    await visit(page, pathOf(walled));
    await expectWall(page, walled, 'register');
    expect(await page.locator('.allowance-note').count()).toBe(0);
    expect(await page.locator('#wall-heading').textContent()).toBe('Register for free to continue reading');
    expect(await page.locator('#wall .wall-reason').textContent()).toBe('You have read all your free articles for now.');
    expect(await page.locator('#wall .wall-benefits li').allTextContents()).toEqual([
      'Limited access to Premium articles',
      'Exclusive newsletters',
      'Commenting on articles',
      'Virtual events',
    ]);
  });

  it('registers on the wall and lands back on the same article, signed in and unlocked, without a reload; the wall passes axe', async () => {
    const walled = articlesOf('free')[FREE_ARTICLES]!;
    const path = pathOf(walled);
    expect(page.url()).toBe(url(path));
    const form = page.locator('#wall form[action="/register"]');
    expect(await form.locator('input[name="next"]').inputValue()).toBe(path);
    expect(await page.locator('#wall').getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(
      `/signin?next=${encodeURIComponent(path)}`,
    );
    await waitForProofOfWork(page);
    expect(await checkAccessibility(page)).toEqual([]);

    for (const field of FIELDS) await form.locator(`#field-${field}`).fill(reader[field]);
    const navigations: string[] = [];
    const onRequest = (request: { isNavigationRequest(): boolean; method(): string; url(): string }) => {
      if (request.isNavigationRequest()) navigations.push(`${request.method()} ${new URL(request.url()).pathname}`);
    };
    page.on('request', onRequest);
    try {
      await form.getByRole('button', { name: 'Register' }).click();
      await page.waitForURL(url(path));
      await page.waitForLoadState();
    } finally {
      page.off('request', onRequest);
    }
    // One post and the redirect it answered with: the page was never reloaded by hand.
    expect(navigations).toEqual(['POST /register', `GET ${path}`]);
    await expectSignedIn(page, true);
    expect(await page.locator('.site-notice').textContent()).toContain('Thank you for registering');
    await expectFullArticle(page, walled);
    expect(await page.locator('.allowance-note').count()).toBe(0);
  });

  it(`spends a registered reader's ${PREMIUM_ARTICLES} Premium article, then meets the subscribe wall, which passes axe`, async () => {
    const [allowed, walled] = articlesOf('premium');
    await visit(page, pathOf(allowed!));
    await expectFullArticle(page, allowed!);
    expect(await page.locator('.allowance-note').textContent()).toContain('This is your last Premium article this month.');

    await visit(page, pathOf(walled!));
    await expectWall(page, walled!, 'subscribe');
    expect(await page.locator('#wall-heading').textContent()).toBe('Subscribe to continue reading');
    expect(await page.locator('#wall .wall-reason').textContent()).toBe(
      'You have read all the Premium articles included with your free account for now.',
    );
    expect(await page.locator('#wall form').count()).toBe(0);
    expect(await checkAccessibility(page)).toEqual([]);

    // Registered-level articles are not counted against the Premium allowance.
    const registered = articlesOf('registered')[0]!;
    await visit(page, pathOf(registered));
    await expectFullArticle(page, registered);
  });

  it('lets a subscriber read every Premium article in full', async () => {
    const access = createAccessService({
      db: server.db,
      clock: systemClock,
      settings: { anonymousFreeArticles: FREE_ARTICLES, registeredPremiumArticles: PREMIUM_ARTICLES, periodDays: 30, meteredSections: [] },
    });
    expect((await access.grantSubscription({ email: reader.email, days: 30 })).kind).toBe('granted');
    const premium = articlesOf('premium');
    expect(premium.length).toBeGreaterThanOrEqual(5);
    for (const article of premium) {
      await visit(page, pathOf(article));
      await expectFullArticle(page, article);
      expect(await page.locator('.allowance-note').count(), article.slug).toBe(0);
      // Google's paywalled-content markup names the gated part, which an entitled reader is shown.
      const structuredData = (await page.locator('script[type="application/ld+json"]').allTextContents())
        .map(
          (json) =>
            JSON.parse(json) as {
              '@type'?: string;
              isAccessibleForFree?: boolean;
              hasPart?: { isAccessibleForFree?: boolean; cssSelector?: string };
            },
        )
        .find((item) => item['@type'] === 'NewsArticle');
      expect(structuredData?.isAccessibleForFree, article.slug).toBe(false);
      expect(structuredData?.hasPart?.isAccessibleForFree, article.slug).toBe(false);
      expect(await page.locator(structuredData?.hasPart?.cssSelector ?? 'no-selector').textContent(), article.slug).toContain(
        laterSentence(article),
      );
    }
  });

  it('signs in from the wall and returns to the same article, unlocked', async () => {
    const signedOut = await newContext();
    try {
      const other = await signedOut.newPage();
      const article = articlesOf('registered')[1]!;
      const path = pathOf(article);
      await visit(other, path);
      await expectWall(other, article, 'register');
      await other.locator('#wall').getByRole('link', { name: 'Sign in' }).click();
      await other.waitForURL(url(`/signin?next=${encodeURIComponent(path)}`));
      await other.fill('#field-email', reader.email);
      await other.fill('#field-password', reader.password);
      await other.getByRole('button', { name: 'Sign in' }).click();
      await other.waitForURL(url(path));
      await expectSignedIn(other, true);
      expect(await other.locator('.site-notice').textContent()).toContain('You are signed in');
      await expectFullArticle(other, article);
    } finally {
      await signedOut.close();
    }
  });

  it('shows the wall without JavaScript: the teaser is readable and the form is there, with its no-script hint', async () => {
    const noScript = await newContext({ javaScriptEnabled: false });
    try {
      const plain = await noScript.newPage();
      const article = articlesOf('premium')[0]!;
      const path = pathOf(article);
      await visit(plain, path);
      await expectWall(plain, article, 'register');
      expect(await plain.locator('.standfirst').textContent()).toBe(article.standfirst);
      expect(await plain.locator('#wall-heading').isVisible()).toBe(true);
      const form = plain.locator('#wall form[action="/register"]');
      expect(await form.locator('input[name="next"]').inputValue()).toBe(path);
      for (const field of FIELDS) expect(await form.locator(`#field-${field}`).isVisible(), field).toBe(true);
      expect(await form.getByRole('button', { name: 'Register' }).isVisible()).toBe(true);
      expect(await form.locator('.bot-check .field-hint').textContent()).toMatch(/^Without JavaScript, please take at least \d+ seconds/);
    } finally {
      await noScript.close();
    }
  });

  // Runs last: what every journey above made the browsers do.
  it('stayed on the site, logged no console or CSP error, threw nothing, and got no failed response', () => {
    expect(problems).toEqual([]);
  });
});
