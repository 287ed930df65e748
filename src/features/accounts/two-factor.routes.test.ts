// The second factor through the real pages: enrolment, sign-in with a code,
// a reused code refused, recovery codes once, lock-out on guessing,
// REQUIRE_STAFF_2FA forcing enrolment, re-verification after idle time, and
// the shorter staff session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { insertUser } from './testing/user-fixtures.js';
import {
  browserSignedInAs,
  hiddenValue,
  pageText,
  signInAsStaff,
  signInThroughForm,
  TestBrowser,
  decodeHtml,
} from './testing/session-helpers.js';
import { canDrawQrCodes } from './qr-code.js';
import { base32Decode, hotp, totpStep } from './totp.js';

const NOW = new Date('2026-12-06T09:00:10Z');
let addressCount = 0;
const nextAddress = () => `198.19.${Math.floor(++addressCount / 250)}.${(addressCount % 250) + 1}`;

/** The secret as the enrolment page shows it for manual entry. */
function shownSecret(html: string): string {
  const match = /<code class="totp-secret" id="totp-secret">([^<]*)<\/code>/.exec(html);
  if (!match) throw new Error('no secret on the page');
  return decodeHtml(match[1]!).replace(/\s/g, '');
}

function codeFor(testApp: TestApp, secret: string, stepOffset = 0): string {
  return hotp(base32Decode(secret)!, totpStep(testApp.clock.now()) + stepOffset);
}

async function enrol(testApp: TestApp, browser: TestBrowser) {
  const { html, csrf } = await browser.openForm('/account/two-factor');
  const secret = shownSecret(html);
  const response = await browser.post('/account/two-factor', { _csrf: csrf, code: codeFor(testApp, secret), next: '/newsroom' });
  const codes = [...response.body.matchAll(/<li><code>([a-z2-7]{5}-[a-z2-7]{5})<\/code><\/li>/g)].map((match) => match[1]!);
  return { response, secret, codes, html };
}

/** Password, then the code page: returns the code page's answer to `code`. */
async function signInWithCode(
  testApp: TestApp,
  email: string,
  password: string,
  code: string,
  browser = new TestBrowser(testApp.app, nextAddress()),
) {
  const first = await signInThroughForm(browser, email, password, '/newsroom/articles');
  expect(first.statusCode).toBe(303);
  expect(first.headers.location).toBe('/signin/code');
  const { csrf, html } = await browser.openForm('/signin/code');
  expect(html).toContain('<label for="field-code">Authentication code</label>');
  return { browser, response: await browser.post('/signin/code', { _csrf: csrf, code }) };
}

const hasSession = (browser: TestBrowser) => [...browser.cookies.keys()].some((name) => name.endsWith('mh_session'));

