import { describe, expect, it } from 'vitest';
import { instantsAtWallClock, wallClockMs, zoneOffsetMs } from './time-zones.js';

const at = (iso: string) => Date.parse(iso);

describe('time zones', () => {
  it("reads a zone's wall clock and offset either side of London's clock changes", () => {
    expect(new Date(wallClockMs(at('2026-07-01T12:00:00Z'), 'Europe/London')).toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(zoneOffsetMs(at('2026-07-01T12:00:00Z'), 'Europe/London')).toBe(3_600_000);
    expect(zoneOffsetMs(at('2026-12-01T12:00:00Z'), 'Europe/London')).toBe(0);
    expect(zoneOffsetMs(at('2026-12-01T12:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(at('2026-12-01T12:00:00.999Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
  });

  it('finds one instant for an ordinary wall-clock time, two in the repeated hour and none in the skipped one', () => {
    expect(instantsAtWallClock(at('2026-06-01T07:00:00Z'), 'Europe/London')).toEqual([at('2026-06-01T06:00:00Z')]);
    // 25 October 2026: 01:30 happens in BST and again in GMT.
    expect(instantsAtWallClock(at('2026-10-25T01:30:00Z'), 'Europe/London')).toEqual([
      at('2026-10-25T00:30:00Z'),
      at('2026-10-25T01:30:00Z'),
    ]);
    // 29 March 2026: 01:30 does not happen (01:00 GMT becomes 02:00 BST).
    expect(instantsAtWallClock(at('2026-03-29T01:30:00Z'), 'Europe/London')).toEqual([]);
    expect(instantsAtWallClock(at('2026-03-29T12:00:00Z'), 'UTC')).toEqual([at('2026-03-29T12:00:00Z')]);
  });
});
