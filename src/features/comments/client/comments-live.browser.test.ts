// The live-comments script in a real headless Chromium, under the site's CSP,
// against the real stream route and the bundled script, with a stand-in thread
// page and fragment route (those belong to the thread page; the full journey
// is in tests/e2e).
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerErrorHandling } from '../../../core/http/error-handler.js';
import { registerRouteInput } from '../../../core/http/route-input.js';
import { registerSecurityHeaders } from '../../../core/http/security-headers.js';
import { registerStaticAssets } from '../../../core/http/static-assets.js';
import { launchBrowser } from '../../../../tests/support/browser.js';
import { commentScripts } from '../comment-scripts.js';
import { createInProcessBroadcaster } from '../comments-live.js';
import { registerCommentsLiveRoutes } from '../comments-live.routes.js';

const ARTICLE_ID = 7;

const comment = (id: number, text: string, parentId?: number) =>
  `<li class="comment" id="comment-${id}"${parentId ? ` data-parent-id="${parentId}"` : ''}><p>${text}</p></li>`;

/** What the fragment route would render for each visible comment. */
const FRAGMENTS = new Map<number, string>([
  [10, comment(10, 'A new top-level comment')],
  [11, comment(11, 'A reply to the first comment', 1)],
  [12, comment(12, 'A first reply to the second comment', 2)],
  [13, comment(13, 'A reply to a comment on another page', 999)],
  [14, `${comment(14, 'Two items')}${comment(15, 'in one fragment')}`],
  [16, comment(16, 'A reply in a thread continued elsewhere', 2)],
  [17, comment(17, 'A reply deep in a continued thread', 4)],
]);

function threadPage(scriptHref: string, stylesheetHref: string, liveQuery = ''): string {
  return `<!doctype html><html lang="en"><head><title>Thread</title><link rel="stylesheet" href="${stylesheetHref}"><script type="module" src="${scriptHref}"></script></head>
<body><main><h1>Comments (<span data-comment-count>3</span>)</h1><p class="comment-empty">No comments yet.</p>
<ol class="comment-list" data-live-url="/comments/live/${ARTICLE_ID}${liveQuery}" data-article-id="${ARTICLE_ID}">
<li class="comment" id="comment-1"><p>The first comment</p><ol class="comment-replies"><li class="comment" id="comment-3"><p>An earlier reply</p></li></ol></li>
<li class="comment" id="comment-2"><p>The second comment</p></li>
<li class="comment" id="comment-4"><p>A deep comment</p><p class="comment-continue"><a href="/comments/4">Continue this thread</a></p></li>
</ol><p>Total: <span data-comment-count>3</span></p></main></body></html>`;
}

