// The newsroom's event pages through the whole app on both engines: who may
// use them, create → the reader listing, a stale edit refused, a new time and
// a cancellation emailed through eventAdmin, the roster's CSV and "Message
// attendees".
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { browserSignedInAs, hiddenValue, pageText, signInAsStaff, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { EVENT_NOW, insertReaders, insertSpeaker } from './testing/event-fixtures.js';
import { queuedEmails } from './testing/event-mail-fixtures.js';

const STREAM = 'https://stream.example.test/newsroom-room-5521';

describeEachEngine('newsroom event pages', (engine) => {
  let testApp: TestApp;
  let editor: TestBrowser;
  let contributor: TestBrowser;
  let speakerName: string;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: EVENT_NOW });
    speakerName = (await insertSpeaker(testApp.database.db, 'Odile Fernsby')).name;
    const signedIn = { app: testApp.app, db: testApp.database.db, clock: testApp.clock };
    ({ browser: editor } = await signInAsStaff({ ...signedIn, role: 'editor' }));
    ({ browser: contributor } = await signInAsStaff({ ...signedIn, role: 'contributor' }));
  });
  afterAll(() => testApp?.destroy());

  const eventCount = async () =>
    Number(
      (
        await testApp.database.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  function form(overrides: Record<string, string | string[]> = {}) {
    return {
      title: 'Night shift at the lifeboat station',
      description: 'Our coast reporter and the crew answer your questions.',
      startsAt: '2026-11-10T18:00',
      endsAt: '2026-11-10T19:00',
      speakers: speakerName,
      capacity: '1',
      access: 'registered',
      streamUrl: STREAM,
      recordingUrl: '',
      recordingAccess: 'registered',
      ...overrides,
    };
  }

  async function createThroughForm(overrides: Record<string, string | string[]> = {}): Promise<number> {
    const page = await editor.get('/newsroom/events/new');
    const created = await editor.post('/newsroom/events/new', { _csrf: hiddenValue(page.body, '_csrf'), ...form(overrides) });
    expect(created.statusCode).toBe(303);
    const match = /^\/newsroom\/events\/(\d+)\?done=created$/.exec(String(created.headers.location));
    expect(match).not.toBeNull();
    return Number(match![1]);
  }

  it('refuses readers, contributors and signed-out visitors', async () => {
    const [readerId] = await insertReaders(testApp.database.db, 1);
    const reader = await browserSignedInAs(testApp, readerId!);
    for (const path of ['/newsroom/events', '/newsroom/events/new', '/newsroom/events/1/attendees.csv']) {
      expect((await reader.get(path)).statusCode).toBe(403);
      expect((await contributor.get(path)).statusCode).toBe(403);
      expect((await testApp.app.inject({ url: path })).statusCode).toBe(303);
    }
    expect((await editor.get('/newsroom/events/999999')).statusCode).toBe(404);
  });

  it('creates an event from times in the publication zone; readers see it, never its stream address', async () => {
    const page = await editor.get('/newsroom/events/new');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/newsroom/events" aria-current="page"');
    const before = await eventCount();
    const bad = await editor.post('/newsroom/events/new', {
      _csrf: hiddenValue(page.body, '_csrf'),
      ...form({ title: '', startsAt: 'soon', capacity: 'many' }),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#field-startsAt"');
    expect(bad.body).toContain('href="#field-capacity"');
    const unknownSpeaker = await editor.post('/newsroom/events/new', {
      _csrf: hiddenValue(page.body, '_csrf'),
      ...form({ speakers: 'Nobody Atall' }),
    });
    expect(unknownSpeaker.statusCode).toBe(422);
    expect(pageText(unknownSpeaker.body)).toContain('no author is called “Nobody Atall”');
    expect(await eventCount()).toBe(before);

    const id = await createThroughForm({ title: 'Tide <gauges> explained' });
    const event = (await testApp.events.staffEvent(id))!;
    expect(event.startsAt).toBe('2026-11-10T18:00:00.000Z'); // GMT in November
    expect(event.speakers.map((speaker) => speaker.name)).toEqual([speakerName]);
    const staffPage = await editor.get(`/newsroom/events/${id}?done=created`);
    expect(staffPage.body).toContain(STREAM);
    expect(staffPage.body).toContain('Tide &lt;gauges> explained');
    const listing = await testApp.app.inject({ url: '/events' });
    expect(listing.body).toContain('Tide &lt;gauges> explained');
    expect(listing.body).not.toContain(STREAM);
    const newsroomList = await editor.get('/newsroom/events');
    expect(pageText(newsroomList.body)).toContain('0 of 1');
  });

  it('reschedules with the version (attendees emailed), refuses a stale form and stores nothing', async () => {
    const id = await createThroughForm({ title: 'Harbour wall repairs: a progress report' });
    const [readerId] = await insertReaders(testApp.database.db, 1);
    expect((await testApp.events.signUp(id, { id: readerId!, role: 'reader' })).kind).toBe('confirmed');
    const edit = await editor.get(`/newsroom/events/${id}/edit`);
    expect(hiddenValue(edit.body, 'version')).not.toBe('');
    const csrf = hiddenValue(edit.body, '_csrf');
    const version = hiddenValue(edit.body, 'version');
    const moved = await editor.post(`/newsroom/events/${id}/edit`, {
      _csrf: csrf,
      version,
      ...form({ title: 'Harbour wall repairs: a progress report', startsAt: '2026-11-11T18:30', endsAt: '2026-11-11T19:30' }),
    });
    expect(moved.statusCode).toBe(303);
    const after = (await testApp.events.staffEvent(id))!;
    expect(after.startsAt).toBe('2026-11-11T18:30:00.000Z');
    const emails = await queuedEmails(testApp.database.db);
    expect(emails.some((email) => email.subject === 'New time: “Harbour wall repairs: a progress report”')).toBe(true);

    const stale = await editor.post(`/newsroom/events/${id}/edit`, {
      _csrf: csrf,
      version,
      ...form({ title: 'An old tab', startsAt: '2026-11-12T18:30', endsAt: '2026-11-12T19:30' }),
    });
    expect(stale.statusCode).toBe(409);
    expect(pageText(stale.body)).toContain('Someone else changed this event while you were editing: nothing was saved.');
    const unchanged = (await testApp.events.staffEvent(id))!;
    expect(unchanged.title).toBe('Harbour wall repairs: a progress report');
    expect(unchanged.version).toBe(after.version);
  });

  it('lists attendees and the waiting list, exports them as formula-safe CSV, and messages the attendees', async () => {
    const id = await createThroughForm({ title: 'Counting seabirds with the science desk' });
    const [first, second] = await insertReaders(testApp.database.db, 2);
    await testApp.database.db
      .updateTable('users')
      .set({ first_name: '=HYPERLINK("http://evil.example")', last_name: 'Doe, "Jr"' })
      .where('id', '=', second!)
      .execute();
    expect((await testApp.events.signUp(id, { id: first!, role: 'reader' })).kind).toBe('confirmed');
    expect((await testApp.events.signUp(id, { id: second!, role: 'reader' })).kind).toBe('waiting');

    const page = await editor.get(`/newsroom/events/${id}`);
    expect(pageText(page.body)).toContain('Attendees (1)');
    expect(pageText(page.body)).toContain('Waiting list (1)');
    const csv = await editor.get(`/newsroom/events/${id}/attendees.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="event-${id}-attendees.csv"`);
    expect(csv.headers['cache-control']).toBe('no-store');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('"name","email","state","place","signed_up_at"');
    expect(lines[1]).toMatch(/^"Event Reader 0","reader-[^"]+","confirmed","",/);
    expect(lines[2]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil\.example""\) Doe, ""Jr""","reader-[^"]+","waiting","1",/);

    const csrf = hiddenValue(page.body, '_csrf');
    const empty = await editor.post(`/newsroom/events/${id}/message`, { _csrf: csrf, subject: ' ', text: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('href="#field-subject"');
    const before = (await queuedEmails(testApp.database.db)).length;
    const sent = await editor.post(`/newsroom/events/${id}/message`, {
      _csrf: csrf,
      subject: 'Bring binoculars',
      text: 'We start with the gannets.',
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/newsroom/events/${id}?done=sent&count=1`);
    const emails = (await queuedEmails(testApp.database.db)).slice(before);
    expect(emails.map((email) => email.subject)).toEqual(['Bring binoculars']);
    expect(emails[0]!.text_body).toContain('We start with the gannets.');
    expect((await editor.post(`/newsroom/events/${id}/message`, { subject: 'No token', text: 'x' })).statusCode).toBe(403);
  });

  it('cancels after a confirm step and tells the attendees', async () => {
    const id = await createThroughForm({ title: 'Storm season briefing' });
    const [readerId] = await insertReaders(testApp.database.db, 1);
    await testApp.events.signUp(id, { id: readerId!, role: 'reader' });
    const confirm = await editor.get(`/newsroom/events/${id}/cancel`);
    expect(confirm.statusCode).toBe(200);
    expect(pageText(confirm.body)).toContain('Cancel “Storm season briefing”?');
    const csrf = hiddenValue(confirm.body, '_csrf');
    expect(
      (
        await editor.post(`/newsroom/events/${id}/cancel`, {
          _csrf: csrf,
          version: String(Number(hiddenValue(confirm.body, 'version')) + 1),
        })
      ).statusCode,
    ).toBe(409);
    expect((await testApp.events.staffEvent(id))!.status).toBe('scheduled');
    const cancelled = await editor.post(`/newsroom/events/${id}/cancel`, { _csrf: csrf, version: hiddenValue(confirm.body, 'version') });
    expect(cancelled.statusCode).toBe(303);
    expect((await testApp.events.staffEvent(id))!.status).toBe('cancelled');
    const emails = await queuedEmails(testApp.database.db);
    expect(emails.some((email) => email.subject === 'Cancelled: “Storm season briefing”')).toBe(true);
    const afterCancel = (await queuedEmails(testApp.database.db)).length;
    const late = await editor.post(`/newsroom/events/${id}/message`, { _csrf: csrf, subject: 'One more thing', text: 'Hello' });
    expect(late.statusCode).toBe(409);
    expect((await queuedEmails(testApp.database.db)).length).toBe(afterCancel);
  });
});
