// Whatever a client posts to the second factor's forms and the staff page's
// actions, the answer is never a 5xx, and a refused post stores nothing: no
// session, no second factor confirmed, no recovery code used, no role,
// deactivation or staff account changed.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hiddenValue, signInAsStaff, signInThroughForm, TestBrowser, type FormFields } from './testing/session-helpers.js';
import { base32Decode, hotp, totpStep } from './totp.js';

const text = awkwardText(['123456', '000000', 'abcde-fghij', 'admin', 'reader', '/newsroom', '//evil.example', 'a'.repeat(3000)]);
const field = formValue(text, { canBeMissing: true });

async function snapshot(db: Db) {
  const sessions = await db.selectFrom('sessions').select('id').orderBy('id').execute();
  const users = await db.selectFrom('users').select(['id', 'role', 'deactivated_at']).orderBy('id').execute();
  const factors = await db.selectFrom('staff_second_factors').select(['user_id', 'confirmed_at']).orderBy('user_id').execute();
  const codes = await db.selectFrom('staff_recovery_codes').select(['id', 'used_at']).orderBy('id').execute();
  return JSON.stringify({ sessions, users, factors, codes });
}

describeEachEngine('staff security forms under fuzzing', (engine) => {
  let testApp: TestApp;
  let admin: TestBrowser;
  let adminCsrf: string;
  let pending: TestBrowser;
  let pendingCsrf: string;
  let enrolling: TestBrowser;
  let enrollingCsrf: string;
  let targetId: number;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: new Date('2026-12-06T09:00:10Z'), environment: { REQUIRE_STAFF_2FA: 'editor' } });
    const { app, database, clock } = testApp;
    const db = database.db;
    const adminStaff = await signInAsStaff({ app, db, clock, role: 'admin', remoteAddress: '198.21.0.1' });
    admin = adminStaff.browser;
    adminCsrf = hiddenValue((await admin.get('/newsroom/staff')).body, '_csrf');
    const target = await signInAsStaff({ app, db, clock, role: 'author', remoteAddress: '198.21.0.2' });
    targetId = target.userId;
    // An editor with a second factor, half-way through signing in.
    const editor = await signInAsStaff({ app, db, clock, role: 'editor', remoteAddress: '198.21.0.3' });
    const enrolment = await editor.browser.get('/account/two-factor');
    const secret = /id="totp-secret">([^<]*)</.exec(enrolment.body)![1]!.replace(/\s/g, '');
    const code = hotp(base32Decode(secret)!, totpStep(clock.now()));
    await editor.browser.post('/account/two-factor', { _csrf: hiddenValue(enrolment.body, '_csrf'), code, next: '/' });
    pending = new TestBrowser(app, '198.21.0.4');
    await signInThroughForm(pending, editor.email, editor.password);
    pendingCsrf = hiddenValue((await pending.get('/signin/code')).body, '_csrf');
    // Another editor at the enrolment step.
    enrolling = (await signInAsStaff({ app, db, clock, role: 'editor', remoteAddress: '198.21.0.5' })).browser;
    enrollingCsrf = hiddenValue((await enrolling.get('/account/two-factor')).body, '_csrf');
  });
  afterAll(() => testApp.destroy());

  it('never answers 5xx, and a refused post changes nothing', async () => {
    const forms = [
      () => ({ browser: pending, path: '/signin/code', csrf: pendingCsrf }),
      () => ({ browser: pending, path: '/signin/verify', csrf: pendingCsrf }),
      () => ({ browser: enrolling, path: '/account/two-factor', csrf: enrollingCsrf }),
      () => ({ browser: admin, path: '/newsroom/staff/invite', csrf: adminCsrf }),
      () => ({ browser: admin, path: `/newsroom/staff/${targetId}/role`, csrf: adminCsrf }),
      () => ({ browser: admin, path: `/newsroom/staff/${targetId}/deactivate`, csrf: adminCsrf }),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.nat(forms.length - 1),
        fc.record({ code: field, next: field, email: field, name: field, role: field }),
        fc.boolean(),
        async (which, values, withCsrf) => {
          const { browser, path, csrf } = forms[which]!();
          const before = await snapshot(testApp.database.db);
          const response = await browser.post(path, { ...(values as FormFields), _csrf: withCsrf ? csrf : undefined });
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode >= 400) expect(await snapshot(testApp.database.db)).toBe(before);
          // The clock stands still: the pending sign-in stays live (a lock-out is a 429 that changes nothing). The author stays staff.
          await testApp.database.db.updateTable('users').set({ deactivated_at: null, role: 'author' }).where('id', '=', targetId).execute();
        },
      ),
      { numRuns: 60 },
    );
  });
});
