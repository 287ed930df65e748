// Changing the email address end to end (through the link in the outbox),
// downloading one's data, and deleting the account.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hashToken } from '../../core/security/tokens.js';
import { SETTINGS_MESSAGES } from './account-settings.service.js';
import { MESSAGES } from './account-rules.js';
import { emailsTo, hiddenValue, linkIn, pageText, signInThroughForm, TestBrowser } from './testing/session-helpers.js';
import {
  createReaderFactory,
  csrfFor,
  fieldError,
  READER_PASSWORD,
  SETTINGS_NOW,
  settingsSnapshot,
  userRow,
} from './testing/settings-fixtures.js';

const REQUESTED = "We've sent a confirmation link to the new address.";

describeEachEngine('account settings flows', (engine) => {
  let testApp: TestApp;
  let db: Db;
  const { newReader, signIn } = createReaderFactory(() => testApp);

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: SETTINGS_NOW });
    db = testApp.database.db;
  });
  afterAll(() => testApp.destroy());

  async function requestEmailChange(browser: TestBrowser, newEmail: string, currentPassword = READER_PASSWORD) {
    return browser.post('/account/email', { _csrf: await csrfFor(browser, '/account/email'), newEmail, currentPassword });
  }

  it('changes the address through a link sent to the new one, telling the old one', async () => {
    const reader = await newReader();
    const browser = await signIn(reader.email);
    const newEmail = `moved-${engine}@example.test`;
    const before = await settingsSnapshot(db);
    const invalid = await requestEmailChange(browser, 'not an address', 'Wrong1Password');
    expect(invalid.statusCode).toBe(422);
    expect(fieldError(invalid.body, 'newEmail')).toBe(MESSAGES.email);
    expect(fieldError(invalid.body, 'currentPassword')).toBe(SETTINGS_MESSAGES.currentPasswordWrong);
    expect(invalid.body).toContain('value="not an address"');
    expect(fieldError((await requestEmailChange(browser, reader.email.toUpperCase())).body, 'newEmail')).toBe(SETTINGS_MESSAGES.sameEmail);
    expect(await settingsSnapshot(db)).toEqual(before);

    const requested = await requestEmailChange(browser, ` ${newEmail.toUpperCase()} `);
    expect(requested.statusCode).toBe(303);
    expect(pageText((await browser.get('/account')).body)).toContain(REQUESTED);
    expect((await userRow(db, reader.userId)).email).toBe(reader.email);
    const notice = (await emailsTo(db, reader.email)).at(-1)!;
    expect(notice.subject).toBe('A change of email address was requested for your The Test Gazette account');
    expect(notice.text_body).toContain(newEmail);
    const [confirmation] = await emailsTo(db, newEmail);
    expect(confirmation!.subject).toBe('Confirm your new email address for The Test Gazette');
    const link = linkIn(confirmation!.text_body, '/account/email/confirm');
    const token = new URL(link, 'https://news.example.test').searchParams.get('token')!;
    expect(
      await db
        .selectFrom('email_tokens')
        .where('id', '=', hashToken(token))
        .select(['purpose', 'new_email', 'expires_at'])
        .executeTakeFirst(),
    ).toEqual({
      purpose: 'change-email',
      new_email: newEmail,
      expires_at: new Date(SETTINGS_NOW.getTime() + 24 * 3600_000).toISOString(),
    });

    // Opening the link (as a mail scanner would) changes nothing; the button does.
    const confirmPage = await browser.get(link);
    expect(confirmPage.statusCode).toBe(200);
    expect(pageText(confirmPage.body)).toMatch(new RegExp(`receive our emails at ${newEmail.replace(/\./g, '\\.')} \\?`));
    expect((await userRow(db, reader.userId)).email).toBe(reader.email);
    const confirmed = await browser.post('/account/email/confirm', { _csrf: hiddenValue(confirmPage.body, '_csrf'), token });
    expect(confirmed.statusCode).toBe(303);
    const user = await userRow(db, reader.userId);
    expect(user.email).toBe(newEmail);
    expect(user.email_verified_at).toBe(SETTINGS_NOW.toISOString());
    expect(pageText((await browser.get('/account')).body)).toContain(`${newEmail} (confirmed)`);

    expect((await browser.post('/account/email/confirm', { _csrf: await csrfFor(browser), token })).statusCode).toBe(400);
    expect((await browser.get(link)).statusCode).toBe(400);
    expect((await signInThroughForm(new TestBrowser(testApp.app, '192.0.2.50'), newEmail, READER_PASSWORD)).statusCode).toBe(303);
    expect((await signInThroughForm(new TestBrowser(testApp.app, '192.0.2.51'), reader.email, READER_PASSWORD)).statusCode).toBe(422);
  });

  it('answers the same when the new address has an account, and tells that account instead', async () => {
    const owner = await newReader();
    const reader = await newReader();
    const browser = await signIn(reader.email);
    const tokensBefore = await db.selectFrom('email_tokens').where('purpose', '=', 'change-email').select('id').execute();
    const response = await requestEmailChange(browser, owner.email);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account');
    expect(pageText((await browser.get('/account')).body)).toContain(REQUESTED);
    expect(await db.selectFrom('email_tokens').where('purpose', '=', 'change-email').select('id').execute()).toEqual(tokensBefore);
    const toOwner = (await emailsTo(db, owner.email)).at(-1)!;
    expect(toOwner.subject).toBe('Your The Test Gazette account');
    expect(toOwner.text_body).toContain('nothing was changed');
    expect(toOwner.text_body).not.toContain('/account/email/confirm');
    expect((await emailsTo(db, reader.email)).at(-1)!.text_body).toContain(owner.email);
  });

  it('checks the address again when the link is followed, and only for the account that asked', async () => {
    const reader = await newReader();
    const browser = await signIn(reader.email);
    const wanted = `wanted-${engine}@example.test`;
    await requestEmailChange(browser, wanted);
    const link = linkIn((await emailsTo(db, wanted)).at(-1)!.text_body, '/account/email/confirm');
    const token = new URL(link, 'https://news.example.test').searchParams.get('token')!;

    const someoneElse = await signIn((await newReader()).email);
    expect((await someoneElse.get(link)).statusCode).toBe(400);
    expect((await someoneElse.post('/account/email/confirm', { _csrf: await csrfFor(someoneElse), token })).statusCode).toBe(400);

    await newReader({ email: wanted });
    const taken = await browser.post('/account/email/confirm', { _csrf: await csrfFor(browser), token });
    expect(taken.statusCode).toBe(409);
    expect(pageText(taken.body)).toContain('your address has not changed');
    expect((await userRow(db, reader.userId)).email).toBe(reader.email);
  });

  it('lets a link expire after 24 hours, and only the latest link work', async () => {
    const reader = await newReader();
    const browser = await signIn(reader.email);
    await requestEmailChange(browser, `first-${engine}@example.test`);
    await requestEmailChange(browser, `second-${engine}@example.test`);
    const first = linkIn((await emailsTo(db, `first-${engine}@example.test`))[0]!.text_body, '/account/email/confirm');
    const second = linkIn((await emailsTo(db, `second-${engine}@example.test`))[0]!.text_body, '/account/email/confirm');
    expect((await browser.get(first)).statusCode).toBe(400);
    expect((await browser.get(second)).statusCode).toBe(200);
    testApp.clock.advance(24 * 3600_000 + 1000);
    try {
      expect((await browser.get(second)).statusCode).toBe(400);
    } finally {
      testApp.clock.set(SETTINGS_NOW);
    }
  });

  it('downloads everything held about the reader, without any secret', async () => {
    const reader = await newReader({ firstName: 'Ada', lastName: 'Fenwick' });
    const browser = await signIn(reader.email, { userAgent: 'Export Browser/1.0' });
    await browser.post('/account/preferences', { _csrf: await csrfFor(browser), marketingOptOut: 'on' });
    await requestEmailChange(browser, `export-${engine}@example.test`);
    const response = await browser.get('/account/data.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="my-data-2026-03-10.json"');
    expect(response.headers['cache-control']).toBe('no-store');
    const data = response.json() as { publication: string; exportedAt: string; sections: { id: string; title: string; data: any }[] };
    expect(data.publication).toBe('The Test Gazette');
    expect(data.sections.map((section) => section.id)).toEqual(['profile', 'consents', 'newsletters', 'sessions', 'email-changes']);
    const section = (id: string) => data.sections.find((candidate) => candidate.id === id)!.data;
    expect(section('profile')).toMatchObject({
      email: reader.email,
      firstName: 'Ada',
      lastName: 'Fenwick',
      dateOfBirth: '1990-05-17',
      role: 'reader',
      marketingOptOut: true,
    });
    expect(section('consents').map((consent: any) => `${consent.document}:${consent.granted}`)).toEqual([
      'terms:true',
      'privacy:true',
      'cookies:true',
      'marketing:true',
      'marketing:false',
    ]);
    expect(section('newsletters')).toEqual([]);
    expect(section('sessions')).toEqual([
      expect.objectContaining({
        userAgent: 'Export Browser/1.0',
        ipAddress: browser.remoteAddress,
        signedInAt: SETTINGS_NOW.toISOString(),
      }),
    ]);
    expect(section('email-changes')).toEqual([expect.objectContaining({ newEmail: `export-${engine}@example.test`, confirmedAt: null })]);

    const user = await userRow(db, reader.userId);
    const secrets = [
      user.password_hash!,
      ...(await db.selectFrom('sessions').where('user_id', '=', reader.userId).select('id').execute()).map((row) => row.id),
      ...(await db.selectFrom('email_tokens').where('user_id', '=', reader.userId).select('id').execute()).map((row) => row.id),
    ];
    expect(secrets.length).toBeGreaterThan(2);
    for (const secret of secrets) expect(response.body).not.toContain(secret);
    expect(response.body).not.toMatch(/argon2|password/i);
  });

  it('deletes the account only with the password, anonymises it and signs out everywhere', async () => {
    const reader = await newReader();
    const browser = await signIn(reader.email);
    const other = await signIn(reader.email);
    const page = await browser.get('/account/delete');
    expect(pageText(page.body)).toContain('What we keep, anonymised');
    const before = await settingsSnapshot(db);
    const wrong = await browser.post('/account/delete', { _csrf: hiddenValue(page.body, '_csrf'), password: 'Wrong1Password' });
    expect(wrong.statusCode).toBe(422);
    expect(fieldError(wrong.body, 'password')).toBe(SETTINGS_MESSAGES.currentPasswordWrong);
    expect(fieldError((await browser.post('/account/delete', { _csrf: await csrfFor(browser) })).body, 'password')).toBe(
      SETTINGS_MESSAGES.currentPasswordMissing,
    );
    expect(await settingsSnapshot(db)).toEqual(before);

    const deleted = await browser.post('/account/delete', { _csrf: await csrfFor(browser), password: READER_PASSWORD });
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/account/deleted');
    expect(browser.cookies.has('__Host-mh_session')).toBe(false);
    const farewell = await browser.get('/account/deleted');
    expect(farewell.statusCode).toBe(200);
    expect(pageText(farewell.body)).toContain('Your account has been deleted.');
    expect((await browser.get('/account/deleted')).headers.location).toBe('/');

    expect((await browser.get('/account')).statusCode).toBe(303);
    expect((await other.get('/account')).statusCode).toBe(303);
    const user = await userRow(db, reader.userId);
    expect(user).toMatchObject({
      email: `deleted-${reader.userId}@invalid`,
      password_hash: null,
      first_name: 'Deleted',
      date_of_birth: null,
      deleted_at: SETTINGS_NOW.toISOString(),
    });
    expect(await db.selectFrom('sessions').where('user_id', '=', reader.userId).select('id').execute()).toEqual([]);
    expect(await db.selectFrom('email_tokens').where('user_id', '=', reader.userId).select('id').execute()).toEqual([]);
    expect(await emailsTo(db, reader.email)).toEqual([]);
    const consents = await db
      .selectFrom('consents')
      .where('user_id', '=', reader.userId)
      .select(['document', 'ip_address', 'user_agent'])
      .orderBy('id')
      .execute();
    expect(consents.map((consent) => consent.document)).toEqual(['terms', 'privacy', 'cookies', 'marketing']);
    expect(consents.every((consent) => consent.ip_address === '' && consent.user_agent === '')).toBe(true);
    expect((await signInThroughForm(new TestBrowser(testApp.app, '192.0.2.60'), reader.email, READER_PASSWORD)).statusCode).toBe(422);
  });

  it('sends anyone who did not just delete an account from the farewell page to the front page', async () => {
    const response = await new TestBrowser(testApp.app).get('/account/deleted');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
  });
});
