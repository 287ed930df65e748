// The second factor's storage rules on both engines: a secret sealed at rest,
// a code's step taken once (also by two racing requests), recovery codes once
// each, five wrong guesses then locked.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { createMemoryRateLimiter } from '../../core/http/rate-limit.js';
import { insertUser } from './accounts.repository.js';
import { base32Decode, hotp, totpStep } from './totp.js';
import { createTwoFactorService, type TwoFactorService } from './two-factor.service.js';

const SECRET = 'a session secret that is long enough 0123456789';

describeEachEngine('staff second factor', (engine) => {
  let database: TestDatabase;
  let db: Db;
  const clock = fixedClock('2026-12-06T09:00:10Z');
  let service: TwoFactorService;
  let userId: number;
  let secret: string;
  let emailCount = 0;

  const codeAt = (stepOffset: number) => hotp(base32Decode(secret)!, totpStep(clock.now()) + stepOffset);

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    db = database.db;
  });
  afterAll(() => database.destroy());

  beforeEach(async () => {
    clock.set('2026-12-06T09:00:10Z');
    service = createTwoFactorService({
      db,
      clock,
      rateLimiter: createMemoryRateLimiter(clock),
      secret: SECRET,
      issuer: 'The Test Gazette',
      requiredFor: ['editor', 'admin'],
    });
    const inserted = await insertUser(db, {
      email: `editor${++emailCount}@news.example.test`,
      passwordHash: null,
      firstName: 'Ada',
      lastName: 'Fenwick',
      dateOfBirth: null,
      role: 'editor',
      marketingOptOut: true,
      now: clock.now().toISOString(),
    });
    userId = inserted!;
    const started = await service.startEnrolment(userId, 'ada@news.example.test');
    if (started.kind !== 'pending') throw new Error(started.kind);
    secret = started.secret;
  });

  it('keeps the pending secret sealed, shows the same one until confirmed, and confirms with a current code', async () => {
    const row = await db.selectFrom('staff_second_factors').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(row.sealed_secret).not.toContain(secret);
    expect(row.confirmed_at).toBeNull();
    const again = await service.startEnrolment(userId, 'ada@news.example.test');
    expect(again).toMatchObject({ kind: 'pending', secret });
    expect(await service.isEnrolled(userId)).toBe(false);
    expect(await service.confirmEnrolment(userId, '000000')).toEqual({ kind: 'wrong-code' });
    const confirmed = await service.confirmEnrolment(userId, codeAt(0));
    if (confirmed.kind !== 'confirmed') throw new Error(confirmed.kind);
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    expect(await service.isEnrolled(userId)).toBe(true);
    expect(await service.startEnrolment(userId, 'ada@news.example.test')).toEqual({ kind: 'enrolled' });
    const stored = await db.selectFrom('staff_recovery_codes').select('code_hash').where('user_id', '=', userId).execute();
    for (const code of confirmed.recoveryCodes) expect(stored.map((r) => r.code_hash)).not.toContain(code);
  });

  it('refuses the enrolment code again, and any code of a step already used, even from two requests at once', async () => {
    await service.confirmEnrolment(userId, codeAt(0));
    expect(await service.verify(userId, codeAt(0))).toEqual({ kind: 'reused-code' });
    clock.advance(30_000);
    const next = codeAt(0);
    const [first, second] = await Promise.all([service.verify(userId, next), service.verify(userId, next)]);
    expect([first.kind, second.kind].sort()).toEqual(['passed', 'reused-code']);
    // The previous step is inside the window but older than the one used.
    expect(await service.verify(userId, codeAt(-1))).toEqual({ kind: 'reused-code' });
  });

  it('takes a code one step either side, and a recovery code once (typed with spaces or in capitals)', async () => {
    const confirmed = await service.confirmEnrolment(userId, codeAt(-1));
    if (confirmed.kind !== 'confirmed') throw new Error(confirmed.kind);
    expect(await service.verify(userId, ` ${codeAt(1).slice(0, 3)} ${codeAt(1).slice(3)} `)).toEqual({ kind: 'passed', method: 'code' });
    const recovery = confirmed.recoveryCodes[3]!;
    expect(await service.verify(userId, recovery.toUpperCase().replace('-', ' '))).toEqual({ kind: 'passed', method: 'recovery-code' });
    expect(await service.verify(userId, recovery)).toEqual({ kind: 'wrong-code' });
    expect(await service.recoveryCodesLeft(userId)).toBe(9);
  });

  it('locks out after five wrong codes in 15 minutes, right ones included, and opens again after the window', async () => {
    await service.confirmEnrolment(userId, codeAt(0));
    clock.advance(30_000);
    for (let guess = 0; guess < 5; guess++) expect(await service.verify(userId, `00000${guess}`)).toEqual({ kind: 'wrong-code' });
    const locked = await service.verify(userId, codeAt(0));
    expect(locked.kind).toBe('locked');
    clock.advance(15 * 60_000);
    expect(await service.verify(userId, codeAt(0))).toEqual({ kind: 'passed', method: 'code' });
  });

  it('a right code does not use up a guess; removing the factor forgets secret and codes', async () => {
    await service.confirmEnrolment(userId, codeAt(0));
    for (let minute = 1; minute <= 8; minute++) {
      clock.advance(60_000);
      expect((await service.verify(userId, codeAt(0))).kind).toBe('passed');
    }
    await service.remove(userId);
    expect(await service.isEnrolled(userId)).toBe(false);
    expect(await service.verify(userId, codeAt(0))).toEqual({ kind: 'not-enrolled' });
    expect(await service.recoveryCodesLeft(userId)).toBe(0);
  });
});
