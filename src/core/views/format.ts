// Dates are shown in the publication's time zone, in the house style
// "Friday 27 February 2015 17:42".
//
// Building an Intl.DateTimeFormat costs ~50 µs (more than formatting with
// it), and article URLs are computed on every comment post and listing, so
// each format is built once per time zone.
import { zoneOffsetMs } from '../time/time-zones.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function cachedFormatter(kind: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind}:${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    formatters.set(key, formatter);
  }
  return formatter;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  return cachedFormatter('dateline', timeZone, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function intlDateline(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} ${parts.hour}:${parts.minute}`;
}

export function formatDateline(date: Date | string, timeZone: string): string {
  const instant = new Date(date);
  const local = wallClock(instant, timeZone);
  if (!local) return intlDateline(instant, timeZone);
  return `${WEEKDAYS[local.getUTCDay()]} ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ${twoDigits(local.getUTCHours())}:${twoDigits(local.getUTCMinutes())}`;
}

/** "27 February 2015": for lists and fronts. */
export function formatShortDate(date: Date | string, timeZone: string): string {
  const instant = new Date(date);
  const local = wallClock(instant, timeZone);
  if (!local) return cachedFormatter('short', timeZone, { day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
  return `${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()}`;
}

type DateParts = Readonly<{ year: string; month: string; day: string }>;

const DAY_MS = 86_400_000;
/** Per zone and UTC day: the zone's offset that whole day, or null on a day it changes (a DST switch). */
const dayOffsets = new Map<string, number | null>();
const DAY_OFFSETS_CACHE_SIZE = 50_000;

function exactDateParts(instant: Date, timeZone: string): DateParts {
  const values = Object.fromEntries(
    cachedFormatter('parts', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return Object.freeze({ year: values.year!, month: values.month!, day: values.day! });
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

/**
 * Calendar date parts in the publication's zone: article URLs and sitemaps use
 * them for every article they list. formatToParts costs ~15 µs, so the zone's
 * offset is looked up once per UTC day (twice: at its first and last second;
 * a day whose offset changes, a DST switch, takes the exact path) and the date
 * is then plain arithmetic: a 50,000-URL sitemap asks for ~50,000 different
 * instants but only a few thousand days.
 */
export function datePartsInZone(date: Date | string, timeZone: string): DateParts {
  const instant = new Date(date);
  const local = wallClock(instant, timeZone);
  if (!local) return exactDateParts(instant, timeZone);
  return { year: String(local.getUTCFullYear()), month: twoDigits(local.getUTCMonth() + 1), day: twoDigits(local.getUTCDate()) };
}

/**
 * The zone's wall clock at `instant`, as a Date whose UTC fields read it; null
 * on a day the zone's offset changes (the caller asks Intl) or for an invalid date.
 */
function wallClock(instant: Date, timeZone: string): Date | null {
  const instantMs = instant.getTime();
  if (!Number.isFinite(instantMs)) return null;
  const day = Math.floor(instantMs / DAY_MS);
  const key = `${timeZone}\n${day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const atStart = zoneOffsetMs(day * DAY_MS, timeZone);
    const atEnd = zoneOffsetMs((day + 1) * DAY_MS - 1000, timeZone);
    offset = atStart === atEnd ? atStart : null;
    if (dayOffsets.size >= DAY_OFFSETS_CACHE_SIZE) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset === null ? null : new Date(instantMs + offset);
}

/** RFC 822 dates for RSS. */
export function toRfc822(date: Date | string): string {
  return new Date(date).toUTCString();
}