describe('live comments in the browser', () => {
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;
  const broadcaster = createInProcessBroadcaster();
  const problems: string[] = [];

  beforeAll(async () => {
    app = Fastify({ logger: false });
    registerSecurityHeaders(app, { isHttps: false });
    registerRouteInput(app);
    registerErrorHandling(app, pino({ level: 'silent' }), async (status) => `<!doctype html><title>${status}</title>`);
    const assets = registerStaticAssets(app, { comments: commentScripts });
    registerCommentsLiveRoutes(app, {
      broadcaster,
      mayRead: async (_request, _reply, articleId) => articleId === ARTICLE_ID,
      // Only the replay page opens its stream with a mark (after=0): it missed comment 10, and more.
      missedComments: async (_articleId, afterSeq) =>
        afterSeq === 0
          ? { comments: [{ commentId: 10, seq: 1 }], count: 4, isPartial: true }
          : { comments: [], count: 0, isPartial: false },
    });
    app.get('/thread', (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(threadPage(assets.scripts.comments[0]!, assets.stylesheetHref)),
    );
    app.get('/thread-replay', (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(threadPage(assets.scripts.comments[0]!, assets.stylesheetHref, '?after=0')),
    );
    app.get<{ Params: { id: string } }>(
      '/comments/:id/fragment',
      { schema: { params: z.object({ id: z.string() }) } },
      (request, reply) => {
        const fragment = FRAGMENTS.get(Number(request.params.id));
        return fragment ? reply.type('text/html; charset=utf-8').send(fragment) : reply.callNotFound();
      },
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('404')) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${baseUrl}/thread`);
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelector(selector: string): unknown } }).document.querySelector(
          '[aria-live="polite"]',
        ) !== null,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  // Numbered after anything the replay page's mark covers, as the article's publication sequence would be.
  let lastSeq = 100;
  const publish = (commentId: number, count: number) =>
    broadcaster.publish({ type: 'comment', articleId: ARTICLE_ID, commentId, seq: ++lastSeq, count });
  const idsIn = (selector: string) =>
    page.locator(`${selector} > li`).evaluateAll((items) => items.map((item) => (item as unknown as { id: string }).id));

  it('appends a new top-level comment, updates every count and announces it politely', async () => {
    // The stream may still be connecting: publish until the script has it.
    await expect
      .poll(async () => {
        publish(10, 3);
        return page.locator('#comment-10').count();
      })
      .toBe(1);
    expect(await idsIn('ol.comment-list')).toEqual(['comment-1', 'comment-2', 'comment-4', 'comment-10']);
    expect(await page.locator('.comment-empty').count()).toBe(0);
    expect(await page.locator('[data-comment-count]').allTextContents()).toEqual(['3', '3']);
    await expect.poll(() => page.locator('[aria-live="polite"]').textContent()).toMatch(/^\d+ new comments?$/);
  });

  it('puts replies under their parent, creating the parent’s reply list when it has none', async () => {
    publish(11, 4);
    publish(12, 5);
    await page.locator('#comment-12').waitFor();
    expect(await idsIn('#comment-1 > ol.comment-replies')).toEqual(['comment-3', 'comment-11']);
    expect(await idsIn('#comment-2 > ol.comment-replies')).toEqual(['comment-12']);
    expect(await page.locator('[data-comment-count]').allTextContents()).toEqual(['5', '5']);
  });

  it('leaves replies under a comment whose thread continues on its own page to that page', async () => {
    publish(17, 6);
    publish(16, 7);
    await page.locator('#comment-16').waitFor();
    expect(await page.locator('#comment-17').count()).toBe(0);
    expect(await page.locator('#comment-4 ol').count()).toBe(0);
  });

  it('ignores a comment already on the page, and one the reader may not see, but still updates the count', async () => {
    publish(10, 8);
    publish(404, 9);
    await expect.poll(() => page.locator('[data-comment-count]').first().textContent()).toBe('9');
    expect(await page.locator('#comment-10').count()).toBe(1);
    expect(await page.locator('#comment-404').count()).toBe(0);
  });

  it('inserts nothing but one fragment root, and shows a refresh notice for a reply whose parent is not on the page', async () => {
    publish(14, 10);
    publish(13, 11);
    await page.locator('.comments-live-notice').waitFor();
    expect(await page.locator('.comments-live-notice').textContent()).toBe('New comments — refresh');
    expect(await page.locator('.comments-live-notice a').getAttribute('href')).toBe(`${baseUrl}/thread`);
    expect(await page.locator('#comment-13, #comment-14, #comment-15').count()).toBe(0);
    publish(13, 11);
    await expect.poll(() => page.locator('.comments-live-notice').count()).toBe(1);
  });

  it('shows the comments missed before the stream opened, and offers a refresh when more were missed', async () => {
    const replayPage = await browser.newPage();
    replayPage.on('pageerror', (error) => problems.push(error.message));
    await replayPage.goto(`${baseUrl}/thread-replay`);
    await replayPage.locator('#comment-10').waitFor();
    await replayPage.locator('.comments-live-notice').waitFor();
    expect(await replayPage.locator('[data-comment-count]').allTextContents()).toEqual(['4', '4']);
    await replayPage.close();
  });

  it('ran without script errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
