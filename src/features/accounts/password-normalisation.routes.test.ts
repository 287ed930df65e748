// The same password typed on another system (decomposed accents, full-width
// characters) signs in: passwords are hashed and checked in NFKC.
import { hash } from '@node-rs/argon2';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { insertUser } from './accounts.repository.js';
import { registerThroughForm, signInThroughForm, TestBrowser, validRegistration } from './testing/session-helpers.js';

const COMPOSED = 'Caf\u00e9Harbour9'; // é as one code point (NFC)
const DECOMPOSED = 'Cafe\u0301Harbour9'; // e + combining acute (NFD)
const FULL_WIDTH = 'Caf\u00e9Harbour\uff19'; // a full-width 9

describeEachEngine('passwords in any Unicode form', (engine) => {
  let testApp: TestApp;
  let ip = 0;
  const browser = () => new TestBrowser(testApp.app, `198.51.100.${++ip}`);

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: new Date() });
  });
  afterAll(() => testApp.destroy());

  it('signs in with the password typed decomposed or full-width after registering it composed', async () => {
    const fields = validRegistration({ password: COMPOSED });
    expect((await registerThroughForm(browser(), fields)).statusCode).toBe(303);
    for (const typed of [COMPOSED, DECOMPOSED, FULL_WIDTH]) {
      expect((await signInThroughForm(browser(), String(fields.email), typed)).statusCode, JSON.stringify(typed)).toBe(303);
    }
    expect((await signInThroughForm(browser(), String(fields.email), 'CafeHarbour9')).statusCode).toBe(422);
  });

  it('still accepts a hash made before normalisation, and re-hashes it so every form works from then on', async () => {
    const email = `unnormalised-${engine}@example.test`;
    // What the previous release stored for a reader who registered typing the decomposed form.
    const legacyHash = await hash(DECOMPOSED, { memoryCost: 8192, timeCost: 1, parallelism: 1 });
    await insertUser(testApp.database.db, {
      email,
      passwordHash: legacyHash,
      firstName: 'Ada',
      lastName: 'Reed',
      dateOfBirth: '1980-01-01',
      role: 'reader',
      marketingOptOut: false,
      now: new Date().toISOString(),
    });
    const storedHash = async () =>
      (await testApp.database.db.selectFrom('users').where('email', '=', email).select('password_hash').executeTakeFirstOrThrow())
        .password_hash;
    expect((await signInThroughForm(browser(), email, DECOMPOSED)).statusCode).toBe(303);
    expect(await storedHash()).not.toBe(legacyHash);
    expect((await signInThroughForm(browser(), email, COMPOSED)).statusCode).toBe(303);
    expect((await signInThroughForm(browser(), email, FULL_WIDTH)).statusCode).toBe(303);
  });
});
