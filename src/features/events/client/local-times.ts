// Adds "your time: …" beside an event's times when the reader's time zone is
// not the publication's. The server's text stays; without JavaScript the
// publication's times (with their zone's name) are what the reader gets.
// The project's TypeScript program is for Node (no lib "dom"): the little of
// the browser this touches is typed here, as in accounts/client/browser.ts.
interface TimeElement {
  getAttribute(name: string): string | null;
}
interface TimesParagraph {
  querySelectorAll(selector: string): Iterable<TimeElement>;
  querySelector(selector: string): { textContent: string | null; hidden: boolean } | null;
}
declare const document: { querySelectorAll(selector: string): Iterable<TimesParagraph> };

const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const format = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

for (const paragraph of document.querySelectorAll('.event-times')) {
  const times = [...paragraph.querySelectorAll('time[data-event-time]')];
  const target = paragraph.querySelector('[data-local-times]');
  if (!target || times.length !== 2 || times[0]!.getAttribute('data-zone') === readerZone) continue;
  const [start, end] = times.map((time) => format.format(new Date(time.getAttribute('datetime') ?? '')));
  target.textContent = ` (your time: ${start} to ${end})`;
  target.hidden = false;
}

export {};
