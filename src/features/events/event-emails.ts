// Events' emails through the durable outbox (core/jobs/email-queue.ts):
// - `notifier`: the events service's EventNotifier; a reader confirmed on
//   sign-up or promoted from the waiting list gets a confirmation with the
//   invitation (.ics, METHOD:REQUEST) attached and a signed "add to calendar"
//   link, queued in the transaction that gave the seat;
// - `announceChange`: after a change of time or a cancellation, every
//   confirmed attendee gets a notice with the updated file (REQUEST with the
//   raised SEQUENCE, or CANCEL);
// - `messageAttendees`: the newsroom's message to every confirmed attendee.
// Attendees are read a page at a time in arrival order, each page queued in
// one transaction, so a big event never holds one huge transaction.
import type { Clock } from '../../core/clock.js';
import type { Db, DbOrTransaction } from '../../core/db/database.js';
import type { EmailAttachment } from '../../core/email/mailer.js';
import { enqueueEmail } from '../../core/jobs/email-queue.js';
import { constantTimeEquals, hmac } from '../../core/security/tokens.js';
import { attendeeCalendarFile, calendarContentType, eventPageUrl, type CalendarContext, type CalendarEvent } from './event-calendar.js';
import * as repository from './event-mail.repository.js';
import type { EventNotifier, PreparedConfirmation } from './events.types.js';
import {
  attendeeMessageEmail,
  confirmationEmail,
  eventCancelledEmail,
  timeChangedEmail,
  type EmailEvent,
  type EventEmailContext,
} from './emails/event-emails.js';

export interface EventEmailsDependencies {
  db: Db;
  clock: Clock;
  /** Signs the "add to calendar" links (the app's session secret). */
  secret: string;
  context: EventEmailContext & CalendarContext;
  /** Sends what was just queued soon (the email worker's nudge). */
  nudge?: () => void;
}

const ATTENDEE_PAGE = 500;

export function toCalendarEvent(row: repository.MailEventRow): CalendarEvent {
  return {
    calendarUid: row.calendar_uid,
    slug: row.slug,
    title: row.title,
    description: row.description,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    sequence: row.sequence,
    updatedAt: row.updated_at,
  };
}

/** The signed path of a registration's own calendar file: /events/ics/<registration public id>/<signature>. */
export function calendarDownloadPath(secret: string, registrationPublicId: string): string {
  return `/events/ics/${encodeURIComponent(registrationPublicId)}/${calendarDownloadSignature(secret, registrationPublicId)}`;
}

function calendarDownloadSignature(secret: string, registrationPublicId: string): string {
  return hmac(secret, `event-ics:${registrationPublicId}`);
}

export function isCalendarDownloadSignature(secret: string, registrationPublicId: string, signature: string): boolean {
  return constantTimeEquals(signature, calendarDownloadSignature(secret, registrationPublicId));
}

