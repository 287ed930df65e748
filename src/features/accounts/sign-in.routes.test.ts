// Sign-in, sign-out, password reset and post-sign-in redirects through HTTP.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hashToken } from '../../core/security/tokens.js';
import { insertUser } from './accounts.repository.js';
import { createPasswordHasher } from './passwords.js';
import {
  emailsTo,
  linkIn,
  pageText,
  registerThroughForm,
  signInThroughForm,
  solveAltcha,
  TestBrowser,
  validRegistration,
} from './testing/session-helpers.js';

const SIGN_IN_FAILED = "That email and password don't match an account. Please try again, or reset your password.";

describeEachEngine('sign-in and reset routes', (engine) => {
  let testApp: TestApp;
  let db: Db;
  let ipCounter = 0;
  const newBrowser = () => new TestBrowser(testApp.app, `192.0.2.${++ipCounter}`);

  /** A registered reader; returns their address and password. */
  async function registeredReader() {
    const fields = validRegistration();
    const response = await registerThroughForm(newBrowser(), fields);
    expect(response.statusCode).toBe(303);
    return { email: String(fields.email), password: String(fields.password) };
  }

  // The front page carries the personal account corner for a signed-in reader.
  const isSignedIn = async (browser: TestBrowser) => (await browser.get('/')).body.includes('action="/signout"');
  const sessionExists = async (token: string | undefined) =>
    (await db
      .selectFrom('sessions')
      .where('id', '=', hashToken(token ?? ''))
      .select('id')
      .executeTakeFirst()) !== undefined;

  /** The page with the parts that legitimately differ per request (token, typed address) blanked out. */
  const comparable = (html: string, email: string) => html.replace(/name="_csrf" value="[^"]*"/g, '').replaceAll(email, 'EMAIL');

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: new Date() });
    db = testApp.database.db;
  });
  afterAll(() => testApp.destroy());

  it('issues a new session token at sign-in and deletes the old session (no fixation)', async () => {
    const reader = await registeredReader();
    const browser = newBrowser();
    browser.cookies.set('__Host-mh_session', 'attacker-chosen-value');
    const first = await signInThroughForm(browser, reader.email, reader.password, '/world');
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/world');
    const firstToken = browser.cookies.get('__Host-mh_session');
    expect(firstToken).not.toBe('attacker-chosen-value');
    expect(await sessionExists(firstToken)).toBe(true);

    const second = await signInThroughForm(browser, reader.email, reader.password);
    expect(second.statusCode).toBe(303);
    // One Set-Cookie per cookie: the old session's clearing and the new one are not both sent.
    const names = [second.headers['set-cookie'] ?? []].flat().map((header) => String(header).split('=')[0]);
    expect(names.filter((name) => name === '__Host-mh_session')).toHaveLength(1);
    expect(new Set(names).size).toBe(names.length);
    const secondToken = browser.cookies.get('__Host-mh_session');
    expect(secondToken).not.toBe(firstToken);
    expect(await sessionExists(firstToken)).toBe(false);
    expect(await sessionExists(secondToken)).toBe(true);

    // The old cookie no longer signs anyone in.
    const stale = newBrowser();
    stale.cookies.set('__Host-mh_session', firstToken!);
    expect(await isSignedIn(stale)).toBe(false);
  });

  it('signs out: the session row goes and the cookie is cleared', async () => {
    const reader = await registeredReader();
    const browser = newBrowser();
    await signInThroughForm(browser, reader.email, reader.password);
    const token = browser.cookies.get('__Host-mh_session');
    const { csrf } = await browser.openForm('/signin');
    const response = await browser.post('/signout', { _csrf: csrf });
    expect(response.statusCode).toBe(303);
    expect(browser.cookies.has('__Host-mh_session')).toBe(false);
    expect(await sessionExists(token)).toBe(false);
  });

  it('gives the same generic failure for an unknown address and a wrong password', async () => {
    const reader = await registeredReader();
    const unknownEmail = 'nobody-here@example.test';
    const unknown = await signInThroughForm(newBrowser(), unknownEmail, reader.password);
    const wrong = await signInThroughForm(newBrowser(), reader.email, 'Wrong9Password');
    for (const response of [unknown, wrong]) {
      expect(response.statusCode).toBe(422);
      expect(pageText(response.body)).toContain(SIGN_IN_FAILED);
      expect(response.cookies.find((cookie) => cookie.name === '__Host-mh_session')).toBeUndefined();
    }
    expect(comparable(unknown.body, unknownEmail)).toBe(comparable(wrong.body, reader.email));
  });

  it('limits failures per account and network without locking the owner out from elsewhere', async () => {
    const reader = await registeredReader();
    const attacker = newBrowser();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signInThroughForm(attacker, reader.email, `Guess${attempt}Password`)).statusCode).toBe(422);
    }
    const blocked = await signInThroughForm(attacker, reader.email, reader.password);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.cookies.find((cookie) => cookie.name === '__Host-mh_session')).toBeUndefined();

    const owner = newBrowser();
    const response = await signInThroughForm(owner, reader.email, reader.password);
    expect(response.statusCode).toBe(303);
    expect(await isSignedIn(owner)).toBe(true);
  });

  it('counts parallel wrong guesses before checking them: at most the limit are checked, the rest are refused', async () => {
    const reader = await registeredReader();
    const attacker = newBrowser();
    const { csrf } = await attacker.openForm('/signin');
    const statuses = await Promise.all(
      Array.from({ length: 24 }, (_, attempt) =>
        attacker.post('/signin', { _csrf: csrf, email: reader.email, password: `Parallel${attempt}Guess` }).then((r) => r.statusCode),
      ),
    );
    expect(statuses.filter((status) => status === 422)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(19);
  });

  it('lets a password reset end the lock-out on the owner, on the network the guesses came from', async () => {
    const reader = await registeredReader();
    const sharedNetwork = testApp.app;
    const ip = '203.0.113.77';
    for (let attempt = 0; attempt < 5; attempt++)
      await signInThroughForm(new TestBrowser(sharedNetwork, ip), reader.email, `Guess${attempt}Password`);
    expect((await signInThroughForm(new TestBrowser(sharedNetwork, ip), reader.email, reader.password)).statusCode).toBe(429);
    const link = await requestResetLink(reader.email);
    const owner = new TestBrowser(sharedNetwork, ip);
    expect((await submitNewPassword(owner, link, 'Lighthouse7Keeper')).statusCode).toBe(303);
    expect((await signInThroughForm(new TestBrowser(sharedNetwork, ip), reader.email, 'Lighthouse7Keeper')).statusCode).toBe(303);
    // The browser that reset it is trusted from then on: more wrong guesses from that network do not shut it out.
    for (let attempt = 0; attempt < 6; attempt++)
      await signInThroughForm(new TestBrowser(sharedNetwork, ip), reader.email, `Again${attempt}Password`);
    expect((await signInThroughForm(owner, reader.email, 'Lighthouse7Keeper')).statusCode).toBe(303);
  });

  /** Signs in through the page a flooded account answers with (429 and its bot check), with `proof` filled in. */
  async function signInPastCeiling(browser: TestBrowser, email: string, password: string, proof: 'altcha' | 'wait' | 'none') {
    const { csrf } = await browser.openForm('/signin');
    const asked = await browser.post('/signin', { _csrf: csrf, email, password });
    expect(asked.statusCode).toBe(429);
    expect(pageText(asked.body)).toContain('we need a quick check');
    expect(asked.body).toContain('/altcha/challenge?form=signin');
    if (proof === 'none') return browser.post('/signin', { _csrf: csrf, email, password });
    if (proof === 'altcha') return browser.post('/signin', { _csrf: csrf, email, password, altcha: await solveAltcha(browser, 'signin') });
    const stamp = /name="form_started" value="([^"]+)"/.exec(asked.body)![1]!;
    testApp.clock.advance(60_000);
    return browser.post('/signin', { _csrf: csrf, email, password, form_started: stamp });
  }

  it('slows an address flooded from many networks with a bot check for new browsers, never shutting its owner out', async () => {
    const reader = await registeredReader();
    const owner = newBrowser();
    expect((await signInThroughForm(owner, reader.email, reader.password)).statusCode).toBe(303);
    expect(owner.cookies.has('mh_device')).toBe(true);
    const { csrf } = await owner.openForm('/account');
    await owner.post('/signout', { _csrf: csrf });
    expect(owner.cookies.has('__Host-mh_session')).toBe(false);

    // 20 networks × 5 wrong guesses = the per-address ceiling of 100.
    for (let network = 0; network < 20; network++) {
      const attacker = newBrowser();
      for (let attempt = 0; attempt < 5; attempt++)
        expect((await signInThroughForm(attacker, reader.email, `Wrong${network}x${attempt}`)).statusCode).toBe(422);
    }
    // Without the check the password is not even tried: the right one is refused, and nothing is counted
    // against this address (six unchecked posts, yet its solved attempt below is not over the limit of 5).
    const hurried = newBrowser();
    for (let attempt = 0; attempt < 6; attempt++) {
      const unchecked = await signInPastCeiling(hurried, reader.email, reader.password, 'none');
      expect(unchecked.statusCode).toBe(429);
    }
    expect(hurried.cookies.has('__Host-mh_session')).toBe(false);
    expect((await signInPastCeiling(hurried, reader.email, reader.password, 'altcha')).statusCode).toBe(303);
    // A forged device cookie does not skip the check.
    const forger = newBrowser();
    forger.cookies.set('mh_device', 'abc.def');
    expect((await signInThroughForm(forger, reader.email, reader.password)).statusCode).toBe(429);

    // With the proof-of-work solved, a wrong password is just wrong (and the page keeps the check)…
    const guesser = newBrowser();
    const { csrf: guesserCsrf } = await guesser.openForm('/signin');
    const proof = await solveAltcha(guesser, 'signin');
    const wrong = await guesser.post('/signin', { _csrf: guesserCsrf, email: reader.email, password: 'Wrong9Again', altcha: proof });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('/altcha/challenge?form=signin');
    // …and a proof is good once.
    const replayed = await guesser.post('/signin', { _csrf: guesserCsrf, email: reader.email, password: reader.password, altcha: proof });
    expect(replayed.statusCode).toBe(429);
    expect(pageText(replayed.body)).toContain("We couldn't confirm that you're a person");
    // …and the owner on a new device gets in, with JavaScript or by waiting without it.
    const newDevice = newBrowser();
    expect((await signInPastCeiling(newDevice, reader.email, reader.password, 'altcha')).statusCode).toBe(303);
    expect(await isSignedIn(newDevice)).toBe(true);
    const noScript = newBrowser();
    expect((await signInPastCeiling(noScript, reader.email, reader.password, 'wait')).statusCode).toBe(303);
    expect(await isSignedIn(noScript)).toBe(true);

    // The browser its owner signed in with before skips the check altogether.
    expect((await signInThroughForm(owner, reader.email, reader.password)).statusCode).toBe(303);
    expect(await isSignedIn(owner)).toBe(true);
  });

  it('keeps the limit per account and address in front of the bot check: 5 wrong guesses from one address are still a 429', async () => {
    const reader = await registeredReader();
    for (let network = 0; network < 20; network++) {
      const attacker = newBrowser();
      for (let attempt = 0; attempt < 5; attempt++) await signInThroughForm(attacker, reader.email, `Wrong${network}x${attempt}`);
    }
    const patient = newBrowser();
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await signInPastCeiling(patient, reader.email, `Solved${attempt}Wrong`, 'altcha')).statusCode).toBe(422);
    const { csrf } = await patient.openForm('/signin');
    const refused = await patient.post('/signin', { _csrf: csrf, email: reader.email, password: reader.password });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(pageText(refused.body)).not.toContain('we need a quick check');
  });

  it('answers a reset request the same way for known and unknown addresses, emailing only the known one', async () => {
    const reader = await registeredReader();
    const unknownEmail = 'no-account@example.test';
    const answers = [];
    for (const email of [reader.email, unknownEmail]) {
      const browser = newBrowser();
      const { csrf } = await browser.openForm('/forgot-password');
      answers.push(await browser.post('/forgot-password', { _csrf: csrf, email }));
    }
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200]);
    expect(comparable(answers[0]!.body, reader.email)).toBe(comparable(answers[1]!.body, unknownEmail));
    expect(pageText(answers[0]!.body)).toContain('If an account exists for that address');
    // The address is looked up after the answer is sent (see enumeration.test.ts).
    await resetEmailsTo(reader.email, 1);
    expect(await emailsTo(db, unknownEmail)).toEqual([]);
  });

  /** Waits until `count` reset emails to `email` are queued; returns the newest. */
  async function resetEmailsTo(email: string, count: number) {
    return vi.waitFor(async () => {
      const emails = (await emailsTo(db, email)).filter((message) => message.subject === 'Choose a new password for The Test Gazette');
      if (emails.length < count) throw new Error(`${emails.length} reset emails so far`);
      return emails.at(-1)!;
    });
  }

  async function requestResetLink(email: string): Promise<string> {
    const browser = newBrowser();
    const { csrf } = await browser.openForm('/forgot-password');
    expect((await browser.post('/forgot-password', { _csrf: csrf, email })).statusCode).toBe(200);
    return linkIn((await resetEmailsTo(email, 1)).text_body, '/reset-password');
  }

  async function submitNewPassword(browser: TestBrowser, link: string, password: string) {
    const form = await browser.get(link);
    if (form.statusCode !== 200) return form;
    const token = new URL(link, 'https://news.example.test').searchParams.get('token')!;
    const csrf = /name="_csrf" value="([^"]*)"/.exec(form.body)![1]!;
    return browser.post('/reset-password', { _csrf: csrf, token, password });
  }

  it('resets a password once through the emailed link and signs every other session out', async () => {
    const reader = await registeredReader();
    const elsewhere = newBrowser();
    await signInThroughForm(elsewhere, reader.email, reader.password);
    expect(await isSignedIn(elsewhere)).toBe(true);

    const link = await requestResetLink(reader.email);
    const browser = newBrowser();
    const weak = await submitNewPassword(browser, link, 'short');
    expect(weak.statusCode).toBe(422);
    const reset = await submitNewPassword(browser, link, 'Lighthouse7Keeper');
    expect(reset.statusCode).toBe(303);
    expect(await isSignedIn(browser)).toBe(true);
    expect(await isSignedIn(elsewhere)).toBe(false);
    expect((await emailsTo(db, reader.email)).map((email) => email.subject)).toContain('Your The Test Gazette password was changed');

    expect((await browser.get(link)).statusCode).toBe(400);
    expect((await submitNewPassword(newBrowser(), link, 'Another8Password')).statusCode).toBe(400);
    expect((await signInThroughForm(newBrowser(), reader.email, reader.password)).statusCode).toBe(422);
    expect((await signInThroughForm(newBrowser(), reader.email, 'Lighthouse7Keeper')).statusCode).toBe(303);
  });

  it('expires a reset link after one hour', async () => {
    const reader = await registeredReader();
    const link = await requestResetLink(reader.email);
    testApp.clock.advance(59 * 60_000);
    expect((await newBrowser().get(link)).statusCode).toBe(200);
    testApp.clock.advance(2 * 60_000);
    expect((await newBrowser().get(link)).statusCode).toBe(400);
    expect((await submitNewPassword(newBrowser(), link, 'Lighthouse7Keeper')).statusCode).toBe(400);
    expect((await signInThroughForm(newBrowser(), reader.email, reader.password)).statusCode).toBe(303);
  });

  it.each([
    '//evil.example/',
    'https://evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    ' //evil.example',
    'https:evil.example',
  ])('sends an off-site next (%j) to the front page instead', async (next) => {
    const reader = await registeredReader();
    const signIn = await signInThroughForm(newBrowser(), reader.email, reader.password, next);
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe('/');
    const registration = await registerThroughForm(newBrowser(), validRegistration(), { next });
    expect(registration.headers.location).toBe('/');
    const form = await newBrowser().get(`/signin?next=${encodeURIComponent(next)}`);
    expect(form.body).toContain('name="next" value="/"');
  });
});

