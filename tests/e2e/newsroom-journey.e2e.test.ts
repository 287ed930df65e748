// The newsroom's whole journey in a real headless Chromium, JavaScript on
// (issue 13): a contributor writes a Premium story in the Tiptap editor with
// a hero picture, a pull quote and an inline figure, and submits it; an
// editor reads the diff between revisions, previews the story as an
// anonymous reader past the meter (the wall, the gated text never sent) and
// as a subscriber (everything), schedules it, and it reaches the front at
// the scheduled time (the server's clock is moved, not waited for); a
// correction shows on the page and in its JSON-LD. Then two editors save the
// same version: the second sees both and keeps theirs, and the first one's
// text stays in the revisions. axe-core finds nothing on any page visited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { fixedClock } from '../../src/core/clock.js';
import { createStaffService } from '../../src/features/accounts/staff.service.js';
import { tinyJpeg } from '../../src/features/articles/testing/fixture-newspaper.js';
import { utcToZonedLocal } from '../../src/features/newsroom/publication-time.js';
import { checkAccessibility, launchBrowser } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

const TIME_ZONE = 'Europe/London';
const run = Date.now().toString(36);
const PASSWORD = 'a long newsroom passphrase';
const HEADLINE = `Lock keepers vote to open the tidal gates at night ${run}`;
const GATED = 'The vote was settled by one keeper who had never voted before';
const clock = fixedClock(new Date());

let server: DemoServer;
let browser: Browser;
let contributor: BrowserContext;
let editor: BrowserContext;
let secondEditor: BrowserContext;
let articleId: number;
let readerPath: string;
const problems: string[] = [];
const inaccessible = new Map<string, string[]>();

const url = (path: string) => server.baseUrl + path;

