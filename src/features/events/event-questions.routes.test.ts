// Attendees' questions through the whole app, on both engines: an attendee
// asks with the form and sees it listed; a reader without a seat is refused
// (403) and sees the list read-only; the comments' banned words hold or refuse
// a question and a banned reader is refused; an upvote counts once; staff
// (moderators, editors, admins; not authors, contributors or readers) mark a question
// answered, hide one and publish a held one, which the moderation queue links to.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { browserSignedInAs, hiddenValue, signInAsStaff, type TestBrowser } from '../accounts/testing/session-helpers.js';
import type { PublicEvent } from './events.types.js';
import { EVENT_NOW, eventInput, insertReaders } from './testing/event-fixtures.js';

describeEachEngine('event questions pages', (engine) => {
  let testApp: TestApp;
  let event: PublicEvent;
  let attendee: TestBrowser;
  let secondAttendee: TestBrowser;
  let bannedAttendee: TestBrowser;
  let unverifiedAttendee: TestBrowser;
  let waiting: TestBrowser;
  let outsiderId: number;
  const page = () => `/events/${event.slug}`;
  const askUrl = () => `/events/${event.publicId}/questions`;

  /** A reader with a seat (the event has four), their address confirmed unless said otherwise. */
  async function signedUpReader(options: { isEmailVerified?: boolean } = {}): Promise<{ browser: TestBrowser; id: number }> {
    const [id] = await insertReaders(testApp.database.db, 1);
    if (options.isEmailVerified !== false)
      await testApp.database.db.updateTable('users').set({ email_verified_at: EVENT_NOW.toISOString() }).where('id', '=', id!).execute();
    const browser = await browserSignedInAs(testApp, id!);
    const signUp = await browser.post(`/events/${event.publicId}/sign-up`, {
      _csrf: hiddenValue((await browser.get(page())).body, '_csrf'),
    });
    expect(signUp.statusCode).toBe(303);
    return { browser, id: id! };
  }

  async function ask(browser: TestBrowser, question: string) {
    const csrf = hiddenValue((await browser.get(page())).body, '_csrf');
    return browser.post(askUrl(), { _csrf: csrf, question });
  }

  const questionRows = () => testApp.database.db.selectFrom('event_questions').selectAll().orderBy('id').execute();

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: EVENT_NOW });
    const created = await testApp.events.createEvent(eventInput({ capacity: 4 }));
    if (created.kind !== 'created') throw new Error('not created');
    event = created.event;
    attendee = (await signedUpReader()).browser;
    secondAttendee = (await signedUpReader()).browser;
    const banned = await signedUpReader();
    bannedAttendee = banned.browser;
    unverifiedAttendee = (await signedUpReader({ isEmailVerified: false })).browser;
    waiting = (await signedUpReader()).browser;
    outsiderId = (await insertReaders(testApp.database.db, 1))[0]!;
    const now = EVENT_NOW.toISOString();
    await testApp.database.db
      .insertInto('banned_words')
      .values([
        { phrase: 'scuttlebutt', action: 'reject', created_at: now, created_by: null },
        { phrase: 'bilgewater', action: 'hold', created_at: now, created_by: null },
      ])
      .execute();
    await testApp.database.db
      .insertInto('reader_moderation')
      .values({ user_id: banned.id, suspended_until: null, banned_at: now, reason: 'spam', updated_at: now, updated_by: null })
      .execute();
  });
  afterAll(() => testApp.destroy());

  it('an attendee asks with the form (no JavaScript needed) and sees the question listed with an Upvote button', async () => {
    const before = (await attendee.get(page())).body;
    expect(before).toMatch(/<form method="post" action="\/events\/[^"]+\/questions"[^>]*>\s*<input type="hidden" name="_csrf"/);
    expect(before).toMatch(/<textarea id="field-question" name="question"/);
    const response = await ask(attendee, 'How far did the <b>harbour</b> wall move last winter?');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(new RegExp(`^/events/${event.slug}\\?notice=question-asked#question-\\d+$`));
    const after = (await attendee.get(response.headers.location!)).body;
    expect(after).toContain('Your question is in the list.');
    expect(after).toContain('How far did the &lt;b>harbour&lt;/b> wall move last winter?');
    expect(after).not.toContain('<b>harbour</b>');
    expect(after).toMatch(/<button type="submit" class="button-secondary"[^>]*>\s*Upvote\s*<\/button>/);
  });

  it('says what to change, keeping the text, when a question is empty, too long or has a refused phrase; stores nothing', async () => {
    const before = (await questionRows()).length;
    const empty = await ask(attendee, '   ');
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Write your question.');
    const long = await ask(attendee, 'w'.repeat(501));
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('Keep your question to 500 characters or fewer (it has 501).');
    const refused = await ask(attendee, 'Is the scuttlebutt about the pier true?');
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Please rephrase it.');
    expect(refused.body).toContain('Is the scuttlebutt about the pier true?</textarea>');
    expect(refused.body).toContain('aria-invalid="true"');
    expect((await questionRows()).length).toBe(before);
  });

  it('holds a question with a held phrase for moderation: never shown to others, linked from the moderation queue', async () => {
    const response = await ask(secondAttendee, 'When will the bilgewater survey be published?');
    expect(response.headers.location).toBe(`/events/${event.slug}?notice=question-held#questions`);
    const held = (await questionRows()).at(-1)!;
    expect(held).toMatchObject({ status: 'pending', status_reason: 'Contains a word or phrase on the moderation list' });
    for (const browser of [attendee, secondAttendee, waiting]) expect((await browser.get(page())).body).not.toContain('bilgewater survey');
    const { browser: moderator } = await signInAsStaff({
      app: testApp.app,
      db: testApp.database.db,
      clock: testApp.clock,
      role: 'moderator',
    });
    const queue = await moderator.get('/newsroom/moderation');
    expect(queue.body).toMatch(/<a href="\/newsroom\/events\/questions">\s*1 event question\s*waiting\s*<\/a>/);
    const pending = await moderator.get('/newsroom/events/questions');
    expect(pending.statusCode).toBe(200);
    expect(pending.body).toContain('When will the bilgewater survey be published?');
    const publish = await moderator.post(`/newsroom/events/questions/${held.id}/publish`, {
      _csrf: hiddenValue(pending.body, '_csrf'),
      returnTo: '/newsroom/events/questions',
    });
    expect(publish.statusCode).toBe(303);
    expect(publish.headers.location).toBe(`/newsroom/events/questions?done=publish#question-${held.id}`);
    expect((await waiting.get(page())).body).toContain('When will the bilgewater survey be published?');
  });

  it('refuses a banned attendee, one who has not confirmed their address (403, with why) and a reader without a seat (403), storing nothing', async () => {
    const before = (await questionRows()).length;
    const unverified = await ask(unverifiedAttendee, 'Is my address needed?');
    expect(unverified.statusCode).toBe(403);
    expect(unverified.body).toContain('Please confirm your email address before you ask a question');
    const banned = await ask(bannedAttendee, 'May I still ask?');
    expect(banned.statusCode).toBe(403);
    expect(banned.body).toContain('our moderators have restricted your account');
    // On the waiting list: the list read-only, no form, and a forged post refused.
    const waitingPage = (await waiting.get(page())).body;
    expect(waitingPage).toContain('Readers with a seat can ask questions and upvote them.');
    expect(waitingPage).toContain('How far did the &lt;b>harbour&lt;/b> wall move last winter?');
    expect(waitingPage).not.toContain('name="question"');
    expect(waitingPage).not.toContain('Upvote');
    const refused = await waiting.post(askUrl(), { _csrf: hiddenValue(waitingPage, '_csrf'), question: 'Can I ask from the list?' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Only readers with a seat can ask and upvote questions');
    const outsider = await browserSignedInAs(testApp, outsiderId);
    const outsiderPage = (await outsider.get(page())).body;
    expect((await outsider.post(askUrl(), { _csrf: hiddenValue(outsiderPage, '_csrf'), question: 'Hello?' })).statusCode).toBe(403);
    // Signed out: the invitation only, no questions; a post goes to sign in.
    const anonymous = await testApp.app.inject({ url: page() });
    expect(anonymous.body).toContain('Attendees can send the speakers questions');
    expect(anonymous.body).not.toContain('harbour</b>');
    expect(anonymous.body).not.toContain('wall move last winter');
    expect((await questionRows()).length).toBe(before);
    // Without the CSRF token: refused.
    expect((await attendee.post(askUrl(), { question: 'No token' })).statusCode).toBe(403);
    expect((await questionRows()).length).toBe(before);
  });

  it('is rate limited as comments are: the sixth question in a minute is a 429 with Retry-After, the text kept, nothing stored', async () => {
    const other = await testApp.events.createEvent(eventInput({ capacity: 5 }));
    if (other.kind !== 'created') throw new Error('not created');
    const [id] = await insertReaders(testApp.database.db, 1);
    await testApp.database.db.updateTable('users').set({ email_verified_at: EVENT_NOW.toISOString() }).where('id', '=', id!).execute();
    const quick = await browserSignedInAs(testApp, id!);
    const otherPage = `/events/${other.event.slug}`;
    const csrf = hiddenValue((await quick.get(otherPage)).body, '_csrf');
    expect((await quick.post(`/events/${other.event.publicId}/sign-up`, { _csrf: csrf })).statusCode).toBe(303);
    for (let index = 1; index <= 5; index++)
      expect(
        (await quick.post(`/events/${other.event.publicId}/questions`, { _csrf: csrf, question: `Quick one ${index}?` })).statusCode,
      ).toBe(303);
    const before = (await questionRows()).length;
    const limited = await quick.post(`/events/${other.event.publicId}/questions`, { _csrf: csrf, question: 'And a sixth?' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toContain('You are asking very quickly. Please wait a moment.');
    expect(limited.body).toContain('And a sixth?</textarea>');
    expect((await questionRows()).length).toBe(before);
  });

  it('counts an upvote once per reader; refuses readers without a seat and questions of other events', async () => {
    const question = (await questionRows()).find((row) => row.body.startsWith('How far did'))!;
    const voteUrl = `/events/${event.publicId}/questions/${question.id}/upvote`;
    const csrf = hiddenValue((await secondAttendee.get(page())).body, '_csrf');
    const first = await secondAttendee.post(voteUrl, { _csrf: csrf });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/events/${event.slug}?notice=question-upvoted#question-${question.id}`);
    const second = await secondAttendee.post(voteUrl, { _csrf: csrf });
    expect(second.headers.location).toBe(`/events/${event.slug}?notice=question-already-upvoted#question-${question.id}`);
    const after = (await secondAttendee.get(page())).body;
    expect(after).toContain('You upvoted this question.');
    expect(after).toContain('1 vote');
    const waitingCsrf = hiddenValue((await waiting.get(page())).body, '_csrf');
    expect((await waiting.post(voteUrl, { _csrf: waitingCsrf })).statusCode).toBe(403);
    const other = await testApp.events.createEvent(eventInput());
    if (other.kind !== 'created') throw new Error('not created');
    const elsewhere = await secondAttendee.post(`/events/${other.event.publicId}/questions/${question.id}/upvote`, { _csrf: csrf });
    expect(elsewhere.statusCode).toBe(403);
    expect((await secondAttendee.post(`/events/${event.publicId}/questions/abc/upvote`, { _csrf: csrf })).statusCode).toBe(404);
    const row = await testApp.database.db
      .selectFrom('event_questions')
      .select('vote_count')
      .where('id', '=', question.id)
      .executeTakeFirstOrThrow();
    expect(row.vote_count).toBe(1);
  });

  it('staff mark a question answered (once) and hide one; readers see it marked; authors, contributors and readers are refused', async () => {
    const question = (await questionRows()).find((row) => row.body.startsWith('How far did'))!;
    const queuePath = `/newsroom/events/${event.id}/questions`;
    for (const role of ['author', 'contributor'] as const) {
      const { browser } = await signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role });
      expect((await browser.get(queuePath)).statusCode).toBe(403);
      expect((await browser.get('/newsroom/events/questions')).statusCode).toBe(403);
    }
    expect((await attendee.get(queuePath)).statusCode).toBe(403);
    const attendeeCsrf = hiddenValue((await attendee.get(page())).body, '_csrf');
    expect((await attendee.post(`/newsroom/events/questions/${question.id}/answer`, { _csrf: attendeeCsrf })).statusCode).toBe(403);

    const { browser: editor } = await signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role: 'editor' });
    const queue = await editor.get(queuePath);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('How far did the &lt;b>harbour&lt;/b> wall move last winter?');
    expect(queue.body).toMatch(/Question \d+ from Event Reader/);
    const csrf = hiddenValue(queue.body, '_csrf');
    const answered = await editor.post(`/newsroom/events/questions/${question.id}/answer`, { _csrf: csrf, returnTo: queuePath });
    expect(answered.headers.location).toBe(`${queuePath}?done=answer#question-${question.id}`);
    const again = await editor.post(`/newsroom/events/questions/${question.id}/answer`, { _csrf: csrf, returnTo: queuePath });
    expect(again.headers.location).toBe(`${queuePath}?done=already#question-${question.id}`);
    expect((await editor.get(`${queuePath}?done=already`)).body).toContain('Nothing changed');
    // returnTo elsewhere falls back to the held questions; an unknown action or question is a 404.
    const offsite = await editor.post(`/newsroom/events/questions/${question.id}/answer`, {
      _csrf: csrf,
      returnTo: 'https://evil.example/',
    });
    expect(offsite.headers.location).toMatch(/^\/newsroom\/events\/questions\?/);
    expect((await editor.post(`/newsroom/events/questions/${question.id}/delete`, { _csrf: csrf })).statusCode).toBe(404);
    expect((await editor.post('/newsroom/events/questions/999999/hide', { _csrf: csrf })).statusCode).toBe(404);
    expect((await editor.get('/newsroom/events/999999/questions')).statusCode).toBe(404);

    const readerView = (await waiting.get(page())).body;
    expect(readerView).toMatch(/<strong>Answered<\/strong>/);

    const hide = await editor.post(`/newsroom/events/questions/${question.id}/hide`, { _csrf: csrf, returnTo: queuePath });
    expect(hide.statusCode).toBe(303);
    expect((await waiting.get(page())).body).not.toContain('wall move last winter');
  });
});
