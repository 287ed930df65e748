// Whatever a browser sends to the question forms (ask, upvote, staff's
// answer/hide/publish) — odd text, repeated fields, missing or wrong tokens,
// ids of nothing — the answer is never a 5xx, and an answer other than the
// 303 of a done action stores nothing: no question, no vote, no change.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { browserSignedInAs, hiddenValue, signInAsStaff, type FormFields, type TestBrowser } from '../accounts/testing/session-helpers.js';
import type { PublicEvent } from './events.types.js';
import { EVENT_NOW, eventInput, insertReaders } from './testing/event-fixtures.js';

describeEachEngine('event question forms fuzzing', (engine) => {
  let testApp: TestApp;
  let event: PublicEvent;
  let attendee: TestBrowser;
  let waiting: TestBrowser;
  let editor: TestBrowser;
  let questionId: number;
  const tokens: Record<'attendee' | 'waiting' | 'editor', string> = { attendee: '', waiting: '', editor: '' };

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: EVENT_NOW });
    const created = await testApp.events.createEvent(eventInput({ capacity: 1 }));
    if (created.kind !== 'created') throw new Error('not created');
    event = created.event;
    const [first, second] = await insertReaders(testApp.database.db, 2);
    await testApp.database.db.updateTable('users').set({ email_verified_at: EVENT_NOW.toISOString() }).execute();
    attendee = await browserSignedInAs(testApp, first!);
    waiting = await browserSignedInAs(testApp, second!);
    for (const [name, browser] of [
      ['attendee', attendee],
      ['waiting', waiting],
    ] as const) {
      tokens[name] = hiddenValue((await browser.get(`/events/${event.slug}`)).body, '_csrf');
      expect((await browser.post(`/events/${event.publicId}/sign-up`, { _csrf: tokens[name] })).statusCode).toBe(303);
    }
    await testApp.database.db
      .insertInto('banned_words')
      .values({ phrase: 'scuttlebutt', action: 'reject', created_at: EVENT_NOW.toISOString(), created_by: null })
      .execute();
    const asked = await testApp.eventQuestions.ask(event.id, { id: first!, isEmailVerified: true }, 'A first question to vote for');
    if (asked.kind !== 'published') throw new Error(asked.kind);
    questionId = asked.questionId;
    ({ browser: editor } = await signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role: 'editor' }));
    tokens.editor = hiddenValue((await editor.get('/newsroom/events/questions')).body, '_csrf');
  });
  afterAll(() => testApp?.destroy());

  const snapshot = async () => ({
    questions: await testApp.database.db
      .selectFrom('event_questions')
      .select(['id', 'status', 'vote_count', 'answered_at'])
      .orderBy('id')
      .execute(),
    votes: await testApp.database.db.selectFrom('event_question_votes').select(['question_id', 'user_id']).execute(),
  });

  const question = formValue(awkwardText(['', ' ', 'Why?', 'Is the scuttlebutt true?', '<script>x</script>', 'q'.repeat(600)]), {
    canBeMissing: true,
  });
  const body = fc.record(
    {
      question,
      returnTo: formValue(awkwardText(['/newsroom/events/questions', 'https://evil.example/', '']), { canBeMissing: true }),
    },
    { requiredKeys: [] },
  );
  const who = fc.constantFrom('attendee', 'waiting', 'editor') as fc.Arbitrary<'attendee' | 'waiting' | 'editor'>;
  const target = fc.constantFrom('ask', 'upvote', 'upvote-nothing', 'answer', 'hide', 'publish', 'bad-action', 'bad-id');

  it('never answers 5xx and stores nothing when it refuses', async () => {
    const browsers = { attendee, waiting, editor };
    await fc.assert(
      fc.asyncProperty(who, target, body, fc.boolean(), async (person, kind, fields, withToken) => {
        const before = await snapshot();
        const base = `/events/${event.publicId}/questions`;
        const url = {
          ask: base,
          upvote: `${base}/${questionId}/upvote`,
          'upvote-nothing': `${base}/2147483647/upvote`,
          answer: `/newsroom/events/questions/${questionId}/answer`,
          hide: `/newsroom/events/questions/${questionId}/hide`,
          publish: `/newsroom/events/questions/${questionId}/publish`,
          'bad-action': `/newsroom/events/questions/${questionId}/delete`,
          'bad-id': '/newsroom/events/questions/0x1/answer',
        }[kind];
        const response = await browsers[person].post(url, { ...(withToken ? { _csrf: tokens[person] } : {}), ...(fields as FormFields) });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode !== 303 || response.headers.location?.includes('done=already')) expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 80 },
    );
  });
});
