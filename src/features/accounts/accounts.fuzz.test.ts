// Whatever a client posts to an account form, the answer is never a 5xx and no
// account is created: random and hostile values in every field, repeated
// fields (arrays), missing fields, JSON, multipart, plain text, broken bytes
// and bodies over the size limit.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import {
  countRows,
  encodeForm,
  linkIn,
  PUBLIC_ORIGIN,
  TestBrowser,
  validRegistration,
  registerThroughForm,
  emailsTo,
  type FormFields,
} from './testing/session-helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const BODY_LIMIT = 64 * 1024;
// 429: enough fuzzed failures for one address reach its sign-in ceiling, as they should.
const EXPECTED_STATUSES = [200, 303, 400, 403, 413, 415, 422, 429];

const FORMS = {
  '/register': [
    'email',
    'password',
    'firstName',
    'lastName',
    'dateOfBirth',
    'marketingOptOut',
    'next',
    'altcha',
    'form_started',
    'website',
  ],
  '/signin': ['email', 'password', 'next'],
  '/forgot-password': ['email'],
  '/reset-password': ['token', 'password'],
  '/account/verify': ['token'],
} as const;
type FormPath = keyof typeof FORMS;

const hostile = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\r\n',
  '%',
  '%zz',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '__proto__',
  'constructor',
  '\u202eevil\u202c',
  '\u200b',
  'Zoë',
  '李小龙',
  '👩‍👩‍👧',
  '1990-02-30',
  '2099-01-01',
  'reader@example.test',
  'Harbour9Lights',
  '//evil.example',
  'A'.repeat(300),
  'é'.repeat(5000),
);

const text = fc.oneof(
  hostile,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  // Lone surrogates: URL encoding turns them into U+FFFD, JSON keeps them escaped.
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)), maxLength: 4 }),
  fc.string({ minLength: 1000, maxLength: 20_000 }),
);
const formValue = fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: fc.array(text, { minLength: 2, maxLength: 3 }) });

function formBody(path: FormPath) {
  const fields = Object.fromEntries(FORMS[path].map((field) => [field, formValue]));
  return fc.record(
    {
      ...fields,
      extra: fc.dictionary(fc.oneof(hostile, fc.constantFrom('role', 'email_verified_at', 'id', '_csrf')), text, { maxKeys: 3 }),
    },
    { requiredKeys: [] },
  );
}

type Encoding = 'form' | 'json' | 'multipart' | 'text' | 'bytes' | 'none' | 'oversized';
const encoding = fc.constantFrom<Encoding>('form', 'form', 'form', 'json', 'multipart', 'text', 'bytes', 'none', 'oversized');

describeEachEngine('account forms under fuzzing', (engine) => {
  let testApp: TestApp;
  let db: Db;
  let ipCounter = 0;
  const tokens = new Map<FormPath, string>();
  let browser: TestBrowser;
  let resetToken = '';
  let verifyLink = '';

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: new Date() });
    db = testApp.database.db;
    const reader = validRegistration();
    expect((await registerThroughForm(new TestBrowser(testApp.app, '10.1.0.1'), reader)).statusCode).toBe(303);
    // A live reset link, so fuzzed passwords also reach the reset rules.
    await testApp.accounts.requestPasswordReset(reader.email);
    resetToken = new URL(
      linkIn((await emailsTo(db, String(reader.email))).at(-1)!.text_body, '/reset-password'),
      PUBLIC_ORIGIN,
    ).searchParams.get('token')!;
    verifyLink = linkIn((await emailsTo(db, String(reader.email)))[0]!.text_body, '/account/verify');
    browser = new TestBrowser(testApp.app, '10.1.0.2');
    for (const path of Object.keys(FORMS) as FormPath[]) {
      const formUrl = path === '/reset-password' ? `/reset-password?token=${resetToken}` : path === '/account/verify' ? verifyLink : path;
      tokens.set(path, (await browser.openForm(formUrl)).csrf);
    }
  });
  afterAll(() => testApp.destroy());

  function payloadFor(kind: Encoding, fields: Record<string, unknown>): { payload?: string | Buffer; contentType?: string } {
    switch (kind) {
      case 'form':
        return { payload: encodeForm(fields as FormFields), contentType: 'application/x-www-form-urlencoded' };
      case 'json':
        return { payload: JSON.stringify(fields), contentType: 'application/json' };
      case 'multipart': {
        const boundary = 'fuzzboundary';
        const parts = Object.entries(fields).map(
          ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`,
        );
        return { payload: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
      }
      case 'text':
        return { payload: encodeForm(fields as FormFields), contentType: 'text/plain' };
      case 'bytes':
        // The token, then bytes that are not UTF-8 nor valid percent-encoding.
        return {
          payload: Buffer.concat([
            Buffer.from(`${encodeForm({ _csrf: String(fields._csrf ?? '') })}&email=`),
            Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x25, 0xe0, 0xa4, 0x00]),
            Buffer.from('&password=%ZZ%'),
          ]),
          contentType: 'application/x-www-form-urlencoded',
        };
      case 'none':
        return {};
      case 'oversized':
        return {
          payload: `${encodeForm(fields as FormFields)}&pad=${'x'.repeat(BODY_LIMIT)}`,
          contentType: 'application/x-www-form-urlencoded',
        };
    }
  }

  it.each(Object.keys(FORMS) as FormPath[])('POST %s never fails on the server and never creates an account', async (path) => {
    const usersBefore = await countRows(db, 'users');
    await fc.assert(
      fc.asyncProperty(formBody(path), encoding, fc.boolean(), async ({ extra, ...fields }, kind, withToken) => {
        // A valid token most of the time, so the fuzzing reaches past the CSRF check.
        const body: Record<string, unknown> = {
          ...extra,
          ...fields,
          ...(withToken || path === '/reset-password' ? { _csrf: tokens.get(path) } : {}),
        };
        if (path === '/reset-password' && withToken) body.token = resetToken;
        const { payload, contentType } = payloadFor(kind, body);
        ipCounter++;
        const response = await browser.request({
          method: 'POST',
          url: path,
          remoteAddress: `10.2.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`,
          headers: { origin: PUBLIC_ORIGIN, accept: 'text/html', ...(contentType ? { 'content-type': contentType } : {}) },
          ...(payload !== undefined ? { payload } : {}),
        });
        expect(response.statusCode, `${kind} ${JSON.stringify(body).slice(0, 300)}`).toBeLessThan(500);
        expect(EXPECTED_STATUSES).toContain(response.statusCode);
        // Generated values can be long enough to pass the body limit whatever the encoding.
        const isOverLimit = payload !== undefined && Buffer.byteLength(payload) > BODY_LIMIT;
        if (kind === 'oversized' || (isOverLimit && kind !== 'multipart')) expect(response.statusCode).toBe(413);
        else if (kind === 'multipart') expect(response.statusCode).toBe(415);
        // Fastify reads text/plain as a string, which carries no form fields: the CSRF check refuses it.
        else if (kind === 'text') expect(response.statusCode).toBe(403);
      }),
      { numRuns: RUNS },
    );
    expect(await countRows(db, 'users')).toBe(usersBefore);
  });

  // The reset lookup runs after the answer is sent, so a failure there would not show as a 5xx.
  it('never throws while looking up an address for a reset', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, fc.anything()), async (email) => {
        await expect(testApp.accounts.requestPasswordReset(email)).resolves.toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});
