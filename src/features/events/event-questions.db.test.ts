// Attendees' questions on both engines: only confirmed attendees ask; the
// moderation policy's banned words and bans apply (rejected, held, refused);
// each attendee upvotes once; staff mark a question answered once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import type { Reader } from '../access/access-decision.js';
import { createModerationPolicy } from '../moderation/moderation.policy.js';
import { createEventQuestions, type EventQuestions } from './event-questions.service.js';
import { createEventsService } from './events.service.js';
import { EVENT_NOW, eventInput, insertReaders } from './testing/event-fixtures.js';

describeEachEngine('event questions', (engine) => {
  let database: TestDatabase;
  let questions: EventQuestions;
  let eventId: number;
  let attendees: number[];
  let outsider: number;
  const clock = fixedClock(EVENT_NOW);

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const db = database.db;
    const events = createEventsService({
      db,
      clock,
      secret: 'events-test-secret-0123456789abcdef',
      joinOpensMinutes: 15,
      signedInReader: async (): Promise<Reader> => ({ kind: 'registered', premiumReads: [], subscriptionEndsAt: null }),
    });
    const created = await events.createEvent(eventInput({ capacity: 3 }));
    if (created.kind !== 'created') throw new Error('not created');
    eventId = created.event.id;
    attendees = await insertReaders(db, 3);
    outsider = (await insertReaders(db, 1))[0]!;
    for (const id of [...attendees, outsider]) await events.signUp(eventId, { id, role: 'reader' });
    const now = EVENT_NOW.toISOString();
    await db
      .insertInto('banned_words')
      .values([
        { phrase: 'scuttlebutt', action: 'reject', created_at: now, created_by: null },
        { phrase: 'bilgewater', action: 'hold', created_at: now, created_by: null },
      ])
      .execute();
    await db
      .insertInto('reader_moderation')
      .values({ user_id: attendees[2]!, suspended_until: null, banned_at: now, reason: 'spam', updated_at: now, updated_by: null })
      .execute();
    const policy = createModerationPolicy({ clock, settings: { newCommenterHold: 0, linkHoldThreshold: 2 } });
    questions = createEventQuestions({ db, clock, policy });
  });
  afterAll(() => database.destroy());

  const count = async () =>
    Number(
      (
        await database.db
          .selectFrom('event_questions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('lets confirmed attendees ask, screened by the moderation policy', async () => {
    const [first, second, banned] = attendees as [number, number, number];
    const before = await count();
    expect(await questions.ask(eventId, first, '   ')).toEqual({ kind: 'invalid', message: 'Write your question.' });
    expect((await questions.ask(eventId, first, 'x'.repeat(501))).kind).toBe('invalid');
    expect(await questions.ask(eventId, outsider, 'Waiting, may I ask?')).toEqual({ kind: 'not-attendee' });
    expect(await questions.ask(eventId, banned, 'A question from a banned reader')).toEqual({ kind: 'blocked' });
    expect((await questions.ask(eventId, first, 'Is this Scuttlebutt true?')).kind).toBe('invalid');
    expect(await count()).toBe(before);

    expect((await questions.ask(eventId, second, 'What about the bilgewater pumps?')).kind).toBe('held');
    const asked = await questions.ask(eventId, first, 'How high did the tide reach in 1953?');
    expect(asked.kind).toBe('published');
    expect((await questions.published(eventId)).map((question) => question.body)).toEqual(['How high did the tide reach in 1953?']);
  });

  it('counts one vote per attendee, refuses outsiders, and marks answered once', async () => {
    const asked = await questions.ask(eventId, attendees[0]!, 'Which sea wall fails first?');
    if (asked.kind !== 'published') throw new Error(asked.kind);
    expect(await questions.vote(asked.questionId, attendees[1]!)).toEqual({ kind: 'voted' });
    expect(await questions.vote(asked.questionId, attendees[1]!)).toEqual({ kind: 'already-voted' });
    expect(await questions.vote(asked.questionId, outsider)).toEqual({ kind: 'refused' });
    expect(await questions.vote(999_999, attendees[1]!)).toEqual({ kind: 'refused' });
    const listed = await questions.published(eventId);
    expect(listed[0]).toMatchObject({ body: 'Which sea wall fails first?', votes: 1, answeredAt: null });
    expect(await questions.markAnswered(asked.questionId)).toBe(true);
    expect(await questions.markAnswered(asked.questionId)).toBe(false);
    expect((await questions.published(eventId))[0]!.answeredAt).toBe(EVENT_NOW.toISOString());
  });
});
