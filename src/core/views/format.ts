// Dates are shown in the publication's time zone, in the house style
// "Friday 27 February 2015 17:42".
//
// Building an Intl.DateTimeFormat costs ~50 µs (more than formatting with
// it), and article URLs are computed on every comment post and listing, so
// each format is built once per time zone.
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

export function formatDateline(date: Date | string, timeZone: string): string {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(date))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} ${parts.hour}:${parts.minute}`;
}

/** "27 February 2015": for lists and fronts. */
export function formatShortDate(date: Date | string, timeZone: string): string {
  return cachedFormatter('short', timeZone, { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(date));
}

type DateParts = Readonly<{ year: string; month: string; day: string }>;

const datePartsCache = new Map<string, DateParts>();
/** Bounds the memo: an article's date is asked for on every link to it, but a site has a bounded set of them in play. */
const DATE_PARTS_CACHE_SIZE = 20_000;

/**
 * Calendar date parts in the publication's zone: article URLs use them.
 * Memoised: formatToParts costs ~15 µs, and every link to an article (each
 * posted comment's redirect, every teaser) asks for the same few dates.
 */
export function datePartsInZone(date: Date | string, timeZone: string): DateParts {
  const key = `${timeZone}\n${typeof date === 'string' ? date : date.toISOString()}`;
  let parts = datePartsCache.get(key);
  if (!parts) {
    const values = Object.fromEntries(
      cachedFormatter('parts', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' })
        .formatToParts(new Date(date))
        .map((part) => [part.type, part.value]),
    );
    parts = Object.freeze({ year: values.year!, month: values.month!, day: values.day! });
    if (datePartsCache.size >= DATE_PARTS_CACHE_SIZE) datePartsCache.clear();
    datePartsCache.set(key, parts);
  }
  return parts;
}

/** RFC 822 dates for RSS. */
export function toRfc822(date: Date | string): string {
  return new Date(date).toUTCString();
}
