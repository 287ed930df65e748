// Comments and community in a real headless Chromium (issue 5): two readers
// register and confirm their addresses from the emails a real SMTP server
// received, converse in replies, one follows the other and sees their comment
// in the Following feed and a notification; a new comment arrives live in a
// second page; the forms work without JavaScript; a reader reports a comment,
// a moderator rejects it and bans its author, whose next post is refused with
// nothing stored; axe-core finds nothing on any community or moderation page.
// Journeys run in order and share the server, the readers and the article.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { systemClock } from '../../src/core/clock.js';
import { demoArticles } from '../../src/demo/content/index.js';
import { createStaffService } from '../../src/features/accounts/staff.service.js';
import { readSitemapArticlePaths } from '../../src/features/articles/testing/sitemap-reading.js';
import { checkAccessibility, launchBrowser, waitForProofOfWork } from '../support/browser.js';
import { commentCard as card, postComment, postedCommentId, replyToComment } from '../support/comment-thread.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { confirmEmailFromInbox, fillRegistration, type TestReader as Reader } from '../support/reader-accounts.js';
import type { TestInbox } from '../support/test-inbox.js';

// ALTCHA and Argon2 at their floor as in accounts.e2e: these journeys are about
// the conversation, not the cost settings. Confirming an address is part of the
// journey (REQUIRE_VERIFIED_EMAIL_TO_COMMENT keeps its default, true).
const ENVIRONMENT = {
  ALTCHA_COST: '50',
  ALTCHA_MAX_COUNTER: '400',
  ARGON2_MEMORY_KIB: '8192',
  ARGON2_ITERATIONS: '1',
};

const run = Date.now().toString(36);
const maren: Reader = {
  email: `maren-${run}@example.com`,
  password: 'Ferry-Lantern-58',
  firstName: 'Maren',
  lastName: 'Holt',
  dateOfBirth: '1979-11-02',
};
const tobias: Reader = {
  email: `tobias-${run}@example.com`,
  password: 'Copper-Kettle-14',
  firstName: 'Tobias',
  lastName: 'Wren',
  dateOfBirth: '1993-06-21',
};
const nameOf = (reader: Reader) => `${reader.firstName} ${reader.lastName}`;

// Every comment's text is different: the duplicate-text rate limit would refuse a repeat.
const TEXT = {
  first: `The harbour plan reads well, but who pays for the dredging? (${run})`,
  reply: `The port authority does, according to the council minutes from March. (${run})`,
  followed: `A second thought: the ferry timetable should be published before the vote. (${run})`,
  live: `Just back from the meeting: the vote is postponed to next month. (${run})`,
  noScript: `Read without scripts, posted without scripts. (${run})`,
  noScriptReply: `Agreed: the timetable matters more than the vote date. (${run})`,
  held: `Sources: https://example.org/a https://example.org/b https://example.org/c (${run})`,
  afterBan: `Posting again after moderation. (${run})`,
};
const REPORT_DETAILS = 'It names a council employee and mocks them.';
const REJECT_REASON = 'Personal remarks about a named employee.';
const BAN_REASON = 'Repeated personal remarks after warnings.';

let server: DemoServer;
let inbox: TestInbox;
let browser: Browser;
let threadPath: string;
let articleId: number;
/** Maren (reader A) and Tobias (reader B): one browser context each, JavaScript on. */
let marenContext: BrowserContext;
let tobiasContext: BrowserContext;
let marenPage: Page;
let tobiasPage: Page;
let marenId: number;
let tobiasId: number;
const commentIds: Partial<Record<keyof typeof TEXT, number>> = {};
const problems: string[] = [];
/** Failed responses a journey provokes on purpose ("METHOD /path status"), so the watcher lets them pass. */
const expectedFailures = new Set<string>();
/** axe-core's findings on each moderation page the journey passes through, asserted in a test of their own so a finding does not cut the journey short. */
const moderationScans = new Map<string, string[]>();

const url = (path: string) => server.baseUrl + path;

function idOf(key: keyof typeof TEXT): number {
  const id = commentIds[key];
  if (id === undefined) throw new Error(`No "${key}" comment was posted by an earlier journey`);
  return id;
}

function isExpected(method: string, address: string, status: number): boolean {
  const path = new URL(address).pathname;
  return [...expectedFailures].some((entry) => {
    const [expectedMethod, expectedPath, expectedStatus] = entry.split(' ');
    return expectedMethod === method && path === expectedPath && String(status) === expectedStatus;
  });
}

