// Date filters are days in the publication's time zone ("from 2026-11-28"
// means from that midnight there), turned into the UTC instants stored.

import { zoneOffsetMs } from '../../core/time/time-zones.js';

export function isCalendarDay(value: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The UTC instant of midnight starting `day` in `timeZone`, as ISO text. */
export function dayStartInZone(day: string, timeZone: string): string {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  let instant = midnightUtc - zoneOffsetMs(midnightUtc, timeZone);
  // Once more, for a day whose offset differs from the guess's (a clock change that night).
  instant = midnightUtc - zoneOffsetMs(instant, timeZone);
  return new Date(instant).toISOString();
}
