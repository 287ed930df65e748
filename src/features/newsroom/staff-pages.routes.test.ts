// The admins' staff page: admin-only, CSRF on every action, invite with a
// one-time link (shown and emailed), role changes, deactivation ending
// sessions and owned API keys at once, reactivation, second-factor reset.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { decodeHtml, hiddenValue, pageText, signInAsStaff, signInThroughForm, TestBrowser } from '../accounts/testing/session-helpers.js';

describeEachEngine('newsroom staff page', (engine) => {
  let testApp: TestApp;
  let addressCount = 0;
  const nextAddress = () => `198.20.0.${++addressCount}`;
  const staff = (role: 'admin' | 'editor' | 'author' | 'moderator') =>
    signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role, remoteAddress: nextAddress() });

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: new Date('2026-12-06T09:00:00Z') });
  });
  afterAll(() => testApp.destroy());

  it('is for admins only: others get a 403 on the page and every action, anonymous visitors a 303', async () => {
    const target = await staff('author');
    for (const role of ['editor', 'moderator', 'author'] as const) {
      const { browser } = await staff(role);
      expect((await browser.get('/newsroom/staff')).statusCode).toBe(403);
      const csrf = hiddenValue((await browser.get('/account')).body, '_csrf');
      for (const action of ['deactivate', 'reactivate', 'reset-second-factor', 'role']) {
        expect((await browser.post(`/newsroom/staff/${target.userId}/${action}`, { _csrf: csrf, role: 'admin' })).statusCode).toBe(403);
      }
      expect(
        (await browser.post('/newsroom/staff/invite', { _csrf: csrf, email: 'x@example.test', name: 'X Y', role: 'admin' })).statusCode,
      ).toBe(403);
    }
    const anonymous = await new TestBrowser(testApp.app).get('/newsroom/staff');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/signin?next=%2Fnewsroom%2Fstaff');
    // The author is unchanged.
    expect((await target.browser.get('/newsroom')).statusCode).toBe(200);
  });

  it('lists staff with role and last sign-in, and refuses actions without the CSRF token', async () => {
    const admin = await staff('admin');
    const editor = await staff('editor');
    await signInThroughForm(new TestBrowser(testApp.app, nextAddress()), editor.email, editor.password);
    const page = await admin.browser.get('/newsroom/staff');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    const text = pageText(page.body);
    expect(text).toContain(editor.email);
    expect(text).toContain(`${editor.email} Editor Sunday 6 December 2026 09:00 Off`);
    expect((await admin.browser.post(`/newsroom/staff/${editor.userId}/deactivate`, {})).statusCode).toBe(403);
    expect(
      (await admin.browser.post(`/newsroom/staff/${editor.userId}/deactivate`, {}, { origin: 'https://evil.example' })).statusCode,
    ).toBe(403);
    expect((await editor.browser.get('/newsroom')).statusCode).toBe(200);
  });

  it('invites by email: the one-time link is shown to the admin and emailed, and it lets them choose a password', async () => {
    const admin = await staff('admin');
    const { csrf } = await admin.browser.openForm('/newsroom/staff');
    const email = `new-writer-${engine}@news.example.test`;
    const response = await admin.browser.post('/newsroom/staff/invite', { _csrf: csrf, email, name: 'Nell Quarry', role: 'author' });
    expect(response.statusCode).toBe(200);
    const link = decodeHtml(/<code class="invite-link">([^<]+)<\/code>/.exec(response.body)![1]!);
    expect(link).toMatch(/^https:\/\/news\.example\.test\/reset-password\?token=/);
    const mail = await testApp.database.db
      .selectFrom('email_outbox')
      .where('recipient', '=', email)
      .select(['subject', 'text_body'])
      .executeTakeFirstOrThrow();
    expect(mail.subject).toContain('invited');
    expect(mail.text_body).toContain(link);
    const invitee = new TestBrowser(testApp.app, nextAddress());
    const { csrf: formCsrf } = await invitee.openForm(link.slice('https://news.example.test'.length));
    const chosen = await invitee.post('/reset-password', {
      _csrf: formCsrf,
      token: new URL(link).searchParams.get('token')!,
      password: 'a long and new staff passphrase',
    });
    expect(chosen.statusCode).toBe(303);
    expect((await invitee.get('/newsroom')).statusCode).toBe(200);

    const existing = await admin.browser.post('/newsroom/staff/invite', { _csrf: csrf, email, name: 'Nell Quarry', role: 'editor' });
    expect(pageText(existing.body)).toContain('They already have a staff account and a password');
    expect(existing.body).not.toContain('invite-link');

    const bad = await admin.browser.post('/newsroom/staff/invite', { _csrf: csrf, email: 'not an address', name: '', role: 'chief' });
    expect(bad.statusCode).toBe(422);
    expect(pageText(bad.body)).toContain('Email must be a valid email address');
  });

  it('changes a role at once, but not your own', async () => {
    const admin = await staff('admin');
    const author = await staff('author');
    const { csrf } = await admin.browser.openForm('/newsroom/staff');
    const changed = await admin.browser.post(`/newsroom/staff/${author.userId}/role`, { _csrf: csrf, role: 'moderator' });
    expect(changed.headers.location).toBe('/newsroom/staff?notice=role-changed');
    expect((await author.browser.get('/newsroom/articles')).statusCode).toBe(403);
    const own = await admin.browser.post(`/newsroom/staff/${admin.userId}/role`, { _csrf: csrf, role: 'contributor' });
    expect(own.headers.location).toBe('/newsroom/staff?notice=own-account');
    expect((await admin.browser.get('/newsroom/staff')).statusCode).toBe(200);
    expect((await admin.browser.post(`/newsroom/staff/${author.userId}/role`, { _csrf: csrf, role: 'reader' })).statusCode).toBe(400);
    expect((await admin.browser.post(`/newsroom/staff/999999/role`, { _csrf: csrf, role: 'author' })).statusCode).toBe(404);
  });

  it('deactivating ends their sessions at once, revokes the API keys they own, and refuses their password; reactivating lets them back', async () => {
    const admin = await staff('admin');
    const editor = await staff('editor');
    const db = testApp.database.db;
    const now = testApp.clock.now().toISOString();
    await db
      .insertInto('api_keys')
      .values({ name: `editor-key-${engine}`, role: 'editor', key_hash: `hash-${engine}-1`, created_at: now, owner_user_id: editor.userId })
      .execute();
    await db
      .insertInto('api_keys')
      .values({ name: `desk-key-${engine}`, role: 'editor', key_hash: `hash-${engine}-2`, created_at: now })
      .execute();
    const { csrf } = await admin.browser.openForm('/newsroom/staff');
    const response = await admin.browser.post(`/newsroom/staff/${editor.userId}/deactivate`, { _csrf: csrf });
    expect(response.headers.location).toBe('/newsroom/staff?notice=deactivated');
    expect((await editor.browser.get('/newsroom')).headers.location).toMatch(/^\/signin/);
    const sessions = await db.selectFrom('sessions').where('user_id', '=', editor.userId).select('id').execute();
    expect(sessions).toHaveLength(0);
    const keys = await db
      .selectFrom('api_keys')
      .where('name', 'in', [`editor-key-${engine}`, `desk-key-${engine}`])
      .select(['name', 'revoked_at'])
      .orderBy('name')
      .execute();
    expect(keys.map((key) => [key.name.split('-')[0], key.revoked_at !== null])).toEqual([
      ['desk', false],
      ['editor', true],
    ]);
    const again = await signInThroughForm(new TestBrowser(testApp.app, nextAddress()), editor.email, editor.password);
    expect(again.statusCode).toBe(422);
    expect(pageText((await admin.browser.get('/newsroom/staff')).body)).toContain('(deactivated)');

    await admin.browser.post(`/newsroom/staff/${editor.userId}/reactivate`, { _csrf: csrf });
    const back = await signInThroughForm(new TestBrowser(testApp.app, nextAddress()), editor.email, editor.password);
    expect(back.statusCode).toBe(303);
    expect((await admin.browser.post(`/newsroom/staff/${admin.userId}/deactivate`, { _csrf: csrf })).headers.location).toBe(
      '/newsroom/staff?notice=own-account',
    );
  });
});
