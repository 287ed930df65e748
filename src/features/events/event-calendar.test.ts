import { describe, expect, it } from 'vitest';
import { formatDateline } from '../../core/views/format.js';
import { addressOf, attendeeCalendarFile, calendarContentType, feedCalendarFile, type CalendarEvent } from './event-calendar.js';
import { parseCalendar } from './testing/parse-calendar.js';

const context = {
  publicationName: 'The Test Gazette',
  publicUrl: 'https://news.example.test',
  organizerEmail: 'newsroom@news.example.test',
};
const stamp = new Date('2026-10-01T09:00:00.000Z');

function calendarEvent(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    calendarUid: '5f0c8e1e-55aa-4c53-9a55-1c1d8f0f1e2a@masthead-events',
    slug: 'reading-the-budget',
    title: 'Reading the budget, line by line',
    description: 'Our economics editor takes questions.',
    startsAt: '2026-12-10T18:00:00.000Z',
    endsAt: '2026-12-10T19:00:00.000Z',
    status: 'scheduled',
    sequence: 0,
    updatedAt: '2026-10-01T08:00:00.000Z',
    ...overrides,
  };
}

describe('attendee calendar files', () => {
  it('invites with METHOD:REQUEST, the stable UID, the SEQUENCE, UTC times, the publication as organizer and the page as URL and LOCATION', () => {
    const file = attendeeCalendarFile(context, calendarEvent({ sequence: 3 }), {
      stamp,
      attendee: { email: 'zoe@example.test', name: 'Zoë Quill' },
    });
    expect(file.method).toBe('REQUEST');
    const parsed = parseCalendar(file.content);
    expect(parsed.method).toBe('REQUEST');
    expect(parsed.events).toHaveLength(1);
    const [event] = parsed.events;
    expect(event!.uid).toBe('5f0c8e1e-55aa-4c53-9a55-1c1d8f0f1e2a@masthead-events');
    expect(event!.sequence).toBe(3);
    expect(event!.start.toISOString()).toBe('2026-12-10T18:00:00.000Z');
    expect(event!.end.toISOString()).toBe('2026-12-10T19:00:00.000Z');
    expect(event!.startIsUtc && event!.endIsUtc).toBe(true);
    expect(file.content).toMatch(/^DTSTART:20261210T180000Z\r?$/m);
    expect(event!.summary).toBe('Reading the budget, line by line');
    expect(event!.status).toBe('CONFIRMED');
    expect(event!.url).toBe('https://news.example.test/events/reading-the-budget');
    expect(event!.location).toBe('https://news.example.test/events/reading-the-budget');
    expect(event!.organizer?.toLowerCase()).toBe('mailto:newsroom@news.example.test');
    expect(event!.organizerName).toBe('The Test Gazette');
    expect(event!.attendees.map((attendee) => attendee.toLowerCase())).toEqual(['mailto:zoe@example.test']);
    expect(event!.description).toContain('Our economics editor takes questions.');
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED under the same UID and the raised SEQUENCE', () => {
    const file = attendeeCalendarFile(context, calendarEvent({ status: 'cancelled', sequence: 4 }), { stamp });
    expect(file.method).toBe('CANCEL');
    const parsed = parseCalendar(file.content);
    expect(parsed.method).toBe('CANCEL');
    expect(parsed.events[0]!.status).toBe('CANCELLED');
    expect(parsed.events[0]!.sequence).toBe(4);
    expect(parsed.events[0]!.uid).toBe(calendarEvent().calendarUid);
  });

  it('keeps awkward titles intact through escaping and line folding', () => {
    const title = 'Q&A: “Clocks”, commas; backslashes \\ and a very long title that surely needs folding at seventy-five octets, zoë';
    const parsed = parseCalendar(attendeeCalendarFile(context, calendarEvent({ title, description: 'a\nb; c, d' }), { stamp }).content);
    expect(parsed.events[0]!.summary).toBe(title);
    expect(parsed.events[0]!.description.startsWith('a\nb; c, d')).toBe(true);
  });

  it('puts a DST-crossing event at the right instant, and it reads at the right local time in London', () => {
    // Sunday 25 October 2026: London leaves BST at 02:00 BST (01:00 UTC). An event at 10:00 London time is 10:00 UTC
    // (GMT), not 09:00 as it would be the day before.
    const dayBefore = calendarEvent({ startsAt: '2026-10-24T09:00:00.000Z', endsAt: '2026-10-24T10:00:00.000Z' });
    const onTheDay = calendarEvent({ startsAt: '2026-10-25T10:00:00.000Z', endsAt: '2026-10-25T11:00:00.000Z' });
    const before = parseCalendar(attendeeCalendarFile(context, dayBefore, { stamp }).content).events[0]!;
    const after = parseCalendar(attendeeCalendarFile(context, onTheDay, { stamp }).content).events[0]!;
    expect(before.start.toISOString()).toBe('2026-10-24T09:00:00.000Z');
    expect(after.start.toISOString()).toBe('2026-10-25T10:00:00.000Z');
    expect(formatDateline(before.start, 'Europe/London')).toBe('Saturday 24 October 2026 10:00');
    expect(formatDateline(after.start, 'Europe/London')).toBe('Sunday 25 October 2026 10:00');
  });

  it('never carries a stream address, even when handed a staff event that has one', () => {
    const staffEvent = { ...calendarEvent(), streamUrl: 'https://stream.example.test/secret-room' };
    const content = attendeeCalendarFile(context, staffEvent, { stamp }).content;
    expect(content).not.toContain('stream.example.test');
  });
});

describe('the feed file', () => {
  it('publishes every event with its UID and SEQUENCE, cancelled ones marked', () => {
    const events = [
      calendarEvent(),
      calendarEvent({ calendarUid: 'second@masthead-events', slug: 'second', sequence: 2, status: 'cancelled' }),
    ];
    const parsed = parseCalendar(feedCalendarFile(context, events, { stamp, name: 'The Test Gazette events' }));
    expect(parsed.method).toBe('PUBLISH');
    expect(parsed.events.map((event) => [event.uid, event.sequence, event.status])).toEqual([
      [events[0]!.calendarUid, 0, 'CONFIRMED'],
      ['second@masthead-events', 2, 'CANCELLED'],
    ]);
    expect(parsed.events.every((event) => event.attendees.length === 0)).toBe(true);
  });

  it('is a valid empty calendar when the reader has no events', () => {
    expect(parseCalendar(feedCalendarFile(context, [], { stamp, name: 'Mine' })).events).toEqual([]);
  });
});

describe('helpers', () => {
  it('names the method in the content type and finds the sender address', () => {
    expect(calendarContentType('REQUEST')).toBe('text/calendar; charset=utf-8; method=REQUEST');
    expect(addressOf('The Gazette <news@example.test>')).toBe('news@example.test');
    expect(addressOf('news@example.test')).toBe('news@example.test');
  });
});
