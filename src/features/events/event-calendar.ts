// Calendar files for events (RFC 5545, with RFC 5546's methods), made by
// ical-generator. What keeps calendars right, and why:
// - one UID per event for ever (`calendar_uid`), so an update replaces the
//   entry a calendar already holds instead of adding a second one;
// - SEQUENCE is the event's own counter (it rises on every change of time
//   and on cancellation), so a calendar takes a newer copy over an older one
//   and ignores an older one arriving late;
// - every time in UTC ("Z"), never floating: Outlook and the rest agree on
//   the instant and show it in the reader's own zone, across DST changes;
// - URL and LOCATION are the event's page on this site, never the stream
//   address (which staff may change and which only the join link reveals).
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';

/** The part of an event a calendar file shows (an events service `PublicEvent` fits). */
export interface CalendarEvent {
  calendarUid: string;
  /** The event's page is /events/<slug>. */
  slug: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  updatedAt: string;
}

export interface CalendarContext {
  publicationName: string;
  publicUrl: string;
  /** The organizer's address: the publication's sender (MAIL_FROM's address). */
  organizerEmail: string;
}

/** REQUEST: an invitation or its update; CANCEL: the event is off; PUBLISH: a feed a calendar subscribes to. */
export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH,
};

/** The event's page: what URL and LOCATION carry. */
export function eventPageUrl(context: Pick<CalendarContext, 'publicUrl'>, event: Pick<CalendarEvent, 'slug'>): string {
  return `${context.publicUrl}/events/${encodeURIComponent(event.slug)}`;
}

/** The address part of a sender like `The Gazette <news@example.com>`. */
export function addressOf(sender: string): string {
  const open = sender.lastIndexOf('<');
  const close = sender.lastIndexOf('>');
  return (open >= 0 && close > open ? sender.slice(open + 1, close) : sender).trim();
}

function calendarOf(context: CalendarContext, method: CalendarMethod, name?: string): ICalCalendar {
  return ical({
    prodId: { company: 'Masthead', product: context.publicationName, language: 'EN' },
    method: METHODS[method],
    ...(name ? { name } : {}),
  });
}

function addEvent(
  calendar: ICalCalendar,
  context: CalendarContext,
  event: CalendarEvent,
  options: { stamp: Date; attendee?: { email: string; name: string }; cancelled: boolean },
) {
  const url = eventPageUrl(context, event);
  calendar.createEvent({
    id: event.calendarUid,
    sequence: event.sequence,
    stamp: options.stamp,
    lastModified: new Date(event.updatedAt),
    start: new Date(event.startsAt),
    end: new Date(event.endsAt),
    summary: event.title,
    description: `${event.description}\n\nEvent page (your join link is there): ${url}`.trim(),
    url,
    location: url,
    status: options.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: context.publicationName, email: context.organizerEmail },
    ...(options.attendee
      ? {
          attendees: [
            {
              email: options.attendee.email,
              name: options.attendee.name,
              // The reader already said yes by signing up: no RSVP asked of them.
              status: ICalAttendeeStatus.ACCEPTED,
              role: ICalAttendeeRole.REQ,
              rsvp: false,
            },
          ],
        }
      : {}),
  });
}

/**
 * The file an attendee's email carries: an invitation (REQUEST) while the event
 * is on, a cancellation (CANCEL, STATUS:CANCELLED) once it is called off.
 */
export function attendeeCalendarFile(
  context: CalendarContext,
  event: CalendarEvent,
  options: { stamp: Date; attendee?: { email: string; name: string } },
): { method: 'REQUEST' | 'CANCEL'; content: string } {
  const method = event.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const calendar = calendarOf(context, method);
  addEvent(calendar, context, event, { ...options, cancelled: method === 'CANCEL' });
  return { method, content: calendar.toString() };
}

/** A reader's subscribed feed: their events with the same UIDs and SEQUENCEs their invitations carried. */
export function feedCalendarFile(context: CalendarContext, events: CalendarEvent[], options: { stamp: Date; name: string }): string {
  const calendar = calendarOf(context, 'PUBLISH', options.name);
  for (const event of events) addEvent(calendar, context, event, { stamp: options.stamp, cancelled: event.status === 'cancelled' });
  return calendar.toString();
}

/** The MIME type an attachment or download of a file with this method goes out with. */
export function calendarContentType(method: CalendarMethod): string {
  return `text/calendar; charset=utf-8; method=${method}`;
}
