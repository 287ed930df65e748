// Curating the home front in a real headless Chromium: an editor added as the
// CLI adds staff unpins what the demo pinned, finds two stories by headline,
// pins both, moves the second above the first, previews the front in a new
// tab (the proposal, not yet what readers see), saves, and finds them on the
// home page in that order. axe-core finds nothing on the fronts pages, the
// preview, or the sections, topics and authors pages (lists and edit forms).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemClock } from '../../src/core/clock.js';
import { createStaffService } from '../../src/features/accounts/staff.service.js';
import { checkAccessibility, launchBrowser } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

const PASSWORD = 'a long newsroom passphrase';
let server: DemoServer;
let browser: Browser;
let editor: BrowserContext;
const problems: string[] = [];
const scans = new Map<string, string[]>();
const url = (path: string) => server.baseUrl + path;

function watch(page: Page): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`response: ${response.request().method()} ${response.url()} ${response.status()}`);
  });
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  const staff = createStaffService({ db: server.db, clock: systemClock, publicUrl: server.baseUrl });
  const added = await staff.addStaffMember({
    email: `fronts-editor-${Date.now().toString(36)}@example.com`,
    role: 'editor',
    name: 'Wren Castle',
  });
  if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
  editor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await editor.newPage();
  await page.goto(added.signInLink!.url);
  await page.fill('#field-password', PASSWORD);
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await page.waitForURL((current) => !current.pathname.startsWith('/reset-password'));
  await page.close();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The headlines in the home page's (or a preview's) top stories, in order. */
async function topStoryHeadlines(page: Page): Promise<string[]> {
  // The headline without its kicker ("Comment", "Wages"), which sits inside the heading.
  return page.locator('.top-stories h3').evaluateAll((headings) =>
    headings.map((heading) => {
      const copy = heading.cloneNode(true) as typeof heading;
      copy.querySelector('.card-kicker')?.remove();
      return (copy.textContent ?? '').trim();
    }),
  );
}

it('an editor curates the home front and readers see it in that order', async () => {
  const now = new Date().toISOString();
  const [first, second] = await server.db
    .selectFrom('articles')
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .where('id', 'not in', server.db.selectFrom('front_slots').select('article_id'))
    .select(['headline'])
    .orderBy('published_at', 'asc')
    .limit(2)
    .execute();
  expect(first && second).toBeTruthy();

  const page = await editor.newPage();
  watch(page);
  await page.goto(url('/newsroom/fronts'));
  scans.set('fronts list', await checkAccessibility(page));
  await page.locator('#main').getByRole('link', { name: 'Home', exact: true }).click();
  await page.waitForURL(url('/newsroom/fronts/home'));
  scans.set('home front editor', await checkAccessibility(page));

  // Start from an empty front: unpin what the demo pinned.
  while ((await page.locator('.front-slots li').count()) > 0) {
    await page
      .locator('.front-slots li')
      .first()
      .getByRole('button', { name: /^Unpin/ })
      .click();
    await page.waitForLoadState();
  }
  for (const story of [first!, second!]) {
    await page.getByLabel('Words in the headline').fill(story.headline);
    await Promise.all([page.waitForNavigation(), page.getByLabel('Words in the headline').press('Enter')]);
    await page.getByRole('button', { name: `Pin: ${story.headline}` }).click();
    await page.waitForLoadState();
  }
  scans.set('home front editor with results', await checkAccessibility(page));
  expect(await page.locator('.front-slots li strong').allInnerTexts()).toEqual([first!.headline, second!.headline]);
  await page.getByRole('button', { name: `Move up: ${second!.headline}` }).click();
  await page.waitForLoadState();
  expect(await page.locator('.front-slots li strong').allInnerTexts()).toEqual([second!.headline, first!.headline]);

  const [preview] = await Promise.all([editor.waitForEvent('page'), page.getByRole('button', { name: /^Preview/ }).click()]);
  await preview.waitForLoadState();
  expect(await topStoryHeadlines(preview)).toEqual([second!.headline, first!.headline]);
  scans.set('front preview', await checkAccessibility(preview));
  await preview.close();
  // Not saved yet: readers still see the demo's front.
  const readerBefore = await browser.newPage();
  await readerBefore.goto(url('/'));
  expect(await topStoryHeadlines(readerBefore)).not.toEqual([second!.headline, first!.headline]);
  await readerBefore.close();

  await page.getByRole('button', { name: 'Save front' }).click();
  await page.waitForURL(url('/newsroom/fronts/home?saved=1'));
  expect(await page.getByRole('status').innerText()).toContain('The front is saved');

  const reader = await browser.newPage();
  await reader.goto(url('/'));
  expect(await topStoryHeadlines(reader)).toEqual([second!.headline, first!.headline]);
  await reader.close();
  await page.close();
  expect(problems).toEqual([]);
});

it('the sections, topics and authors pages have no accessibility violations', async () => {
  const page = await editor.newPage();
  watch(page);
  for (const [name, path, editLink] of [
    ['sections', '/newsroom/sections', '/newsroom/sections/'],
    ['topics', '/newsroom/topics', '/newsroom/topics/'],
    ['authors', '/newsroom/authors', '/newsroom/authors/'],
  ] as const) {
    await page.goto(url(path));
    scans.set(`${name} list`, await checkAccessibility(page));
    // An invalid form shows the error summary and the field's error.
    await page.getByRole('button', { name: /^Add / }).click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').isVisible()).toBe(true);
    scans.set(`${name} list with errors`, await checkAccessibility(page));
    await page.locator(`a[href^="${editLink}"]`).first().click();
    await page.waitForLoadState();
    scans.set(`${name} edit`, await checkAccessibility(page));
  }
  await page.goto(url('/newsroom/fronts/world'));
  scans.set('section front editor', await checkAccessibility(page));
  // A section front with a pinned story: the section page shows it first, and stays accessible.
  const [story] = await server.db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .where('sections.path', '=', 'world')
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', new Date().toISOString())
    .select('articles.headline')
    .orderBy('articles.published_at', 'asc')
    .limit(1)
    .execute();
  await page.getByLabel('Words in the headline').fill(story!.headline);
  await Promise.all([page.waitForNavigation(), page.getByLabel('Words in the headline').press('Enter')]);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: `Pin: ${story!.headline}` }).click()]);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save front' }).click()]);
  await page.goto(url('/world'));
  expect(await topStoryHeadlines(page)).toEqual([story!.headline]);
  scans.set('section page with pinned stories', await checkAccessibility(page));
  await page.close();
  expect(Object.fromEntries(scans)).toEqual(Object.fromEntries([...scans.keys()].map((key) => [key, []])));
  expect(problems.filter((problem) => !problem.includes(' 422'))).toEqual([]);
});
