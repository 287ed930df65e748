// The "Publication time" field: a datetime-local value (a wall-clock time with
// no zone) read in the publication's time zone, and back. Browsers send what
// the person typed; only the server knows which zone the newsroom works in.
//
// Around a clock change a wall-clock time can name two instants (the hour
// that repeats in autumn: the earlier is taken, as calendars do) or none (the
// hour skipped in spring: refused with a message, rather than silently moved).

import { instantsAtWallClock, wallClockMs } from '../../core/time/time-zones.js';

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export type LocalTimeReading = { kind: 'ok'; iso: string } | { kind: 'invalid'; message: string };

/** A datetime-local value in `timeZone` as a UTC ISO timestamp. */
export function zonedLocalToUtc(value: string, timeZone: string): LocalTimeReading {
  const match = LOCAL_PATTERN.exec(value.trim());
  if (!match) return { kind: 'invalid', message: 'Enter the publication time as a date and a time.' };
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(wall);
  if (
    year < 1900 ||
    year > 2999 ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return { kind: 'invalid', message: 'Enter a real date and time.' };
  const candidates = instantsAtWallClock(wall, timeZone);
  if (candidates.length === 0)
    return { kind: 'invalid', message: 'That time does not exist in the publication’s time zone (the clocks go forward then).' };
  return { kind: 'ok', iso: new Date(candidates[0]!).toISOString() };
}

/** A UTC timestamp as the datetime-local value a person in `timeZone` reads (to the minute). */
export function utcToZonedLocal(iso: string, timeZone: string): string {
  const wall = new Date(wallClockMs(new Date(iso).getTime(), timeZone));
  return wall.toISOString().slice(0, 16);
}
