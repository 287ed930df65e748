import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, TEST_SESSION_SECRET, type TestApp } from '../../testing/test-app.js';
import { browserSignedInAs, decodeHtml, TestBrowser } from '../accounts/testing/session-helpers.js';
import { calendarDownloadPath } from './event-emails.js';
import { insertAttendee, insertMailEvent, MAIL_NOW, STREAM_URL } from './testing/event-mail-fixtures.js';
import { parseCalendar } from './testing/parse-calendar.js';

describeEachEngine('calendar downloads and feeds', (engine) => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: MAIL_NOW });
  });
  afterAll(() => testApp.destroy());

  it("serves a registration's own invitation through its signed link, as text/calendar; a wrong link is a 404", async () => {
    const event = await insertMailEvent(testApp.database.db, { sequence: 1 });
    const attendee = await insertAttendee(testApp.database.db, event.id);
    const path = calendarDownloadPath(TEST_SESSION_SECRET, attendee.registrationPublicId);
    const anonymous = new TestBrowser(testApp.app);
    const response = await anonymous.get(path);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8; method=REQUEST');
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.headers['content-disposition']).toBe('attachment; filename="event.ics"');
    expect(parseCalendar(response.body).events[0]).toMatchObject({ uid: event.calendar_uid, sequence: 1 });
    expect(response.body).not.toContain(STREAM_URL);
    expect((await anonymous.get(`${path.slice(0, -2)}xx`)).statusCode).toBe(404);
    expect([400, 404]).toContain((await anonymous.get(`/events/ics/${attendee.registrationPublicId}/${'a'.repeat(500)}`)).statusCode);
  });

  it('makes, shows once, serves, replaces and revokes a personal feed of the confirmed events only', async () => {
    const db = testApp.database.db;
    const event = await insertMailEvent(db, { sequence: 3 });
    const other = await insertMailEvent(db);
    const attendee = await insertAttendee(db, event.id);
    await db
      .insertInto('event_registrations')
      .values({
        public_id: 'waiting-place-1',
        event_id: other.id,
        user_id: attendee.userId,
        state: 'waiting',
        arrival: 99,
        join_token_hash: 'x',
        created_at: MAIL_NOW.toISOString(),
        confirmed_at: null,
        cancelled_at: null,
        updated_at: MAIL_NOW.toISOString(),
      })
      .execute();
    const browser = await browserSignedInAs(testApp, attendee.userId);

    expect((await browser.get('/account')).body).toContain('href="/account/calendar"');
    const { csrf, html } = await browser.openForm('/account/calendar');
    expect(html).toContain('You have no calendar address yet.');
    const made = await browser.post('/account/calendar', { _csrf: csrf });
    expect(made.statusCode).toBe(200);
    expect(made.headers['cache-control']).toContain('no-store');
    const address = decodeHtml(/id="feed-address"[^>]*value="([^"]+)"/.exec(made.body)![1]!);
    expect(address).toMatch(/^https:\/\/news\.example\.test\/events\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(made.body).toContain(`href="${address.replace('https:', 'webcal:')}"`);
    const feedPath = address.slice('https://news.example.test'.length);

    const feed = await new TestBrowser(testApp.app).get(feedPath);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8; method=PUBLISH');
    const parsed = parseCalendar(feed.body);
    expect(parsed.method).toBe('PUBLISH');
    expect(parsed.events.map((entry) => [entry.uid, entry.sequence])).toEqual([[event.calendar_uid, 3]]);
    expect(feed.body).not.toContain(STREAM_URL);

    // The page never shows the address again.
    const again = await browser.get('/account/calendar');
    expect(again.body).not.toContain(feedPath);
    expect(again.body).toContain('You made your calendar address on');

    const replaced = await browser.post('/account/calendar', { _csrf: csrf });
    expect(replaced.statusCode).toBe(200);
    expect((await new TestBrowser(testApp.app).get(feedPath)).statusCode).toBe(404);
    const newPath = decodeHtml(/id="feed-address"[^>]*value="([^"]+)"/.exec(replaced.body)![1]!).slice('https://news.example.test'.length);
    expect((await new TestBrowser(testApp.app).get(newPath)).statusCode).toBe(200);

    const revoked = await browser.post('/account/calendar/revoke', { _csrf: csrf });
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe('/account/calendar?revoked=1');
    expect((await new TestBrowser(testApp.app).get(newPath)).statusCode).toBe(404);
  });

  it('asks for sign-in, and refuses a post without the CSRF token, storing nothing', async () => {
    const anonymous = new TestBrowser(testApp.app);
    const page = await anonymous.get('/account/calendar');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/signin?next=%2Faccount%2Fcalendar');
    const event = await insertMailEvent(testApp.database.db);
    const attendee = await insertAttendee(testApp.database.db, event.id);
    const browser = await browserSignedInAs(testApp, attendee.userId);
    const forged = await browser.post('/account/calendar', { _csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    const stored = await testApp.database.db
      .selectFrom('event_calendar_feeds')
      .selectAll()
      .where('user_id', '=', attendee.userId)
      .execute();
    expect(stored).toEqual([]);
  });

  it('answers any feed or download address with a 404 or 400, never a 5xx', async () => {
    const anonymous = new TestBrowser(testApp.app);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), async (first, second) => {
        const feed = await anonymous.get(`/events/feed/${encodeURIComponent(first)}`);
        const download = await anonymous.get(`/events/ics/${encodeURIComponent(first)}/${encodeURIComponent(second)}`);
        for (const response of [feed, download]) expect([400, 404]).toContain(response.statusCode);
      }),
      { numRuns: 60 },
    );
  });
});
