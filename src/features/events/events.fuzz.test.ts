// Whatever a client sends to the event routes (odd paths, tokens, notices,
// form bodies with or without a good CSRF token, signed in or not), the answer
// is never a 5xx, and nothing is stored unless a real reader pressed a real
// button with their token. The service's rules for writing an event refuse
// bad input with messages and store nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { browserSignedInAs, encodeForm, type TestBrowser, type FormFields } from '../accounts/testing/session-helpers.js';
import type { PublicEvent } from './events.types.js';
import { EVENT_NOW, eventInput, insertReaders } from './testing/event-fixtures.js';

describeEachEngine('events fuzzing', (engine) => {
  let testApp: TestApp;
  let event: PublicEvent;
  let reader: TestBrowser;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: EVENT_NOW });
    const created = await testApp.events.createEvent(eventInput());
    if (created.kind !== 'created') throw new Error('not created');
    event = created.event;
    const [id] = await insertReaders(testApp.database.db, 1);
    reader = await browserSignedInAs(testApp, id!);
  });
  afterAll(() => testApp?.destroy());

  const registrations = async () =>
    Number(
      (
        await testApp.database.db
          .selectFrom('event_registrations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers every event address without a 5xx and leaks no stream address', async () => {
    const key = awkwardText([event.slug, event.publicId, 'events', '..', '%2F', 'a'.repeat(130)], { maxLength: 60 });
    const token = awkwardText(['A'.repeat(43), 'x', ''], { maxLength: 60 });
    const notice = formValue(awkwardText(['signed-up', 'waiting', 'cancelled', 'none']), { canBeMissing: true });
    const address = fc.oneof(
      fc.tuple(key, notice).map(([value, n]) => `/events/${encodeURIComponent(value)}?${encodeForm({ notice: n } as FormFields)}`),
      fc.tuple(key, token).map(([value, t]) => `/events/${encodeURIComponent(value)}/join/${encodeURIComponent(t)}`),
    );
    await fc.assert(
      fc.asyncProperty(address, fc.boolean(), async (url, signedIn) => {
        const response = signedIn ? await reader.get(url) : await testApp.app.inject({ url });
        expect(response.statusCode, url).toBeLessThan(500);
        expect(response.body).not.toContain('secret-room');
        expect(String(response.headers.location ?? '')).not.toContain('secret-room');
      }),
      { numRuns: 150 },
    );
  });

  it('never answers 5xx to posted forms, and stores nothing without a good token', async () => {
    const before = await registrations();
    const fields = fc.record({
      _csrf: formValue(awkwardText(['forged', '']), { canBeMissing: true }),
      extra: formValue(awkwardText(['sign-up']), { canBeMissing: true }),
    });
    const action = fc.constantFrom('sign-up', 'cancel', 'join', '');
    const key = fc.oneof(fc.constant(event.publicId), fc.constant(event.slug), awkwardText([], { maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(key, action, fields, fc.boolean(), async (value, verb, form, signedIn) => {
        const url = `/events/${encodeURIComponent(value)}/${verb}`;
        const body = form as FormFields;
        const response = signedIn
          ? await reader.post(url, body)
          : await testApp.app.inject({
              method: 'POST',
              url,
              payload: encodeForm(body),
              headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://news.example.test' },
            });
        expect(response.statusCode, `${url} ${JSON.stringify(form)}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    expect(await registrations()).toBe(before);
  });

  it('the event rules refuse any bad field with a message and store nothing', async () => {
    const countEvents = async () =>
      Number(
        (
          await testApp.database.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countEvents();
    const text = awkwardText(['2026-10-22T18:00:00Z', 'https://x.test', 'javascript:alert(1)', 'premium', 'free']);
    const input = fc.record({
      slug: text,
      title: fc.constantFrom('', ' '),
      startsAt: text,
      endsAt: text,
      capacity: fc.oneof(fc.integer(), fc.double()),
      access: text,
      streamUrl: text,
    });
    await fc.assert(
      fc.asyncProperty(input, async (bad) => {
        const outcome = await testApp.events.createEvent(eventInput(bad as never));
        expect(outcome.kind).toBe('invalid');
        if (outcome.kind === 'invalid') expect(outcome.errors.title).toBe('is required');
      }),
      { numRuns: 100 },
    );
    expect(await countEvents()).toBe(before);
  });
});
