// The waiting list's promotion email and attendees' questions in a real
// headless Chromium on the demo paper, its email going over real SMTP to a
// loopback inbox: the event full, reader B waits, reader A cancels in the
// browser, B is promoted and receives "A seat opened up" with the .ics
// invitation (read by mailparser, then ical.js, as mail and calendar clients
// would); B's page then shows "Cancel my place" and the join link. Then an
// attendee asks a question with the form (an empty one first: the message by
// the field) and upvotes it; a moderator marks it answered in the newsroom's
// queue and the reader sees "Answered". axe finds nothing on the event page
// with questions, nor on the staff queue.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixedClock } from '../../src/core/clock.js';
import { insertSession } from '../../src/core/http/sessions.repository.js';
import { hashToken, randomToken } from '../../src/core/security/tokens.js';
import { createStaffService } from '../../src/features/accounts/staff.service.js';
import { insertUser } from '../../src/features/accounts/testing/user-fixtures.js';
import { parseCalendar } from '../../src/features/events/testing/parse-calendar.js';
import { checkAccessibility, launchBrowser, watchPage } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

// The demo's events are placed relative to this moment (src/demo/content/events.ts).
const clock = fixedClock('2026-12-06T10:00:00.000Z');
const EVENT = 'reporting-from-the-coast';
const PASSWORD = 'a long newsroom passphrase';

let server: DemoServer;
let browser: Browser;
const problems: string[] = [];
const url = (path: string) => server.baseUrl + path;

function watch(page: Page): void {
  watchPage(page, { problems, origin: () => server.baseUrl });
}

let readerCount = 0;
/** A page signed in as a new reader (session stored as sign-in stores one), and their address. */
async function readerPage(): Promise<{ page: Page; email: string }> {
  const now = clock.now().toISOString();
  const email = `waiting-list-${++readerCount}-${Date.now()}@example.com`;
  const userId = await insertUser(server.db, {
    ...{ email, passwordHash: null, firstName: 'Tamsin', lastName: `Reader ${readerCount}`, dateOfBirth: null },
    ...{ role: 'reader', marketingOptOut: true, now },
  });
  // Asking, like commenting, needs a confirmed address.
  await server.db.updateTable('users').set({ email_verified_at: now }).where('id', '=', userId!).execute();
  const token = randomToken();
  await insertSession(server.db, {
    id: hashToken(token),
    userId: userId!,
    createdAt: now,
    expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
    userAgent: 'e2e',
    ipAddress: '127.0.0.1',
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'mh_session', value: token, url: server.baseUrl }]);
  const page = await context.newPage();
  watch(page);
  return { page, email };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer({ clock, inbox: true }), launchBrowser()]);
  // One seat, so the second reader meets the waiting list.
  await server.db.updateTable('events').set({ capacity: 1 }).where('slug', '=', EVENT).execute();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('promotes the waiting reader when the attendee cancels: the email with its invitation arrives and the page offers the join link', async () => {
  const a = await readerPage();
  const b = await readerPage();
  await a.page.goto(url(`/events/${EVENT}`));
  await a.page.getByRole('button', { name: 'Sign up' }).click();
  await a.page.waitForURL((current) => current.searchParams.get('notice') === 'signed-up');
  await b.page.goto(url(`/events/${EVENT}`));
  await b.page.getByRole('button', { name: 'Join the waiting list' }).click();
  await b.page.waitForURL((current) => current.searchParams.get('notice') === 'waiting');
  expect(await b.page.getByRole('button', { name: 'Ask' }).count()).toBe(0);

  await a.page.getByRole('button', { name: 'Cancel my place' }).click();
  await a.page.waitForURL((current) => current.searchParams.get('notice') === 'cancelled');

  const mail = await server.inbox!.waitFor(b.email, /A seat opened up/);
  expect(mail.subject).toContain('Reporting from the coast');
  const invitation = mail.attachments.find((part) => part.contentType === 'text/calendar');
  expect(invitation, 'the promotion email carries a calendar file').toBeDefined();
  const calendar = parseCalendar(invitation!.content.toString('utf8'));
  expect(calendar.method).toBe('REQUEST');
  expect(calendar.events).toHaveLength(1);
  expect(calendar.events[0]!.url).toBe(url(`/events/${EVENT}`));
  expect(calendar.events[0]!.attendees.map((attendee) => attendee.toLowerCase())).toEqual([`mailto:${b.email}`.toLowerCase()]);
  expect(calendar.events[0]!.startIsUtc).toBe(true);

  await b.page.reload();
  await expect(b.page.getByText('You are signed up.', { exact: true }).isVisible()).resolves.toBe(true);
  expect(await b.page.getByRole('button', { name: 'Cancel my place' }).count()).toBe(1);
  const join = await b.page.getByRole('link', { name: 'Join the event' }).getAttribute('href');
  expect(join).toMatch(/^\/events\/[A-Za-z0-9_-]+\/join\/[A-Za-z0-9_-]{43}$/);
  expect(problems).toEqual([]);
});

