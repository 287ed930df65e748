// A cancelled event in the newsroom, through the whole app on both engines:
// its edit page is read-only with the reason, and a posted edit (even with
// the current version) or a second cancellation is refused with 409, stores
// nothing and emails no one. The Admin API's door (eventAdmin) refuses too.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hiddenValue, pageText, signInAsStaff, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { createEventAdmin } from './event-admin.service.js';
import { EVENT_NOW, eventInput, insertReaders } from './testing/event-fixtures.js';
import { queuedEmails } from './testing/event-mail-fixtures.js';

describeEachEngine('a cancelled event in the newsroom', (engine) => {
  let testApp: TestApp;
  let editor: TestBrowser;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: EVENT_NOW });
    ({ browser: editor } = await signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role: 'editor' }));
  });
  afterAll(() => testApp?.destroy());

  async function cancelledEvent(title: string) {
    const created = await testApp.events.createEvent(eventInput({ title }));
    if (created.kind !== 'created') throw new Error(JSON.stringify(created));
    const [readerId] = await insertReaders(testApp.database.db, 1);
    await testApp.events.signUp(created.event.id, { id: readerId!, role: 'reader' });
    const edit = await editor.get(`/newsroom/events/${created.event.id}/edit`);
    const form = { _csrf: hiddenValue(edit.body, '_csrf'), version: hiddenValue(edit.body, 'version') };
    const confirm = await editor.get(`/newsroom/events/${created.event.id}/cancel`);
    const cancelled = await editor.post(`/newsroom/events/${created.event.id}/cancel`, {
      _csrf: hiddenValue(confirm.body, '_csrf'),
      version: hiddenValue(confirm.body, 'version'),
    });
    expect(cancelled.statusCode).toBe(303);
    return { event: (await testApp.events.staffEvent(created.event.id))!, staleForm: form };
  }

  const formFields = (overrides: Record<string, string> = {}) => ({
    title: 'Back from the dead',
    description: 'Edited after the cancellation.',
    startsAt: '2026-11-20T18:00',
    endsAt: '2026-11-20T19:00',
    capacity: '40',
    access: 'registered',
    streamUrl: 'https://stream.example.test/another-room',
    recordingUrl: '',
    recordingAccess: 'registered',
    ...overrides,
  });

  it('shows the edit page read-only, with the reason and no form', async () => {
    const { event } = await cancelledEvent('Lighthouse keepers remember');
    const page = await editor.get(`/newsroom/events/${event.id}/edit`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('“Lighthouse keepers remember” is cancelled');
    expect(text).toContain('This event is cancelled, so it can no longer be edited or rescheduled');
    expect(page.body).not.toContain(`action="/newsroom/events/${event.id}/edit"`);
    expect(page.body).not.toContain('name="title"');
    // The staff event page offers no edit link either.
    expect((await editor.get(`/newsroom/events/${event.id}`)).body).not.toContain(`href="/newsroom/events/${event.id}/edit"`);
  });

  it('refuses a posted edit with 409, even with the current version, and stores and sends nothing', async () => {
    const { event, staleForm } = await cancelledEvent('Tidal energy, explained');
    const emailsBefore = (await queuedEmails(testApp.database.db)).length;
    for (const version of [staleForm.version, String(event.version)]) {
      const posted = await editor.post(`/newsroom/events/${event.id}/edit`, { _csrf: staleForm._csrf, version, ...formFields() });
      expect(posted.statusCode).toBe(409);
      expect(pageText(posted.body)).toContain('Nothing was saved. This event is cancelled');
    }
    const again = await editor.post(`/newsroom/events/${event.id}/cancel`, { _csrf: staleForm._csrf, version: String(event.version) });
    expect(again.statusCode).toBe(409);
    expect(pageText(again.body)).toContain('Nothing was saved.');
    const after = (await testApp.events.staffEvent(event.id))!;
    expect(after).toMatchObject({
      title: 'Tidal energy, explained',
      version: event.version,
      sequence: event.sequence,
      status: 'cancelled',
    });
    expect((await queuedEmails(testApp.database.db)).length).toBe(emailsBefore);
  });

  it("eventAdmin (the Admin API's door) and the events service refuse to change a cancelled event", async () => {
    const { event } = await cancelledEvent('Salt marsh walk, online');
    const eventAdmin = createEventAdmin({ db: testApp.database.db, events: testApp.events, emails: testApp.eventEmails });
    expect(await eventAdmin.update(event.id, event.version, { title: 'Changed anyway' })).toEqual({ kind: 'event-cancelled' });
    expect(await eventAdmin.cancel(event.id, event.version)).toEqual({ kind: 'event-cancelled' });
    expect(await testApp.events.updateEvent(event.id, event.version, { capacity: 99 })).toEqual({ kind: 'event-cancelled' });
    expect((await testApp.events.staffEvent(event.id))!).toMatchObject({ title: 'Salt marsh walk, online', version: event.version });
  });
});
