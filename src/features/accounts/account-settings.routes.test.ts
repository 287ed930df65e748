// The account settings pages through HTTP, as a signed-in reader (or someone
// without their session) would use them. The email-change flow, data export
// and deletion: account-settings-flows.routes.test.ts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { grantPremium } from '../newsletters/testing/newsletter-fixtures.js';
import { SETTINGS_RATE_LIMITS } from './account-settings.routes.js';
import { SETTINGS_MESSAGES } from './account-settings.service.js';
import { MESSAGES } from './account-rules.js';
import { confirmEmailLink, emailsTo, hiddenValue, linkIn, pageText, signInThroughForm, TestBrowser } from './testing/session-helpers.js';
import {
  createReaderFactory,
  csrfFor,
  fieldError,
  READER_PASSWORD,
  SETTINGS_NOW,
  settingsSnapshot,
  userRow,
} from './testing/settings-fixtures.js';

const NEW_PASSWORD = 'Lantern7Keeper';

describeEachEngine('account settings routes', (engine) => {
  let testApp: TestApp;
  let db: Db;
  const { newReader, signIn } = createReaderFactory(() => testApp);

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: SETTINGS_NOW });
    db = testApp.database.db;
  });
  afterAll(() => testApp.destroy());

  it('sends a signed-out visitor to sign in, and back afterwards', async () => {
    const anonymous = new TestBrowser(testApp.app);
    for (const path of [
      '/account',
      '/account/password',
      '/account/email',
      '/account/delete',
      '/account/data.json',
      '/account/email/confirm?token=abc',
    ]) {
      const response = await anonymous.get(path);
      expect(response.statusCode, path).toBe(303);
      expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
    const before = await settingsSnapshot(db);
    for (const path of [
      '/account/profile',
      '/account/preferences',
      '/account/password',
      '/account/email',
      '/account/delete',
      '/account/sessions/end-others',
    ]) {
      const response = await anonymous.post(path, { firstName: 'Eve', password: READER_PASSWORD, marketingOptOut: 'on' });
      expect(response.statusCode, path).toBe(303);
      expect(response.headers.location).toMatch(/^\/signin\?next=%2Faccount/);
    }
    expect(await settingsSnapshot(db)).toEqual(before);

    const reader = await newReader();
    const browser = new TestBrowser(testApp.app, '192.0.2.77');
    const { csrf } = await browser.openForm('/signin');
    const signedIn = await browser.post('/signin', {
      _csrf: csrf,
      email: reader.email,
      password: READER_PASSWORD,
      next: '/account/password',
    });
    expect(signedIn.headers.location).toBe('/account/password');
  });

  it('refuses every form post without the CSRF token of the session', async () => {
    const reader = await newReader();
    const browser = await signIn(reader.email);
    const stranger = await signIn((await newReader()).email);
    const strangersToken = await csrfFor(stranger);
    const before = await settingsSnapshot(db);
    const forms: [string, Record<string, string>][] = [
      ['/account/profile', { firstName: 'Mallory', lastName: 'Smith' }],
      ['/account/preferences', { marketingOptOut: 'on' }],
      ['/account/verification', {}],
      ['/account/sessions/end-others', {}],
      ['/account/sessions/end', { session: 'x' }],
      ['/account/password', { currentPassword: READER_PASSWORD, newPassword: NEW_PASSWORD }],
      ['/account/email', { newEmail: 'mallory@example.test', currentPassword: READER_PASSWORD }],
      ['/account/email/confirm', { token: 'x' }],
      ['/account/delete', { password: READER_PASSWORD }],
    ];
    for (const [path, fields] of forms) {
      expect((await browser.post(path, fields)).statusCode, `${path} without token`).toBe(403);
      expect((await browser.post(path, { ...fields, _csrf: strangersToken })).statusCode, `${path} with another session's token`).toBe(403);
      const crossSite = await browser.post(path, { ...fields, _csrf: await csrfFor(browser) }, { origin: 'https://evil.example' });
      expect(crossSite.statusCode, `${path} from another site`).toBe(403);
    }
    expect(await settingsSnapshot(db)).toEqual(before);
  });

  it('shows the reader their account, privately', async () => {
    const reader = await newReader({ firstName: 'Anne-Marie', lastName: 'Lee' });
    await signIn(reader.email, { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0' });
    const browser = await signIn(reader.email, {
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    });
    const response = await browser.get('/account');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const text = pageText(response.body);
    expect(text).toContain('You are signed in.');
    expect(response.body).toContain('value="Anne-Marie"');
    expect(text).toContain(`${reader.email} (not confirmed yet)`);
    expect(text).toContain('Send the confirmation email again');
    expect(text).toContain('There are no newsletters to choose from yet.');
    expect(text).toContain('Firefox on Windows');
    expect(text).toContain('Safari on iPhone (this device)');
    expect(text).toContain('last seen Tuesday 10 March 2026 12:00');
    expect(response.body).toContain('<a href="/account">Your account</a>');
    // Sessions are named by a derived handle, never by their id.
    const sessionIds = (await db.selectFrom('sessions').where('user_id', '=', reader.userId).select('id').execute()).map((row) => row.id);
    for (const id of sessionIds) expect(response.body).not.toContain(id);
  });

  it('saves a valid name and shows every error inline for an invalid one, storing nothing', async () => {
    const reader = await newReader();
    const browser = await signIn(reader.email);
    const saved = await browser.post('/account/profile', { _csrf: await csrfFor(browser), firstName: '  José ', lastName: '李小龙' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/account');
    expect(await userRow(db, reader.userId)).toMatchObject({ first_name: 'José', last_name: '李小龙' });
    expect(pageText((await browser.get('/account')).body)).toContain('Your name has been saved.');

    const before = await settingsSnapshot(db);
    const rejected = await browser.post('/account/profile', { _csrf: await csrfFor(browser), firstName: 'R2-D2', lastName: '' });
    expect(rejected.statusCode).toBe(422);
    expect(fieldError(rejected.body, 'firstName')).toBe(MESSAGES.nameCharacters);
    expect(fieldError(rejected.body, 'lastName')).toBe(MESSAGES.lastNameMissing);
    expect(rejected.body).toContain('value="R2-D2"');
    const tooLong = await browser.post('/account/profile', { _csrf: await csrfFor(browser), firstName: 'a'.repeat(41), lastName: 'Lee' });
    expect(fieldError(tooLong.body, 'firstName')).toBe(MESSAGES.nameLength);
    const malformed = await browser.post('/account/profile', { _csrf: await csrfFor(browser), firstName: ['Ann', 'Eve'], lastName: 'Lee' });
    expect(malformed.statusCode).toBe(400);
    // Mass assignment: only the name can change here.
    await browser.post('/account/profile', {
      _csrf: await csrfFor(browser),
      firstName: 'José',
      lastName: '李小龙',
      role: 'admin',
      email_verified_at: '2026-01-01',
    });
    expect(await settingsSnapshot(db)).toEqual(before);
  });

  it('records every change of the marketing choice as a consent, and only changes', async () => {
    const reader = await newReader();
    const browser = await signIn(reader.email);
    const marketingConsents = () =>
      db
        .selectFrom('consents')
        .where('user_id', '=', reader.userId)
        .where('document', '=', 'marketing')
        .select(['granted', 'version', 'ip_address'])
        .orderBy('id')
        .execute();
    expect(await marketingConsents()).toEqual([{ granted: 1, version: 'opt-out', ip_address: '192.0.2.1' }]);

    expect((await browser.post('/account/preferences', { _csrf: await csrfFor(browser), marketingOptOut: 'on' })).statusCode).toBe(303);
    expect((await userRow(db, reader.userId)).marketing_opt_out).toBe(1);
    expect(await marketingConsents()).toEqual([
      { granted: 1, version: 'opt-out', ip_address: '192.0.2.1' },
      { granted: 0, version: 'opt-out', ip_address: browser.remoteAddress },
    ]);
    await browser.post('/account/preferences', { _csrf: await csrfFor(browser), marketingOptOut: 'on' });
    expect(await marketingConsents()).toHaveLength(2);
    const page = await browser.get('/account');
    expect(pageText(page.body)).toContain('Your email choices have been saved.');
    expect(page.body).toMatch(/name="marketingOptOut" checked/);

    await browser.post('/account/preferences', { _csrf: await csrfFor(browser) });
    expect((await userRow(db, reader.userId)).marketing_opt_out).toBe(0);
    expect((await marketingConsents()).map((consent) => consent.granted)).toEqual([1, 0, 1]);
    expect((await browser.post('/account/preferences', { _csrf: await csrfFor(browser), marketingOptOut: 'yes please' })).statusCode).toBe(
      400,
    );
  });

  it('lets the reader choose newsletters through the newsletters service, Premium-only ones only with Premium', async () => {
    const reader = await newReader();
    const browser = await signIn(reader.email);
    const now = SETTINGS_NOW.toISOString();
    const [morning, evening, insider, vault] = await Promise.all(
      [
        {
          slug: `morning-${engine}`,
          name: 'Morning briefing',
          description: 'The news before breakfast.',
          access_level: 'registered' as const,
        },
        { slug: `evening-${engine}`, name: 'Evening edition', description: '', access_level: 'free' as const },
        { slug: `insider-${engine}`, name: 'Insider', description: 'For subscribers.', access_level: 'premium' as const },
        { slug: `vault-${engine}`, name: 'The Vault', description: 'From the archive.', access_level: 'premium' as const },
      ].map(
        async (values) =>
          (
            await db
              .insertInto('newsletters')
              .values({ ...values, created_at: now })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
      ),
    );
    // Chosen while the reader had Premium, which has since ended: still theirs to keep or leave.
    await db.insertInto('newsletter_subscriptions').values({ user_id: reader.userId, newsletter_id: insider!, created_at: now }).execute();
    const subscribed = async () =>
      (
        await db
          .selectFrom('newsletter_subscriptions')
          .where('user_id', '=', reader.userId)
          .select('newsletter_id')
          .orderBy('newsletter_id')
          .execute()
      ).map((row) => row.newsletter_id);
    const ascending = (...ids: (number | undefined)[]) => ids.map(Number).sort((a, b) => a - b);

    const page = await browser.get('/account');
    expect(page.body).toContain(`<input id="field-newsletter-${morning}" type="checkbox" name="newsletter" value="${morning}">`);
    expect(page.body).toContain(`value="${insider}" checked`);
    // Without Premium, a Premium-only newsletter has no checkbox, only the way to Premium.
    expect(page.body).not.toContain(`value="${vault}"`);
    const text = pageText(page.body);
    expect(text).toContain('Morning briefing The news before breakfast.');
    expect(text).toContain('The Vault From the archive. For Premium subscribers. Subscribe to Premium to sign up.');
    expect(page.body).toContain('href="/subscribe?next=%2Faccount"');

    await browser.post('/account/preferences', {
      _csrf: await csrfFor(browser),
      newsletter: [String(morning), String(evening), String(insider), '999999'],
    });
    expect(await subscribed()).toEqual(ascending(morning, evening, insider));
    expect((await browser.get('/account')).body).toContain(`value="${morning}" checked`);

    // A forged (or stale) tick on the Premium-only newsletter: refused with a clear message, and nothing changes.
    const refused = await browser.post('/account/preferences', {
      _csrf: await csrfFor(browser),
      marketingOptOut: 'on',
      newsletter: [String(evening), String(vault)],
    });
    expect(refused.statusCode).toBe(422);
    expect(pageText(refused.body)).toContain(
      'The Vault is for Premium subscribers, so your email choices have not been changed. Subscribe to Premium to sign up.',
    );
    expect(await subscribed()).toEqual(ascending(morning, evening, insider));
    expect((await userRow(db, reader.userId)).marketing_opt_out).toBe(0);

    await browser.post('/account/preferences', { _csrf: await csrfFor(browser), newsletter: String(evening) });
    expect(await subscribed()).toEqual([evening]);
    await browser.post('/account/preferences', { _csrf: await csrfFor(browser) });
    expect(await subscribed()).toEqual([]);
    expect((await browser.post('/account/preferences', { _csrf: await csrfFor(browser), newsletter: 'morning' })).statusCode).toBe(400);
    expect(await subscribed()).toEqual([]);

    // With Premium the same choice is a sign-up like any other.
    await grantPremium(db, reader.userId, { from: now, until: '2027-03-10T12:00:00.000Z' });
    const premiumPage = await browser.get('/account');
    expect(premiumPage.body).toContain(`<input id="field-newsletter-${vault}" type="checkbox" name="newsletter" value="${vault}">`);
    const saved = await browser.post('/account/preferences', { _csrf: await csrfFor(browser), newsletter: String(vault) });
    expect(saved.statusCode).toBe(303);
    expect(await subscribed()).toEqual([vault]);
    await db.deleteFrom('newsletters').where('slug', 'like', `%-${engine}`).execute();
  });

  it('sends the confirmation email again until the address is confirmed', async () => {
    const reader = await newReader();
    const browser = await signIn(reader.email);
    const response = await browser.post('/account/verification', { _csrf: await csrfFor(browser) });
    expect(response.statusCode).toBe(303);
    const emails = await emailsTo(db, reader.email);
    expect(emails.map((email) => email.subject)).toEqual([
      'Confirm your email address for The Test Gazette',
      'Confirm your email address for The Test Gazette',
    ]);
    expect(pageText((await browser.get('/account')).body)).toContain('We have sent the confirmation email again.');
    expect((await confirmEmailLink(browser, linkIn(emails[1]!.text_body, '/account/verify'))).statusCode).toBe(200);
    const page = pageText((await browser.get('/account')).body);
    expect(page).toContain(`${reader.email} (confirmed)`);
    expect(page).not.toContain('Send the confirmation email again');
    for (let attempt = 0; attempt < SETTINGS_RATE_LIMITS.verificationEmails.limit - 1; attempt++)
      await browser.post('/account/verification', { _csrf: await csrfFor(browser) });
    expect((await browser.post('/account/verification', { _csrf: await csrfFor(browser) })).statusCode).toBe(429);
  });

  it('signs out one other device, or every other device, but never this one', async () => {
    const reader = await newReader();
    const laptop = await signIn(reader.email, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' });
    const phone = await signIn(reader.email, {
      userAgent: 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
    });
    const tablet = await signIn(reader.email);
    const page = (await laptop.get('/account')).body;
    expect(pageText(page)).toContain('Chrome on Android');
    const phoneHandle = hiddenValue(page.slice(page.indexOf('<strong>Chrome on Android')), 'session');

    const ended = await laptop.post('/account/sessions/end', { _csrf: await csrfFor(laptop), session: phoneHandle });
    expect(ended.statusCode).toBe(303);
    expect((await phone.get('/account')).statusCode).toBe(303);
    expect((await tablet.get('/account')).statusCode).toBe(200);
    await laptop.post('/account/sessions/end', { _csrf: await csrfFor(laptop), session: phoneHandle });
    expect(pageText((await laptop.get('/account')).body)).toContain('That device was already signed out.');

    expect((await laptop.post('/account/sessions/end-others', { _csrf: await csrfFor(laptop) })).statusCode).toBe(303);
    expect((await tablet.get('/account')).statusCode).toBe(303);
    const after = await laptop.get('/account');
    expect(after.statusCode).toBe(200);
    expect(pageText(after.body)).toContain('Every other device has been signed out.');
    expect(await db.selectFrom('sessions').where('user_id', '=', reader.userId).select('id').execute()).toHaveLength(1);
    expect((await laptop.post('/account/sessions/end', { _csrf: await csrfFor(laptop), session: '' })).statusCode).toBe(400);
  });

  it('changes the password only with the current one, then signs out every other device and rotates this one', async () => {
    const reader = await newReader();
    const browser = await signIn(reader.email);
    const other = await signIn(reader.email);
    const before = await settingsSnapshot(db);

    const wrong = await browser.post('/account/password', {
      _csrf: await csrfFor(browser, '/account/password'),
      currentPassword: 'Wrong1Password',
      newPassword: NEW_PASSWORD,
    });
    expect(wrong.statusCode).toBe(422);
    expect(fieldError(wrong.body, 'currentPassword')).toBe(SETTINGS_MESSAGES.currentPasswordWrong);
    const weak = await browser.post('/account/password', {
      _csrf: await csrfFor(browser, '/account/password'),
      currentPassword: '',
      newPassword: 'short',
    });
    expect(weak.statusCode).toBe(422);
    expect(fieldError(weak.body, 'currentPassword')).toBe(SETTINGS_MESSAGES.currentPasswordMissing);
    expect(fieldError(weak.body, 'newPassword')).toBe(MESSAGES.password);
    expect(weak.body).not.toContain('value="short"');
    expect(await settingsSnapshot(db)).toEqual(before);

    const oldSessionCookie = browser.cookies.get('__Host-mh_session');
    const changed = await browser.post('/account/password', {
      _csrf: await csrfFor(browser, '/account/password'),
      currentPassword: READER_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.statusCode).toBe(303);
    expect(browser.cookies.get('__Host-mh_session')).not.toBe(oldSessionCookie);
    expect(pageText((await browser.get('/account')).body)).toContain(
      'Your password has been changed, and every other device has been signed out.',
    );
    expect((await other.get('/account')).statusCode).toBe(303);
    const stolenCookie = new TestBrowser(testApp.app);
    stolenCookie.cookies.set('__Host-mh_session', oldSessionCookie!);
    expect((await stolenCookie.get('/account')).statusCode).toBe(303);
    expect(await db.selectFrom('sessions').where('user_id', '=', reader.userId).select('id').execute()).toHaveLength(1);
    expect((await emailsTo(db, reader.email)).at(-1)?.subject).toBe('Your The Test Gazette password was changed');

    expect((await signInThroughForm(new TestBrowser(testApp.app, '192.0.2.90'), reader.email, READER_PASSWORD)).statusCode).toBe(422);
    expect((await signInThroughForm(new TestBrowser(testApp.app, '192.0.2.91'), reader.email, NEW_PASSWORD)).statusCode).toBe(303);
  });

  it('stops a session from guessing the password', async () => {
    const reader = await newReader();
    const browser = await signIn(reader.email);
    const csrf = await csrfFor(browser);
    for (let attempt = 0; attempt < SETTINGS_RATE_LIMITS.reauthenticationFailures.limit; attempt++) {
      const path = ['/account/password', '/account/email', '/account/delete'][attempt % 3]!;
      const response = await browser.post(path, {
        _csrf: csrf,
        currentPassword: `Guess${attempt}Word`,
        password: `Guess${attempt}Word`,
        newPassword: NEW_PASSWORD,
        newEmail: 'new@example.test',
      });
      expect(response.statusCode, path).toBe(422);
    }
    const refused = await browser.post('/account/delete', { _csrf: csrf, password: READER_PASSWORD });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await userRow(db, reader.userId)).deleted_at).toBeNull();
  });
});
