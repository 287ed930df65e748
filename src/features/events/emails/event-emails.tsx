// The events' emails: confirmation (on sign-up or promotion from the waiting
// list), change of time, cancellation, the two reminders and a message from
// the newsroom. Each names the time in the publication's zone with the zone's
// abbreviation (GMT/BST), and links the event's page, where the join link is:
// the stream address is never in an email.
import type { EmailAttachment, EmailMessage } from '../../../core/email/mailer.js';
import { formatDateline } from '../../../core/views/format.js';

export interface EventEmailContext {
  publicationName: string;
  publicUrl: string;
  timeZone: string;
}

export interface EmailEvent {
  title: string;
  startsAt: string;
  endsAt: string;
  pageUrl: string;
}

export interface EmailRecipient {
  email: string;
  firstName: string;
}

type Paragraph = string | { href: string; label: string };

const zoneNames = new Map<string, Intl.DateTimeFormat>();

function zoneAbbreviation(date: Date, timeZone: string): string {
  let formatter = zoneNames.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' });
    zoneNames.set(timeZone, formatter);
  }
  return formatter.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/** "Sunday 25 October 2026 10:00 GMT to 11:00 GMT": the zone named on each end, since a DST change can fall between. */
export function eventTimeLabel(event: Pick<EmailEvent, 'startsAt' | 'endsAt'>, timeZone: string): string {
  const start = new Date(event.startsAt);
  const end = new Date(event.endsAt);
  const endLabel = formatDateline(end, timeZone);
  const sameDay = endLabel.slice(0, -6) === formatDateline(start, timeZone).slice(0, -6);
  return `${formatDateline(start, timeZone)} ${zoneAbbreviation(start, timeZone)} to ${sameDay ? endLabel.slice(-5) : endLabel} ${zoneAbbreviation(end, timeZone)}`;
}

function compose(
  context: EventEmailContext,
  options: { to: string; subject: string; heading: string; paragraphs: Paragraph[]; attachments?: EmailAttachment[] },
): EmailMessage {
  const text = [
    context.publicationName,
    options.heading,
    ...options.paragraphs.map((paragraph) => (typeof paragraph === 'string' ? paragraph : `${paragraph.label}: ${paragraph.href}`)),
  ].join('\n\n');
  const html = (
    <html lang="en">
      <body style="font-family: Georgia, serif; color: #121212; max-width: 36rem; margin: 0 auto; padding: 1rem;">
        <p style="font-size: 1.25rem; font-weight: bold;">{context.publicationName}</p>
        <h1 style="font-size: 1.4rem;">{options.heading}</h1>
        {options.paragraphs.map((paragraph) =>
          typeof paragraph === 'string' ? (
            <p style="white-space: pre-line;">{paragraph}</p>
          ) : (
            <p>
              <a href={paragraph.href} style="color: #0b4f8a; font-weight: bold;">
                {paragraph.label}
              </a>
            </p>
          ),
        )}
      </body>
    </html>
  ).value;
  return {
    to: options.to,
    subject: options.subject,
    text,
    html: `<!doctype html>${html}`,
    ...(options.attachments ? { attachments: options.attachments } : {}),
  };
}

export function confirmationEmail(
  context: EventEmailContext,
  options: { to: EmailRecipient; event: EmailEvent; promoted: boolean; calendarUrl: string; calendarFile: EmailAttachment },
): EmailMessage {
  const { event } = options;
  return compose(context, {
    to: options.to.email,
    subject: options.promoted ? `A seat opened up: you are in for “${event.title}”` : `You are signed up for “${event.title}”`,
    heading: options.promoted ? 'You are off the waiting list' : 'You are signed up',
    paragraphs: [
      `Hello ${options.to.firstName},`,
      options.promoted
        ? `A seat became free and it is yours: you have a place at “${event.title}”.`
        : `You have a place at “${event.title}”.`,
      `When: ${eventTimeLabel(event, context.timeZone)}.`,
      'Your personal join link is on the event page, from shortly before the start. The calendar file attached adds the event to your calendar, and updates it if the time changes.',
      { href: event.pageUrl, label: 'The event page' },
      { href: options.calendarUrl, label: 'Add to calendar' },
      'Cannot come after all? Cancel your place on the event page, so that someone on the waiting list can have it.',
    ],
    attachments: [options.calendarFile],
  });
}

export function timeChangedEmail(
  context: EventEmailContext,
  options: { to: EmailRecipient; event: EmailEvent; calendarFile: EmailAttachment },
): EmailMessage {
  const { event } = options;
  return compose(context, {
    to: options.to.email,
    subject: `New time: “${event.title}”`,
    heading: 'The event has moved',
    paragraphs: [
      `Hello ${options.to.firstName},`,
      `“${event.title}” has a new time: ${eventTimeLabel(event, context.timeZone)}.`,
      'Your place is kept. The calendar file attached updates the entry already in your calendar.',
      { href: event.pageUrl, label: 'The event page' },
    ],
    attachments: [options.calendarFile],
  });
}

export function eventCancelledEmail(
  context: EventEmailContext,
  options: { to: EmailRecipient; event: EmailEvent; calendarFile: EmailAttachment },
): EmailMessage {
  const { event } = options;
  return compose(context, {
    to: options.to.email,
    subject: `Cancelled: “${event.title}”`,
    heading: 'The event is cancelled',
    paragraphs: [
      `Hello ${options.to.firstName},`,
      `We are sorry: “${event.title}”, planned for ${eventTimeLabel(event, context.timeZone)}, will not take place.`,
      'The calendar file attached removes it from your calendar.',
      { href: event.pageUrl, label: 'The event page' },
    ],
    attachments: [options.calendarFile],
  });
}

/** Reminders carry no calendar file, so a calendar never takes an old copy from one. */
export function reminderEmail(
  context: EventEmailContext,
  options: { to: EmailRecipient; event: EmailEvent; reminder: '24h' | '1h' },
): EmailMessage {
  const { event } = options;
  const when = options.reminder === '24h' ? 'tomorrow' : 'in an hour';
  return compose(context, {
    to: options.to.email,
    subject: `Starting ${when}: “${event.title}”`,
    heading: `“${event.title}” starts ${when}`,
    paragraphs: [
      `Hello ${options.to.firstName},`,
      `${eventTimeLabel(event, context.timeZone)}.`,
      'Your personal join link is on the event page and works from shortly before the start.',
      { href: event.pageUrl, label: 'The event page' },
    ],
  });
}

export function attendeeMessageEmail(
  context: EventEmailContext,
  options: { to: EmailRecipient; event: EmailEvent; subject: string; text: string },
): EmailMessage {
  const { event } = options;
  return compose(context, {
    to: options.to.email,
    subject: options.subject,
    heading: options.subject,
    paragraphs: [
      `Hello ${options.to.firstName},`,
      options.text,
      `You get this message because you have a place at “${event.title}” (${eventTimeLabel(event, context.timeZone)}).`,
      { href: event.pageUrl, label: 'The event page' },
    ],
  });
}
