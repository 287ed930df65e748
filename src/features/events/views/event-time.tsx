// An event's start and end as readers read them: in the publication's time
// zone with the zone's name ("Sunday 25 October 2026 18:00 GMT"), so a
// change of summer time is visible; a small script (client/local-times.ts)
// adds the reader's own time when their zone differs.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** "Sunday 25 October 2026 18:00 GMT" in `timeZone`. */
export function formatEventTime(date: string | Date, timeZone: string): string {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(date))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

export function EventTimes(props: { startsAt: string; endsAt: string; timeZone: string }) {
  return (
    <p class="event-times">
      <time datetime={props.startsAt} data-event-time="start" data-zone={props.timeZone}>
        {formatEventTime(props.startsAt, props.timeZone)}
      </time>{' '}
      to{' '}
      <time datetime={props.endsAt} data-event-time="end" data-zone={props.timeZone}>
        {formatEventTime(props.endsAt, props.timeZone)}
      </time>
      <span class="event-local-times" data-local-times hidden></span>
    </p>
  );
}
