// Registration through HTTP, as a browser (with or without JavaScript) or an
// attacker would send it. Sign-in, reset and redirects: sign-in.routes.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { RATE_LIMITS } from './accounts-limits.js';
import { hashToken } from '../../core/security/tokens.js';
import {
  confirmEmailLink,
  emailsTo,
  hiddenValue,
  linkIn,
  pageText,
  registerThroughForm,
  solveAltcha,
  storedCounts,
  TestBrowser,
  validRegistration,
  type FormFields,
} from './testing/session-helpers.js';

const ROBOT_MESSAGE = 'We could not confirm that you are not a robot. Please try again.';

/** A calendar date `years` years before today in London, shifted by `days`. */
function yearsAgo(now: Date, years: number, days = 0): string {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(now)
    .split('-')
    .map(Number) as [number, number, number];
  return new Date(Date.UTC(year - years, month - 1, day + days)).toISOString().slice(0, 10);
}

function fieldError(html: string, field: string): string | null {
  const match = new RegExp(`<p class="field-error" id="error-${field}"( hidden)?[^>]*>([^<]*)</p>`).exec(html);
  if (!match) throw new Error(`no error slot for ${field}`);
  return match[1] ? null : pageText(match[2]!).trim();
}

describeEachEngine('registration routes', (engine) => {
  let testApp: TestApp;
  let db: Db;
  let ipCounter = 0;
  // Each test its own address, so per-IP limits never leak from one test into another.
  const newBrowser = () => new TestBrowser(testApp.app, `198.51.100.${++ipCounter}`);

  /** Opens the form and posts it with exactly the given bot-protection fields. */
  async function postRegistration(browser: TestBrowser, fields: FormFields) {
    const { csrf } = await browser.openForm('/register');
    return browser.post('/register', { _csrf: csrf, ...fields });
  }

  async function expectNothingStored(action: () => Promise<unknown>) {
    const before = await storedCounts(db);
    await action();
    expect(await storedCounts(db)).toEqual(before);
  }

  beforeAll(async () => {
    // Real time: the proof-of-work library checks challenge expiry against the system clock.
    testApp = await createTestApp({ engine, now: new Date() });
    db = testApp.database.db;
  });
  afterAll(() => testApp.destroy());

  it('ignores a notice cookie naming anything but its own notices, never answering with an error', async () => {
    const browser = newBrowser();
    expect((await registerThroughForm(browser, validRegistration())).statusCode).toBe(303);
    for (const notice of ['constructor', '__proto__', 'toString', 'password-changed']) {
      browser.cookies.set('mh_notice', notice);
      const page = await browser.get('/');
      expect(page.statusCode, notice).toBe(200);
      expect(page.body, notice).not.toContain('site-notice');
      expect(pageText(page.body), notice).toContain('Your account');
    }
  });

  it('registers, signs the reader in at once and sends them back where they started', async () => {
    const browser = newBrowser();
    const fields = validRegistration();
    const next = '/world/2026/11/27/harbour-wall?ref=wall#comments';
    const response = await registerThroughForm(browser, fields, { next, headers: { 'user-agent': 'TestBrowser/1.0' } });

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(next);
    const session = response.cookies.find((cookie) => cookie.name === '__Host-mh_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/', maxAge: 30 * 86_400 });
    expect(session?.domain).toBeUndefined();
    expect(setCookieNames(response)).toEqual(uniqueSorted(setCookieNames(response)));
    expect(response.cookies.find((cookie) => cookie.name === 'mh_notice')?.value).toBe('registered');
    // Signed in on the very next page, with the thank-you notice shown once.
    const landing = pageText((await browser.get('/')).body);
    expect(landing).toContain('Thank you for registering. You are signed in.');
    expect(landing).toContain('Your account');
    expect(pageText((await browser.get('/')).body)).not.toContain('Thank you for registering');

    const user = await db.selectFrom('users').where('email', '=', String(fields.email)).selectAll().executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      role: 'reader',
      first_name: 'Zoë',
      last_name: "O'Brien",
      date_of_birth: '1990-05-17',
      email_verified_at: null,
      marketing_opt_out: 0,
    });
    const storedSession = await db.selectFrom('sessions').where('id', '=', hashToken(session!.value)).select('user_id').executeTakeFirst();
    expect(storedSession?.user_id).toBe(user.id);

    const consents = await db.selectFrom('consents').where('user_id', '=', user.id).selectAll().orderBy('document').execute();
    expect(consents.map(({ document, version, granted }) => ({ document, version, granted }))).toEqual([
      { document: 'cookies', version: '2026-11-28', granted: 1 },
      { document: 'marketing', version: 'opt-out', granted: 1 },
      { document: 'privacy', version: '2026-11-01', granted: 1 },
      { document: 'terms', version: '2026-11-01', granted: 1 },
    ]);
    expect(consents.every((consent) => consent.ip_address === browser.remoteAddress && consent.user_agent === 'TestBrowser/1.0')).toBe(
      true,
    );

    const [email, ...others] = await emailsTo(db, String(fields.email));
    expect(others).toEqual([]);
    expect(email!.subject).toBe('Confirm your email address for The Test Gazette');
    const verifyLink = linkIn(email!.text_body, '/account/verify');
    // The link works from any browser (the reader's mail app), once.
    const reader = newBrowser();
    // Opening the link (as a mail scanner does) shows a button and confirms nothing.
    const opened = await reader.get(verifyLink);
    expect(opened.statusCode).toBe(200);
    expect(pageText(opened.body)).toContain('Confirm my email address');
    const before = await db.selectFrom('users').where('id', '=', user.id).select('email_verified_at').executeTakeFirstOrThrow();
    expect(before.email_verified_at).toBeNull();
    const verified = await confirmEmailLink(reader, verifyLink);
    expect(verified.statusCode).toBe(200);
    expect(pageText(verified.body)).toContain('Your email address is confirmed');
    const after = await db.selectFrom('users').where('id', '=', user.id).select('email_verified_at').executeTakeFirstOrThrow();
    expect(after.email_verified_at).not.toBeNull();
    expect((await reader.get(verifyLink)).statusCode).toBe(400);
    expect(
      (await reader.post('/account/verify', { _csrf: hiddenValue(opened.body, '_csrf'), token: hiddenValue(opened.body, 'token') }))
        .statusCode,
    ).toBe(400);
  });

  it('records a marketing opt-out as consent withheld', async () => {
    const fields = validRegistration({ marketingOptOut: 'on' });
    expect((await registerThroughForm(newBrowser(), fields)).statusCode).toBe(303);
    const user = await db
      .selectFrom('users')
      .where('email', '=', String(fields.email))
      .select(['id', 'marketing_opt_out'])
      .executeTakeFirstOrThrow();
    expect(user.marketing_opt_out).toBe(1);
    const marketing = await db
      .selectFrom('consents')
      .where('user_id', '=', user.id)
      .where('document', '=', 'marketing')
      .select('granted')
      .executeTakeFirstOrThrow();
    expect(marketing.granted).toBe(0);
  });

  it('shows every field error at once, keeps what was typed except the password, and stores nothing', async () => {
    const browser = newBrowser();
    await expectNothingStored(async () => {
      const response = await registerThroughForm(browser, {
        email: 'not-an-email',
        password: 'NoDigitsHere',
        firstName: '',
        lastName: 'R2-D2',
        dateOfBirth: '',
      });
      expect(response.statusCode).toBe(422);
      expect(fieldError(response.body, 'email')).toBe('Please enter a valid email');
      expect(fieldError(response.body, 'password')).toBe(
        'Must be at least 6 characters, include an upper and lower case character and a number',
      );
      expect(fieldError(response.body, 'firstName')).toBe('Please enter your first name');
      expect(fieldError(response.body, 'lastName')).toBe("Special characters aren't allowed");
      expect(fieldError(response.body, 'dateOfBirth')).toBe('Please enter your date of birth');
      expect(response.body).toContain('value="not-an-email"');
      expect(response.body).toContain('value="R2-D2"');
      expect(response.body).not.toContain('NoDigitsHere');
      expect(response.cookies.find((cookie) => cookie.name === '__Host-mh_session')).toBeUndefined();
    });
  });

  describe("the publisher's messages, word for word", () => {
    const cases: [string, FormFields, string][] = [
      ['email', { email: 'reader@@example.test' }, 'Please enter a valid email'],
      ['password', { password: 'abc12' }, 'Must be at least 6 characters, include an upper and lower case character and a number'],
      ['password', { password: 'alllowercase1' }, 'Must be at least 6 characters, include an upper and lower case character and a number'],
      ['firstName', { firstName: 'A'.repeat(41) }, 'Please enter a name between 1 and 40 characters'],
      ['lastName', { lastName: 'Smith3' }, "Special characters aren't allowed"],
      ['lastName', { lastName: '<b>Bold</b>' }, "Special characters aren't allowed"],
      ['firstName', { firstName: undefined }, 'Please enter your first name'],
      ['lastName', { lastName: '   ' }, 'Please enter your last name'],
    ];
    it.each(cases)('%s: %j', async (field, overrides, message) => {
      await expectNothingStored(async () => {
        const response = await registerThroughForm(newBrowser(), validRegistration(overrides));
        expect(response.statusCode).toBe(422);
        expect(fieldError(response.body, field)).toBe(message);
      });
    });
  });

  it('rejects a reader one day short of 18 and stores nothing; the 18th birthday itself counts', async () => {
    const now = testApp.clock.now();
    await expectNothingStored(async () => {
      const response = await registerThroughForm(newBrowser(), validRegistration({ dateOfBirth: yearsAgo(now, 18, 1) }));
      expect(response.statusCode).toBe(422);
      expect(fieldError(response.body, 'dateOfBirth')).toBe('You must be over 18 years old to register');
      expect(response.cookies.find((cookie) => cookie.name === '__Host-mh_session')).toBeUndefined();
    });
    expect((await registerThroughForm(newBrowser(), validRegistration({ dateOfBirth: yearsAgo(now, 18) }))).statusCode).toBe(303);
  });

  it('rejects a filled-in honeypot even with a valid proof-of-work', async () => {
    await expectNothingStored(async () => {
      const response = await registerThroughForm(newBrowser(), validRegistration(), { extra: { website: 'https://spam.example' } });
      expect(response.statusCode).toBe(422);
      expect(pageText(response.body)).toContain(ROBOT_MESSAGE);
    });
  });

  it('rejects a missing, malformed, tampered or replayed proof-of-work', async () => {
    const browser = newBrowser();
    const solved = await solveAltcha(browser);
    const payload = JSON.parse(Buffer.from(solved, 'base64').toString('utf8'));
    const tampered = structuredClone(payload);
    tampered.solution.derivedKey = tampered.solution.derivedKey.replace(/^./, (character: string) => (character === '0' ? '1' : '0'));
    const otherForm = structuredClone(payload);
    otherForm.challenge.parameters.data.form = 'comment';
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

    for (const altcha of [undefined, '', 'bm90IGpzb24=', encode({ challenge: {}, solution: {} }), encode(tampered), encode(otherForm)]) {
      await expectNothingStored(async () => {
        const response = await postRegistration(browser, { ...validRegistration(), altcha });
        expect(response.statusCode).toBe(422);
        expect(pageText(response.body)).toContain(ROBOT_MESSAGE);
      });
    }
    expect((await postRegistration(browser, { ...validRegistration(), altcha: solved })).statusCode).toBe(303);
    await expectNothingStored(async () => {
      const replay = await postRegistration(newBrowser(), { ...validRegistration(), altcha: solved });
      expect(replay.statusCode).toBe(422);
      expect(pageText(replay.body)).toContain(ROBOT_MESSAGE);
    });
  });

  it('accepts the no-script stamp only after the delay, and only once', async () => {
    const browser = newBrowser();
    const { html, csrf } = await browser.openForm('/register');
    const stamp = hiddenValue(html, 'form_started');
    const fields = { _csrf: csrf, form_started: stamp, ...validRegistration() };

    await expectNothingStored(async () => {
      const early = await browser.post('/register', fields);
      expect(early.statusCode).toBe(422);
      expect(pageText(early.body)).toContain('at least 8 seconds');
    });
    testApp.clock.advance(8_000);
    expect((await browser.post('/register', fields)).statusCode).toBe(303);

    const other = newBrowser();
    const { csrf: otherCsrf } = await other.openForm('/register');
    await expectNothingStored(async () => {
      const replay = await other.post('/register', { ...fields, _csrf: otherCsrf, ...validRegistration() });
      expect(replay.statusCode).toBe(422);
      expect(pageText(replay.body)).toContain(ROBOT_MESSAGE);
    });
  });

  it('refuses a post without the CSRF token, with a wrong one, or with another browser’s', async () => {
    const browser = newBrowser();
    const stranger = newBrowser();
    const { csrf: strangerToken } = await stranger.openForm('/register');
    await browser.openForm('/register');
    for (const token of [undefined, '', 'forged-token', strangerToken]) {
      await expectNothingStored(async () => {
        const response = await browser.post('/register', { _csrf: token, altcha: await solveAltcha(browser), ...validRegistration() });
        expect(response.statusCode).toBe(403);
      });
    }
  });

  it('refuses a valid form posted from another site', async () => {
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: undefined, referer: 'https://evil.example/page' },
    ]) {
      await expectNothingStored(async () => {
        const response = await registerThroughForm(newBrowser(), validRegistration(), { headers });
        expect(response.statusCode).toBe(403);
      });
    }
  });

  it('ignores fields a reader must not set (role, verification, marketing, ids)', async () => {
    const fields = validRegistration();
    const response = await registerThroughForm(newBrowser(), fields, {
      extra: {
        role: 'admin',
        email_verified_at: '2020-01-01T00:00:00.000Z',
        emailVerifiedAt: '2020-01-01T00:00:00.000Z',
        isEmailVerified: 'true',
        marketing: 'off',
        marketing_opt_out: '1',
        premium: 'true',
        id: '1',
        deleted_at: '2020-01-01T00:00:00.000Z',
      },
    });
    expect(response.statusCode).toBe(303);
    const user = await db.selectFrom('users').where('email', '=', String(fields.email)).selectAll().executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'reader', email_verified_at: null, marketing_opt_out: 0, deleted_at: null });
  });

  it('answers a taken address like a new one, without a session, and tells the owner by email', async () => {
    const fields = validRegistration();
    expect((await registerThroughForm(newBrowser(), fields)).statusCode).toBe(303);
    const countsBefore = await storedCounts(db);

    const attempt = await registerThroughForm(
      newBrowser(),
      { ...validRegistration(), email: ` ${String(fields.email).toUpperCase()} ` },
      { next: '/politics' },
    );
    expect(attempt.statusCode).toBe(303);
    expect(attempt.headers.location).toBe('/register/check-email?next=%2Fpolitics');
    expect(attempt.cookies.find((cookie) => cookie.name === '__Host-mh_session')).toBeUndefined();
    expect(await storedCounts(db)).toEqual({ ...countsBefore, emails: countsBefore.emails + 1 });
    const emails = await emailsTo(db, String(fields.email));
    expect(emails.map((email) => email.subject)).toEqual([
      'Confirm your email address for The Test Gazette',
      'You already have a The Test Gazette account',
    ]);

    const page = await newBrowser().get(attempt.headers.location!);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Thank you for registering');
  });

  it('does not count failed attempts against an address; it raises their proof-of-work instead', async () => {
    const browser = newBrowser();
    const { csrf } = await browser.openForm('/register');
    const difficulty = async () => {
      const challenge = (await browser.get('/altcha/challenge?form=register', { accept: 'application/json' })).json();
      return Number(challenge.parameters.data.difficulty);
    };
    expect(await difficulty()).toBe(1);
    for (let attempt = 0; attempt < 30; attempt++) {
      expect((await browser.post('/register', { _csrf: csrf, email: 'x' })).statusCode).toBe(422);
    }
    expect(await difficulty()).toBe(4);
    // A proof made for the easy challenge no longer passes from this address.
    const easy = newBrowser();
    const easyProof = await solveAltcha(easy);
    const { csrf: easyCsrf } = await browser.openForm('/register');
    for (let attempt = 0; attempt < 20; attempt++) await browser.post('/register', { _csrf: easyCsrf, email: 'x' });
    const tooEasy = await browser.post('/register', { ...validRegistration(), _csrf: easyCsrf, altcha: easyProof });
    expect(tooEasy.statusCode).toBe(422);
    expect(pageText(tooEasy.body)).toContain('We could not confirm that you are not a robot');
    // Someone there who does the work registers.
    expect((await registerThroughForm(browser, validRegistration())).statusCode).toBe(303);
    // Other addresses are unaffected.
    const elsewhere = newBrowser();
    expect((await elsewhere.get('/altcha/challenge?form=register', { accept: 'application/json' })).json().parameters.data.difficulty).toBe(
      '1',
    );
  });

  it('limits completed registrations per address with 429 and Retry-After', async () => {
    const address = `198.18.7.${Math.floor(Math.random() * 200) + 1}`;
    for (let index = 0; index < RATE_LIMITS.registerPerIp.limit; index++) {
      expect((await registerThroughForm(new TestBrowser(testApp.app, address), validRegistration())).statusCode).toBe(303);
    }
    const limited = await registerThroughForm(new TestBrowser(testApp.app, address), validRegistration());
    expect(limited.statusCode).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await registerThroughForm(newBrowser(), validRegistration())).statusCode).toBe(303);
  });
});

function setCookieNames(response: { headers: Record<string, unknown> }): string[] {
  return [response.headers['set-cookie'] ?? []]
    .flat()
    .map((header) => String(header).slice(0, String(header).indexOf('=')))
    .sort();
}

function uniqueSorted(names: string[]): string[] {
  return [...new Set(names)].sort();
}
