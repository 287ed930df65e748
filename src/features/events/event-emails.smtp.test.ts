// The events' emails end to end through the app: readers press the buttons on
// the event page, the events service confirms and promotes, the notifier
// queues, and the worker delivers over real SMTP to a loopback smtp-server;
// mailparser reads each message as a mail client would and ical.js its
// calendar file.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createSmtpMailer } from '../../core/email/mailer.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { EVENT_NOW, eventInput, insertReaders } from './testing/event-fixtures.js';
import { pressButton, signInReaders } from './testing/event-sessions.js';
import { parseCalendar } from './testing/parse-calendar.js';

describeEachEngine('event emails over SMTP', (engine) => {
  const received: ParsedMail[] = [];
  let smtp: SMTPServer;
  let testApp: TestApp;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    const mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
      from: 'The Test Gazette <newsroom@news.example.test>',
    });
    testApp = await createTestApp({ engine, now: EVENT_NOW, mailer, environment: { PUBLICATION_TIME_ZONE: 'Europe/London' } });
  });
  afterAll(async () => {
    await testApp.destroy();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  function calendarPart(mail: ParsedMail) {
    const attachment = mail.attachments.find((part) => part.contentType === 'text/calendar');
    return attachment ? { attachment, calendar: parseCalendar(attachment.content.toString('utf8')) } : null;
  }

  it('confirms, promotes from the waiting list, announces a new time and a cancellation, each with the right calendar file', async () => {
    const created = await testApp.events.createEvent(eventInput({ capacity: 1 }));
    if (created.kind !== 'created') throw new Error(JSON.stringify(created));
    const event = created.event;
    const [first, second] = await signInReaders(testApp, await insertReaders(testApp.database.db, 2));
    const emailOf = async (userId: number) =>
      (await testApp.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email;

    expect((await pressButton(testApp, first!, `/events/${event.slug}/sign-up`)).statusCode).toBe(303);
    expect((await pressButton(testApp, second!, `/events/${event.slug}/sign-up`)).statusCode).toBe(303);
    await testApp.emailWorker.drain();
    // Only the reader with a seat hears: the waiting list gets no confirmation.
    expect(received.map((mail) => mail.subject)).toEqual([`You are signed up for “${event.title}”`]);
    const confirmation = received[0]!;
    expect(confirmation.to && !Array.isArray(confirmation.to) ? confirmation.to.value[0]?.address : null).toBe(
      await emailOf(first!.userId),
    );
    const invitation = calendarPart(confirmation)!;
    expect(invitation.attachment.headers.get('content-type')).toMatchObject({ value: 'text/calendar', params: { method: 'REQUEST' } });
    expect(invitation.calendar.method).toBe('REQUEST');
    expect(invitation.calendar.events[0]).toMatchObject({ uid: event.calendarUid, sequence: 0, status: 'CONFIRMED' });
    expect(confirmation.text).toContain(`https://news.example.test/events/${event.slug}`);
    expect(confirmation.text).toMatch(/Add to calendar: https:\/\/news\.example\.test\/events\/ics\//);

    // The first reader gives up the seat: the second is promoted and told so.
    expect((await pressButton(testApp, first!, `/events/${event.slug}/cancel`)).statusCode).toBe(303);
    await testApp.emailWorker.drain();
    const promotion = received[1]!;
    expect(promotion.subject).toBe(`A seat opened up: you are in for “${event.title}”`);
    expect(promotion.to && !Array.isArray(promotion.to) ? promotion.to.value[0]?.address : null).toBe(await emailOf(second!.userId));
    expect(calendarPart(promotion)!.calendar.events[0]!.uid).toBe(event.calendarUid);

    // Moved to the morning the clocks go back: the notice names the local time, the file the instant.
    const moved = await testApp.events.updateEvent(event.id, event.version, {
      startsAt: '2026-10-25T10:00:00.000Z',
      endsAt: '2026-10-25T11:00:00.000Z',
    });
    if (moved.kind !== 'updated' || !moved.timeChanged) throw new Error(JSON.stringify(moved));
    expect(await testApp.eventEmails.announceChange(event.id)).toBe(1);
    await testApp.emailWorker.drain();
    const notice = received[2]!;
    expect(notice.subject).toBe(`New time: “${event.title}”`);
    expect(notice.text).toContain('Sunday 25 October 2026 10:00 GMT to 11:00 GMT');
    const updated = calendarPart(notice)!.calendar;
    expect(updated.method).toBe('REQUEST');
    expect(updated.events[0]).toMatchObject({ uid: event.calendarUid, sequence: 1 });
    expect(updated.events[0]!.start.toISOString()).toBe('2026-10-25T10:00:00.000Z');

    const cancelled = await testApp.events.cancelEvent(event.id, moved.event.version);
    if (cancelled.kind !== 'updated') throw new Error(JSON.stringify(cancelled));
    await testApp.eventEmails.announceChange(event.id);
    await testApp.emailWorker.drain();
    const cancellation = calendarPart(received[3]!)!;
    expect(cancellation.attachment.headers.get('content-type')).toMatchObject({ params: { method: 'CANCEL' } });
    expect(cancellation.calendar.method).toBe('CANCEL');
    expect(cancellation.calendar.events[0]).toMatchObject({ uid: event.calendarUid, sequence: 2, status: 'CANCELLED' });

    for (const mail of received) {
      const everything = [mail.text ?? '', String(mail.html), ...mail.attachments.map((part) => part.content.toString('utf8'))].join('\n');
      expect(everything).not.toContain('stream.example.test');
    }
  });
});
