// The newsroom's newsletter desk through the whole app: editors add and edit
// newsletters, compose issues, preview, send a test to themselves, schedule,
// send, pause, resume and cancel, and read the figures; other roles are
// refused; a refused form stores nothing. (Composing the body:
// newsletter-issue-editor.routes.test.ts; fuzzed forms: newsletter-desk.fuzz.test.ts.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hiddenValue, pageText, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { signInWriter } from './testing/newsroom-staff.js';

const NOW = new Date('2026-12-06T09:00:00.000Z');

describeEachEngine('newsroom newsletter desk', (engine) => {
  let testApp: TestApp;
  let editor: TestBrowser;
  let author: TestBrowser;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: NOW });
    editor = (await signInWriter(testApp, 'editor')).browser;
    author = (await signInWriter(testApp, 'author')).browser;
  });
  afterAll(() => testApp?.destroy());

  const csrfFrom = async (path: string) => hiddenValue((await editor.get(path)).body, '_csrf');
  const count = async (table: 'newsletters' | 'newsletter_issues') =>
    Number(
      (
        await testApp.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const newsletterForm = {
    name: 'Evening Quay',
    slug: 'evening-quay',
    description: 'The day on the waterfront.',
    frequency: 'Every evening',
    senderName: 'The Quay Desk',
    access: 'premium',
    sendTime: '18:30',
    isBriefing: '',
  };

  it('adds a newsletter, composes an issue, previews it, and walks the send through its states', async () => {
    const created = await editor.post('/newsroom/newsletters', { _csrf: await csrfFrom('/newsroom/newsletters'), ...newsletterForm });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/newsroom/newsletters/evening-quay?done=created');
    const desk = await editor.get('/newsroom/newsletters/evening-quay');
    expect(pageText(desk.body)).toContain('Evening Quay');

    const issue = await editor.post('/newsroom/newsletters/evening-quay/issues', {
      _csrf: hiddenValue(desk.body, '_csrf'),
      subject: 'Lanterns on the pier',
      preheader: 'And the late ferry',
      body: 'The pier lights come on at dusk.',
      articles: '',
    });
    expect(issue.statusCode).toBe(303);
    const issuePath = (issue.headers.location as string).split('?')[0]!;
    expect(issuePath).toMatch(/^\/newsroom\/newsletters\/evening-quay\/issues\/\d+$/);

    const page = await editor.get(issuePath);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Draft');
    const preview = await editor.get(`${issuePath}/preview?as=premium`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('The pier lights come on at dusk.');
    expect(preview.headers['content-security-policy']).toContain("default-src 'none'");
    const notSent = await editor.get(`${issuePath}/preview?as=registered`);
    expect(notSent.body).toContain('not sent this issue');

    const act = async (action: string, extra: Record<string, string> = {}) =>
      editor.post(`${issuePath}/action`, { _csrf: hiddenValue((await editor.get(issuePath)).body, '_csrf'), action, ...extra });
    // No SMTP server in tests: the copy lands in the outbox folder, as newsletters do on a local install.
    expect((await act('test')).headers.location).toBe(`${issuePath}?done=test`);
    const badTime = await act('schedule', { sendAt: 'tomorrow-ish' });
    expect(badTime.statusCode).toBe(422);
    expect((await act('schedule', { sendAt: '2026-12-07T07:30' })).headers.location).toBe(`${issuePath}?done=schedule`);
    expect(pageText((await editor.get(issuePath)).body)).toContain('Scheduled for');
    expect((await act('send-now')).headers.location).toBe(`${issuePath}?done=send-now`);
    expect((await act('pause')).headers.location).toBe(`${issuePath}?done=pause`);
    expect((await act('resume')).headers.location).toBe(`${issuePath}?done=resume`);
    const figures = await editor.get(issuePath);
    expect(figures.body).toContain('<svg');
    expect(pageText(figures.body)).toContain('Recipients');
    expect((await act('cancel')).headers.location).toBe(`${issuePath}?done=cancel`);
    // Cancelled: nothing more to do; an action from a stale page shows where it is.
    const stale = await act('resume');
    expect(stale.statusCode).toBe(200);
    expect(pageText(stale.body)).toContain('Cancelled');
  });

  it('switches the daily briefing on and off, moves its time, and shows the next automatic send', async () => {
    const briefingRow = () =>
      testApp.database.db
        .selectFrom('newsletters')
        .select(['is_briefing', 'send_time', 'briefing_armed_at'])
        .where('slug', '=', 'harbour-dawn')
        .executeTakeFirst();
    const fields = { ...newsletterForm, name: 'Harbour Dawn', slug: 'harbour-dawn', access: 'registered' };
    const before = await count('newsletters');
    const noTime = await editor.post('/newsroom/newsletters', {
      _csrf: await csrfFrom('/newsroom/newsletters'),
      ...fields,
      sendTime: '',
      isBriefing: 'on',
    });
    expect(noTime.statusCode).toBe(422);
    expect(pageText(noTime.body)).toContain('A daily briefing needs a send time');
    expect(await count('newsletters')).toBe(before);

    const created = await editor.post('/newsroom/newsletters', {
      _csrf: await csrfFrom('/newsroom/newsletters'),
      ...fields,
      sendTime: '07:00',
      isBriefing: 'on',
    });
    expect(created.headers.location).toBe('/newsroom/newsletters/harbour-dawn?done=created');
    expect(await briefingRow()).toEqual({ is_briefing: 1, send_time: '07:00', briefing_armed_at: NOW.toISOString() });
    // Sunday 6 December, 09:00 in London: today's 07:00 has passed, so the next is Monday's.
    const path = '/newsroom/newsletters/harbour-dawn';
    let page = pageText((await editor.get(path)).body);
    expect(page).toContain('Next automatic send: Monday 7 December 2026 07:00');

    const save = async (changes: Record<string, string>) =>
      editor.post(path, { _csrf: await csrfFrom(path), ...fields, sendTime: '07:00', isBriefing: 'on', ...changes });
    expect((await save({ sendTime: '21:45' })).headers.location).toBe(`${path}?done=saved`);
    page = pageText((await editor.get(path)).body);
    expect(page).toContain('Next automatic send: Sunday 6 December 2026 21:45');
    expect((await save({ isBriefing: '' })).statusCode).toBe(303);
    expect((await briefingRow())?.is_briefing).toBe(0);
    page = pageText((await editor.get(path)).body);
    expect(page).toContain('Daily briefing Off.');
    expect(page).not.toContain('Next automatic send');
    const refused = await save({ sendTime: '' });
    expect(refused.statusCode).toBe(422);
    expect((await briefingRow())?.is_briefing).toBe(0);
    expect((await author.post(path, { ...fields, isBriefing: 'on' })).statusCode).toBe(403);
  });

  it('refuses authors (403) and sends anonymous visitors to sign in', async () => {
    expect((await author.get('/newsroom/newsletters')).statusCode).toBe(403);
    expect((await author.post('/newsroom/newsletters', { ...newsletterForm, slug: 'by-author' })).statusCode).toBe(403);
    const anonymous = await testApp.app.inject({ url: '/newsroom/newsletters' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/signin');
  });

  it('shows the form again with a 422 for bad input, and stores nothing', async () => {
    const before = await count('newsletters');
    const _csrf = await csrfFrom('/newsroom/newsletters');
    for (const fields of [
      { ...newsletterForm, name: '' },
      { ...newsletterForm, slug: 'Not A Slug' },
      { ...newsletterForm, slug: 'evening-quay' },
      { ...newsletterForm, slug: 'timed', sendTime: '25:99' },
    ]) {
      const response = await editor.post('/newsroom/newsletters', { _csrf, ...fields });
      expect(response.statusCode, JSON.stringify(fields)).toBe(422);
      expect(response.body).toContain('field-invalid');
    }
    expect(await count('newsletters')).toBe(before);
  });
});
