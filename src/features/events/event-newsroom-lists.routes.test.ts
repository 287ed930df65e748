// The newsroom's event listings through the whole app on both engines:
// upcoming (by start) and past (newest end first) each a page of 50 at a
// time with keyset cursors, so no event is out of reach; a cursor that is
// not one shows the first page.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { signInAsStaff, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { EVENT_LIST_LIMIT } from './events.service.js';
import { EVENT_NOW, eventInput } from './testing/event-fixtures.js';

const HOUR = 3_600_000;
const titlesIn = (html: string, from: string, to: string) => {
  const section = html.slice(html.indexOf(from), to ? html.indexOf(to) : undefined);
  return [...section.matchAll(/<a href="\/newsroom\/events\/\d+">([^<]+)<\/a>/g)].map((match) => match[1]!);
};
const nextLink = (html: string, label: string) =>
  new RegExp(`href="([^"]+)">Next page of the ${label}`).exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;

describeEachEngine('newsroom event listings', (engine) => {
  let testApp: TestApp;
  let editor: TestBrowser;
  const upcomingCount = EVENT_LIST_LIMIT + 3;
  const pastCount = EVENT_LIST_LIMIT + 2;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: EVENT_NOW });
    ({ browser: editor } = await signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role: 'editor' }));
    const at = (hours: number) => new Date(EVENT_NOW.getTime() + hours * HOUR).toISOString();
    // Two upcoming events share a start time: the id breaks the tie across a page boundary.
    for (let n = 0; n < upcomingCount; n++) {
      const start = n === 50 ? 49 + 24 : n + 24;
      const created = await testApp.events.createEvent(eventInput({ title: `Upcoming ${n}`, startsAt: at(start), endsAt: at(start + 1) }));
      if (created.kind !== 'created') throw new Error(JSON.stringify(created));
    }
    for (let n = 0; n < pastCount; n++) {
      const created = await testApp.events.createEvent(eventInput({ title: `Past ${n}`, startsAt: at(-100 - n), endsAt: at(-99 - n) }));
      if (created.kind !== 'created') throw new Error(JSON.stringify(created));
    }
  });
  afterAll(() => testApp?.destroy());

  it('reaches every upcoming and past event, a page at a time', async () => {
    const first = await editor.get('/newsroom/events');
    expect(first.statusCode).toBe(200);
    const upcoming = titlesIn(first.body, 'id="upcoming"', 'id="past"');
    expect(upcoming).toHaveLength(EVENT_LIST_LIMIT);
    const past = titlesIn(first.body, 'id="past"', '');
    expect(past).toHaveLength(EVENT_LIST_LIMIT);
    expect(past[0]).toBe('Past 0');

    const nextUpcoming = nextLink(first.body, 'upcoming events');
    expect(nextUpcoming).not.toBeNull();
    const second = await editor.get(nextUpcoming!);
    const rest = titlesIn(second.body, 'id="upcoming"', 'id="past"');
    expect(new Set([...upcoming, ...rest]).size).toBe(upcomingCount);
    expect(rest).toHaveLength(upcomingCount - EVENT_LIST_LIMIT);
    expect(nextLink(second.body, 'upcoming events')).toBeNull();
    expect(second.body).toContain('First page of the upcoming events');
    // The past listing keeps its own page.
    expect(titlesIn(second.body, 'id="past"', '')).toEqual(past);

    const olderPast = await editor.get(nextLink(first.body, 'past events')!);
    expect(titlesIn(olderPast.body, 'id="past"', '')).toEqual(['Past 50', 'Past 51']);
  });

  it('shows the first page for a cursor that is not one', async () => {
    for (const query of ['upcomingAfter=nonsense', 'upcomingAfter=2026-10-22T18:00:00.000Z_99999999999', 'pastBefore=%3Cscript%3E']) {
      const page = await editor.get(`/newsroom/events?${query}`);
      expect(page.statusCode, query).toBe(200);
      expect(titlesIn(page.body, 'id="upcoming"', 'id="past"')).toHaveLength(EVENT_LIST_LIMIT);
      expect(page.body).not.toContain('<script>');
    }
  });
});
