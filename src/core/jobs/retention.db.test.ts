import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../db/testing.js';
import { applyRetention } from './retention.js';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describeEachEngine('retention', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.destroy());

  it('deletes old mail, expired sessions and links, and spent challenges — and nothing still in use', async () => {
    const { db } = database;
    const user = await db
      .insertInto('users')
      .values({
        email: `kept-${engine}@example.test`,
        password_hash: null,
        first_name: 'Ada',
        last_name: 'Reed',
        date_of_birth: null,
        role: 'reader',
        marketing_opt_out: 0,
        created_at: daysAgo(400),
        updated_at: daysAgo(400),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mail = (subject: string, status: 'pending' | 'sent' | 'failed', createdDaysAgo: number, sentDaysAgo: number | null) => ({
      recipient: 'a@example.test',
      subject,
      text_body: '',
      html_body: '',
      status,
      available_at: daysAgo(createdDaysAgo),
      created_at: daysAgo(createdDaysAgo),
      sent_at: sentDaysAgo === null ? null : daysAgo(sentDaysAgo),
    });
    await db
      .insertInto('email_outbox')
      .values([
        mail('old sent', 'sent', 100, 91),
        mail('recent sent', 'sent', 100, 89),
        mail('old failed', 'failed', 95, null),
        mail('old pending', 'pending', 120, null),
      ])
      .execute();
    const session = (id: string, expiresDaysAgo: number) => ({
      id,
      user_id: user.id,
      created_at: daysAgo(60),
      last_seen_at: daysAgo(1),
      expires_at: daysAgo(expiresDaysAgo),
    });
    await db
      .insertInto('sessions')
      .values([session('expired', 1), session('live', -5)])
      .execute();
    const token = (id: string, expiresDaysAgo: number, used: boolean) => ({
      id,
      user_id: user.id,
      purpose: 'verify-email' as const,
      new_email: null,
      created_at: daysAgo(3),
      expires_at: daysAgo(expiresDaysAgo),
      used_at: used ? daysAgo(1) : null,
    });
    await db
      .insertInto('email_tokens')
      .values([token('expired', 1, false), token('used', -1, true), token('live', -1, false)])
      .execute();
    await db
      .insertInto('used_challenges')
      .values([
        { signature: 'spent', expires_at: daysAgo(1) },
        { signature: 'current', expires_at: daysAgo(-1) },
      ])
      .execute();

    expect(await applyRetention(db, NOW)).toEqual({ emails: 2, sessions: 1, emailTokens: 2, challenges: 1 });
    expect((await db.selectFrom('email_outbox').select('subject').orderBy('subject').execute()).map((row) => row.subject)).toEqual([
      'old pending',
      'recent sent',
    ]);
    expect((await db.selectFrom('sessions').select('id').execute()).map((row) => row.id)).toEqual(['live']);
    expect((await db.selectFrom('email_tokens').select('id').execute()).map((row) => row.id)).toEqual(['live']);
    expect((await db.selectFrom('used_challenges').select('signature').execute()).map((row) => row.signature)).toEqual(['current']);
    // Running again finds nothing more to do.
    expect(await applyRetention(db, NOW)).toEqual({ emails: 0, sessions: 0, emailTokens: 0, challenges: 0 });
  });
});
