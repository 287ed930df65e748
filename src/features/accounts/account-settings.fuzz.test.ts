// Whatever a signed-in client posts to a settings form, the answer is never a
// 5xx, and a refused post (4xx) leaves the database exactly as it was: no
// change stored, no email queued.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { PUBLIC_ORIGIN, type FormFields, type TestBrowser } from './testing/session-helpers.js';
import { createReaderFactory, csrfFor, READER_PASSWORD, SETTINGS_NOW, settingsSnapshot } from './testing/settings-fixtures.js';

const fieldValue = formValue(
  awkwardText(
    [
      '999999999999',
      'a'.repeat(5000),
      'R2-D2',
      'Zoë\u200b',
      'Ann\u202eeL',
      'x@y',
      'reader@example.test',
      'Short1',
      'password',
      // Valid answers now and then, so accepted posts are fuzzed too.
      'José',
      "O'Brien",
      'new.reader@example.test',
      'Lantern7Keeper',
    ],
    { maxLength: 50 },
  ),
  { canBeMissing: true },
);

interface SettingsForm {
  path: string;
  fields: string[];
  /** Whether a post with these fields may legitimately change something (then only a refusal must change nothing). */
  canChange(fields: FormFields): boolean;
}

// The fuzzer never holds the right password for deletion, and never sees a
// real change-email token: those posts must change nothing, whatever their status.
const FORMS: SettingsForm[] = [
  { path: '/account/profile', fields: ['firstName', 'lastName'], canChange: () => true },
  { path: '/account/preferences', fields: ['marketingOptOut', 'newsletter'], canChange: () => true },
  { path: '/account/verification', fields: [], canChange: () => true },
  {
    path: '/account/password',
    fields: ['currentPassword', 'newPassword'],
    canChange: (fields) => fields.currentPassword === READER_PASSWORD,
  },
  { path: '/account/email', fields: ['newEmail', 'currentPassword'], canChange: (fields) => fields.currentPassword === READER_PASSWORD },
  { path: '/account/email/confirm', fields: ['token'], canChange: () => false },
  { path: '/account/sessions/end', fields: ['session'], canChange: () => false },
  { path: '/account/sessions/end-others', fields: [], canChange: () => false },
  { path: '/account/delete', fields: ['password'], canChange: () => false },
];
const EXTRA_FIELDS = ['role', 'email', 'emailVerifiedAt', 'premium', '__proto__', 'constructor'];

function fieldsFor(form: SettingsForm) {
  const names = [...form.fields, ...EXTRA_FIELDS];
  const value = (name: string) => (name === 'currentPassword' ? fc.oneof(fieldValue, fc.constant(READER_PASSWORD)) : fieldValue);
  return fc
    .tuple(...names.map((name) => value(name).map((item) => [name, item] as const)))
    .map((entries) => Object.fromEntries(entries) as FormFields);
}

const formPost = fc.constantFrom(...FORMS).chain((form) => fieldsFor(form).map((fields) => ({ form, fields })));

describeEachEngine('fuzzing the account settings forms', (engine) => {
  let testApp: TestApp;
  let db: Db;
  let browser: TestBrowser;
  let currentPassword = READER_PASSWORD;
  const { newReader, signIn } = createReaderFactory(() => testApp);

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: SETTINGS_NOW });
    db = testApp.database.db;
    browser = await signIn((await newReader()).email);
  });
  afterAll(() => testApp.destroy());

  /** Posts, then checks the two promises; a post that changed the password is remembered. */
  async function postAndCheck(
    path: string,
    request: () => Promise<{ statusCode: number }>,
    canChange: boolean,
    label: string,
    newPassword?: unknown,
  ) {
    // Past every per-account allowance, so each run reaches the form's own checks.
    testApp.clock.advance(3600_000 + 1000);
    const before = await settingsSnapshot(db);
    const response = await request();
    expect(response.statusCode, label).toBeLessThan(500);
    if (!canChange || response.statusCode >= 400) expect(await settingsSnapshot(db), label).toEqual(before);
    if (path === '/account/password' && response.statusCode === 303)
      currentPassword = typeof newPassword === 'string' ? newPassword : '(changed by the fuzzer)';
  }

  it('never fails and never stores a refused form', async () => {
    await fc.assert(
      fc.asyncProperty(formPost, async ({ form, fields }) => {
        const submitted = { ...fields };
        // Once the fuzzer has changed the password, the old one is just another wrong guess.
        if (submitted.currentPassword === READER_PASSWORD && currentPassword !== READER_PASSWORD)
          submitted.currentPassword = 'Harbour9Lights-old';
        // Nor does it ever delete the account: a password it set itself (a valid answer now and then) would.
        const isCurrentPassword = (value: unknown) =>
          typeof value === 'string' && value.normalize('NFKC') === currentPassword.normalize('NFKC');
        if (form.path === '/account/delete' && isCurrentPassword(submitted.password)) submitted.password = 'Not-the-password-9';
        // And once changed, the new password is never offered back: only READER_PASSWORD marks a post that may change things.
        if (currentPassword !== READER_PASSWORD && isCurrentPassword(submitted.currentPassword))
          submitted.currentPassword = 'Not-the-password-9';
        const csrf = await csrfFor(browser);
        await postAndCheck(
          form.path,
          () => browser.post(form.path, { ...submitted, _csrf: csrf }),
          form.canChange(submitted),
          `${form.path} ${JSON.stringify(submitted).slice(0, 300)}`,
          submitted.newPassword,
        );
      }),
      { numRuns: engine === 'sqlite' ? 300 : 150 },
    );
  });

  it('never fails on bodies no form would send', async () => {
    const contentType = fc.constantFrom(
      'application/x-www-form-urlencoded',
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
    );
    const fieldName = fc.constantFrom(
      'firstName',
      'lastName',
      'marketingOptOut',
      'newsletter',
      'currentPassword',
      'newPassword',
      'newEmail',
      'token',
      'session',
      'password',
    );
    // The CSRF token is only known at run time, so bodies are built from a shape.
    const body = fc.oneof(
      fc.string({ maxLength: 200 }).map((raw) => (csrf: string) => `_csrf=${csrf}&${raw}`),
      fc.jsonValue({ maxDepth: 2 }).map((value) => () => JSON.stringify(value)),
      fc.dictionary(fieldName, fc.jsonValue({ maxDepth: 2 })).map((fields) => (csrf: string) => JSON.stringify({ ...fields, _csrf: csrf })),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FORMS), contentType, body, async (form, type, buildBody) => {
        const payload = buildBody(await csrfFor(browser));
        const label = `${form.path} ${type} ${payload.slice(0, 200)}`;
        await postAndCheck(
          form.path,
          () => browser.request({ method: 'POST', url: form.path, payload, headers: { 'content-type': type, origin: PUBLIC_ORIGIN } }),
          form.canChange({}),
          label,
        );
      }),
      { numRuns: engine === 'sqlite' ? 200 : 100 },
    );
  });
});
