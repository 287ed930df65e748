import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { enqueueEmail } from '../../core/jobs/email-queue.js';
import * as repository from './account-settings.repository.js';
import { anonymiseUser, insertEmailToken, insertUser } from './accounts.repository.js';

const NOW = '2026-03-10T12:00:00.000Z';
const LATER = '2026-03-11T12:00:00.000Z';

describeEachEngine('account settings repository', (engine) => {
  let database: TestDatabase;
  let db: Db;
  let count = 0;

  async function newUser(): Promise<{ id: number; email: string }> {
    const email = `repo-${++count}@example.test`;
    const id = await insertUser(db, {
      email,
      passwordHash: 'hash',
      firstName: 'Ann',
      lastName: 'Lee',
      dateOfBirth: '1990-01-01',
      role: 'reader',
      marketingOptOut: false,
      now: NOW,
    });
    return { id: id!, email };
  }

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    db = database.db;
  });
  afterAll(() => database.destroy());

  describe('email addresses', () => {
    it('counts an anonymised account as using its placeholder address', async () => {
      const user = await newUser();
      expect(await repository.isEmailInUse(db, user.email)).toBe(true);
      expect(await repository.isEmailInUse(db, 'nobody@example.test')).toBe(false);
      await anonymiseUser(db, user.id, NOW);
      expect(await repository.isEmailInUse(db, user.email)).toBe(false);
      expect(await repository.isEmailInUse(db, `deleted-${user.id}@invalid`)).toBe(true);
    });

    it('moves an account to a free address and marks it confirmed; a taken one is a recognisable unique violation', async () => {
      const user = await newUser();
      const other = await newUser();
      await repository.changeUserEmail(db, { userId: user.id, email: `moved-${engine}@example.test`, now: LATER });
      expect(
        await db.selectFrom('users').where('id', '=', user.id).select(['email', 'email_verified_at', 'updated_at']).executeTakeFirst(),
      ).toEqual({
        email: `moved-${engine}@example.test`,
        email_verified_at: LATER,
        updated_at: LATER,
      });
      const error = await repository.changeUserEmail(db, { userId: user.id, email: other.email, now: LATER }).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(repository.isUniqueViolation(error)).toBe(true);
      expect(repository.isUniqueViolation(new Error('something else'))).toBe(false);
      expect(repository.isUniqueViolation(null)).toBe(false);
    });

    it('finds a live token only for its own user and purpose, and not once used or expired', async () => {
      const user = await newUser();
      const other = await newUser();
      await insertEmailToken(db, {
        id: `token-${engine}`,
        userId: user.id,
        purpose: 'change-email',
        newEmail: 'new@example.test',
        now: NOW,
        expiresAt: LATER,
      });
      const find = (options: Partial<Parameters<typeof repository.findLiveEmailToken>[1]>) =>
        repository.findLiveEmailToken(db, { id: `token-${engine}`, userId: user.id, purpose: 'change-email', now: NOW, ...options });
      expect(await find({})).toEqual({ new_email: 'new@example.test', expires_at: LATER });
      expect(await find({ userId: other.id })).toBeUndefined();
      expect(await find({ purpose: 'reset-password' })).toBeUndefined();
      expect(await find({ now: LATER })).toBeUndefined();
      await db.updateTable('email_tokens').set({ used_at: NOW }).where('id', '=', `token-${engine}`).execute();
      expect(await find({})).toBeUndefined();
    });

    it('forgets every queued or sent message to an address', async () => {
      const user = await newUser();
      const now = new Date(NOW);
      await enqueueEmail(db, { to: user.email, subject: 'One', text: 'Hello Ann', html: '<p>Hello Ann</p>' }, now);
      await enqueueEmail(db, { to: 'someone-else@example.test', subject: 'Two', text: 'Hello', html: '<p>Hello</p>' }, now);
      await repository.deleteOutboxMessagesTo(db, user.email);
      expect(await db.selectFrom('email_outbox').where('recipient', '=', user.email).select('id').execute()).toEqual([]);
      expect(await db.selectFrom('email_outbox').where('recipient', '=', 'someone-else@example.test').select('id').execute()).toHaveLength(
        1,
      );
    });
  });

  describe('data export read-models', () => {
    it('never select a password, token or session hash', async () => {
      const user = await newUser();
      await insertEmailToken(db, {
        id: `export-${engine}`,
        userId: user.id,
        purpose: 'change-email',
        newEmail: 'x@example.test',
        now: NOW,
        expiresAt: LATER,
      });
      await db
        .insertInto('sessions')
        .values({
          id: `session-${engine}`,
          user_id: user.id,
          created_at: NOW,
          last_seen_at: NOW,
          expires_at: LATER,
          user_agent: 'UA',
          ip_address: '192.0.2.1',
        })
        .execute();
      const profile = await repository.findProfileForExport(db, user.id);
      const sessions = await repository.listSessionsForExport(db, user.id, NOW);
      const requests = await repository.listEmailChangeRequestsForExport(db, user.id);
      expect(Object.keys(profile!)).not.toContain('password_hash');
      expect(sessions).toEqual([{ created_at: NOW, last_seen_at: NOW, expires_at: LATER, user_agent: 'UA', ip_address: '192.0.2.1' }]);
      expect(requests).toEqual([{ new_email: 'x@example.test', created_at: NOW, expires_at: LATER, used_at: null }]);
      expect(await repository.listSessionsForExport(db, user.id, LATER)).toEqual([]);
      await anonymiseUser(db, user.id, NOW);
      expect(await repository.findProfileForExport(db, user.id)).toBeUndefined();
    });
  });
});