describeEachEngine('password hashes made with older cost settings', (engine) => {
  let testApp: TestApp;
  // The app hashes with m=8192,t=1 (createTestApp); this reader's hash predates that.
  const older = createPasswordHasher({ memoryKib: 4096, iterations: 1 });

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: new Date() });
  });
  afterAll(() => testApp.destroy());

  it('are upgraded to the current settings at the next successful sign-in, and only then', async () => {
    const email = `older-hash-${engine}@example.test`;
    const password = 'Harbour9Lights';
    const oldHash = await older.hash(password);
    expect(oldHash).toContain('m=4096,t=1,p=1');
    await insertUser(testApp.database.db, {
      email,
      passwordHash: oldHash,
      firstName: 'Ada',
      lastName: 'Reed',
      dateOfBirth: '1980-01-01',
      role: 'reader',
      marketingOptOut: false,
      now: new Date().toISOString(),
    });
    const storedHash = async () =>
      (await testApp.database.db.selectFrom('users').where('email', '=', email).select('password_hash').executeTakeFirstOrThrow())
        .password_hash!;

    expect((await signInThroughForm(new TestBrowser(testApp.app, '192.0.2.201'), email, 'Wrong9Password')).statusCode).toBe(422);
    expect(await storedHash()).toBe(oldHash);
    expect((await signInThroughForm(new TestBrowser(testApp.app, '192.0.2.202'), email, password)).statusCode).toBe(303);
    const upgraded = await storedHash();
    expect(upgraded).toContain('$argon2id$v=19$m=8192,t=1,p=1$');
    expect((await signInThroughForm(new TestBrowser(testApp.app, '192.0.2.203'), email, password)).statusCode).toBe(303);
    expect(await storedHash()).toBe(upgraded);
  });
});

it('knows which stored hashes need re-hashing', () => {
  const current = createPasswordHasher({ memoryKib: 65536, iterations: 2 });
  expect(current.needsRehash('$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA')).toBe(false);
  expect(current.needsRehash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA')).toBe(true);
  expect(current.needsRehash('$argon2i$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA')).toBe(true);
  expect(current.needsRehash('not a hash')).toBe(true);
});
