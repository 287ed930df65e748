import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { openTestDatabase, type TestDatabase } from '../db/testing.js';
import { ALTCHA_FIELD, createBotProtection } from './bot-protection.js';

describe('bot protection', () => {
  let database: TestDatabase;
  // A date far from the machine's: expiry must follow the injected clock, not the real one.
  const clock = fixedClock('2031-06-01T09:00:00.000Z');
  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
  });
  afterAll(() => database.destroy());

  const protection = () =>
    createBotProtection({
      db: database.db,
      clock,
      secret: 'a-test-secret-long-enough-for-hmac',
      cost: 1,
      maxCounter: 10,
      noScriptDelaySeconds: 8,
    });
  async function solved(form: string): Promise<string> {
    const challenge = await protection().challengeFor(form);
    const solution = await solveChallenge({ challenge, deriveKey });
    return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  }

  it('accepts a fresh proof once, for its own form only', async () => {
    const proof = await solved('register');
    expect(await protection().check('signin', { [ALTCHA_FIELD]: proof })).toMatchObject({ kind: 'rejected' });
    expect(await protection().check('register', { [ALTCHA_FIELD]: proof })).toEqual({ kind: 'human' });
    expect(await protection().check('register', { [ALTCHA_FIELD]: proof })).toEqual({ kind: 'rejected', reason: 'replayed' });
  });

  it('rejects a proof whose challenge is more than ten minutes old by the injected clock', async () => {
    const proof = await solved('register');
    clock.advance(10 * 60 * 1000 + 1);
    expect(await protection().check('register', { [ALTCHA_FIELD]: proof })).toEqual({ kind: 'rejected', reason: 'expired' });
  });

  it('rejects a proof whose signed expiry was edited', async () => {
    const proof = JSON.parse(Buffer.from(await solved('register'), 'base64').toString('utf8'));
    proof.challenge.parameters.data.expires = String(Date.parse('2099-01-01'));
    expect(await protection().check('register', { [ALTCHA_FIELD]: Buffer.from(JSON.stringify(proof)).toString('base64') })).toEqual({
      kind: 'rejected',
      reason: 'invalid',
    });
  });
});