/** Records requests off the site, console errors (CSP violations among them), uncaught errors and unexpected failed responses. */
function watch(watched: BrowserContext): void {
  watched.on('request', (request) => {
    if (!request.url().startsWith(`${server.baseUrl}/`) && !request.url().startsWith('data:'))
      problems.push(`off-site request: ${request.url()}`);
  });
  watched.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    // Chromium logs a page's own error status (the deliberate 403 below) as a failed resource.
    const status = /status of (\d{3})/.exec(message.text())?.[1];
    const path = message.location().url ? new URL(message.location().url).pathname : '';
    if (status && [...expectedFailures].some((entry) => entry.endsWith(` ${path} ${status}`))) return;
    problems.push(`console: ${message.location().url}: ${message.text()}`);
  });
  watched.on('weberror', (error) => problems.push(`uncaught: ${error.error().message}`));
  watched.on('response', (response) => {
    const method = response.request().method();
    if (response.status() >= 400 && !isExpected(method, response.url(), response.status()))
      problems.push(`${response.status()} ${method} ${response.url()}`);
  });
}

async function newContext(options: {
  javaScriptEnabled: boolean;
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>;
}): Promise<BrowserContext> {
  const created = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  watch(created);
  return created;
}

async function visit(on: Page, path: string): Promise<void> {
  const response = await on.goto(url(path));
  expect(response?.status(), path).toBe(200);
}

/** Registers from the thread page's "register" link and lands back on the thread, signed in. */
async function registerFromThread(on: Page, reader: Reader): Promise<void> {
  await visit(on, threadPath);
  await on.locator('.comment-join').getByRole('link', { name: 'register' }).click();
  await on.waitForURL(url(`/register?next=${encodeURIComponent(threadPath)}`));
  await fillRegistration(on, reader);
  await waitForProofOfWork(on);
  await on.getByRole('button', { name: 'Register' }).click();
  await on.waitForURL(url(threadPath));
  // Signed in, not yet confirmed: the thread explains why there is no form.
  expect(await on.locator('.comment-join').textContent()).toContain('Please confirm your email address');
  expect(await on.locator('form#join').count()).toBe(0);
}

