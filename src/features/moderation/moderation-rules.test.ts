import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLocalDateTime, toLocalDateTimeValue } from './local-date-time.js';
import { isWriteBlocked, standingFrom } from './moderation.policy.js';
import { describeReportReason } from './moderation.queries.js';

describe('standing', () => {
  const now = '2026-03-10T12:00:00.000Z';
  const row = (changes: Partial<{ premoderated: number; suspended_until: string | null; banned_at: string | null }>) => ({
    premoderated: 0,
    suspended_until: null,
    banned_at: null,
    ...changes,
  });

  it('is good without a row, with the pre-moderation flag otherwise', () => {
    expect(standingFrom(undefined, now)).toEqual({ kind: 'good', premoderated: false });
    expect(standingFrom(row({ premoderated: 1 }), now)).toEqual({ kind: 'good', premoderated: true });
  });

  it('is suspended until the time passes, then good again', () => {
    expect(standingFrom(row({ suspended_until: '2026-03-10T12:00:01.000Z' }), now)).toEqual({
      kind: 'suspended',
      until: '2026-03-10T12:00:01.000Z',
    });
    expect(standingFrom(row({ suspended_until: now }), now)).toEqual({ kind: 'good', premoderated: false });
  });

  it('is banned whatever else the row says', () => {
    expect(standingFrom(row({ banned_at: now, suspended_until: '2030-01-01T00:00:00.000Z', premoderated: 1 }), now)).toEqual({
      kind: 'banned',
    });
  });

  it('blocks writes for suspended and banned readers only', () => {
    expect(isWriteBlocked({ kind: 'good', premoderated: true })).toBe(false);
    expect(isWriteBlocked({ kind: 'suspended', until: now })).toBe(true);
    expect(isWriteBlocked({ kind: 'banned' })).toBe(true);
  });
});

describe('suspension times typed in the publication zone', () => {
  it('reads winter and summer times in London', () => {
    expect(parseLocalDateTime('2026-01-15T18:30', 'Europe/London')?.toISOString()).toBe('2026-01-15T18:30:00.000Z');
    expect(parseLocalDateTime('2026-07-15T18:30', 'Europe/London')?.toISOString()).toBe('2026-07-15T17:30:00.000Z');
    expect(parseLocalDateTime('2026-07-15 18:30:15', 'America/New_York')?.toISOString()).toBe('2026-07-15T22:30:15.000Z');
  });

  it('moves a time skipped by the clock change past the gap', () => {
    expect(parseLocalDateTime('2026-03-29T01:30', 'Europe/London')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses what is not a real date and time', () => {
    for (const value of [
      '',
      'tomorrow',
      '2026-02-30T10:00',
      '2026-13-01T10:00',
      '2026-01-01T24:00',
      '2026-01-01',
      '1969-12-31T23:59',
      '+02026-01-01T10:00',
      '2026-01-01T10:00Z',
    ]) {
      expect(parseLocalDateTime(value, 'Europe/London'), value).toBeNull();
    }
  });

  it('round-trips every minute it shows', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('Europe/London', 'Asia/Kolkata', 'America/St_Johns', 'UTC'),
        (date, zone) => {
          const minute = new Date(Math.floor(date.getTime() / 60_000) * 60_000);
          const shown = toLocalDateTimeValue(minute, zone);
          const parsed = parseLocalDateTime(shown, zone)!;
          // An ambiguous hour (clocks going back) may resolve to its other instance, which shows the same.
          expect(toLocalDateTimeValue(parsed, zone)).toBe(shown);
        },
      ),
    );
  });
});

describe('report reasons', () => {
  it('shows the label of a known code with the reader’s words, and anything else as stored', () => {
    expect(describeReportReason('spam')).toBe('Spam or advertising');
    expect(describeReportReason('other: rude about my town')).toBe('Something else: rude about my town');
    expect(describeReportReason('Personal attack')).toBe('Personal attack');
    expect(describeReportReason('__proto__: x')).toBe('__proto__: x');
  });
});
