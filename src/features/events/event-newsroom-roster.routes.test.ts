// The newsroom's attendee and waiting lists through the whole app on both
// engines: a page of 100 at a time with a link to the next (keyset) and back
// to the first, and the CSV with every row.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { pageText, signInAsStaff, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { ROSTER_PAGE } from './event-roster.js';
import { EVENT_NOW, eventInput, insertReaders } from './testing/event-fixtures.js';

const placesOn = (html: string, heading: string) => {
  const section = html.slice(html.indexOf(heading));
  const table = section.slice(0, section.indexOf('</table>'));
  return [...table.matchAll(/<tr><td>(\d+)<\/td>/g)].map((match) => Number(match[1]));
};

describeEachEngine('newsroom event roster pages', (engine) => {
  let testApp: TestApp;
  let editor: TestBrowser;
  let eventId: number;
  const signUps = ROSTER_PAGE + 5;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: EVENT_NOW });
    ({ browser: editor } = await signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role: 'editor' }));
    const created = await testApp.events.createEvent(eventInput({ capacity: 2 }));
    if (created.kind !== 'created') throw new Error('not created');
    eventId = created.event.id;
    for (const id of await insertReaders(testApp.database.db, signUps)) await testApp.events.signUp(eventId, { id, role: 'reader' });
  });
  afterAll(() => testApp?.destroy());

  it('shows the waiting list a page at a time, with the next page and the way back', async () => {
    const first = await editor.get(`/newsroom/events/${eventId}`);
    expect(first.statusCode).toBe(200);
    const text = pageText(first.body);
    expect(text).toContain('Attendees (2)');
    expect(text).toContain(`Waiting list (${signUps - 2})`);
    const firstPlaces = placesOn(first.body, 'id="waiting"');
    expect(firstPlaces).toEqual(Array.from({ length: ROSTER_PAGE }, (_, index) => index + 1));
    const next = /href="([^"]*waitingAfter=\d+[^"]*)">Next page of the waiting list/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    const second = await editor.get(next!);
    expect(placesOn(second.body, 'id="waiting"')).toEqual([101, 102, 103]);
    expect(second.body).not.toContain('Next page of the waiting list');
    expect(second.body).toContain('First page of the waiting list');
    // The attendees' list stays on its own first page.
    expect(placesOn(second.body, 'id="attendees"')).toEqual([1, 2]);
    // An address that names no page shows the first.
    const odd = await editor.get(`/newsroom/events/${eventId}?waitingAfter=abc&confirmedAfter=-7`);
    expect(odd.statusCode).toBe(200);
    expect(placesOn(odd.body, 'id="waiting"')).toHaveLength(ROSTER_PAGE);
  });

  it('exports every row in the CSV', async () => {
    const csv = await editor.get(`/newsroom/events/${eventId}/attendees.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(signUps + 1);
    expect(lines.at(-1)).toMatch(new RegExp(`,"waiting","${signUps - 2}",`));
  });
});
