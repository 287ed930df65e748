// The events' rate limits through the whole app (event-limits.ts): a reader's
// sign-ups and cancellations, refused join links per address, and hits on one
// working join link. Over a limit: a 429 page that says what happened and when
// to try again, with Retry-After, and nothing changed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { browserSignedInAs, hiddenValue, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { EVENT_RATE_LIMITS } from './event-limits.js';
import type { PublicEvent } from './events.types.js';
import { EVENT_NOW, eventInput, insertReaders } from './testing/event-fixtures.js';

describeEachEngine('event rate limits', (engine) => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: EVENT_NOW });
  });
  afterAll(() => testApp.destroy());

  async function newEvent(overrides: Parameters<typeof eventInput>[0] = {}): Promise<PublicEvent> {
    const outcome = await testApp.events.createEvent(eventInput(overrides));
    if (outcome.kind !== 'created') throw new Error(JSON.stringify(outcome));
    return outcome.event;
  }

  async function reader(remoteAddress: string): Promise<TestBrowser> {
    const [id] = await insertReaders(testApp.database.db, 1);
    return browserSignedInAs(testApp, id!, remoteAddress);
  }

  async function press(browser: TestBrowser, event: PublicEvent, action: 'sign-up' | 'cancel') {
    const page = await browser.get(`/events/${event.slug}`);
    return browser.post(`/events/${event.publicId}/${action}`, { _csrf: hiddenValue(page.body, '_csrf') });
  }

  it('a reader who signs up and cancels too often gets a 429 page, and the change is not made', async () => {
    const event = await newEvent({ capacity: 5 });
    const flipper = await reader('198.51.100.21');
    const { limit } = EVENT_RATE_LIMITS.placeChanges;
    for (let n = 0; n < limit; n++) {
      const response = await press(flipper, event, n % 2 === 0 ? 'sign-up' : 'cancel');
      expect(response.statusCode).toBe(303);
    }
    const refused = await press(flipper, event, 'sign-up');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.body).toContain('Too many changes to your places');
    expect(refused.body).toContain('Nothing was changed this time.');
    expect(refused.body).toMatch(/Please wait about \d+ minutes and try again\./);
    // The last accepted press was a cancellation: still no place.
    expect((await flipper.get(`/events/${event.slug}`)).body).not.toContain('You are signed up.');
    const rows = await testApp.database.db
      .selectFrom('event_registrations')
      .where('event_id', '=', event.id)
      .where('state', '<>', 'cancelled')
      .select('id')
      .execute();
    expect(rows).toEqual([]);

    // Another reader on the same address is not held up; the first may go on once the window has passed.
    expect((await press(await reader('198.51.100.21'), event, 'sign-up')).statusCode).toBe(303);
    testApp.clock.advance(EVENT_RATE_LIMITS.placeChanges.windowSeconds * 1000 + 1000);
    expect((await press(flipper, event, 'sign-up')).statusCode).toBe(303);
    testApp.clock.set(EVENT_NOW);
  });

  it('an address that keeps trying wrong join links is stopped; a working link from elsewhere still opens', async () => {
    const event = await newEvent({ capacity: 5 });
    const attendee = await reader('198.51.100.31');
    expect((await press(attendee, event, 'sign-up')).statusCode).toBe(303);
    const link = /class="button-primary" href="(\/events\/[^"]+\/join\/[^"]+)"/.exec(
      (await attendee.get(`/events/${event.slug}`)).body,
    )?.[1];
    expect(link).toBeDefined();
    testApp.clock.set('2026-10-22T18:05:00.000Z');
    const guess = (n: number, remoteAddress: string) =>
      testApp.app.inject({ url: `/events/${event.publicId}/join/${'A'.repeat(40)}${String(n).padStart(3, '0')}`, remoteAddress });
    for (let n = 0; n < EVENT_RATE_LIMITS.refusedJoins.limit; n++) expect((await guess(n, '198.51.100.66')).statusCode).toBe(403);
    const stopped = await guess(999, '198.51.100.66');
    expect(stopped.statusCode).toBe(429);
    expect(stopped.headers['retry-after']).toBeDefined();
    expect(stopped.body).toContain('Too many tries of this join link');
    // Even the right link from that address waits; from the attendee's own address it opens.
    expect((await testApp.app.inject({ url: link!, remoteAddress: '198.51.100.66' })).statusCode).toBe(429);
    const open = await testApp.app.inject({ url: link!, remoteAddress: '198.51.100.31' });
    expect(open.statusCode).toBe(303);
    testApp.clock.set(EVENT_NOW);
  });

  it('one working join link opened too many times rests for a while, without revealing the stream', async () => {
    const event = await newEvent({ capacity: 5 });
    const attendee = await reader('198.51.100.41');
    await press(attendee, event, 'sign-up');
    const link = /class="button-primary" href="(\/events\/[^"]+\/join\/[^"]+)"/.exec(
      (await attendee.get(`/events/${event.slug}`)).body,
    )![1]!;
    testApp.clock.set('2026-10-22T18:05:00.000Z');
    for (let n = 0; n < EVENT_RATE_LIMITS.joinsPerLink.limit; n++)
      expect((await testApp.app.inject({ url: link, remoteAddress: `198.51.${100 + (n % 50)}.7` })).statusCode).toBe(303);
    const resting = await testApp.app.inject({ url: link, remoteAddress: '198.51.100.41' });
    expect(resting.statusCode).toBe(429);
    expect(resting.headers.location).toBeUndefined();
    expect(resting.body).not.toContain('secret-room');
    expect(resting.body).toContain('Please wait');
    testApp.clock.set(EVENT_NOW);
  });
});