describe('staff second factor (routes)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({
      engine: 'sqlite',
      now: NOW,
      environment: { REQUIRE_STAFF_2FA: 'editor,admin', STAFF_SESSION_HOURS: '12', STAFF_2FA_IDLE_MINUTES: '60' },
    });
  });
  afterAll(() => testApp.destroy());

  const staff = (role: 'editor' | 'author' | 'admin') =>
    signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role, remoteAddress: nextAddress() });

  it('sends an editor without a second factor to enrolment before any newsroom page, and lets an author through', async () => {
    const editor = await staff('editor');
    for (const path of ['/newsroom', '/newsroom/articles?state=draft', '/newsroom/outbox']) {
      const response = await editor.browser.get(path);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/account/two-factor?next=${encodeURIComponent(path)}`);
    }
    const author = await staff('author');
    expect((await author.browser.get('/newsroom')).statusCode).toBe(200);
  });

  it('sends a required role straight to enrolment at sign-in', async () => {
    const { email, password } = await staff('admin');
    const response = await signInThroughForm(new TestBrowser(testApp.app, nextAddress()), email, password, '/newsroom');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account/two-factor?next=%2Fnewsroom');
  });

  it('enrols with a QR code (when drawable), the secret as text and a first code, then shows ten recovery codes once', async () => {
    const editor = await staff('editor');
    const { response, secret, codes, html } = await enrol(testApp, editor.browser);
    expect(pageText(html)).toContain('Authentication code');
    // Drawn when the QR package is installed (qr-code.ts); the secret as text works either way.
    if (await canDrawQrCodes()) expect(html).toMatch(/<svg [^>]*class="qr-code"[^>]*role="img"/);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toContain('no-store');
    expect(codes).toHaveLength(10);
    expect(pageText(response.body)).toContain('Two-step verification is on');
    // The newsroom opens; the enrolment page now says it is on and shows no codes.
    expect((await editor.browser.get('/newsroom')).statusCode).toBe(200);
    const status = await editor.browser.get('/account/two-factor');
    expect(pageText(status.body)).toContain('You have 10 unused recovery codes');
    expect(status.body).not.toContain(codes[0]!);
  });

  it('refuses a wrong first code with the form again, and a reader gets a 403', async () => {
    const editor = await staff('editor');
    const { csrf, html } = await editor.browser.openForm('/account/two-factor');
    const wrong = await editor.browser.post('/account/two-factor', { _csrf: csrf, code: '000000', next: '/newsroom' });
    expect(wrong.statusCode).toBe(422);
    expect(shownSecret(wrong.body)).toBe(shownSecret(html));
    expect((await editor.browser.get('/newsroom')).statusCode).toBe(303);
    const readerId = await insertUser(testApp.database.db, {
      email: `reader-${nextAddress()}@example.test`,
      passwordHash: null,
      firstName: 'Rhea',
      lastName: 'Dunmore',
      dateOfBirth: '1990-01-01',
      role: 'reader',
      marketingOptOut: true,
      now: NOW.toISOString(),
    });
    const reader = await browserSignedInAs(testApp, readerId!);
    expect((await reader.get('/account/two-factor')).statusCode).toBe(403);
  });

  it('signs in with a code only after the password: no session before it, and the code cannot be used twice', async () => {
    const editor = await staff('editor');
    const { secret } = await enrol(testApp, editor.browser);
    testApp.clock.advance(30_000);
    const code = codeFor(testApp, secret);
    const attacker = new TestBrowser(testApp.app, nextAddress());
    const first = await signInThroughForm(attacker, editor.email, editor.password);
    expect(first.headers.location).toBe('/signin/code');
    expect(hasSession(attacker)).toBe(false);
    expect((await attacker.get('/newsroom')).headers.location).toMatch(/^\/signin\?next=/);

    const { browser, response } = await signInWithCode(testApp, editor.email, editor.password, code);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/newsroom/articles');
    expect(hasSession(browser)).toBe(true);
    expect((await browser.get('/newsroom/articles')).statusCode).toBe(200);
    const session = await testApp.database.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .where('users.email', '=', editor.email)
      .orderBy('sessions.created_at', 'desc')
      .select(['sessions.expires_at', 'sessions.created_at', 'users.last_sign_in_at'])
      .execute();
    expect(Date.parse(session[0]!.expires_at) - Date.parse(session[0]!.created_at)).toBe(12 * 3600_000);
    expect(session[0]!.last_sign_in_at).not.toBeNull();

    // The same code (same 30-second step) again, from the attacker's pending sign-in.
    const { csrf } = await attacker.openForm('/signin/code');
    const replay = await attacker.post('/signin/code', { _csrf: csrf, code });
    expect(replay.statusCode).toBe(422);
    expect(pageText(replay.body)).toContain('That code has already been used');
    expect(hasSession(attacker)).toBe(false);
  });

  it('takes each recovery code once', async () => {
    const editor = await staff('editor');
    const { codes } = await enrol(testApp, editor.browser);
    const once = await signInWithCode(testApp, editor.email, editor.password, codes[0]!);
    expect(once.response.statusCode).toBe(303);
    const twice = await signInWithCode(testApp, editor.email, editor.password, codes[0]!);
    expect(twice.response.statusCode).toBe(422);
    expect(hasSession(twice.browser)).toBe(false);
  });

  it('locks the account out of codes after five wrong ones in 15 minutes, even with the right code, from anywhere', async () => {
    const editor = await staff('editor');
    const { secret } = await enrol(testApp, editor.browser);
    testApp.clock.advance(30_000);
    const browser = new TestBrowser(testApp.app, nextAddress());
    await signInThroughForm(browser, editor.email, editor.password);
    for (let guess = 0; guess < 5; guess++) {
      const { csrf } = await browser.openForm('/signin/code');
      expect((await browser.post('/signin/code', { _csrf: csrf, code: `12345${guess}` })).statusCode).toBe(422);
    }
    const locked = await signInWithCode(testApp, editor.email, editor.password, codeFor(testApp, secret));
    expect(locked.response.statusCode).toBe(429);
    expect(pageText(locked.response.body)).toContain('Too many wrong codes');
    expect(hasSession(locked.browser)).toBe(false);
    testApp.clock.advance(15 * 60_000);
    const later = await signInWithCode(testApp, editor.email, editor.password, codeFor(testApp, secret));
    expect(later.response.statusCode).toBe(303);
  });

  it('refuses a forged or expired pending step, and a post without CSRF token', async () => {
    const editor = await staff('editor');
    const { secret } = await enrol(testApp, editor.browser);
    const browser = new TestBrowser(testApp.app, nextAddress());
    await signInThroughForm(browser, editor.email, editor.password);
    const { csrf } = await browser.openForm('/signin/code');
    expect((await browser.post('/signin/code', { code: codeFor(testApp, secret, 1) })).statusCode).toBe(403);
    testApp.clock.advance(301_000);
    const expired = await browser.post('/signin/code', { _csrf: csrf, code: codeFor(testApp, secret) });
    expect(expired.headers.location).toBe('/signin');
    expect(hasSession(browser)).toBe(false);
    expect((await new TestBrowser(testApp.app).get('/signin/code')).headers.location).toBe('/signin');
  });

  it('asks for a code again after an hour away from the newsroom, not while it is used', async () => {
    const editor = await staff('editor');
    const { secret } = await enrol(testApp, editor.browser);
    const { browser } = editor;
    for (let step = 0; step < 4; step++) {
      testApp.clock.advance(50 * 60_000);
      expect((await browser.get('/newsroom')).statusCode).toBe(200);
    }
    // Reading the site in between does not count as newsroom use.
    testApp.clock.advance(61 * 60_000);
    expect((await browser.get('/')).statusCode).toBe(200);
    const idle = await browser.get('/newsroom/articles');
    expect(idle.statusCode).toBe(303);
    expect(idle.headers.location).toBe('/signin/verify?next=%2Fnewsroom%2Farticles');
    const { csrf, html } = await browser.openForm(idle.headers.location!);
    expect(html).toContain('<label for="field-code">Authentication code</label>');
    expect(hiddenValue(html, 'next')).toBe('/newsroom/articles');
    const wrong = await browser.post('/signin/verify', { _csrf: csrf, next: '/newsroom/articles', code: '000000' });
    expect(wrong.statusCode).toBe(422);
    const right = await browser.post('/signin/verify', { _csrf: csrf, next: '/newsroom/articles', code: codeFor(testApp, secret) });
    expect(right.headers.location).toBe('/newsroom/articles');
    expect((await browser.get('/newsroom/articles')).statusCode).toBe(200);
  });

  it('a reset link is only the first factor for an enrolled staff member', async () => {
    const editor = await staff('editor');
    await enrol(testApp, editor.browser);
    // A password reset as anyone asks for it: the emailed link, then a new password.
    await testApp.accounts.requestPasswordReset(editor.email);
    const email = await testApp.database.db
      .selectFrom('email_outbox')
      .where('recipient', '=', editor.email)
      .orderBy('id', 'desc')
      .select('text_body')
      .executeTakeFirstOrThrow();
    const link = /https:\/\/news\.example\.test(\/reset-password\?token=[A-Za-z0-9_%-]+)/.exec(email.text_body)![1]!;
    const browser = new TestBrowser(testApp.app, nextAddress());
    const { csrf } = await browser.openForm(link);
    const reset = await browser.post('/reset-password', {
      _csrf: csrf,
      token: decodeURIComponent(link.split('token=')[1]!),
      password: 'another long staff passphrase',
    });
    expect(reset.headers.location).toBe('/signin/code');
    expect(hasSession(browser)).toBe(false);
  });
});
