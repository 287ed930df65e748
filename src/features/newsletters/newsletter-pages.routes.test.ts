// The reader's side of newsletters through the whole app: /newsletters with
// one-click sign-up and unsubscribe, an anonymous sign-up completed after
// registering, Premium and unconfirmed-email cases, /account's notes, and the
// web archive behind the same walls as articles.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { browserSignedInAs, pageText, registerThroughForm, TestBrowser, validRegistration } from '../accounts/testing/session-helpers.js';
import { grantPremium, insertReader } from './testing/newsletter-fixtures.js';
import { SIGNUP_INTENT_COOKIE } from './signup-intent.js';
import { holdReasonText } from './views/hold-reason-text.js';

const NOW = new Date('2026-12-06T09:00:00.000Z');
const iso = NOW.toISOString();

describeEachEngine('newsletter reader pages', (engine) => {
  let testApp: TestApp;
  let briefing: { id: number; slug: string };
  let insider: { id: number; slug: string };
  let sentBriefingIssue: number;
  let sentInsiderIssue: number;
  let draftIssue: number;

  const db = () => testApp.database.db;
  const subscribed = async (userId: number, newsletterId: number) =>
    !!(await db()
      .selectFrom('newsletter_subscriptions')
      .where('user_id', '=', userId)
      .where('newsletter_id', '=', newsletterId)
      .select('user_id')
      .executeTakeFirst());
  const reader = async (options: { verified?: boolean; premium?: boolean } = {}) => {
    const userId = await insertReader(db(), { email: `r${Math.random().toString(36).slice(2)}@example.test`, now: iso, ...options });
    if (options.premium) await grantPremium(db(), userId, { from: iso, until: '2027-12-06T00:00:00.000Z' });
    return { userId, browser: await browserSignedInAs(testApp, userId) };
  };
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

  async function createNewsletter(name: string, slug: string, access: 'registered' | 'premium') {
    const outcome = await testApp.newsletters.createNewsletter({
      name,
      slug,
      description: `About ${name}.`,
      frequency: 'Every weekday',
      access,
    });
    if (outcome.kind !== 'saved') throw new Error(JSON.stringify(outcome));
    return outcome.newsletter;
  }
  async function sentIssue(newsletterId: number, subject: string, html: string) {
    const outcome = await testApp.newsletters.createIssue(newsletterId, { subject, content: { kind: 'html', html }, createdBy: null });
    if (outcome.kind !== 'saved') throw new Error(JSON.stringify(outcome));
    await db()
      .updateTable('newsletter_issues')
      .set({ state: 'sent', started_at: iso, finished_at: iso })
      .where('id', '=', outcome.issue.id)
      .execute();
    return outcome.issue.id;
  }

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: NOW });
    briefing = await createNewsletter('Morning Briefing', 'morning-briefing', 'registered');
    insider = await createNewsletter('Harbour Insider', 'harbour-insider', 'premium');
    sentBriefingIssue = await sentIssue(briefing.id, 'Tides, trams and the new library', '<p>The ferry timetable changes on Monday.</p>');
    sentInsiderIssue = await sentIssue(insider.id, 'Inside the council budget', '<p>Only subscribers read why the budget slipped.</p>');
    const draft = await testApp.newsletters.createIssue(briefing.id, {
      subject: 'Unsent draft',
      content: { kind: 'html', html: '<p>Not yet.</p>' },
      createdBy: null,
    });
    draftIssue = draft.kind === 'saved' ? draft.issue.id : 0;
  });
  afterAll(() => testApp?.destroy());

  it('lists every newsletter with who may get it, its latest issue and a Sign up button in a form', async () => {
    const response = await testApp.app.inject({ url: '/newsletters' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const text = pageText(response.body);
    expect(text).toContain('Morning Briefing');
    expect(text).toContain('Free for registered readers');
    expect(text).toContain('For Premium subscribers');
    expect(text).toContain('Tides, trams and the new library');
    expect(response.body).toContain(`href="/newsletters/morning-briefing/${sentBriefingIssue}"`);
    expect(response.body).not.toContain('Unsent draft');
    expect(response.body).toMatch(
      /<form method="post" action="\/newsletters\/morning-briefing\/sign-up"[^>]*>\s*<input type="hidden" name="_csrf"/,
    );
    expect(response.body).toMatch(/<button type="submit"[^>]*>Sign up<\/button>/);
  });

  it('signs a reader up with one click, shows Unsubscribe, and unsubscribes with one click', async () => {
    const { userId, browser } = await reader();
    const page = await browser.get('/newsletters');
    const signedUp = await browser.post('/newsletters/morning-briefing/sign-up', { _csrf: csrfOf(page.body) });
    expect(signedUp.statusCode).toBe(303);
    expect(signedUp.headers.location).toBe('/newsletters?done=signed-up&list=morning-briefing#newsletter-morning-briefing');
    expect(await subscribed(userId, briefing.id)).toBe(true);
    const after = await browser.get(signedUp.headers.location as string);
    expect(pageText(after.body)).toContain('You are signed up to Morning Briefing.');
    expect(after.body).toMatch(/action="\/newsletters\/morning-briefing\/unsubscribe-me"/);
    const left = await browser.post('/newsletters/morning-briefing/unsubscribe-me', { _csrf: csrfOf(after.body) });
    expect(left.statusCode).toBe(303);
    expect(await subscribed(userId, briefing.id)).toBe(false);
  });

  it('refuses a form without its CSRF token, and stores nothing', async () => {
    const { userId, browser } = await reader();
    const response = await browser.post('/newsletters/morning-briefing/sign-up', {});
    expect(response.statusCode).toBe(403);
    expect(await subscribed(userId, briefing.id)).toBe(false);
  });

  it('tells a reader without Premium that a Premium newsletter needs it, and offers /subscribe', async () => {
    const { userId, browser } = await reader();
    const page = await browser.get('/newsletters');
    const response = await browser.post('/newsletters/harbour-insider/sign-up', { _csrf: csrfOf(page.body) });
    expect(response.headers.location).toContain('done=premium-required');
    expect(await subscribed(userId, insider.id)).toBe(false);
    const told = await browser.get(response.headers.location as string);
    expect(pageText(told.body)).toContain('Harbour Insider is for Premium subscribers.');
    expect(told.body).toContain('href="/subscribe?next=%2Fnewsletters"');
  });

  it('signs up a Premium subscriber to a Premium newsletter', async () => {
    const { userId, browser } = await reader({ premium: true });
    const page = await browser.get('/newsletters');
    await browser.post('/newsletters/harbour-insider/sign-up', { _csrf: csrfOf(page.body) });
    expect(await subscribed(userId, insider.id)).toBe(true);
  });

  it('signs up a reader whose address is unconfirmed, and says nothing arrives until it is', async () => {
    const { userId, browser } = await reader({ verified: false });
    const page = await browser.get('/newsletters');
    const response = await browser.post('/newsletters/morning-briefing/sign-up', { _csrf: csrfOf(page.body) });
    expect(await subscribed(userId, briefing.id)).toBe(true);
    const after = await browser.get(response.headers.location as string);
    // One wording on both pages (views/hold-reason-text.ts).
    const reason = holdReasonText('email-unconfirmed');
    expect(reason).toMatch(/^No issue arrives until you confirm your email address/);
    expect(pageText(after.body)).toContain(reason);
    const account = await browser.get('/account');
    expect(pageText(account.body)).toContain(`Not being sent to you: ${reason}`);
  });

  it('sends an anonymous reader to register and brings them back signed up', async () => {
    const browser = new TestBrowser(testApp.app, '203.0.113.77');
    const page = await browser.get('/newsletters');
    const response = await browser.post('/newsletters/morning-briefing/sign-up', { _csrf: csrfOf(page.body) });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/register?next=%2Fnewsletters');
    expect(browser.cookies.has(SIGNUP_INTENT_COOKIE)).toBe(true);
    const fields = validRegistration();
    const registered = await registerThroughForm(browser, fields, { next: '/newsletters' });
    expect(registered.statusCode).toBe(303);
    expect(registered.headers.location).toBe('/newsletters');
    const back = await browser.get('/newsletters');
    expect(pageText(back.body)).toContain('You are signed up to Morning Briefing.');
    expect(browser.cookies.has(SIGNUP_INTENT_COOKIE)).toBe(false);
    const user = await db().selectFrom('users').where('email', '=', String(fields.email)).select('id').executeTakeFirstOrThrow();
    expect(await subscribed(user.id, briefing.id)).toBe(true);
  });

  it('ignores a remembered sign-up it did not sign', async () => {
    const { userId, browser } = await reader();
    browser.cookies.set(SIGNUP_INTENT_COOKIE, `${briefing.id}.9999999999.forged`);
    const page = await browser.get('/newsletters');
    expect(page.statusCode).toBe(200);
    expect(await subscribed(userId, briefing.id)).toBe(false);
  });

  it('never answers 5xx to fuzzed sign-up and unsubscribe posts, and a refused post stores nothing', async () => {
    const { userId, browser } = await reader();
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom('newsletter_subscriptions')
            .where('user_id', '=', userId)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const csrf = csrfOf((await browser.get('/newsletters')).body);
    const text = awkwardText([csrf, 'morning-briefing', '1']);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('morning-briefing', 'harbour-insider', 'no-such-list', 'Bad_Slug', '%00', 'a'.repeat(200)),
        fc.constantFrom('sign-up', 'unsubscribe-me'),
        fc.record({ _csrf: formValue(text, { canBeMissing: true }), next: formValue(text, { canBeMissing: true }) }),
        async (slug, action, fields) => {
          const before = await count();
          const response = await browser.post(`/newsletters/${slug}/${action}`, fields);
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode !== 303) expect(await count()).toBe(before);
        },
      ),
      { numRuns: 60 },
    );
    for (const url of [
      '/newsletters?done=%00&list=%ff',
      '/newsletters/morning-briefing?before=-1',
      '/newsletters/morning-briefing?before=abc',
    ])
      expect((await browser.get(url)).statusCode, url).toBeLessThan(500);
  });

  describe('the web archive', () => {
    it('lists sent issues only', async () => {
      const response = await testApp.app.inject({ url: '/newsletters/morning-briefing' });
      expect(response.statusCode).toBe(200);
      expect(pageText(response.body)).toContain('Tides, trams and the new library');
      expect(response.body).not.toContain('Unsent draft');
    });

    it('shows an issue to a registered reader, and the register wall (without its text) to anonymous readers', async () => {
      const path = `/newsletters/morning-briefing/${sentBriefingIssue}`;
      const anonymous = await testApp.app.inject({ url: path });
      expect(anonymous.statusCode).toBe(200);
      expect(anonymous.body).toContain('data-wall="register"');
      expect(anonymous.body).not.toContain('ferry timetable');
      const { browser } = await reader();
      const signedIn = await browser.get(path);
      expect(signedIn.body).toContain('The ferry timetable changes on Monday.');
      expect(signedIn.body).not.toContain('data-wall');
    });

    it('walls a Premium newsletter issue for readers without Premium, and shows it to subscribers', async () => {
      const path = `/newsletters/harbour-insider/${sentInsiderIssue}`;
      const { browser } = await reader();
      const walled = await browser.get(path);
      expect(walled.body).toContain('data-wall="subscribe"');
      expect(walled.body).not.toContain('budget slipped');
      const premium = await reader({ premium: true });
      expect((await premium.browser.get(path)).body).toContain('Only subscribers read why the budget slipped.');
    });

    it('answers 404 for drafts, another newsletter’s issue and unknown addresses', async () => {
      for (const url of [
        `/newsletters/morning-briefing/${draftIssue}`,
        `/newsletters/morning-briefing/${sentInsiderIssue}`,
        '/newsletters/no-such-list',
        '/newsletters/morning-briefing/99999',
        '/newsletters/morning-briefing/not-a-number',
        '/newsletters/Bad_Slug',
      ]) {
        const response = await testApp.app.inject({ url });
        expect(response.statusCode, url).toBe(404);
      }
    });
  });
});
