// Readers' event pages through the whole app: listings, an event's page with
// its JSON-LD and buttons, sign-up, the waiting list, cancelling with
// promotion, the signed-out way in through registration, the subscribe wall,
// join links around their window, CSRF, and a summer-time change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import {
  browserSignedInAs,
  hiddenValue,
  registerThroughForm,
  TestBrowser,
  validRegistration,
} from '../accounts/testing/session-helpers.js';
import type { PublicEvent } from './events.types.js';
import { EVENT_NOW, eventInput, insertReaders, insertSpeaker } from './testing/event-fixtures.js';

const STREAM = 'https://stream.example.test/secret-room-4471';

function jsonLd(html: string): Record<string, any> {
  const match = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html);
  if (!match) throw new Error('no JSON-LD');
  return JSON.parse(match[1]!);
}

const countMatches = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].length;

describeEachEngine('event pages', (engine) => {
  let testApp: TestApp;
  let speaker: { id: number; slug: string; name: string };

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: EVENT_NOW });
    speaker = await insertSpeaker(testApp.database.db, 'Ines Albright');
  });
  afterAll(() => testApp.destroy());

  async function newEvent(overrides: Parameters<typeof eventInput>[0] = {}): Promise<PublicEvent> {
    const outcome = await testApp.events.createEvent(eventInput({ speakerIds: [speaker.id], ...overrides }));
    if (outcome.kind !== 'created') throw new Error(JSON.stringify(outcome));
    return outcome.event;
  }

  async function reader(): Promise<TestBrowser> {
    const [id] = await insertReaders(testApp.database.db, 1);
    return browserSignedInAs(testApp, id!);
  }

  async function press(browser: TestBrowser, event: PublicEvent, action: 'sign-up' | 'cancel') {
    const page = await browser.get(`/events/${event.slug}`);
    return browser.post(`/events/${event.publicId}/${action}`, { _csrf: hiddenValue(page.body, '_csrf') });
  }

  it('lists upcoming events with speakers, times in the publication zone (Europe/London) and who may attend; past ones with recordings', async () => {
    const upcoming = await newEvent({ title: 'Harbour lights: a night walk, online' });
    const past = await newEvent({
      title: 'What the flood records told us',
      startsAt: '2026-09-01T17:00:00Z',
      endsAt: '2026-09-01T18:00:00Z',
      recordingUrl: 'https://video.example.test/flood-records',
      recordingAccess: 'registered',
    });
    const response = await testApp.app.inject({ url: '/events' });
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain(upcoming.title);
    expect(html).toContain(`href="/author/${speaker.slug}"`);
    expect(html).toContain('Thursday 22 October 2026 19:00 BST');
    expect(html).toContain('Open to registered readers (free)');
    const pastSection = html.slice(html.indexOf('id="past-heading"'));
    expect(pastSection).toContain(past.title);
    expect(pastSection).toContain('Recording available');
    expect(html).not.toContain('flood-records');
    expect(html).not.toContain('secret-room');
  });

  it("an event's page: JSON-LD Event with the page as its VirtualLocation, Open Graph, and no stream address", async () => {
    const event = await newEvent();
    const response = await testApp.app.inject({ url: `/events/${event.slug}` });
    expect(response.statusCode).toBe(200);
    const data = jsonLd(response.body);
    expect(data).toMatchObject({
      '@type': 'Event',
      name: event.title,
      startDate: event.startsAt,
      endDate: event.endsAt,
      eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
      eventStatus: 'https://schema.org/EventScheduled',
      location: { '@type': 'VirtualLocation', url: `https://news.example.test/events/${event.slug}` },
      organizer: { '@type': 'Organization', name: 'The Test Gazette' },
      performer: [{ '@type': 'Person', name: 'Ines Albright', url: `https://news.example.test/author/${speaker.slug}` }],
    });
    expect(response.body).toContain(`<meta property="og:title" content="${event.title}"`);
    expect(response.body).not.toContain('secret-room');
    expect(response.body).not.toContain('Join the event');
    // Signed out: a Sign up button in a form (it leads through registration).
    expect(response.body).toMatch(/<form method="post" action="\/events\/[^"]+\/sign-up"[^>]*>\s*<input type="hidden" name="_csrf"/);
    expect(response.body).toMatch(/<button type="submit" class="button-primary">\s*Sign up\s*<\/button>/);
    // The public id works as an address too.
    expect((await testApp.app.inject({ url: `/events/${event.publicId}` })).statusCode).toBe(200);
    expect((await testApp.app.inject({ url: '/events/no-such-event' })).statusCode).toBe(404);
    expect((await testApp.app.inject({ url: '/events/%3Cscript%3E' })).statusCode).toBe(404);
  });

  it('sign up, the waiting list with its number, and cancelling in one step promotes the first waiting reader', async () => {
    const event = await newEvent({ capacity: 1 });
    const first = await reader();
    const second = await reader();
    const third = await reader();

    const signedUp = await press(first, event, 'sign-up');
    expect(signedUp.statusCode).toBe(303);
    expect(signedUp.headers.location).toBe(`/events/${event.slug}?notice=signed-up`);
    const firstPage = (await first.get(signedUp.headers.location!)).body;
    expect(firstPage).toContain('You are signed up.');
    expect(countMatches(firstPage, />\s*Join the event\s*</g)).toBe(1);
    expect(firstPage).toMatch(new RegExp(`href="/events/${event.publicId}/join/[A-Za-z0-9_-]{43}"`));
    expect(firstPage).toContain('Cancel my place');
    expect(firstPage).not.toContain('secret-room');

    const fullPage = (await second.get(`/events/${event.slug}`)).body;
    expect(fullPage).toMatch(/<button type="submit" class="button-primary">\s*Join the waiting list\s*<\/button>/);
    await press(second, event, 'sign-up');
    await press(third, event, 'sign-up');
    const secondPage = (await second.get(`/events/${event.slug}`)).body;
    expect(secondPage).toContain('You are on the waiting list (number 1).');
    expect(secondPage).not.toContain('Join the event');
    expect((await third.get(`/events/${event.slug}`)).body).toContain('You are on the waiting list (number 2).');

    const cancelled = await press(first, event, 'cancel');
    expect(cancelled.headers.location).toBe(`/events/${event.slug}?notice=cancelled`);
    const afterCancel = (await first.get(cancelled.headers.location!)).body;
    expect(afterCancel).toContain('Your place is cancelled.');
    expect(afterCancel).toMatch(/>\s*Join the waiting list\s*</);
    expect((await second.get(`/events/${event.slug}`)).body).toContain('You are signed up.');
    expect((await third.get(`/events/${event.slug}`)).body).toContain('You are on the waiting list (number 1).');
  });

  it('refuses a post without its CSRF token and stores nothing', async () => {
    const event = await newEvent();
    const browser = await reader();
    const response = await browser.post(`/events/${event.publicId}/sign-up`, { _csrf: 'forged' });
    expect(response.statusCode).toBe(403);
    const rows = await testApp.database.db.selectFrom('event_registrations').where('event_id', '=', event.id).selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('a signed-out reader who presses Sign up registers and comes back signed up', async () => {
    const event = await newEvent();
    const browser = new TestBrowser(testApp.app, '203.0.113.77');
    const page = await browser.get(`/events/${event.slug}`);
    const pressed = await browser.post(`/events/${event.publicId}/sign-up`, { _csrf: hiddenValue(page.body, '_csrf') });
    expect(pressed.statusCode).toBe(303);
    expect(pressed.headers.location).toBe(`/register?next=${encodeURIComponent(`/events/${event.slug}`)}`);
    const registered = await registerThroughForm(browser, validRegistration(), { next: `/events/${event.slug}` });
    expect(registered.statusCode).toBe(303);
    expect(registered.headers.location).toBe(`/events/${event.slug}`);
    const back = await browser.get(registered.headers.location!);
    expect(back.body).toContain('You are signed up.');
    expect(back.body).toContain('Join the event');
    // Done once: the intent is gone.
    expect((await browser.get(`/events/${event.slug}`)).body).not.toContain('We look forward');
  });

  it('readers without Premium see the subscribe wall on a Premium event, and cannot sign up by posting', async () => {
    const event = await newEvent({ access: 'premium' });
    const browser = await reader();
    const page = (await browser.get(`/events/${event.slug}`)).body;
    expect(page).toContain('data-wall="subscribe"');
    expect(page).toContain(`/subscribe?next=${encodeURIComponent(`/events/${event.slug}`)}`);
    expect(page).not.toMatch(/>\s*Sign up\s*</);
    expect((await testApp.app.inject({ url: `/events/${event.slug}` })).body).toContain('data-wall="subscribe"');
    const [id] = await insertReaders(testApp.database.db, 1);
    const token = (await (await browserSignedInAs(testApp, id!)).get(`/events/${event.slug}`)).body;
    expect(token).toContain('data-wall="subscribe"');
    const csrf = hiddenValue((await browser.get('/events/' + (await newEvent()).slug)).body, '_csrf');
    await browser.post(`/events/${event.publicId}/sign-up`, { _csrf: csrf });
    const rows = await testApp.database.db.selectFrom('event_registrations').where('event_id', '=', event.id).selectAll().execute();
    expect(rows).toEqual([]);
  });

  describe('join links', () => {
    it('before the window a page says when it opens; inside it a 303 to the stream; others get a 403', async () => {
      const event = await newEvent({ capacity: 1 });
      const attendee = await reader();
      const waiting = await reader();
      await press(attendee, event, 'sign-up');
      await press(waiting, event, 'sign-up');
      const link = /href="(\/events\/[^"]+\/join\/[^"]+)"/.exec((await attendee.get(`/events/${event.slug}`)).body)![1]!;

      const early = await testApp.app.inject({ url: link });
      expect(early.statusCode).toBe(200);
      expect(early.body).toContain('The event has not opened yet');
      expect(early.body).toContain('Thursday 22 October 2026 18:45 BST');
      expect(early.body).not.toContain('secret-room');

      testApp.clock.set('2026-10-22T17:50:00Z');
      const open = await testApp.app.inject({ url: link });
      expect(open.statusCode).toBe(303);
      expect(open.headers.location).toBe(STREAM);
      expect(open.headers['cache-control']).toBe('no-store');
      expect(open.headers['referrer-policy']).toBe('no-referrer');

      const forged = await testApp.app.inject({ url: `/events/${event.publicId}/join/${'A'.repeat(43)}` });
      expect(forged.statusCode).toBe(403);
      expect(forged.body).toContain('This join link does not work for you');
      expect(forged.body).not.toContain('secret-room');
      // The waiting reader's page has no link.
      expect((await waiting.get(`/events/${event.slug}`)).body).not.toContain('/join/');

      // Cancelled: the old link is refused.
      await press(attendee, event, 'cancel');
      expect((await testApp.app.inject({ url: link })).statusCode).toBe(403);
      testApp.clock.set('2026-10-22T19:00:00Z');
      const waitingLink = /href="(\/events\/[^"]+\/join\/[^"]+)"/.exec((await waiting.get(`/events/${event.slug}`)).body);
      expect(waitingLink).toBeNull();
      testApp.clock.set(EVENT_NOW);
    });
  });

  it('an event across the end of summer time shows each time with its own zone (Europe/London)', async () => {
    const london = await createTestApp({ engine, now: EVENT_NOW, environment: { PUBLICATION_TIME_ZONE: 'Europe/London' } });
    try {
      // Sunday 25 October 2026: clocks go back at 01:00 UTC (02:00 BST → 01:00 GMT).
      const created = await london.events.createEvent(
        eventInput({ startsAt: '2026-10-25T00:30:00Z', endsAt: '2026-10-25T01:30:00Z', title: 'The longest night shift' }),
      );
      if (created.kind !== 'created') throw new Error('not created');
      const html = (await london.app.inject({ url: `/events/${created.event.slug}` })).body;
      expect(html).toContain('Sunday 25 October 2026 01:30 BST');
      expect(html).toContain('Sunday 25 October 2026 01:30 GMT');
      const evening = await london.events.createEvent(eventInput({ startsAt: '2026-10-25T18:00:00Z', endsAt: '2026-10-25T19:00:00Z' }));
      if (evening.kind !== 'created') throw new Error('not created');
      expect((await london.app.inject({ url: `/events/${evening.event.slug}` })).body).toContain('Sunday 25 October 2026 18:00 GMT');
      const before = await london.events.createEvent(eventInput({ startsAt: '2026-10-24T18:00:00Z', endsAt: '2026-10-24T19:00:00Z' }));
      if (before.kind !== 'created') throw new Error('not created');
      expect((await london.app.inject({ url: `/events/${before.event.slug}` })).body).toContain('Saturday 24 October 2026 19:00 BST');
    } finally {
      await london.destroy();
    }
  });

  it('after the event: the recording for readers of its level only, as a plain link', async () => {
    const event = await newEvent({ recordingUrl: 'https://video.example.test/premium-recording', recordingAccess: 'premium' });
    testApp.clock.set('2026-10-23T09:00:00Z');
    try {
      const anonymous = (await testApp.app.inject({ url: `/events/${event.slug}` })).body;
      expect(anonymous).toContain('A recording is available to Premium subscribers.');
      expect(anonymous).not.toContain('premium-recording');
      expect((await (await reader()).get(`/events/${event.slug}`)).body).not.toContain('premium-recording');
    } finally {
      testApp.clock.set(EVENT_NOW);
    }
  });
});
