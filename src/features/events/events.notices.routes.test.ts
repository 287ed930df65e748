// `?notice=` on an event page through the app: a crafted address shows no
// text of its own and no notice that contradicts the reader's state; the
// notices after real actions still show.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { browserSignedInAs, hiddenValue } from '../accounts/testing/session-helpers.js';
import type { PublicEvent } from './events.types.js';
import { EVENT_NOW, eventInput, insertReaders } from './testing/event-fixtures.js';

const noticeOf = (html: string) => /<p class="site-notice" role="status">(.*?)<\/p>/s.exec(html)?.[1] ?? null;

describeEachEngine('event page notices', (engine) => {
  let testApp: TestApp;
  let event: PublicEvent;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: EVENT_NOW });
    const outcome = await testApp.events.createEvent(eventInput({ capacity: 1 }));
    if (outcome.kind !== 'created') throw new Error(JSON.stringify(outcome));
    event = outcome.event;
  });
  afterAll(() => testApp.destroy());

  it('a crafted notice shows nothing: unknown keys, markup, and keys that contradict the reader', async () => {
    const [id] = await insertReaders(testApp.database.db, 1);
    const reader = await browserSignedInAs(testApp, id!);
    for (const query of [
      'notice=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      'notice=You%20won%20a%20prize',
      'notice=toString',
      'notice=signed-up&notice=cancelled',
      'notice=signed-up',
      'notice=waiting',
      'notice=already',
      'notice=closed',
    ]) {
      const page = await reader.get(`/events/${event.slug}?${query}`);
      expect(page.statusCode, query).toBe(200);
      expect(noticeOf(page.body), query).toBeNull();
      expect(page.body).not.toContain('alert(1)');
      expect(page.body).not.toContain('You won a prize');
    }
    // Signed out, "You are signed up" is never true.
    const signedOut = await testApp.app.inject({ url: `/events/${event.slug}?notice=signed-up` });
    expect(noticeOf(signedOut.body)).toBeNull();
  });

  it('the notices after real sign-ups and cancellations still show', async () => {
    const [first, second] = await insertReaders(testApp.database.db, 2);
    const seated = await browserSignedInAs(testApp, first!);
    const press = async (browser: typeof seated, action: 'sign-up' | 'cancel') => {
      const page = await browser.get(`/events/${event.slug}`);
      const posted = await browser.post(`/events/${event.publicId}/${action}`, { _csrf: hiddenValue(page.body, '_csrf') });
      return noticeOf((await browser.get(posted.headers.location as string)).body);
    };
    expect(await press(seated, 'sign-up')).toBe('You are signed up. We look forward to seeing you.');
    // A seat held: "Your place is cancelled" from a crafted link is not shown.
    expect(noticeOf((await seated.get(`/events/${event.slug}?notice=cancelled`)).body)).toBeNull();
    const waiting = await browserSignedInAs(testApp, second!);
    expect(await press(waiting, 'sign-up')).toBe('The event is full, so you are on the waiting list.');
    expect(await press(waiting, 'sign-up')).toBe('You already have a place for this event.');
    expect(await press(seated, 'cancel')).toBe('Your place is cancelled.');
  });
});