it('an attendee asks a question in the browser; a moderator marks it answered; axe finds nothing on either page', async () => {
  const reader = await readerPage();
  // The seat the previous journey gave B is the only one: room for one more.
  await server.db.updateTable('events').set({ capacity: 10 }).where('slug', '=', EVENT).execute();
  await reader.page.goto(url(`/events/${EVENT}`));
  await reader.page.getByRole('button', { name: 'Sign up' }).click();
  await reader.page.waitForURL((current) => current.searchParams.get('notice') === 'signed-up');

  // An empty question: the message beside the field, nothing sent.
  await reader.page.getByRole('button', { name: 'Ask' }).click();
  await reader.page.waitForLoadState();
  await expect(reader.page.getByText('Write your question.').isVisible()).resolves.toBe(true);
  // The browser logs the refused form's 422 as a failed load: expected here, and only here.
  const refusedLoad = problems.findIndex((problem) => problem.includes('status of 422'));
  expect(refusedLoad).toBeGreaterThanOrEqual(0);
  problems.splice(refusedLoad, 1);

  await reader.page.getByLabel('Your question').fill('Which stretch of coast changed most since you started?');
  await reader.page.getByRole('button', { name: 'Ask' }).click();
  await reader.page.waitForURL((current) => current.searchParams.get('notice') === 'question-asked');
  const listed = reader.page.locator('.event-question', { hasText: 'Which stretch of coast changed most since you started?' });
  await expect(listed.isVisible()).resolves.toBe(true);
  await listed.getByRole('button', { name: 'Upvote' }).click();
  await reader.page.waitForURL((current) => current.searchParams.get('notice') === 'question-upvoted');
  await expect(listed.getByText('1 vote').isVisible()).resolves.toBe(true);
  expect(await checkAccessibility(reader.page)).toEqual([]);

  const staff = createStaffService({ db: server.db, clock, publicUrl: server.baseUrl });
  const added = await staff.addStaffMember({
    email: `questions-moderator-${Date.now()}@example.com`,
    role: 'moderator',
    name: 'Mod Erator',
  });
  if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
  const moderator = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  watch(moderator);
  await moderator.goto(added.signInLink!.url);
  await moderator.fill('#field-password', PASSWORD);
  await moderator.getByRole('button', { name: 'Save my new password' }).click();
  await moderator.waitForURL((current) => !current.pathname.startsWith('/reset-password'));
  const { id } = await server.db.selectFrom('events').select('id').where('slug', '=', EVENT).executeTakeFirstOrThrow();
  expect((await moderator.goto(url(`/newsroom/events/${id}/questions`)))?.status()).toBe(200);
  expect(await checkAccessibility(moderator)).toEqual([]);
  await moderator
    .getByRole('button', { name: /^Mark answered/ })
    .first()
    .click();
  await moderator.waitForURL((current) => current.searchParams.get('done') === 'answer');
  expect(await checkAccessibility(moderator)).toEqual([]);

  await reader.page.reload();
  await expect(listed.getByText('Answered', { exact: true }).isVisible()).resolves.toBe(true);
  expect(problems).toEqual([]);
});
