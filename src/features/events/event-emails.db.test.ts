import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import type { EmailMessage } from '../../core/email/mailer.js';
import { createEmailWorker } from '../../core/jobs/email-queue.js';
import { calendarDownloadPath, createEventEmails } from './event-emails.js';
import { parseCalendar } from './testing/parse-calendar.js';
import { emailContext, insertAttendee, insertMailEvent, MAIL_NOW, queuedEmails, STREAM_URL } from './testing/event-mail-fixtures.js';

const SECRET = 'test-secret-for-event-emails-0123456789';

describeEachEngine('event emails', (engine) => {
  let database: TestDatabase;
  const clock = fixedClock(MAIL_NOW);
  let nudges = 0;
  let emails: ReturnType<typeof createEventEmails>;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    emails = createEventEmails({ db: database.db, clock, secret: SECRET, context: emailContext, nudge: () => nudges++ });
  });
  afterAll(() => database.destroy());
  beforeEach(async () => {
    await database.db.deleteFrom('email_outbox').execute();
    clock.set(MAIL_NOW);
    nudges = 0;
  });

  /** As the events service does: queued inside the transaction that confirmed, then the worker nudged after the commit. */
  async function confirm(eventId: number, registrationId: number, promoted: boolean) {
    await database.db.transaction().execute((trx) => emails.notifier.queueConfirmation(trx, { eventId, registrationId, promoted }));
    emails.notifier.queued();
  }

  it('queues a confirmation with the invitation attached, an add-to-calendar link, and sends the file through the worker', async () => {
    const event = await insertMailEvent(database.db, { title: 'Tides & “sea walls”', sequence: 2 });
    const attendee = await insertAttendee(database.db, event.id, { firstName: 'Zoë' });
    await confirm(event.id, attendee.registrationId, false);

    const [row, ...rest] = await queuedEmails(database.db);
    expect(rest).toEqual([]);
    expect(nudges).toBe(1);
    expect(row!.recipient).toBe(attendee.email);
    expect(row!.subject).toBe('You are signed up for “Tides & “sea walls””');
    expect(row!.text_body).toContain('Hello Zoë,');
    // 18:00 UTC on 22 October is 19:00 in London (BST).
    expect(row!.text_body).toContain('Thursday 22 October 2026 19:00 BST to 20:00 BST');
    const link = `${emailContext.publicUrl}${calendarDownloadPath(SECRET, attendee.registrationPublicId)}`;
    expect(row!.text_body).toContain(`Add to calendar: ${link}`);
    expect(row!.html_body).toContain(`href="${link}"`);
    expect(row!.html_body).toContain('Tides &amp; “sea walls”');

    const sent: EmailMessage[] = [];
    const worker = createEmailWorker({
      db: database.db,
      clock,
      messageIdDomain: 'news.example.test',
      mailer: { send: async (message) => void sent.push(message), close: () => {} },
    });
    expect(await worker.drain()).toBe(1);
    const [attachment] = sent[0]!.attachments ?? [];
    expect(attachment!.contentType).toBe('text/calendar; charset=utf-8; method=REQUEST');
    const calendar = parseCalendar(attachment!.content);
    expect(calendar.method).toBe('REQUEST');
    expect(calendar.events[0]).toMatchObject({ uid: event.calendar_uid, sequence: 2, status: 'CONFIRMED' });
    expect(calendar.events[0]!.start.toISOString()).toBe('2026-10-22T18:00:00.000Z');
    expect(calendar.events[0]!.attendees.map((address) => address.toLowerCase())).toEqual([`mailto:${attendee.email}`]);
    for (const text of [row!.text_body, row!.html_body, attachment!.content]) expect(text).not.toContain(STREAM_URL);
  });

  it('words a promotion from the waiting list as such', async () => {
    const event = await insertMailEvent(database.db);
    const attendee = await insertAttendee(database.db, event.id);
    await confirm(event.id, attendee.registrationId, true);
    const [row] = await queuedEmails(database.db);
    expect(row!.subject).toMatch(/^A seat opened up: you are in for/);
    expect(row!.attachments_json).toContain('METHOD:REQUEST');
  });

  it('sends nothing to a registration no longer confirmed, or for a cancelled event', async () => {
    const event = await insertMailEvent(database.db);
    const waiting = await insertAttendee(database.db, event.id, { state: 'waiting' });
    await confirm(event.id, waiting.registrationId, false);
    const off = await insertMailEvent(database.db, { status: 'cancelled' });
    const attendee = await insertAttendee(database.db, off.id);
    await confirm(off.id, attendee.registrationId, false);
    expect(await queuedEmails(database.db)).toEqual([]);
  });

  it('tells every confirmed attendee of a new time with the updated file, and no one else', async () => {
    const event = await insertMailEvent(database.db);
    const confirmed = [await insertAttendee(database.db, event.id), await insertAttendee(database.db, event.id)];
    await insertAttendee(database.db, event.id, { state: 'waiting' });
    await insertAttendee(database.db, event.id, { state: 'cancelled' });
    await database.db
      .updateTable('events')
      .set({ starts_at: '2026-10-25T10:00:00.000Z', ends_at: '2026-10-25T11:00:00.000Z', sequence: 1 })
      .where('id', '=', event.id)
      .execute();
    expect(await emails.announceChange(event.id)).toBe(2);
    const rows = await queuedEmails(database.db);
    expect(rows.map((row) => row.recipient).sort()).toEqual(confirmed.map((attendee) => attendee.email).sort());
    // The last Sunday of October: London is back on GMT, so 10:00 UTC reads 10:00 GMT.
    expect(rows[0]!.text_body).toContain('Sunday 25 October 2026 10:00 GMT to 11:00 GMT');
    expect(rows[0]!.subject).toMatch(/^New time:/);
    const file = parseCalendar((JSON.parse(rows[0]!.attachments_json!) as Array<{ content: string }>)[0]!.content);
    expect(file.method).toBe('REQUEST');
    expect(file.events[0]).toMatchObject({ uid: event.calendar_uid, sequence: 1 });
    expect(file.events[0]!.start.toISOString()).toBe('2026-10-25T10:00:00.000Z');
  });

  it('sends a cancellation with METHOD:CANCEL to confirmed attendees', async () => {
    const event = await insertMailEvent(database.db);
    await insertAttendee(database.db, event.id);
    await database.db.updateTable('events').set({ status: 'cancelled', sequence: 1 }).where('id', '=', event.id).execute();
    expect(await emails.announceChange(event.id)).toBe(1);
    const [row] = await queuedEmails(database.db);
    expect(row!.subject).toMatch(/^Cancelled:/);
    const [attachment] = JSON.parse(row!.attachments_json!) as Array<{ content: string; contentType: string }>;
    expect(attachment!.contentType).toBe('text/calendar; charset=utf-8; method=CANCEL');
    const file = parseCalendar(attachment!.content);
    expect(file.method).toBe('CANCEL');
    expect(file.events[0]).toMatchObject({ uid: event.calendar_uid, sequence: 1, status: 'CANCELLED' });
  });

  it("sends the newsroom's message to confirmed attendees, escaped, without a file", async () => {
    const event = await insertMailEvent(database.db);
    await insertAttendee(database.db, event.id);
    await insertAttendee(database.db, event.id, { state: 'waiting' });
    expect(await emails.messageAttendees(event.id, { subject: 'Slides <b>inside</b>', text: 'See you <script>x</script> soon' })).toBe(1);
    const [row] = await queuedEmails(database.db);
    expect(row!.subject).toBe('Slides <b>inside</b>');
    expect(row!.html_body).toContain('See you &lt;script>x&lt;/script> soon');
    expect(row!.html_body).not.toContain('<script');
    expect(row!.attachments_json ?? null).toBeNull();
  });

  it('serves a confirmed registration its own file through the signed link, and nothing through a wrong one', async () => {
    const event = await insertMailEvent(database.db);
    const attendee = await insertAttendee(database.db, event.id);
    const [, , , id, signature] = calendarDownloadPath(SECRET, attendee.registrationPublicId).split('/');
    const file = await emails.calendarFileFor(id!, signature!);
    expect(parseCalendar(file!.content).events[0]!.uid).toBe(event.calendar_uid);
    expect(await emails.calendarFileFor(id!, `${signature!.slice(0, -1)}A`)).toBeNull();
    expect(await emails.calendarFileFor('nope', signature!)).toBeNull();
    await database.db.updateTable('event_registrations').set({ state: 'cancelled' }).where('id', '=', attendee.registrationId).execute();
    expect(await emails.calendarFileFor(id!, signature!)).toBeNull();
  });
});
