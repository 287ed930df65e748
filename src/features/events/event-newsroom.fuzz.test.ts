// Whatever an editor's browser sends to the newsroom's event forms (odd
// times, seats, addresses, speakers, versions, repeated fields), the answer
// is never a 5xx, and a refused form stores nothing: no event, no change, no
// cancellation, no email.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hiddenValue, signInAsStaff, type FormFields, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { EVENT_NOW, eventInput, insertSpeaker } from './testing/event-fixtures.js';
import { queuedEmails } from './testing/event-mail-fixtures.js';

describeEachEngine('newsroom event forms fuzzing', (engine) => {
  let testApp: TestApp;
  let editor: TestBrowser;
  let eventId: number;
  let csrf: string;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: EVENT_NOW });
    await insertSpeaker(testApp.database.db, 'Perpetua Lowe');
    const created = await testApp.events.createEvent(eventInput());
    if (created.kind !== 'created') throw new Error('not created');
    eventId = created.event.id;
    ({ browser: editor } = await signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role: 'editor' }));
    csrf = hiddenValue((await editor.get('/newsroom/events/new')).body, '_csrf');
  });
  afterAll(() => testApp?.destroy());

  const snapshot = async () => {
    const events = await testApp.database.db.selectFrom('events').select(['id', 'version', 'status', 'title']).orderBy('id').execute();
    return { events, emails: (await queuedEmails(testApp.database.db)).length };
  };

  const time = awkwardText(['2026-11-10T18:00', '2027-03-28T01:30', '2026-02-30T10:00', '2026-11-10', 'soon', '9999-12-31T23:59'], {
    maxLength: 30,
  });
  const body = fc.record(
    {
      title: formValue(awkwardText(['A night at the harbour', '', '<b>x</b>', 'x'.repeat(500)]), { canBeMissing: true }),
      description: formValue(awkwardText(['', 'About the tides']), { canBeMissing: true }),
      startsAt: formValue(time, { canBeMissing: true }),
      endsAt: formValue(time, { canBeMissing: true }),
      speakers: formValue(awkwardText(['Perpetua Lowe', 'Nobody', '']), { canBeMissing: true }),
      capacity: formValue(awkwardText(['1', '0', '-3', '1e3', '99999999', 'ten']), { canBeMissing: true }),
      access: formValue(awkwardText(['registered', 'premium', 'free', '']), { canBeMissing: true }),
      streamUrl: formValue(awkwardText(['https://stream.example.test/r', 'javascript:alert(1)', '']), { canBeMissing: true }),
      recordingUrl: formValue(awkwardText(['', 'https://video.example.test/r', 'ftp://x']), { canBeMissing: true }),
      recordingAccess: formValue(awkwardText(['free', 'registered', 'premium', 'none']), { canBeMissing: true }),
      version: formValue(awkwardText(['1', '0', '-1', '2147483648', 'v']), { canBeMissing: true }),
      subject: formValue(awkwardText(['', ' ', 'Hello']), { canBeMissing: true }),
      text: formValue(awkwardText(['', 'A note']), { canBeMissing: true }),
    },
    { requiredKeys: [] },
  );
  const target = fc.constantFrom('new', 'edit', 'cancel', 'message');

  it('never answers 5xx and stores nothing when it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(target, body, fc.boolean(), async (kind, fields, withToken) => {
        const before = await snapshot();
        const url = kind === 'new' ? '/newsroom/events/new' : `/newsroom/events/${eventId}/${kind}`;
        const response = await editor.post(url, { ...(withToken ? { _csrf: csrf } : {}), ...(fields as FormFields) });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode !== 303) expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });
});
