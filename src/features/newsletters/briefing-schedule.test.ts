import { describe, expect, it } from 'vitest';
import { briefingInstant, dueBriefing, localDateAt, nextBriefing } from './briefing-schedule.js';

const LONDON = 'Europe/London';
const at = (localDate: string, time: string, zone = LONDON) => briefingInstant(localDate, time, zone).toISOString();
const next = (now: string, time: string, zone = LONDON) => {
  const run = nextBriefing(new Date(now), time, zone);
  return [run.localDate, run.at.toISOString()];
};
const due = (now: string, time: string, extra: { armedAt?: string; catchUpMs?: number; zone?: string } = {}) =>
  dueBriefing({
    now: new Date(now),
    sendTime: time,
    timeZone: extra.zone ?? LONDON,
    armedAt: extra.armedAt ?? null,
    catchUpMs: extra.catchUpMs,
  });

describe('briefing instants in the publication’s zone', () => {
  it('follows the zone’s offset in summer and winter', () => {
    expect(at('2026-07-15', '07:00')).toBe('2026-07-15T06:00:00.000Z');
    expect(at('2026-12-15', '07:00')).toBe('2026-12-15T07:00:00.000Z');
    expect(at('2026-07-15', '07:00', 'America/New_York')).toBe('2026-07-15T11:00:00.000Z');
    expect(at('2026-07-15', '07:00', 'Asia/Kolkata')).toBe('2026-07-15T01:30:00.000Z');
  });

  it('keeps the local time across the last Sunday of October (clocks go back)', () => {
    expect(at('2026-10-24', '07:00')).toBe('2026-10-24T06:00:00.000Z');
    expect(at('2026-10-25', '07:00')).toBe('2026-10-25T07:00:00.000Z');
    // The 25-hour day: the next briefing after Saturday's is 25 hours later, still at 07:00.
    expect(next('2026-10-24T06:00:00.000Z', '07:00')).toEqual(['2026-10-25', '2026-10-25T07:00:00.000Z']);
    // 01:30 happens twice that night: the first one (BST) is the briefing's.
    expect(at('2026-10-25', '01:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(next('2026-10-25T00:30:00.000Z', '01:30')).toEqual(['2026-10-26', '2026-10-26T01:30:00.000Z']);
  });

  it('keeps the local time across the last Sunday of March (clocks go forward), and moves a skipped time past the gap', () => {
    expect(at('2026-03-28', '07:00')).toBe('2026-03-28T07:00:00.000Z');
    expect(at('2026-03-29', '07:00')).toBe('2026-03-29T06:00:00.000Z');
    expect(next('2026-03-28T07:00:00.000Z', '07:00')).toEqual(['2026-03-29', '2026-03-29T06:00:00.000Z']);
    // 01:30 does not exist on 29 March 2026 in London: it goes at 01:30 GMT, which the clocks show as 02:30 BST.
    expect(at('2026-03-29', '01:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(at('2026-03-29', '01:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('2026-03-29', '02:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('2026-03-29', '00:59')).toBe('2026-03-29T00:59:00.000Z');
    expect(next('2026-03-28T01:30:00.000Z', '01:30')).toEqual(['2026-03-29', '2026-03-29T01:30:00.000Z']);
    expect(next('2026-03-29T01:30:00.000Z', '01:30')).toEqual(['2026-03-30', '2026-03-30T00:30:00.000Z']);
  });

  it('names the local date, not the UTC one', () => {
    expect(localDateAt(new Date('2026-07-15T23:30:00.000Z'), LONDON)).toBe('2026-07-16');
    expect(localDateAt(new Date('2026-12-15T23:30:00.000Z'), LONDON)).toBe('2026-12-15');
    expect(next('2026-07-15T22:45:00.000Z', '00:15')).toEqual(['2026-07-16', '2026-07-15T23:15:00.000Z']);
  });
});

describe('which briefing is owed now', () => {
  it('is owed from its time until the catch-up window (six hours) ends', () => {
    expect(due('2026-03-29T05:59:59.999Z', '07:00')).toBeNull();
    expect(due('2026-03-29T06:00:00.000Z', '07:00')).toEqual({ localDate: '2026-03-29', at: new Date('2026-03-29T06:00:00.000Z') });
    expect(due('2026-03-29T11:59:59.999Z', '07:00')?.localDate).toBe('2026-03-29');
    expect(due('2026-03-29T12:00:00.000Z', '07:00')).toBeNull();
    expect(due('2026-03-29T08:00:00.000Z', '07:00', { catchUpMs: 60_000 })).toBeNull();
  });

  it('owes a late-evening briefing after midnight under its own date, and never yesterday’s with today’s', () => {
    expect(due('2026-10-24T23:10:00.000Z', '23:30')).toEqual({ localDate: '2026-10-24', at: new Date('2026-10-24T22:30:00.000Z') });
    expect(due('2026-10-25T03:00:00.000Z', '23:30')?.localDate).toBe('2026-10-24');
    expect(due('2026-10-25T05:00:00.000Z', '23:30')).toBeNull();
  });

  it('is not owed for a time before the briefing was switched on or moved', () => {
    expect(due('2026-12-15T07:30:00.000Z', '07:00', { armedAt: '2026-12-15T07:20:00.000Z' })).toBeNull();
    expect(due('2026-12-15T07:30:00.000Z', '07:00', { armedAt: '2026-12-15T06:59:00.000Z' })?.localDate).toBe('2026-12-15');
    expect(due('2026-12-16T07:00:00.000Z', '07:00', { armedAt: '2026-12-15T07:20:00.000Z' })?.localDate).toBe('2026-12-16');
  });
});
