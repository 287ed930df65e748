// "Submitted for review" reaches every editor in the newsroom, and by email
// those who asked; the submitter is not told of their own story; staff who
// do not write, and anonymous visitors, are kept out.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { pageText, signInAsStaff, type TestBrowser } from '../accounts/testing/session-helpers.js';
import type { Actor } from '../articles/articles.types.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';

describeEachEngine('newsroom notifications', (engine) => {
  let testApp: TestApp;
  let editor: TestBrowser;
  let editorEmail: string;
  let contributor: Actor;
  let contributorBrowser: TestBrowser;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    const signedIn = { app: testApp.app, db: testApp.database.db, clock: testApp.clock };
    ({ browser: editor, email: editorEmail } = await signInAsStaff({ ...signedIn, role: 'editor' }));
    const writer = await signInAsStaff({ ...signedIn, role: 'contributor' });
    contributorBrowser = writer.browser;
    contributor = { kind: 'staff', userId: writer.userId, name: 'Staff Member', role: 'contributor' };
  });
  afterAll(() => testApp?.destroy());

  const submit = async (headline: string) => {
    const outcome = await testApp.articleEditing.create(contributor, {
      fields: { headline, section: 'world', authors: ['Staff Member'] },
      action: 'submit',
    });
    expect(outcome.kind).toBe('saved');
  };
  const outboxTo = async (email: string) =>
    testApp.database.db
      .selectFrom('email_outbox')
      .where('recipient', '=', email)
      .where('subject', 'like', 'For review:%')
      .select(['subject'])
      .execute();

  it('tells editors in the newsroom, and by email only once they ask', async () => {
    await submit('Gulls nest on the <town hall> roof');
    const page = await editor.get('/newsroom/notifications');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(pageText(page.body)).toContain('Staff Member submitted Gulls nest on the <town hall> roof for review');
    expect(page.body).not.toContain('<town hall>');
    expect(await outboxTo(editorEmail)).toEqual([]);

    const { csrf } = await editor.openForm('/newsroom/notifications');
    expect((await editor.post('/newsroom/notifications/preferences', { reviewEmails: 'on' })).statusCode).toBe(403);
    expect((await editor.post('/newsroom/notifications/preferences', { _csrf: csrf, reviewEmails: 'on' })).statusCode).toBe(303);
    await submit('Ferry fares frozen for winter');
    expect(await outboxTo(editorEmail)).toEqual([{ subject: 'For review: Ferry fares frozen for winter' }]);

    expect(pageText((await editor.get('/newsroom/notifications')).body)).toContain('2 unread notifications.');
    expect((await editor.post('/newsroom/notifications/read', { _csrf: csrf })).statusCode).toBe(303);
    expect(pageText((await editor.get('/newsroom/notifications')).body)).toContain('0 unread notifications.');
  });

  it('does not tell the submitter, and keeps out moderators and anonymous visitors', async () => {
    const own = await contributorBrowser.get('/newsroom/notifications');
    expect(own.statusCode).toBe(200);
    expect(pageText(own.body)).toContain('Nothing yet.');
    const { browser: moderator } = await signInAsStaff({
      app: testApp.app,
      db: testApp.database.db,
      clock: testApp.clock,
      role: 'moderator',
    });
    expect((await moderator.get('/newsroom/notifications')).statusCode).toBe(403);
    const anonymous = await testApp.app.inject({ url: '/newsroom/notifications' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/signin?next=%2Fnewsroom%2Fnotifications');
  });
});
