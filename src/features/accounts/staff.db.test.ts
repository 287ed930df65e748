// Staff accounts as `masthead staff add` makes them, and their first sign-in
// through the printed link under the staff password policy.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { createStaffService, type StaffService } from './staff.service.js';
import { countRows, pageText, registerThroughForm, signInThroughForm, TestBrowser, validRegistration } from './testing/session-helpers.js';

const STAFF_PASSWORD_MESSAGE = 'Staff passwords must be at least 12 characters and not a common password';

describeEachEngine('staff accounts', (engine) => {
  let testApp: TestApp;
  let db: Db;
  let staff: StaffService;
  let ipCounter = 0;
  const newBrowser = () => new TestBrowser(testApp.app, `198.18.0.${++ipCounter}`);

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: new Date() });
    db = testApp.database.db;
    staff = createStaffService({ db, clock: testApp.clock, publicUrl: 'https://news.example.test' });
  });
  afterAll(() => testApp.destroy());

  async function choosePassword(browser: TestBrowser, url: string, password: string) {
    const path = url.slice('https://news.example.test'.length);
    const form = await browser.get(path);
    if (form.statusCode !== 200) return form;
    const csrf = /name="_csrf" value="([^"]*)"/.exec(form.body)![1]!;
    return browser.post('/reset-password', { _csrf: csrf, token: new URL(url).searchParams.get('token')!, password });
  }

  it('creates a staff account without a password and a one-time link to choose one under the staff policy', async () => {
    const outcome = await staff.addStaffMember({ email: ' Ada.Fenwick@News.Example.test ', role: 'editor', name: 'Ada  Fenwick' });
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    expect(outcome.member).toMatchObject({
      email: 'ada.fenwick@news.example.test',
      firstName: 'Ada',
      lastName: 'Fenwick',
      role: 'editor',
      hasPassword: false,
    });
    expect(outcome.signInLink.url).toMatch(/^https:\/\/news\.example\.test\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(outcome.signInLink.expiresAt) - testApp.clock.now().getTime()).toBe(24 * 3600_000);
    // No password yet: nothing signs in.
    expect((await signInThroughForm(newBrowser(), 'ada.fenwick@news.example.test', '')).statusCode).toBe(422);

    const browser = newBrowser();
    const weak = await choosePassword(browser, outcome.signInLink.url, 'Short9Pass');
    expect(weak.statusCode).toBe(422);
    expect(pageText(weak.body)).toContain(STAFF_PASSWORD_MESSAGE);
    expect((await choosePassword(browser, outcome.signInLink.url, 'a long newsroom passphrase')).statusCode).toBe(303);
    expect((await choosePassword(newBrowser(), outcome.signInLink.url, 'another long passphrase')).statusCode).toBe(400);

    const signIn = await signInThroughForm(newBrowser(), 'ada.fenwick@news.example.test', 'a long newsroom passphrase', '/newsroom/outbox');
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe('/newsroom/outbox');
    expect((await staff.listStaffMembers()).find((member) => member.email === 'ada.fenwick@news.example.test')?.hasPassword).toBe(true);
  });

  it('lets the sign-in link lapse after 24 hours', async () => {
    const outcome = await staff.addStaffMember({ email: 'late@news.example.test', role: 'author', name: 'Late Starter' });
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    testApp.clock.advance(24 * 3600_000 + 60_000);
    expect((await choosePassword(newBrowser(), outcome.signInLink.url, 'a long newsroom passphrase')).statusCode).toBe(400);
    const again = await staff.addStaffMember({ email: 'late@news.example.test', role: 'author' });
    expect(again.kind).toBe('unchanged');
    expect(
      (await choosePassword(newBrowser(), again.kind === 'unchanged' ? again.signInLink!.url : '', 'a long newsroom passphrase'))
        .statusCode,
    ).toBe(303);
  });

  it('promotes a reader: their reader password stops working and their sessions end', async () => {
    const fields = validRegistration();
    const readerBrowser = newBrowser();
    expect((await registerThroughForm(readerBrowser, fields)).statusCode).toBe(303);
    const sessionsBefore = await countRows(db, 'sessions');

    const outcome = await staff.addStaffMember({ email: String(fields.email), role: 'moderator' });
    if (outcome.kind !== 'promoted') throw new Error(outcome.kind);
    expect(outcome.previousRole).toBe('reader');
    expect(outcome.member).toMatchObject({ role: 'moderator', hasPassword: false, firstName: 'Zoë' });
    expect(await countRows(db, 'sessions')).toBe(sessionsBefore - 1);
    expect((await signInThroughForm(newBrowser(), String(fields.email), String(fields.password))).statusCode).toBe(422);
    expect((await choosePassword(newBrowser(), outcome.signInLink.url, 'moderating with care 2026')).statusCode).toBe(303);
  });

  it('changes a staff member’s role without touching their password', async () => {
    const created = await staff.addStaffMember({ email: 'tomas@news.example.test', role: 'author', name: 'Tomás Ruiz' });
    if (created.kind !== 'created') throw new Error(created.kind);
    await choosePassword(newBrowser(), created.signInLink.url, 'a long newsroom passphrase');

    const changed = await staff.addStaffMember({ email: 'tomas@news.example.test', role: 'admin' });
    expect(changed).toMatchObject({
      kind: 'role-changed',
      previousRole: 'author',
      signInLink: null,
      member: { role: 'admin', hasPassword: true },
    });
    expect((await signInThroughForm(newBrowser(), 'tomas@news.example.test', 'a long newsroom passphrase')).statusCode).toBe(303);
  });

  it('refuses bad input with every problem at once and stores nothing', async () => {
    const usersBefore = await countRows(db, 'users');
    const outcome = await staff.addStaffMember({ email: 'not an address', role: 'chief', name: 'Ada3' });
    expect(outcome.kind).toBe('invalid');
    expect(outcome.kind === 'invalid' && outcome.problems).toEqual([
      '--email must be a valid email address (got "not an address").',
      '--role must be one of contributor, author, editor, moderator, admin (got "chief").',
      `--name must be a first and a last name, e.g. "Ada Fenwick" (Special characters aren't allowed).`,
    ]);
    expect(await staff.addStaffMember({ email: 'new@news.example.test', role: 'editor' })).toEqual({
      kind: 'invalid',
      problems: ['A new staff account needs --name "First Last".'],
    });
    expect(await staff.addStaffMember({ email: 'new@news.example.test', role: 'reader', name: 'Ada Fenwick' })).toMatchObject({
      kind: 'invalid',
    });
    expect(await countRows(db, 'users')).toBe(usersBefore);
  });

  it('lists staff only', async () => {
    const members = await staff.listStaffMembers();
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((member) => member.role !== ('reader' as string))).toBe(true);
    expect(members.map((member) => member.email)).toContain('ada.fenwick@news.example.test');
  });
});
