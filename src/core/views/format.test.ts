import { describe, expect, it } from 'vitest';
import { datePartsInZone, formatDateline } from './format.js';

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
});
