import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { insertReaders } from '../events/testing/event-fixtures.js';
import { parseCalendar } from '../events/testing/parse-calendar.js';
import { createAdminApiHarness, type AdminApiHarness } from './testing/admin-api-harness.js';

const NOW = new Date('2026-10-20T12:00:00.000Z');
const STREAM = 'https://stream.example.test/api-room-5531';

function validEvent(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Budget night, live',
    description: 'Our economics desk answers questions.',
    startsAt: '2026-10-25T10:00:00Z',
    endsAt: '2026-10-25T11:00:00+00:00',
    speakers: ['Ada Pennywhistle'],
    capacity: 1,
    access: 'registered',
    streamUrl: STREAM,
    ...overrides,
  };
}

describeEachEngine('Admin API: events', (engine) => {
  let harness: AdminApiHarness;

  beforeAll(async () => {
    harness = await createAdminApiHarness(engine, NOW);
    const author = await harness.call('POST', '/authors', { key: harness.keys.admin, body: { name: 'Ada Pennywhistle' } });
    expect(author.statusCode).toBe(201);
  });
  afterAll(() => harness.testApp.destroy());

  const countEvents = async () => (await harness.testApp.database.db.selectFrom('events').select('id').execute()).length;

  it('creates an event (201) with its id, url, version and the stream address for staff; reads it back', async () => {
    const created = await harness.call('POST', '/events', { key: harness.keys.editor, body: validEvent() });
    expect(created.statusCode).toBe(201);
    const { event } = created.json();
    expect(event).toMatchObject({
      title: 'Budget night, live',
      startsAt: '2026-10-25T10:00:00.000Z',
      endsAt: '2026-10-25T11:00:00.000Z',
      speakers: ['Ada Pennywhistle'],
      capacity: 1,
      access: 'registered',
      streamUrl: STREAM,
      status: 'scheduled',
      sequence: 0,
      version: 1,
    });
    expect(event.url).toBe(`https://news.example.test/events/${event.slug}`);
    const read = await harness.call('GET', `/events/${event.id}`, { key: harness.keys.admin });
    expect(read.statusCode).toBe(200);
    expect(read.json().event).toEqual(event);
    // A second event with the same title gets an address of its own.
    const again = await harness.call('POST', '/events', { key: harness.keys.editor, body: validEvent() });
    expect(again.statusCode).toBe(201);
    expect(again.json().event.slug).not.toBe(event.slug);
  });

  it('changes against the version (stale → 409), promotes the waiting list when capacity rises, tells attendees of a new time and of a cancellation', async () => {
    const { event } = (
      await harness.call('POST', '/events', { key: harness.keys.editor, body: validEvent({ title: 'Harbour night' }) })
    ).json();
    const events = harness.testApp.events;
    const [first, second] = await insertReaders(harness.testApp.database.db, 2);
    const internalId = (await events.staffEvent(event.id))!.id;
    expect((await events.signUp(internalId, { id: first!, role: 'reader' })).kind).toBe('confirmed');
    expect((await events.signUp(internalId, { id: second!, role: 'reader' })).kind).toBe('waiting');

    const raised = await harness.call('PATCH', `/events/${event.id}`, { key: harness.keys.editor, body: { version: 1, capacity: 2 } });
    expect(raised.statusCode).toBe(200);
    expect(raised.json().event).toMatchObject({ capacity: 2, confirmed: 2, version: 2, sequence: 0 });
    const stale = await harness.call('PATCH', `/events/${event.id}`, { key: harness.keys.editor, body: { version: 1, title: 'Late' } });
    expect(stale.statusCode).toBe(409);
    expect((await events.staffEvent(event.id))!.title).toBe('Harbour night');

    await harness.testApp.database.db.deleteFrom('email_outbox').execute();
    const moved = await harness.call('PATCH', `/events/${event.id}`, {
      key: harness.keys.editor,
      body: { version: 2, startsAt: '2026-10-25T12:00:00Z', endsAt: '2026-10-25T13:00:00Z' },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().event).toMatchObject({ sequence: 1, version: 3 });
    let outbox = await harness.testApp.database.db.selectFrom('email_outbox').selectAll().execute();
    expect(outbox.map((row) => row.subject)).toEqual(['New time: “Harbour night”', 'New time: “Harbour night”']);

    const cancelled = await harness.call('POST', `/events/${event.id}/cancel`, { key: harness.keys.editor, body: { version: 3 } });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().event).toMatchObject({ status: 'cancelled', sequence: 2 });
    outbox = await harness.testApp.database.db.selectFrom('email_outbox').selectAll().where('subject', 'like', 'Cancelled%').execute();
    expect(outbox).toHaveLength(2);
    const file = parseCalendar((JSON.parse(outbox[0]!.attachments_json!) as Array<{ content: string }>)[0]!.content);
    expect(file.method).toBe('CANCEL');
    expect(file.events[0]).toMatchObject({ sequence: 2, status: 'CANCELLED' });
    for (const row of outbox) expect(row.text_body + row.html_body + row.attachments_json).not.toContain(STREAM);
    // A cancelled event is final: a later change is refused, whatever the version.
    const late = await harness.call('PATCH', `/events/${event.id}`, { key: harness.keys.editor, body: { version: 4, title: 'Back on' } });
    expect(late.statusCode).toBe(409);
    expect(JSON.stringify(late.json())).toContain('This event is cancelled: it can no longer be changed.');
  });

  it('needs a key (401), an editor or admin (403), JSON (415); bad input is a 422 naming the field; nothing stored', async () => {
    const before = await countEvents();
    expect((await harness.call('POST', '/events', { body: validEvent() })).statusCode).toBe(401);
    for (const key of [harness.keys.contributor, harness.keys.author])
      expect((await harness.call('POST', '/events', { key, body: validEvent() })).statusCode).toBe(403);
    const form = await harness.call('POST', '/events', {
      key: harness.keys.editor,
      body: 'title=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(415);
    const cases: Array<[Record<string, unknown>, string]> = [
      [validEvent({ startsAt: '2026-10-25T10:00:00' }), 'startsAt'],
      [validEvent({ endsAt: '2026-10-25T09:00:00Z' }), 'endsAt'],
      [validEvent({ capacity: 0 }), 'capacity'],
      [validEvent({ access: 'free' }), 'access'],
      [validEvent({ streamUrl: 'javascript:alert(1)' }), 'streamUrl'],
      [validEvent({ speakers: ['Nobody Atall'] }), 'speakers'],
      [validEvent({ title: '   ' }), 'title'],
      [validEvent({ surprise: true }), ''],
    ];
    for (const [body, field] of cases) {
      const response = await harness.call('POST', '/events', { key: harness.keys.editor, body });
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      if (field) expect(response.json().errors.map((error: { field?: string }) => error.field)).toContain(field);
    }
    expect((await harness.call('GET', '/events/nope', { key: harness.keys.editor })).statusCode).toBe(404);
    expect(await countEvents()).toBe(before);
  });

  it('never answers a 5xx and stores nothing for arbitrary JSON', async () => {
    const before = await countEvents();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            title: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
            startsAt: fc.oneof(
              fc.string(),
              fc.date({ noInvalidDate: true }).map((date) => date.toISOString().replace('Z', '')),
            ),
            endsAt: fc.string(),
            capacity: fc.oneof(fc.integer(), fc.double(), fc.string()),
            access: fc.string(),
            streamUrl: fc.oneof(fc.webUrl(), fc.string()),
            speakers: fc.array(fc.string(), { maxLength: 3 }),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const response = await harness.call('POST', '/events', { key: harness.keys.editor, body });
          expect(response.statusCode).toBeLessThan(500);
          expect(response.statusCode).not.toBe(201);
        },
      ),
      { numRuns: 80 },
    );
    expect(await countEvents()).toBe(before);
  });
});
