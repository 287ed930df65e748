import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { enqueueEmail } from '../../core/jobs/email-queue.js';
import {
  pageText,
  registerThroughForm,
  signInAsStaff,
  signInThroughForm,
  TestBrowser,
  validRegistration,
} from '../accounts/testing/session-helpers.js';
import { hideOneTimeLinks, OUTBOX_PAGE_SIZE } from './newsroom.queries.js';

describeEachEngine('newsroom outbox', (engine) => {
  let testApp: TestApp;
  let db: Db;
  let editor: TestBrowser;
  let readerEmail: string;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: new Date() });
    db = testApp.database.db;
    const fields = validRegistration();
    readerEmail = String(fields.email);
    expect((await registerThroughForm(new TestBrowser(testApp.app, '192.0.2.50'), fields)).statusCode).toBe(303);
    await testApp.emailWorker.drain();
    ({ browser: editor } = await signInAsStaff({ app: testApp.app, db, clock: testApp.clock, role: 'editor' }));
  });
  afterAll(() => testApp.destroy());

  it('sends anonymous visitors to sign in and back', async () => {
    // The role comes before the address: junk in it is not answered with a 400 or 404 first.
    for (const url of [
      '/newsroom/outbox',
      '/newsroom/outbox?page=2',
      '/newsroom/outbox/1',
      '/newsroom/outbox?page=x',
      '/newsroom/outbox/abc',
    ]) {
      const response = await testApp.app.inject({ url });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(url)}`);
    }
  });

  it('refuses readers and staff without the role, and checks the role on every request', async () => {
    const reader = new TestBrowser(testApp.app, '192.0.2.51');
    expect((await signInThroughForm(reader, readerEmail, 'Harbour9Lights')).statusCode).toBe(303);
    const { browser: author } = await signInAsStaff({ app: testApp.app, db, clock: testApp.clock, role: 'author' });
    const { browser: moderator } = await signInAsStaff({ app: testApp.app, db, clock: testApp.clock, role: 'moderator' });
    for (const browser of [reader, author, moderator]) {
      for (const url of ['/newsroom/outbox', '/newsroom/outbox/1', '/newsroom/outbox?page=x', '/newsroom/outbox/x']) {
        const response = await browser.get(url);
        expect(response.statusCode).toBe(403);
        expect(response.body).not.toContain(readerEmail);
      }
    }

    const { browser: admin, userId } = await signInAsStaff({ app: testApp.app, db, clock: testApp.clock, role: 'admin' });
    expect((await admin.get('/newsroom/outbox')).statusCode).toBe(200);
    await db.updateTable('users').set({ role: 'author' }).where('id', '=', userId).execute();
    expect((await admin.get('/newsroom/outbox')).statusCode).toBe(403);
  });

  it('lists recent email for editors, newest first, never cached', async () => {
    const response = await editor.get('/newsroom/outbox');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const text = pageText(response.body);
    expect(text).toContain('Email outbox');
    expect(text).toContain(readerEmail);
    expect(text).toContain('Confirm your email address for The Test Gazette');
    expect(text).toMatch(/Sent \w+day \d+ \w+ \d{4} \d{2}:\d{2}/);
    expect(response.body).toContain('action="/signout"');
  });

  it('shows one message with its one-time link hidden', async () => {
    const row = await db
      .selectFrom('email_outbox')
      .where('recipient', '=', readerEmail)
      .select(['id', 'text_body'])
      .executeTakeFirstOrThrow();
    const token = /token=([A-Za-z0-9_-]+)/.exec(row.text_body)![1]!;
    const response = await editor.get(`/newsroom/outbox/${row.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const text = pageText(response.body);
    expect(text).toContain('Welcome, Zoë');
    expect(text).toContain('/account/verify?token=[hidden]');
    expect(response.body).not.toContain(token);
  });

  it('answers 404 for a message that does not exist or a malformed id, and pages the list', async () => {
    for (const id of ['999999', '0', 'abc', '1.5', '-1', '9'.repeat(30)]) {
      expect((await editor.get(`/newsroom/outbox/${id}`)).statusCode).toBe(404);
    }
    const now = testApp.clock.now();
    for (let index = 0; index < OUTBOX_PAGE_SIZE; index++) {
      await enqueueEmail(db, { to: `bulk-${index}@example.test`, subject: `Bulk ${index}`, text: 'Hello', html: '<p>Hello</p>' }, now);
    }
    const first = await editor.get('/newsroom/outbox');
    expect(first.body).toContain('Bulk 49');
    expect(first.body).not.toContain(readerEmail);
    expect(first.body).toContain('href="/newsroom/outbox?page=2"');
    const second = await editor.get('/newsroom/outbox?page=2');
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain(readerEmail);
    expect((await editor.get('/newsroom/outbox?page=99')).statusCode).toBe(404);
    expect((await editor.get('/newsroom/outbox?page=x')).statusCode).toBe(400);
    for (const id of ['0', '01', 'abc', '1e3', '2147483648', '999999999999999'])
      expect((await editor.get(`/newsroom/outbox/${id}`)).statusCode, id).toBe(404);
  });
});

it('hides every one-time token in a text body, whatever the parameter is called', () => {
  const body =
    'Confirm: https://x.test/account/verify?token=abc-DEF_123\nReset: https://x.test/reset-password?a=1&token=zzz&b=2 and https://x.test/u?unsubscribe_token=q9.';
  expect(hideOneTimeLinks(body)).toBe(
    'Confirm: https://x.test/account/verify?token=[hidden]\nReset: https://x.test/reset-password?a=1&token=[hidden]&b=2 and https://x.test/u?unsubscribe_token=[hidden]',
  );
});
