import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datePartsInZone, formatDateline, formatShortDate } from './format.js';

describe('formatDateline', () => {
  it('writes the house style in the publication zone', () => {
    expect(formatDateline('2015-02-27T17:42:00Z', 'Europe/London')).toBe('Friday 27 February 2015 17:42');
  });

  it('follows summer time', () => {
    expect(formatDateline('2015-07-01T08:05:00Z', 'Europe/London')).toBe('Wednesday 1 July 2015 09:05');
  });

  it('uses another configured zone', () => {
    expect(formatDateline('2015-02-27T23:30:00Z', 'Asia/Tokyo')).toBe('Saturday 28 February 2015 08:30');
  });

  it('writes midnight as 00, not 24', () => {
    expect(formatDateline('2015-02-28T00:00:00Z', 'UTC')).toBe('Saturday 28 February 2015 00:00');
  });
});

describe('datePartsInZone', () => {
  it('takes the calendar day of the zone, not of UTC', () => {
    expect(datePartsInZone('2015-02-27T23:30:00Z', 'Asia/Tokyo')).toEqual({ year: '2015', month: '02', day: '28' });
  });

  it('agrees with Intl for any instant in zones with odd offsets and DST switches, the switch days included (property)', () => {
    const zones = [
      'Europe/London',
      'America/New_York',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'America/St_Johns',
      'UTC',
    ];
    const exact = (instant: Date, timeZone: string) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
          .formatToParts(instant)
          .map((part) => [part.type, part.value]),
      );
      return { year: parts.year, month: parts.month, day: parts.day };
    };
    // Around the 2026 switches too: the last minutes before and first after midnight and the change.
    const switches = [
      '2026-03-29T00:59:59Z',
      '2026-03-29T01:00:00Z',
      '2026-10-25T00:59:59Z',
      '2026-03-08T06:59:59Z',
      '2026-04-04T15:00:00Z',
    ];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.date({ min: new Date('1975-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
          fc.constantFrom(...switches.map((iso) => new Date(iso))),
        ),
        fc.constantFrom(...zones),
        (instant, timeZone) => {
          const dateline = Object.fromEntries(
            new Intl.DateTimeFormat('en-GB', {
              timeZone,
              weekday: 'long',
              day: 'numeric',
              month: 'long',
              year: 'numeric',
              hour: '2-digit',
              minute: '2-digit',
              hourCycle: 'h23',
            })
              .formatToParts(instant)
              .map((part) => [part.type, part.value]),
          );
          expect(formatDateline(instant, timeZone)).toBe(
            `${dateline.weekday} ${dateline.day} ${dateline.month} ${dateline.year} ${dateline.hour}:${dateline.minute}`,
          );
          expect(formatShortDate(instant, timeZone)).toBe(
            new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(instant),
          );
          expect(datePartsInZone(instant, timeZone)).toEqual(exact(instant, timeZone));
          expect(datePartsInZone(instant.toISOString(), timeZone)).toEqual(exact(instant, timeZone));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with Intl at every quarter hour of a year, through every switch of three zones', () => {
    for (const timeZone of ['Europe/London', 'Australia/Lord_Howe', 'America/St_Johns']) {
      const formatter = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 15 * 60_000) {
        const parts = Object.fromEntries(formatter.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
        const ours = datePartsInZone(new Date(ms), timeZone);
        if (ours.year !== parts.year || ours.month !== parts.month || ours.day !== parts.day)
          expect({ at: new Date(ms).toISOString(), timeZone, ours }).toEqual({ at: new Date(ms).toISOString(), timeZone, ours: parts });
      }
    }
  });
});