async function notificationsLinkText(on: Page): Promise<string> {
  return ((await on.locator('.account-nav a[href="/notifications"]').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function expectAccessible(on: Page, path: string): Promise<void> {
  await visit(on, path);
  expect(await on.locator('h1').count(), path).toBe(1);
  expect(await checkAccessibility(on), path).toEqual([]);
}

async function scanModerationPage(on: Page, name: string): Promise<void> {
  moderationScans.set(name, await checkAccessibility(on));
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer({ environment: ENVIRONMENT, inbox: true }), launchBrowser()]);
  inbox = server.inbox!;
  const paths = [...(await readSitemapArticlePaths(async (path) => (await fetch(url(path))).text())).values()];
  // A free article: reading it (and its comments) never touches the meter.
  const article = demoArticles.find(
    (candidate) => candidate.access === 'free' && paths.some((path) => path.endsWith(`/${candidate.slug}`)),
  );
  if (!article) throw new Error('The demo newspaper has no free article in its sitemap');
  const articlePath = paths.find((path) => path.endsWith(`/${article.slug}`))!;
  threadPath = `${articlePath}/comments`;
  const row = await server.db.selectFrom('articles').select('id').where('slug', '=', article.slug).executeTakeFirstOrThrow();
  articleId = row.id;
  [marenContext, tobiasContext] = await Promise.all([newContext({ javaScriptEnabled: true }), newContext({ javaScriptEnabled: true })]);
  [marenPage, tobiasPage] = await Promise.all([marenContext.newPage(), tobiasContext.newPage()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('comments and community in Chromium', () => {
  it('leads an anonymous reader from the article to its thread, which invites them to sign in or register, accessibly', async () => {
    await visit(marenPage, threadPath.slice(0, -'/comments'.length));
    await marenPage.getByRole('link', { name: 'Read and join the conversation' }).click();
    await marenPage.waitForURL(url(`${threadPath}#join`));
    expect(await marenPage.locator('h1').textContent()).toMatch(/^Comments on “.+”$/);
    expect(await marenPage.locator('.comment-empty').textContent()).toBe('No comments yet.');
    expect(await marenPage.locator('.comment-join').textContent()).toContain('Sign in or register to join the conversation.');
    expect(await checkAccessibility(marenPage)).toEqual([]);
  });

  it('registers two readers who confirm their addresses from the emails, and then see the form', async () => {
    await Promise.all([registerFromThread(marenPage, maren), registerFromThread(tobiasPage, tobias)]);
    const confirm = (on: Page, reader: Reader) => confirmEmailFromInbox(on, { inbox, baseUrl: server.baseUrl, email: reader.email });
    await Promise.all([confirm(marenPage, maren), confirm(tobiasPage, tobias)]);
    for (const on of [marenPage, tobiasPage]) {
      await visit(on, threadPath);
      expect(await on.locator('form#join').isVisible()).toBe(true);
      expect(await notificationsLinkText(on)).toBe('Notifications');
    }
  });

  it('two readers converse in replies: the reply lands in the thread under its parent, with "in reply to" context', async () => {
    commentIds.first = await postComment(marenPage, TEXT.first);
    expect(await card(marenPage, idOf('first')).locator('.comment-body').textContent()).toBe(TEXT.first);
    expect(await marenPage.locator('[data-comment-count]').first().textContent()).toBe('1');
    marenId = Number((await card(marenPage, idOf('first')).locator('a.comment-author').getAttribute('href'))!.split('/').pop());

    await visit(tobiasPage, threadPath);
    commentIds.reply = await replyToComment(tobiasPage, { parentId: idOf('first'), parentAuthor: nameOf(maren), text: TEXT.reply });
    expect(tobiasPage.url()).toBe(url(`${threadPath}#comment-${idOf('reply')}`));
    const nested = tobiasPage.locator(`#comment-${idOf('first')} > ol.comment-replies > #comment-${idOf('reply')}`);
    expect(await nested.count()).toBe(1);
    tobiasId = Number((await card(tobiasPage, idOf('reply')).locator('a.comment-author').getAttribute('href'))!.split('/').pop());
    expect(tobiasId).not.toBe(marenId);

    await marenPage.reload();
    const replyCard = card(marenPage, idOf('reply'));
    expect(await replyCard.locator('.comment-body').textContent()).toBe(TEXT.reply);
    expect(await replyCard.getByRole('link', { name: nameOf(tobias), exact: true }).getAttribute('href')).toBe(`/readers/${tobiasId}`);
    const context = replyCard.locator('.comment-context');
    expect((await context.textContent())?.replace(/\s+/g, ' ').trim()).toBe(`in reply to ${nameOf(maren)}`);
    expect(await context.getByRole('link').getAttribute('href')).toBe(`#comment-${idOf('first')}`);
    expect(await marenPage.locator('[data-comment-count]').first().textContent()).toBe('2');
  });

  it('notifies the reader replied to: a badge in the header, an entry on /notifications, the reply on /account/replies, and an email', async () => {
    expect(await notificationsLinkText(marenPage)).toBe('Notifications (1 unread)');
    await marenPage
      .locator('.account-nav')
      .getByRole('link', { name: /^Notifications/ })
      .click();
    await marenPage.waitForURL(url('/notifications'));
    const entries = marenPage.locator('ol.notifications > li');
    expect(await entries.count()).toBe(1);
    const entry = entries.first();
    expect((await entry.locator('.comment-meta').textContent())?.replace(/\s+/g, ' ')).toContain(
      `New: ${nameOf(tobias)} replied to your comment`,
    );
    expect(await entry.locator('.comment-text').textContent()).toBe(TEXT.reply);
    expect(await entry.getByRole('link', { name: 'View the reply in its thread' }).getAttribute('href')).toContain(
      `#comment-${idOf('reply')}`,
    );

    await visit(marenPage, '/account/replies');
    const replies = marenPage.locator('ol.comment-cards > li');
    expect(await replies.count()).toBe(1);
    expect((await replies.first().locator('.comment-meta').textContent())?.replace(/\s+/g, ' ')).toContain(`${nameOf(tobias)} replied`);
    expect(await replies.first().locator('.reply-context q').textContent()).toBe(TEXT.first);
    expect(await replies.first().locator('.comment-text').textContent()).toBe(TEXT.reply);

    // Direct replies are emailed by default (follows are not).
    const email = await inbox.waitFor(maren.email, new RegExp(`^${nameOf(tobias)} replied to your comment$`));
    expect(email.text).toContain(TEXT.reply);
  });

  it("follows a reader from their profile; their next comment is in the follower's Following feed and notifications", async () => {
    await visit(tobiasPage, threadPath);
    await card(tobiasPage, idOf('first'))
      .getByRole('link', { name: nameOf(maren), exact: true })
      .click();
    await tobiasPage.waitForURL(url(`/readers/${marenId}`));
    expect(await tobiasPage.locator('h1').textContent()).toBe(nameOf(maren));
    expect(await tobiasPage.locator('.profile-follows').textContent()).toContain('0 followers');
    await tobiasPage.getByRole('button', { name: `Follow ${nameOf(maren)}` }).click();
    await tobiasPage.waitForURL(url(`/readers/${marenId}`));
    expect(await tobiasPage.getByRole('button', { name: `Unfollow ${nameOf(maren)}` }).count()).toBe(1);
    expect(await tobiasPage.locator('.profile-follows').textContent()).toContain('1 follower');
    await tobiasPage.locator('.profile-follows').getByRole('link', { name: '1 follower' }).click();
    await tobiasPage.waitForURL(url(`/readers/${marenId}/followers`));
    expect(await tobiasPage.locator('ul.reader-list > li').allTextContents()).toEqual([expect.stringContaining(nameOf(tobias))]);

    await visit(marenPage, threadPath);
    commentIds.followed = await postComment(marenPage, TEXT.followed);

    await visit(tobiasPage, '/following');
    const feedCard = tobiasPage.locator(`ol.comment-cards > #comment-${idOf('followed')}`);
    expect((await feedCard.locator('.comment-meta').textContent())?.replace(/\s+/g, ' ')).toContain(`${nameOf(maren)} commented`);
    expect(await feedCard.locator('.comment-text').textContent()).toBe(TEXT.followed);

    expect(await notificationsLinkText(tobiasPage)).toBe('Notifications (1 unread)');
    await visit(tobiasPage, '/notifications');
    const entries = tobiasPage.locator('ol.notifications > li');
    expect(await entries.count()).toBe(1);
    expect((await entries.first().locator('.comment-meta').textContent())?.replace(/\s+/g, ' ')).toContain(
      `New: ${nameOf(maren)} commented`,
    );
    expect(await entries.first().locator('.comment-text').textContent()).toBe(TEXT.followed);
  });

  it('shows a new comment live in a second open page, without a reload, and updates the count', async () => {
    const live = await tobiasContext.newPage();
    try {
      // The stream's response headers come once the server has subscribed this page to the article.
      const [stream] = await Promise.all([
        live.waitForResponse((response) => new URL(response.url()).pathname === `/comments/live/${articleId}`),
        visit(live, threadPath),
      ]);
      expect(stream.status()).toBe(200);
      const countBefore = Number(await live.locator('[data-comment-count]').first().textContent());
      await live.evaluate(() => {
        (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }).document.body.dataset.loadedOnce = 'yes';
      });

      await visit(marenPage, threadPath);
      commentIds.live = await postComment(marenPage, TEXT.live);

      const arrived = live.locator(`ol.comment-list > #comment-${idOf('live')}`);
      await arrived.waitFor({ timeout: 10_000 });
      expect(await arrived.locator('.comment-body').textContent()).toBe(TEXT.live);
      expect(await live.locator('[data-comment-count]').first().textContent()).toBe(String(countBefore + 1));
      // Still the same document: nothing reloaded it.
      expect(await live.locator('body').getAttribute('data-loaded-once')).toBe('yes');
      await live.getByRole('status').filter({ hasText: '1 new comment' }).waitFor({ timeout: 5_000 });
    } finally {
      await live.close();
    }
  });

  it('works without JavaScript: a reader posts a comment and a reply with the plain forms', async () => {
    const noScript = await newContext({ javaScriptEnabled: false, storageState: await tobiasContext.storageState() });
    try {
      const plain = await noScript.newPage();
      await visit(plain, threadPath);
      commentIds.noScript = await postComment(plain, TEXT.noScript);
      expect(await card(plain, idOf('noScript')).locator('.comment-body').textContent()).toBe(TEXT.noScript);

      commentIds.noScriptReply = await replyToComment(plain, {
        parentId: idOf('followed'),
        parentAuthor: nameOf(maren),
        text: TEXT.noScriptReply,
      });
      const nested = plain.locator(`#comment-${idOf('followed')} > ol.comment-replies > #comment-${idOf('noScriptReply')}`);
      expect(await nested.locator('.comment-body').first().textContent()).toBe(TEXT.noScriptReply);
    } finally {
      await noScript.close();
    }
  });

  it('passes axe on every community page', async () => {
    // Maren: the thread with comments, an open reply form and the join form; a conversation's own page; profiles and lists; her personal pages.
    await visit(marenPage, `${threadPath}?reply=${idOf('reply')}`);
    expect(await marenPage.locator(`form#reply-${idOf('reply')}`).isVisible()).toBe(true);
    expect(await marenPage.locator('form#join').isVisible()).toBe(true);
    expect(await checkAccessibility(marenPage), 'thread with reply form').toEqual([]);
    for (const path of [
      `/comments/${idOf('first')}`,
      `/readers/${tobiasId}`,
      `/readers/${marenId}`,
      `/readers/${marenId}/followers`,
      `/readers/${tobiasId}/following`,
      '/account/replies',
      '/notifications',
      '/account/notifications',
    ]) {
      await expectAccessible(marenPage, path);
    }
    // Tobias: the Following feed.
    await expectAccessible(tobiasPage, '/following');
  });

  it('lets a reader report a comment; a moderator rejects it with a reason and bans its author, whose next post is refused and not stored', async () => {
    // A link-heavy comment from a new account is held: the pending queue has something to show.
    await visit(marenPage, threadPath);
    await marenPage.fill('#join-body', TEXT.held);
    await marenPage.locator('form#join').getByRole('button', { name: 'Post comment' }).click();
    await marenPage.waitForURL(/notice=held/);
    expect(await marenPage.locator('.site-notice').textContent()).toContain('once a moderator has approved it');
    commentIds.held = postedCommentId(marenPage);

    // Maren reports Tobias's reply.
    await card(marenPage, idOf('reply')).getByRole('link', { name: 'Report' }).click();
    await marenPage.waitForURL(url(`/comments/${idOf('reply')}/report`));
    expect(await checkAccessibility(marenPage), 'report form').toEqual([]);
    await marenPage.getByLabel('Shares personal information').check();
    await marenPage.getByLabel(/Anything else the moderators should know/).fill(REPORT_DETAILS);
    await marenPage.getByRole('button', { name: 'Send report' }).click();
    await marenPage.waitForLoadState();
    expect(await marenPage.locator('h1').textContent()).toBe('Thank you for your report');

    // Tobias has the thread open, form and all, while the moderators act.
    await visit(tobiasPage, threadPath);

    // A moderator: a staff member added as the CLI does, who sets a password from the one-time link.
    const staff = createStaffService({ db: server.db, clock: systemClock, publicUrl: server.baseUrl });
    const added = await staff.addStaffMember({ email: `moderator-${run}@example.com`, role: 'moderator', name: 'Rosa Lindqvist' });
    if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
    const moderatorContext = await newContext({ javaScriptEnabled: true });
    try {
      const desk = await moderatorContext.newPage();
      await desk.goto(added.signInLink!.url);
      await desk.fill('#field-password', 'a careful moderation passphrase');
      await desk.getByRole('button', { name: 'Save my new password' }).click();
      await desk.waitForURL((current) => !current.pathname.startsWith('/reset-password'));

      await visit(desk, '/newsroom/moderation');
      expect(await desk.locator(`#comment-${idOf('held')}-heading`).textContent()).toBe(`Comment ${idOf('held')} by ${nameOf(maren)}`);
      await scanModerationPage(desk, 'pending queue');

      await desk.locator('nav[aria-label="Moderation"]').getByRole('link', { name: 'Reported' }).click();
      await desk.waitForURL(url('/newsroom/moderation/reported'));
      const reported = desk.locator('article.moderation-comment', { has: desk.locator(`#comment-${idOf('reply')}-heading`) });
      expect(await reported.locator('.comment-body').textContent()).toBe(TEXT.reply);
      expect(await reported.locator('.moderation-reports li').allTextContents()).toEqual([
        `Shares personal information: ${REPORT_DETAILS}`,
      ]);
      await scanModerationPage(desk, 'reported queue');
      await reported.getByLabel(`Reason for rejecting comment ${idOf('reply')}`).fill(REJECT_REASON);
      await reported.getByRole('button', { name: 'Reject' }).click();
      await desk.waitForURL(url('/newsroom/moderation/reported?notice=comment-rejected'));
      expect(await desk.locator('.site-notice').textContent()).toBe('The comment is rejected.');
      expect(await desk.locator(`#comment-${idOf('reply')}-heading`).count()).toBe(0);

      // From the comment in the recent queue to its author's page, and the ban.
      await visit(desk, '/newsroom/moderation/recent');
      const rejected = desk.locator('article.moderation-comment', { has: desk.locator(`#comment-${idOf('reply')}-heading`) });
      expect(await rejected.locator('.card-meta').textContent()).toContain('Rejected');
      expect(await rejected.textContent()).toContain(`Reason: ${REJECT_REASON}`);
      await scanModerationPage(desk, 'recent queue');
      await rejected.getByRole('link', { name: 'About this reader' }).click();
      await desk.waitForURL(url(`/newsroom/moderation/readers/${tobiasId}`));
      expect(await desk.locator('h1').textContent()).toBe(`Reader: ${nameOf(tobias)}`);
      await scanModerationPage(desk, 'reader page');
      await desk.getByLabel('Reason for the ban').fill(BAN_REASON);
      await desk.getByRole('button', { name: 'Ban', exact: true }).click();
      await desk.waitForURL(/\/newsroom\/moderation\/readers\/\d+\?notice=/);
      expect(await desk.locator('.site-notice').textContent()).toBe('The reader is banned.');
      expect(await desk.locator('dt:text-is("Standing") + dd').textContent()).toBe('Banned');
      expect(await desk.locator('dt:text-is("Reason given") + dd').textContent()).toBe(BAN_REASON);
      await scanModerationPage(desk, 'reader page, banned');

      await visit(desk, '/newsroom/moderation/log');
      const log = desk.locator('table tbody');
      expect(await log.textContent()).toContain(REJECT_REASON);
      expect(await log.textContent()).toContain(BAN_REASON);
      await scanModerationPage(desk, 'audit log');
      for (const path of ['/newsroom/moderation/banned-words', `/newsroom/moderation/articles/${articleId}`]) {
        await visit(desk, path);
        await scanModerationPage(desk, path);
      }
    } finally {
      await moderatorContext.close();
    }

    // The rejected reply's words are gone from the thread.
    await visit(marenPage, threadPath);
    expect(await marenPage.locator('.comments-page').textContent()).not.toContain(TEXT.reply);

    // Tobias, banned while his thread page was open, posts from it: 403, a clear message, nothing stored.
    expectedFailures.add('POST /comments 403');
    await tobiasPage.fill('#join-body', TEXT.afterBan);
    const [refused] = await Promise.all([
      tobiasPage.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/comments'),
      tobiasPage.locator('form#join').getByRole('button', { name: 'Post comment' }).click(),
    ]);
    expect(refused.status()).toBe(403);
    await tobiasPage.waitForLoadState();
    expect(await tobiasPage.locator('h1').textContent()).toBe('Not allowed');
    expect(await tobiasPage.locator('main').textContent()).toContain('your account has been barred from commenting by our moderators');
    const stored = await server.db.selectFrom('comments').select('id').where('body', '=', TEXT.afterBan).execute();
    expect(stored).toEqual([]);
    await visit(marenPage, threadPath);
    expect(await marenPage.locator('.comments-page').textContent()).not.toContain(TEXT.afterBan);
    // Opened afresh, the thread tells him why and offers no form the server would refuse.
    await visit(tobiasPage, threadPath);
    expect(await tobiasPage.locator('.comments-page').textContent()).toContain(
      'your account has been barred from commenting by our moderators',
    );
    expect(await tobiasPage.locator('form#join').count()).toBe(0);
  });

  it('passes axe on every moderation page: the queues (each with a comment), a reader, an article, banned words and the log', () => {
    expect([...moderationScans.keys()]).toEqual([
      'pending queue',
      'reported queue',
      'recent queue',
      'reader page',
      'reader page, banned',
      'audit log',
      '/newsroom/moderation/banned-words',
      `/newsroom/moderation/articles/${articleId}`,
    ]);
    expect(Object.fromEntries(moderationScans)).toEqual(Object.fromEntries([...moderationScans.keys()].map((name) => [name, []])));
  });

  // Runs last: what every journey above made the browsers do.
  it('stayed on the site, logged no console or CSP error, threw nothing, and got no unexpected failed response', () => {
    expect(problems).toEqual([]);
  });
});