export function createEventEmails(deps: EventEmailsDependencies) {
  const { db, clock, context } = deps;

  function emailEvent(event: CalendarEvent): EmailEvent {
    return { title: event.title, startsAt: event.startsAt, endsAt: event.endsAt, pageUrl: eventPageUrl(context, event) };
  }

  function calendarAttachment(
    event: CalendarEvent,
    attendee: Pick<repository.AttendeeRow, 'email' | 'first_name' | 'last_name'>,
    stamp: Date,
  ): EmailAttachment {
    const file = attendeeCalendarFile(context, event, {
      stamp,
      attendee: { email: attendee.email, name: `${attendee.first_name} ${attendee.last_name}`.trim() },
    });
    return { filename: 'event.ics', contentType: calendarContentType(file.method), content: file.content };
  }

  function confirmationMessage(
    row: repository.MailEventRow,
    attendee: { email: string; first_name: string; last_name: string; registration_public_id: string },
    promoted: boolean,
  ) {
    const event = toCalendarEvent(row);
    return confirmationEmail(context, {
      to: { email: attendee.email, firstName: attendee.first_name },
      event: emailEvent(event),
      promoted,
      calendarUrl: context.publicUrl + calendarDownloadPath(deps.secret, attendee.registration_public_id),
      calendarFile: calendarAttachment(event, attendee, clock.now()),
    });
  }

  /** The events service's hook: a sign-up's confirmation, written before the sign-up, for the event's current version. */
  async function prepareConfirmation(input: {
    eventId: number;
    userId: number;
    registrationPublicId: string;
  }): Promise<PreparedConfirmation | null> {
    const [row, reader] = await Promise.all([repository.findMailEvent(db, input.eventId), repository.findReaderAddress(db, input.userId)]);
    if (!row || !reader || row.status !== 'scheduled') return null;
    const message = confirmationMessage(row, { ...reader, registration_public_id: input.registrationPublicId }, false);
    return { message, eventVersion: row.version };
  }

  /** The events service's hook: inside the transaction that confirmed the reader, so the seat and the email commit together. */
  async function queueConfirmation(
    trx: DbOrTransaction,
    input: { eventId: number; registrationId: number; promoted: boolean },
  ): Promise<void> {
    const row = await repository.findMailEvent(trx, input.eventId);
    const attendee = await repository.findConfirmedAttendee(trx, input.registrationId);
    // The event is off, or the account deleted: nothing to confirm.
    if (!row || !attendee || row.status !== 'scheduled') return;
    await enqueueEmail(trx, confirmationMessage(row, attendee, input.promoted), clock.now());
  }

  async function eachAttendeePage(eventId: number, queue: (attendee: repository.AttendeeRow, trx: DbOrTransaction) => Promise<void>) {
    let afterArrival = -1;
    let queued = 0;
    for (;;) {
      const page = await repository.listConfirmedAttendees(db, eventId, { afterArrival, limit: ATTENDEE_PAGE });
      if (!page.length) break;
      await db.transaction().execute(async (trx) => {
        for (const attendee of page) await queue(attendee, trx);
      });
      queued += page.length;
      afterArrival = page.at(-1)!.arrival;
      if (page.length < ATTENDEE_PAGE) break;
    }
    if (queued) deps.nudge?.();
    return queued;
  }

  /**
   * After the newsroom moved or cancelled an event (the events service's
   * `updateEvent` answered `timeChanged`, or `cancelEvent`): each confirmed
   * attendee gets the notice and the current calendar file. Answers how many.
   */
  async function announceChange(eventId: number): Promise<number> {
    const row = await repository.findMailEvent(db, eventId);
    if (!row) return 0;
    const event = toCalendarEvent(row);
    const now = clock.now();
    return eachAttendeePage(eventId, async (attendee, trx) => {
      const to = { email: attendee.email, firstName: attendee.first_name };
      const calendarFile = calendarAttachment(event, attendee, now);
      const message =
        event.status === 'cancelled'
          ? eventCancelledEmail(context, { to, event: emailEvent(event), calendarFile })
          : timeChangedEmail(context, { to, event: emailEvent(event), calendarFile });
      await enqueueEmail(trx, message, now);
    });
  }

  /** The newsroom's message (a subject and plain text) to every confirmed attendee. Answers how many. */
  async function messageAttendees(eventId: number, message: { subject: string; text: string }): Promise<number> {
    const row = await repository.findMailEvent(db, eventId);
    if (!row) return 0;
    const event = toCalendarEvent(row);
    const now = clock.now();
    return eachAttendeePage(eventId, async (attendee, trx) => {
      const to = { email: attendee.email, firstName: attendee.first_name };
      await enqueueEmail(trx, attendeeMessageEmail(context, { to, event: emailEvent(event), ...message }), now);
    });
  }

  /** A registration's own calendar file (the signed download), or null when the link is wrong or the place given up. */
  async function calendarFileFor(
    registrationPublicId: string,
    signature: string,
  ): Promise<{ method: 'REQUEST' | 'CANCEL'; content: string } | null> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(registrationPublicId) || !isCalendarDownloadSignature(deps.secret, registrationPublicId, signature))
      return null;
    const row = await repository.findRegistrationForDownload(db, registrationPublicId);
    if (!row || row.registration_state !== 'confirmed') return null;
    return attendeeCalendarFile(context, toCalendarEvent(row), { stamp: clock.now() });
  }

  return {
    notifier: { prepareConfirmation, queueConfirmation, queued: () => deps.nudge?.() } satisfies EventNotifier,
    announceChange,
    messageAttendees,
    calendarFileFor,
  };
}

export type EventEmails = ReturnType<typeof createEventEmails>;
