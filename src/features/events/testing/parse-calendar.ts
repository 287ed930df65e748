// Test helper: reads a calendar file with ical.js (a real parser, as a
// calendar client would) and answers the fields the tests check.
import ICAL from 'ical.js';

export interface ParsedCalendarEvent {
  uid: string;
  sequence: number;
  /** DTSTART/DTEND as instants; `utc` says whether the file wrote them in UTC (Z) rather than floating. */
  start: Date;
  end: Date;
  startIsUtc: boolean;
  endIsUtc: boolean;
  summary: string;
  description: string;
  url: string | null;
  location: string | null;
  status: string | null;
  organizer: string | null;
  organizerName: string | null;
  attendees: string[];
}

export interface ParsedCalendar {
  method: string | null;
  prodId: string | null;
  events: ParsedCalendarEvent[];
}

function text(component: ICAL.Component, name: string): string | null {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

export function parseCalendar(content: string): ParsedCalendar {
  const calendar = new ICAL.Component(ICAL.parse(content));
  const events = calendar.getAllSubcomponents('vevent').map((component): ParsedCalendarEvent => {
    const start = component.getFirstPropertyValue('dtstart') as ICAL.Time;
    const end = component.getFirstPropertyValue('dtend') as ICAL.Time;
    const organizer = component.getFirstProperty('organizer');
    return {
      uid: text(component, 'uid') ?? '',
      sequence: Number(component.getFirstPropertyValue('sequence') ?? 0),
      start: start.toJSDate(),
      end: end.toJSDate(),
      startIsUtc: start.zone === ICAL.Timezone.utcTimezone,
      endIsUtc: end.zone === ICAL.Timezone.utcTimezone,
      summary: text(component, 'summary') ?? '',
      description: text(component, 'description') ?? '',
      url: text(component, 'url'),
      location: text(component, 'location'),
      status: text(component, 'status'),
      organizer: organizer ? String(organizer.getFirstValue()) : null,
      organizerName: organizer ? ((organizer.getParameter('cn') as string | undefined) ?? null) : null,
      attendees: component.getAllProperties('attendee').map((property) => String(property.getFirstValue())),
    };
  });
  return { method: text(calendar, 'method'), prodId: text(calendar, 'prodid'), events };
}
