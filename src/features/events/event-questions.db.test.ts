// Attendees' questions on both engines: only confirmed attendees ask; the
// moderation policy's banned words and bans apply (rejected, held, refused);
// each attendee upvotes once; staff mark a question answered once, hide one,
// publish a held one; asking closes at the end; the rate limits hold.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { createMemoryRateLimiter } from '../../core/http/rate-limit.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import type { Reader } from '../access/access-decision.js';
import { createModerationPolicy } from '../moderation/moderation.policy.js';
import { createEventQuestions, type EventQuestions } from './event-questions.service.js';
import { createEventsService } from './events.service.js';
import { EVENT_NOW, eventInput, insertReaders } from './testing/event-fixtures.js';

/** A reader who has confirmed their address. */
const verified = (id: number) => ({ id, isEmailVerified: true });

describeEachEngine('event questions', (engine) => {
  let database: TestDatabase;
  let questions: EventQuestions;
  let policy: ReturnType<typeof createModerationPolicy>;
  let otherEventId: number;
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
    const other = await events.createEvent(eventInput({ capacity: 3 }));
    if (other.kind !== 'created') throw new Error('not created');
    otherEventId = other.event.id;
    policy = createModerationPolicy({ clock, settings: { newCommenterHold: 0, linkHoldThreshold: 2 } });
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
    expect(await questions.ask(eventId, verified(first), '   ')).toEqual({ kind: 'invalid', message: 'Write your question.' });
    // Controls and invisible characters alone are no question (and NUL would be refused by PostgreSQL: a 5xx once).
    expect(await questions.ask(eventId, verified(first), '\u0000\u200b\u0007')).toEqual({
      kind: 'invalid',
      message: 'Write your question.',
    });
    expect((await questions.ask(eventId, verified(first), 'x'.repeat(501))).kind).toBe('invalid');
    expect(await questions.ask(eventId, verified(outsider), 'Waiting, may I ask?')).toEqual({ kind: 'not-attendee' });
    expect(await questions.ask(eventId, verified(banned), 'A question from a banned reader')).toEqual({ kind: 'blocked' });
    expect((await questions.ask(eventId, verified(first), 'Is this Scuttlebutt true?')).kind).toBe('invalid');
    expect(await count()).toBe(before);

    expect((await questions.ask(eventId, verified(second), 'What about the bilgewater pumps?')).kind).toBe('held');
    const asked = await questions.ask(eventId, verified(first), 'How high did the tide reach\u0000 in 1953?  ');
    expect(asked.kind).toBe('published');
    expect((await questions.published(eventId)).map((question) => question.body)).toEqual(['How high did the tide reach in 1953?']);
  });

  it('counts one vote per attendee, refuses outsiders, and marks answered once', async () => {
    const asked = await questions.ask(eventId, verified(attendees[0]!), 'Which sea wall fails first?');
    if (asked.kind !== 'published') throw new Error(asked.kind);
    expect(await questions.vote(eventId, asked.questionId, attendees[1]!)).toEqual({ kind: 'voted' });
    expect(await questions.vote(eventId, asked.questionId, attendees[1]!)).toEqual({ kind: 'already-voted' });
    expect(await questions.vote(eventId, asked.questionId, outsider)).toEqual({ kind: 'refused' });
    expect(await questions.vote(eventId, 999_999, attendees[1]!)).toEqual({ kind: 'refused' });
    const listed = await questions.published(eventId);
    expect(listed[0]).toMatchObject({ body: 'Which sea wall fails first?', votes: 1, answeredAt: null });
    expect(await questions.markAnswered(asked.questionId)).toBe(true);
    expect(await questions.markAnswered(asked.questionId)).toBe(false);
    expect((await questions.published(eventId))[0]!.answeredAt).toBe(EVENT_NOW.toISOString());
  });

  it("refuses a vote through another event's address, hides, publishes held questions and lists them for staff", async () => {
    const asked = await questions.ask(eventId, verified(attendees[0]!), 'Will the recording include the questions?');
    if (asked.kind !== 'published') throw new Error(asked.kind);
    expect(await questions.vote(otherEventId, asked.questionId, attendees[1]!)).toEqual({ kind: 'refused' });
    const held = await questions.ask(eventId, verified(attendees[1]!), 'Is the bilgewater report out?');
    if (held.kind !== 'held') throw new Error(held.kind);
    expect((await questions.pending()).map((question) => question.id)).toContain(held.questionId);
    expect(await questions.countPending()).toBeGreaterThan(0);
    // Held: no votes, not answered, not shown.
    expect(await questions.vote(eventId, held.questionId, attendees[0]!)).toEqual({ kind: 'refused' });
    expect((await questions.moderate(held.questionId, 'answer')).kind).toBe('conflict');
    expect((await questions.published(eventId)).map((question) => question.id)).not.toContain(held.questionId);

    expect(await questions.moderate(held.questionId, 'publish')).toEqual({ kind: 'done', eventId });
    expect((await questions.moderate(held.questionId, 'publish')).kind).toBe('conflict');
    expect((await questions.published(eventId)).map((question) => question.id)).toContain(held.questionId);
    expect(await questions.moderate(asked.questionId, 'hide')).toEqual({ kind: 'done', eventId });
    expect((await questions.published(eventId)).map((question) => question.id)).not.toContain(asked.questionId);
    expect(await questions.vote(eventId, asked.questionId, attendees[1]!)).toEqual({ kind: 'refused' });
    const staffView = await questions.forStaff(eventId);
    expect(staffView.find((question) => question.id === asked.questionId)).toMatchObject({
      status: 'rejected',
      statusReason: 'Hidden by staff',
    });
    expect(staffView[0]!.askedBy.name).toMatch(/^Event Reader \d+$/);
    expect(await questions.moderate(999_999, 'hide')).toEqual({ kind: 'not-found' });
  });

  it('keeps the comments’ rate limits under keys of its own', async () => {
    const limited = createEventQuestions({ db: database.db, clock, policy, rateLimiter: createMemoryRateLimiter(clock) });
    const asker = attendees[1]!;
    expect((await limited.ask(eventId, verified(asker), 'Same words twice?')).kind).toBe('published');
    expect((await limited.ask(eventId, verified(asker), 'Same words twice?')).kind).toBe('rate-limited');
    for (let index = 0; index < 3; index++)
      expect((await limited.ask(eventId, verified(asker), `Quick question ${index}`)).kind).toBe('published');
    const before = await count();
    expect(await limited.ask(eventId, verified(asker), 'One too many')).toMatchObject({ kind: 'rate-limited' });
    expect(await count()).toBe(before);
  });

  it('asks for a confirmed address when the comments do (REQUIRE_VERIFIED_EMAIL_TO_COMMENT)', async () => {
    const strict = createEventQuestions({ db: database.db, clock, policy, requireVerifiedEmail: true });
    const before = await count();
    expect(await strict.ask(eventId, { id: attendees[0]!, isEmailVerified: false }, 'Unconfirmed, may I ask?')).toEqual({
      kind: 'unverified',
    });
    expect(await count()).toBe(before);
    expect((await strict.ask(eventId, verified(attendees[0]!), 'Confirmed: what time is low water?')).kind).toBe('published');
  });

  it('closes asking and voting once the event has ended', async () => {
    const asked = await questions.ask(eventId, verified(attendees[0]!), 'Before the end: any news on the sluice gates?');
    if (asked.kind !== 'published') throw new Error(asked.kind);
    const after = createEventQuestions({ db: database.db, clock: fixedClock(new Date('2026-10-22T19:00:00.000Z')), policy });
    expect(await after.ask(eventId, verified(attendees[0]!), 'After the end?')).toEqual({ kind: 'not-attendee' });
    expect(await after.vote(eventId, asked.questionId, attendees[1]!)).toEqual({ kind: 'refused' });
  });
});