function watch(page: Page): void {
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(`console: ${message.location().url}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith(`${server.baseUrl}/`) && !request.url().startsWith('data:') && !request.url().startsWith('blob:'))
      problems.push(`off-site request: ${request.url()}`);
  });
}

async function scan(page: Page, name: string): Promise<void> {
  const violations = await checkAccessibility(page);
  if (violations.length) inaccessible.set(name, violations);
}

/** A staff member added as the CLI adds one, signed in through the one-time link. */
async function staffContext(role: 'contributor' | 'editor', name: string): Promise<BrowserContext> {
  const staff = createStaffService({ db: server.db, clock, publicUrl: server.baseUrl });
  const added = await staff.addStaffMember({ email: `${role}-${name.split(' ')[0]!.toLowerCase()}-${run}@example.com`, role, name });
  if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  watch(page);
  await page.goto(added.signInLink!.url);
  await page.fill('#field-password', PASSWORD);
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await page.waitForURL((current) => !current.pathname.startsWith('/reset-password'));
  await page.close();
  return context;
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  watch(page);
  const response = await page.goto(url(path));
  expect(response?.status(), path).toBe(200);
  return page;
}

beforeAll(async () => {
  server = await startDemoServer({
    clock,
    environment: {
      PUBLICATION_TIME_ZONE: TIME_ZONE,
      ARGON2_MEMORY_KIB: '8192',
      ARGON2_ITERATIONS: '1',
      PAGE_CACHE_REVALIDATE_SECONDS: '1',
    },
  });
  browser = await launchBrowser();
  contributor = await staffContext('contributor', 'Mara Quist');
  editor = await staffContext('editor', 'Eli Drummond');
  secondEditor = await staffContext('editor', 'Noor Hale');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('from a contributor’s draft to a corrected story on the front', () => {
  it('lets a contributor write in the editor, with a hero picture, a pull quote and an inline figure, and submit it', async () => {
    const page = await open(contributor, '/newsroom/articles/new');
    await page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await page.getByLabel('Standfirst', { exact: true }).fill('The harbour board agreed after a long night of argument.');
    await page.getByLabel('Section', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('Authors', { exact: true }).fill('Mara Quist');
    await page.getByLabel('Premium (subscribers)', { exact: true }).check();
    await page
      .getByLabel('Upload an image', { exact: true })
      .setInputFiles({ name: 'gates.jpg', mimeType: 'image/jpeg', buffer: await tinyJpeg() });
    await page.getByLabel('Caption', { exact: true }).fill('The tidal gates at slack water.');
    await page.getByLabel('Credit', { exact: true }).fill('Photo: Harbour desk');
    await page.getByLabel('Alt text', { exact: true }).fill('Two steel gates across a narrow harbour mouth');

    // The rich-text editor has replaced the plain body field.
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.click();
    await page.keyboard.type('The lock keepers met at dusk in the harbour office.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Ships have waited for the morning tide for a century.');
    await page.keyboard.press('Enter');
    const toolbar = page.getByRole('toolbar');
    await toolbar.getByRole('button', { name: 'Pull quote' }).click();
    await page.keyboard.type('The sea does not keep office hours.');
    await page.getByRole('textbox', { name: 'Pull quote attribution' }).fill('A lock keeper');
    await body.locator('.editor-pull-quote > p').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(`${GATED}.`);
    await page.keyboard.press('Enter');
    const chooser = page.waitForEvent('filechooser');
    await toolbar.getByRole('button', { name: 'Image' }).click();
    await (await chooser).setFiles({ name: 'keepers.jpg', mimeType: 'image/jpeg', buffer: await tinyJpeg() });
    const dialog = page.getByRole('dialog', { name: 'Add image: keepers.jpg' });
    await dialog.getByRole('textbox', { name: 'Alt text (required)' }).fill('Three keepers in oilskins by a capstan');
    await dialog.getByRole('textbox', { name: 'Caption' }).fill('The keepers after the vote.');
    await dialog.getByRole('button', { name: 'Upload and insert' }).click();
    await body.locator('.editor-figure img').waitFor();
    await scan(page, 'new article in the editor');

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/newsroom\/articles\/\d+\/edit/);
    articleId = Number(/articles\/(\d+)\/edit/.exec(page.url())![1]);
    await expect.poll(() => page.getByRole('textbox', { name: 'Body' }).textContent()).toContain('The sea does not keep office hours.');
    await scan(page, 'saved draft in the editor');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/notice=/);
    // A contributor cannot publish: the button is not offered.
    expect(await page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    await page.close();
  });

  it('shows the editor the story in review, its notification, and a readable diff', async () => {
    const desk = await open(editor, '/newsroom');
    await scan(desk, 'newsroom dashboard');
    await desk.goto(url('/newsroom/notifications'));
    expect(await desk.locator('main').textContent()).toContain(`Mara Quist submitted ${HEADLINE} for review`);
    await scan(desk, 'notifications');
    await desk.goto(url('/newsroom/articles?state=review'));
    await desk.getByRole('link', { name: HEADLINE }).click();
    await desk.waitForURL(new RegExp(`/newsroom/articles/${articleId}/edit`));
    await desk.goto(url(`/newsroom/articles/${articleId}/revisions`));
    await scan(desk, 'revisions');
    await desk
      .getByRole('link', { name: /What changed/ })
      .first()
      .click();
    await desk.waitForURL(/revisions\/compare/);
    await scan(desk, 'revision diff');
    await desk.close();
  });

  it('previews it as an anonymous reader past the meter (the wall) and as a subscriber (everything)', async () => {
    const metered = await open(editor, `/newsroom/articles/${articleId}/preview?as=anonymous-metered`);
    const meteredHtml = await metered.content();
    expect(meteredHtml).toContain('Preview: as an anonymous reader past the meter');
    expect(await metered.locator('#wall-heading').count()).toBe(1);
    expect(meteredHtml).not.toContain(GATED);
    await scan(metered, 'preview past the meter');
    const subscriber = await open(editor, `/newsroom/articles/${articleId}/preview?as=subscriber`);
    expect(await subscriber.content()).toContain(GATED);
    expect(await subscriber.locator('#wall-heading').count()).toBe(0);
    await scan(subscriber, 'preview as a subscriber');
    await metered.close();
    await subscriber.close();
  });

  it('schedules it, and the front shows it when its time comes (the clock moved, not waited for)', async () => {
    const page = await open(editor, `/newsroom/articles/${articleId}/edit`);
    const at = new Date(clock.now().getTime() + 2 * 3_600_000);
    at.setUTCSeconds(0, 0);
    await page.getByLabel('Publication time', { exact: true }).fill(utcToZonedLocal(at.toISOString(), TIME_ZONE));
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/notice=/);
    expect(await page.locator('main').textContent()).toMatch(/Scheduled/);
    await page.close();

    const reader = await browser.newContext();
    const front = await reader.newPage();
    await front.goto(url('/'));
    expect(await front.content()).not.toContain(HEADLINE);
    clock.set(new Date(at.getTime() + 60_000));
    await expect
      .poll(
        async () => {
          await front.goto(url('/'));
          return front.content();
        },
        { timeout: 10_000 },
      )
      .toContain(HEADLINE);
    readerPath = (await front.getByRole('link', { name: HEADLINE }).first().getAttribute('href'))!;
    await reader.close();
  });

  it('adds a correction that readers see at the foot and in the JSON-LD', async () => {
    const page = await open(editor, `/newsroom/articles/${articleId}/corrections`);
    await scan(page, 'corrections');
    await page.getByLabel('Correction', { exact: true }).fill('An earlier version gave the wrong number of keepers.');
    await page.getByRole('button', { name: 'Publish correction' }).click();
    await page.waitForURL(/added=1/);
    await page.goto(url(readerPath));
    // What the contributor wrote in the editor reached the reader's page as written.
    expect(await page.locator('figure.hero figcaption').textContent()).toContain('The tidal gates at slack water.');
    expect(await page.locator('.article-body .pull-quote').textContent()).toContain('The sea does not keep office hours.');
    expect(await page.locator('.article-body .inline-figure img').getAttribute('alt')).toBe('Three keepers in oilskins by a capstan');
    expect(await page.locator('.corrections').textContent()).toContain('An earlier version gave the wrong number of keepers.');
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').first().textContent())!) as {
      correction?: Array<{ text: string }>;
    };
    expect(jsonLd.correction?.map((correction) => correction.text)).toEqual(['An earlier version gave the wrong number of keepers.']);
    await page.close();
  });
});

describe('two editors save the same version', () => {
  it('shows the second both versions, keeps theirs, and loses neither', async () => {
    const first = await open(editor, `/newsroom/articles/${articleId}/edit`);
    const second = await open(secondEditor, `/newsroom/articles/${articleId}/edit`);
    await first.getByLabel('Standfirst', { exact: true }).fill('The first editor’s standfirst.');
    await first.getByRole('button', { name: 'Update live article' }).click();
    await first.waitForURL(/notice=/);
    await second.getByLabel('Standfirst', { exact: true }).fill('The second editor’s standfirst.');
    await second.getByRole('button', { name: 'Update live article' }).click();
    await second.getByRole('heading', { name: 'Someone else saved this article' }).waitFor();
    const conflict = await second.locator('main').textContent();
    expect(conflict).toContain('The first editor’s standfirst.');
    expect(conflict).toContain('The second editor’s standfirst.');
    await scan(second, 'conflict page');
    await second.getByRole('button', { name: 'Keep my version' }).click();
    await second.waitForURL(/\/edit/);
    expect(await second.getByLabel('Standfirst', { exact: true }).inputValue()).toBe('The second editor’s standfirst.');
    const revisions = await open(editor, `/newsroom/articles/${articleId}/revisions`);
    expect(await revisions.locator('main').textContent()).toContain('Noor Hale');
    await first.close();
    await second.close();
    await revisions.close();
  });
});

it('found no accessibility problem on any newsroom page it visited', () => {
  expect(Object.fromEntries(inaccessible)).toEqual({});
});

it('logged no console or CSP error, made no off-site request and threw nothing', () => {
  expect(problems).toEqual([]);
});
