// Preview as a reader, share links and revisions in a real headless Chromium
// (issue 13): an editor previews a Premium draft past the meter (the wall,
// not the gated text) and as a subscriber (all of it), makes a share link that
// a browser without an account opens, and compares two revisions; every one
// of these pages passes axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { systemClock } from '../../src/core/clock.js';
import { createStaffService } from '../../src/features/accounts/staff.service.js';
import { createArticleEditingService } from '../../src/features/articles/articles.service.js';
import type { EditableArticle } from '../../src/features/articles/articles.types.js';
import { checkAccessibility, launchBrowser } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

const run = Date.now().toString(36);
const CANARY = `gated-canary-${run}`;
const paragraph = (text: string) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] });

let server: DemoServer;
let browser: Browser;
let desk: BrowserContext;
let page: Page;
let draft: EditableArticle;
const problems: string[] = [];

function watch(target: Page, label: string) {
  target.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`${label} console: ${message.text()}`);
  });
  target.on('pageerror', (error) => problems.push(`${label} page error: ${error.message}`));
  target.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${label} ${response.status()}: ${response.url()}`);
  });
}

const url = (path: string) => `${server.baseUrl}${path}`;

describe('newsroom preview, share links and revisions in a browser', () => {
  beforeAll(async () => {
    server = await startDemoServer({ environment: { ARGON2_MEMORY_KIB: '8192', ARGON2_ITERATIONS: '1' } });
    browser = await launchBrowser();
    const staff = createStaffService({ db: server.db, clock: systemClock, publicUrl: server.baseUrl });
    const added = await staff.addStaffMember({ email: `preview-editor-${run}@example.com`, role: 'editor', name: 'Noor Haddad' });
    if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
    // The story is written through the editing service (the editor page is another branch's); pages read it from the database.
    const editing = createArticleEditingService({
      db: server.db,
      clock: systemClock,
      timeZone: 'Europe/London',
      changeContent: async (change) => {
        await server.db.transaction().execute((trx) => change(trx));
      },
    });
    const actor = { kind: 'staff' as const, userId: added.member.id, name: 'Noor Haddad', role: 'editor' as const };
    const created = await editing.create(actor, {
      fields: {
        kicker: 'Coast',
        headline: 'Sea wall survey finds weak joints',
        standfirst: 'Engineers walked the length of the wall at low tide.',
        section: 'world',
        authors: ['Noor Haddad'],
        access: 'premium',
        body: {
          type: 'doc',
          content: [
            paragraph('The survey began before dawn on the northern stretch.'),
            paragraph('Engineers marked each joint with chalk as they went.'),
            paragraph('By noon they had reached the old harbour steps.'),
            paragraph('The report lists forty joints in need of repair.'),
            paragraph(`Repairs are expected to start in the spring. ${CANARY}`),
            paragraph('The council will publish the full report next week.'),
          ],
        },
      },
    });
    if (created.kind !== 'saved') throw new Error(JSON.stringify(created));
    const edited = await editing.save(actor, created.article.id, {
      baseVersion: created.article.version,
      action: 'save',
      fields: { headline: 'Sea wall survey finds forty weak joints' },
    });
    if (edited.kind !== 'saved') throw new Error(JSON.stringify(edited));
    draft = edited.article;

    desk = await browser.newContext();
    page = await desk.newPage();
    watch(page, 'desk');
    await page.goto(added.signInLink!.url);
    await page.fill('#field-password', 'a long editorial passphrase');
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await page.waitForURL((current) => !current.pathname.startsWith('/reset-password'));
  }, 60_000);

  afterAll(async () => {
    await desk?.close();
    await browser?.close();
    await server?.close();
  });

  it('previews a Premium draft past the meter (the wall) and as a subscriber (everything), accessibly', async () => {
    const response = await page.goto(url(`/newsroom/articles/${draft.id}/preview?as=anonymous-metered`));
    expect(response?.status()).toBe(200);
    await expect(page.getByText('Preview: as an anonymous reader past the meter').isVisible()).resolves.toBe(true);
    expect(await page.locator('#wall').isVisible()).toBe(true);
    expect(await page.content()).not.toContain(CANARY);
    expect(await checkAccessibility(page)).toEqual([]);

    await page.getByRole('link', { name: 'a subscriber' }).click();
    await page.waitForURL(/as=subscriber$/);
    expect(await page.content()).toContain(CANARY);
    expect(await page.locator('#wall').count()).toBe(0);
    expect(await checkAccessibility(page)).toEqual([]);
  });

  it('makes a share link that a browser without an account reads in full, accessibly', async () => {
    await page.goto(url(`/newsroom/articles/${draft.id}/share-links`));
    expect(await checkAccessibility(page)).toEqual([]);
    await page.selectOption('#share-link-expiry', '1');
    await page.getByRole('button', { name: 'Create share link' }).click();
    const link = await page.locator('#share-link-url').inputValue();
    expect(link).toMatch(/\/preview\/[A-Za-z0-9_-]{43}$/);
    expect(await checkAccessibility(page)).toEqual([]);

    const stranger = await browser.newContext();
    try {
      const reader = await stranger.newPage();
      watch(reader, 'stranger');
      const response = await reader.goto(link);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['x-robots-tag']).toBe('noindex, nofollow');
      expect(await reader.content()).toContain(CANARY);
      expect(await checkAccessibility(reader)).toEqual([]);
    } finally {
      await stranger.close();
    }
  });

  it('lists the revisions and shows a readable diff between two, accessibly', async () => {
    await page.goto(url(`/newsroom/articles/${draft.id}/revisions`));
    expect(await checkAccessibility(page)).toEqual([]);
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\/revisions\/compare\?from=\d+&to=\d+$/);
    expect(await page.locator('ins').first().textContent()).toContain('forty');
    expect(await checkAccessibility(page)).toEqual([]);
  });

  it('logged no console error and threw nothing', () => {
    expect(problems).toEqual([]);
  });
});
