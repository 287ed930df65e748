// The one place that asks Intl what a time zone's wall clock reads. Every
// feature that turns UTC instants into local dates and times (datelines, URLs,
// the newsroom's datetime fields, search's date filters, the daily briefing)
// builds on these two functions, so a DST rule is fixed here once.
//
// Building an Intl.DateTimeFormat costs ~50 µs (more than formatting with it):
// one is built per zone and kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function fieldsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The zone's wall clock at `instantMs` (to the second), as the milliseconds of
 * the UTC instant whose fields read the same: 18:30 local is 18:30 UTC here.
 */
export function wallClockMs(instantMs: number, timeZone: string): number {
  const values = Object.fromEntries(
    fieldsFormatter(timeZone)
      .formatToParts(new Date(instantMs))
      .map((part) => [part.type, Number(part.value)]),
  );
  return Date.UTC(values.year!, values.month! - 1, values.day!, values.hour!, values.minute!, values.second!);
}

/** How far the zone's wall clock is ahead of UTC at `instantMs` (whole seconds; negative west of Greenwich). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  return wallClockMs(instantMs, timeZone) - Math.floor(instantMs / 1000) * 1000;
}

const HOUR_MS = 3_600_000;

/**
 * Every instant at which the zone's wall clock reads `wallMs` (as from
 * wallClockMs), earliest first: one on an ordinary day, two in the hour that
 * repeats when the clocks go back, none in the hour skipped when they go
 * forward. Callers choose what a repeat or a gap means for them.
 */
export function instantsAtWallClock(wallMs: number, timeZone: string): number[] {
  // The offsets in force well before and well after: whichever applies at the instant is one of them.
  const candidates = [wallMs - 14 * HOUR_MS, wallMs + 14 * HOUR_MS]
    .map((probe) => wallMs - zoneOffsetMs(probe, timeZone))
    .filter((instant) => wallClockMs(instant, timeZone) === wallMs);
  return [...new Set(candidates)].sort((a, b) => a - b);
}
