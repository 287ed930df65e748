// When a daily briefing goes: its send time (HH:MM) on each local date of the
// publication's time zone, as an instant. Pure, so DST is testable.
//
// Clock changes: a time that happens twice (the hour repeated in autumn) is
// taken the first time; a time that does not happen (the hour skipped in
// spring) is taken as the wall clock read before the change, which lands
// just after it (01:30 in London on the last Sunday of March is 01:30 GMT,
// shown as 02:30 BST). Every local date gets exactly one briefing instant.
//
// Catch-up: a day's briefing is owed from its instant for `catchUpMs` (six
// hours by default). A node that starts within that window sends it (once,
// whichever node claims it first); a day whose window passed with no node
// running is skipped, never sent late, and a window never reaches the next
// day's briefing because it is shorter than a day.

import { instantsAtWallClock, wallClockMs, zoneOffsetMs } from '../../core/time/time-zones.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const BRIEFING_CATCH_UP_MS = 6 * HOUR_MS;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The local date ('YYYY-MM-DD') in `timeZone` at `instant`. */
export function localDateAt(instant: Date, timeZone: string): string {
  return new Date(wallClockMs(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' moved by whole days. */
export function addDays(localDate: string, days: number): string {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export const isSendTime = (value: string) => TIME_PATTERN.test(value);

/** The instant of `sendTime` (HH:MM) on `localDate` in `timeZone` (clock changes: see the top of the file). */
export function briefingInstant(localDate: string, sendTime: string, timeZone: string): Date {
  const time = TIME_PATTERN.exec(sendTime);
  if (!time) throw new Error(`not a send time: ${sendTime}`);
  const wall = Date.parse(`${localDate}T${time[1]}:${time[2]}:00Z`);
  const matching = instantsAtWallClock(wall, timeZone);
  // Skipped by the clocks going forward: the wall clock read with the offset before the change, just after the jump.
  if (matching.length === 0) return new Date(wall - zoneOffsetMs(wall - 14 * HOUR_MS, timeZone));
  return new Date(matching[0]!);
}

export interface BriefingRun {
  /** The local date the briefing is for: with the newsletter, the key that makes it once a day. */
  localDate: string;
  at: Date;
}

/**
 * The briefing owed at `now`, if any: the latest instant at or before `now`
 * still inside the catch-up window, and not before the briefing was switched
 * on or its time changed (`armedAt`), so an editor who sets 07:00 at 07:30
 * gets the first one tomorrow rather than at once.
 */
export function dueBriefing(options: {
  now: Date;
  sendTime: string;
  timeZone: string;
  armedAt: string | null;
  catchUpMs?: number;
}): BriefingRun | null {
  const { now, sendTime, timeZone } = options;
  const catchUpMs = Math.min(options.catchUpMs ?? BRIEFING_CATCH_UP_MS, DAY_MS - HOUR_MS);
  const armedAtMs = options.armedAt ? Date.parse(options.armedAt) : Number.NEGATIVE_INFINITY;
  const today = localDateAt(now, timeZone);
  for (const localDate of [today, addDays(today, -1)]) {
    const at = briefingInstant(localDate, sendTime, timeZone);
    const late = now.getTime() - at.getTime();
    if (late >= 0 && late < catchUpMs && at.getTime() >= armedAtMs) return { localDate, at };
    if (late >= 0) return null;
  }
  return null;
}

/** The next briefing strictly after `now` (what the newsroom desk shows). */
export function nextBriefing(now: Date, sendTime: string, timeZone: string): BriefingRun {
  const today = localDateAt(now, timeZone);
  for (let days = 0; ; days++) {
    const localDate = addDays(today, days);
    const at = briefingInstant(localDate, sendTime, timeZone);
    if (at.getTime() > now.getTime()) return { localDate, at };
  }
}
