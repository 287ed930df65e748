// Corrections from the newsroom: editors append one to a published article
// (the page and its JSON-LD show it at once); everyone else is refused;
// an empty or stale form stores nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hiddenValue, pageText, signInAsStaff, type TestBrowser } from '../accounts/testing/session-helpers.js';
import type { Actor, EditableArticle } from '../articles/articles.types.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';

describeEachEngine('newsroom corrections', (engine) => {
  let testApp: TestApp;
  let editor: TestBrowser;
  let author: TestBrowser;
  let article: EditableArticle;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    const signedIn = { app: testApp.app, db: testApp.database.db, clock: testApp.clock };
    ({ browser: editor } = await signInAsStaff({ ...signedIn, role: 'editor' }));
    const writer = await signInAsStaff({ ...signedIn, role: 'author' });
    author = writer.browser;
    const actor: Actor = { kind: 'staff', userId: writer.userId, name: 'Staff Member', role: 'author' };
    const outcome = await testApp.articleEditing.create(actor, {
      fields: { headline: 'Lifeboat crew rescues two kayakers', section: 'world', authors: ['Staff Member'] },
      action: 'publish',
    });
    if (outcome.kind !== 'saved') throw new Error('not saved');
    article = outcome.article;
  });
  afterAll(() => testApp?.destroy());

  const url = () => `/newsroom/articles/${article.id}/corrections`;

  it('lets an editor append a correction that readers see at once', async () => {
    const form = await editor.get(url());
    expect(form.statusCode).toBe(200);
    expect(pageText(form.body)).toContain('No corrections yet.');
    const csrf = hiddenValue(form.body, '_csrf');
    const version = hiddenValue(form.body, 'version');

    const empty = await editor.post(url(), { _csrf: csrf, version, text: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(pageText(empty.body)).toContain('Write the correction.');

    const added = await editor.post(url(), { _csrf: csrf, version, text: 'An earlier version said <three> kayakers.' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`${url()}?added=1`);
    const reader = await testApp.app.inject({ url: article.path });
    expect(reader.body).toContain('An earlier version said &lt;three> kayakers.');
    expect(reader.body).toContain('"@type":"CorrectionComment"');

    // The same form again (an old version): nothing is added twice.
    const stale = await editor.post(url(), { _csrf: csrf, version, text: 'A second try from an old tab.' });
    expect(stale.statusCode).toBe(409);
    const after = await testApp.articleEditing.get({ kind: 'staff', userId: 0, name: 'x', role: 'admin' }, article.id);
    expect(after.kind === 'found' && after.value.corrections.map((correction) => correction.text)).toEqual([
      'An earlier version said <three> kayakers.',
    ]);
  });

  it('refuses authors, missing CSRF tokens and anonymous visitors', async () => {
    expect((await author.get(url())).statusCode).toBe(403);
    const form = await editor.get(url());
    expect((await editor.post(url(), { version: hiddenValue(form.body, 'version'), text: 'No token' })).statusCode).toBe(403);
    expect((await testApp.app.inject({ url: url() })).statusCode).toBe(303);
    expect((await editor.get('/newsroom/articles/999999/corrections')).statusCode).toBe(404);
    expect((await editor.get('/newsroom/articles/abc/corrections')).statusCode).toBe(404);
  });
});
