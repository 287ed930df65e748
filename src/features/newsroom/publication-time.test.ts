import { expect, it } from 'vitest';
import { utcToZonedLocal, zonedLocalToUtc } from './publication-time.js';

const utc = (value: string, zone: string) => {
  const reading = zonedLocalToUtc(value, zone);
  return reading.kind === 'ok' ? reading.iso : reading.message;
};

it('reads a wall-clock time in the publication’s zone, summer and winter', () => {
  expect(utc('2026-01-15T09:30', 'Europe/London')).toBe('2026-01-15T09:30:00.000Z');
  expect(utc('2026-07-15T09:30', 'Europe/London')).toBe('2026-07-15T08:30:00.000Z');
  expect(utc('2026-07-15T09:30', 'America/New_York')).toBe('2026-07-15T13:30:00.000Z');
  expect(utc('2026-07-15T09:30:15', 'Asia/Kolkata')).toBe('2026-07-15T04:00:15.000Z');
  expect(utc('2026-07-15T09:30', 'UTC')).toBe('2026-07-15T09:30:00.000Z');
});

it('takes the earlier of a repeated hour and refuses a skipped one', () => {
  // London: clocks go back at 02:00 BST on 25 October 2026, forward at 01:00 GMT on 29 March 2026.
  expect(utc('2026-10-25T01:30', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z');
  expect(utc('2026-10-25T02:30', 'Europe/London')).toBe('2026-10-25T02:30:00.000Z');
  expect(utc('2026-03-29T01:30', 'Europe/London')).toMatch(/does not exist/);
  expect(utc('2026-03-29T02:30', 'Europe/London')).toBe('2026-03-29T01:30:00.000Z');
  expect(utc('2026-03-29T00:59', 'Europe/London')).toBe('2026-03-29T00:59:00.000Z');
});

it('refuses what is not a date and time', () => {
  for (const value of ['', 'tomorrow', '2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01', '99999-01-01T10:00'])
    expect(zonedLocalToUtc(value, 'Europe/London').kind, value).toBe('invalid');
});

it('shows a stored time as the zone’s wall clock, and reads it back to the same instant', () => {
  expect(utcToZonedLocal('2026-07-15T08:30:00.000Z', 'Europe/London')).toBe('2026-07-15T09:30');
  expect(utcToZonedLocal('2026-10-25T00:30:00.000Z', 'Europe/London')).toBe('2026-10-25T01:30');
  for (const iso of ['2026-03-29T01:00:00.000Z', '2026-10-25T03:00:00.000Z', '2026-12-31T23:59:00.000Z'])
    expect(utc(utcToZonedLocal(iso, 'Europe/Berlin'), 'Europe/Berlin')).toBe(iso);
});
