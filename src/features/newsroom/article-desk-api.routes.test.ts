// What the editor script calls, through the whole app on both engines:
// autosave (JSON answers for a save, a stale version, bad fields), the
// presence heartbeat, and picture uploads (JSON, and the editor form's own
// hero upload without JavaScript). CSRF is checked before anything is stored.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { PUBLIC_ORIGIN, signInAsStaff, type FormFields, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper, tinyJpeg } from '../articles/testing/fixture-newspaper.js';
import { editorFormFields } from './testing/editor-form.js';
import { postMultipart, type Part } from './testing/multipart.js';

const fieldsAsParts = (fields: FormFields): Part[] =>
  Object.entries(fields).flatMap(([name, value]) =>
    value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((one) => ({ name, value: one })),
  );

describeEachEngine('newsroom desk API', (engine) => {
  let testApp: TestApp;
  let db: Db;
  let editor: TestBrowser;
  let admin: TestBrowser;
  let contributor: TestBrowser;
  let photo: Buffer;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    db = testApp.database.db;
    await seedFixtureNewspaper(db);
    const signIn = async (role: 'editor' | 'admin' | 'contributor', index: number, first: string, last: string) => {
      const { browser, userId } = await signInAsStaff({
        app: testApp.app,
        db,
        clock: testApp.clock,
        role,
        remoteAddress: `198.51.100.${60 + index}`,
      });
      await db.updateTable('users').set({ first_name: first, last_name: last }).where('id', '=', userId).execute();
      return browser;
    };
    editor = await signIn('editor', 1, 'Eve', 'Desk');
    admin = await signIn('admin', 2, 'Ari', 'Root');
    contributor = await signIn('contributor', 3, 'Cara', 'Quill');
    photo = await tinyJpeg();
  });
  afterAll(() => testApp.destroy());

  const imageCount = async () =>
    Number(
      (
        await db
          .selectFrom('images')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function newArticle(browser: TestBrowser, headline: string): Promise<number> {
    const page = await browser.get('/newsroom/articles/new');
    const response = await browser.post('/newsroom/articles', {
      ...editorFormFields(page.body),
      headline,
      section: 'world',
      body: 'A line.',
    });
    expect(response.statusCode).toBe(303);
    return Number(/articles\/(\d+)\/edit/.exec(response.headers.location!)![1]);
  }
  const editorFields = async (browser: TestBrowser, id: number) =>
    editorFormFields((await browser.get(`/newsroom/articles/${id}/edit`)).body);

  it('autosaves, answering the new version, a conflict address, or the fields to fix', async () => {
    const id = await newArticle(editor, 'Autosaved story');
    const fields = await editorFields(editor, id);
    const saved = await editor.post(`/newsroom/articles/${id}/autosave`, { ...fields, standfirst: 'Typed so far' });
    expect(saved.statusCode).toBe(200);
    expect(saved.headers['cache-control']).toBe('no-store');
    expect(saved.json()).toEqual({ version: 2, savedAt: FIXTURE_NOW.toISOString() });
    const row = await db.selectFrom('articles').select(['standfirst', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ standfirst: 'Typed so far', version: 2 });
    const revision = await db
      .selectFrom('article_revisions')
      .select('action')
      .where('article_id', '=', id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(revision.action).toBe('autosave');

    // As the editor script posts it: multipart, with the document.
    const doc = { type: 'doc', content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Kept' }] }] };
    const scripted = await postMultipart(
      editor,
      `/newsroom/articles/${id}/autosave`,
      fieldsAsParts({ ...fields, version: '2', bodyDoc: JSON.stringify(doc) }),
    );
    expect(scripted.statusCode).toBe(200);
    expect(scripted.json().version).toBe(3);

    // The same version again: someone else's save came first.
    const stale = await editor.post(`/newsroom/articles/${id}/autosave`, { ...fields, standfirst: 'From a stale tab' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().conflictUrl).toMatch(new RegExp(`^/newsroom/articles/${id}/conflict\\?revision=\\d+$`));
    const conflictPage = await editor.get(stale.json().conflictUrl);
    expect(conflictPage.statusCode).toBe(200);
    expect(conflictPage.body).toContain('From a stale tab');

    const invalid = await editor.post(`/newsroom/articles/${id}/autosave`, { ...fields, version: '3', headline: '' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json()).toEqual({ errors: [{ field: 'headline', message: 'Enter a headline.' }] });
    expect((await editor.post(`/newsroom/articles/${id}/autosave`, { ...fields, version: 'x' })).statusCode).toBe(422);

    const forged = await editor.post(`/newsroom/articles/${id}/autosave`, { ...fields, version: '3', standfirst: 'Forged', _csrf: 'nope' });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().errors[0].field).toBe('_csrf');
    const crossSite = await editor.post(
      `/newsroom/articles/${id}/autosave`,
      { ...fields, version: '3', standfirst: 'Forged' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.statusCode).toBe(403);
    expect((await db.selectFrom('articles').select('standfirst').where('id', '=', id).executeTakeFirstOrThrow()).standfirst).not.toBe(
      'Forged',
    );

    // Someone else's article, and one that does not exist.
    const contributorFields = await editorFields(contributor, await newArticle(contributor, 'Contributor story'));
    expect((await contributor.post(`/newsroom/articles/${id}/autosave`, { ...contributorFields, version: '3' })).statusCode).toBe(403);
    expect((await editor.post('/newsroom/articles/999999/autosave', { ...fields, version: '3' })).statusCode).toBe(404);
  });

  it('records presence and names who else has the article open, for a minute', async () => {
    const id = await newArticle(editor, 'Shared desk');
    // Tokens from another page: opening the editor is itself a heartbeat.
    const tokenOf = async (browser: TestBrowser) => String(editorFormFields((await browser.get('/newsroom/articles/new')).body)._csrf);
    const [editorToken, adminToken] = [await tokenOf(editor), await tokenOf(admin)];
    expect((await editor.post(`/newsroom/articles/${id}/presence`, { _csrf: editorToken })).json()).toEqual({ others: [] });
    const adminBeat = await admin.post(`/newsroom/articles/${id}/presence`, { _csrf: adminToken });
    expect(adminBeat.statusCode).toBe(200);
    expect(adminBeat.json()).toEqual({ others: ['Eve Desk'] });
    expect((await editor.post(`/newsroom/articles/${id}/presence`, { _csrf: editorToken })).json()).toEqual({ others: ['Ari Root'] });
    expect((await editor.get(`/newsroom/articles/${id}/edit`)).body).toContain('Ari Root is also editing');

    testApp.clock.set(new Date(FIXTURE_NOW.getTime() + 61_000));
    try {
      expect((await editor.post(`/newsroom/articles/${id}/presence`, { _csrf: editorToken })).json()).toEqual({ others: [] });
      expect((await editor.get(`/newsroom/articles/${id}/edit`)).body).not.toContain('is also editing');
    } finally {
      testApp.clock.set(FIXTURE_NOW);
    }
    expect((await editor.post(`/newsroom/articles/${id}/presence`, { _csrf: 'forged' })).statusCode).toBe(403);

    // Someone who opened the editor without JavaScript is there too, for a minute.
    const opened = await newArticle(editor, 'Opened without a script');
    await editor.get(`/newsroom/articles/${opened}/edit`);
    expect((await admin.post(`/newsroom/articles/${opened}/presence`, { _csrf: adminToken })).json()).toEqual({ others: ['Eve Desk'] });
    const contributorToken = String((await editorFields(contributor, await newArticle(contributor, 'Mine alone')))._csrf);
    expect((await contributor.post(`/newsroom/articles/${id}/presence`, { _csrf: contributorToken })).statusCode).toBe(403);
  });

  it('uploads a picture with its words, checking CSRF before storing anything', async () => {
    const token = String((await editorFields(editor, await newArticle(editor, 'Pictured')))._csrf);
    const before = await imageCount();
    const file = { name: 'file', filename: 'quay.jpg', type: 'image/jpeg', data: photo };
    const forged = await postMultipart(editor, '/newsroom/images', [
      { name: '_csrf', value: 'forged' },
      { name: 'alt', value: 'A quay' },
      file,
    ]);
    expect(forged.statusCode).toBe(403);
    // The token after the file: still checked before the picture is stored.
    const late = await postMultipart(editor, '/newsroom/images', [
      { name: 'alt', value: 'A quay' },
      file,
      { name: '_csrf', value: 'forged' },
    ]);
    expect(late.statusCode).toBe(403);
    expect(await imageCount()).toBe(before);

    const noAlt = await postMultipart(editor, '/newsroom/images', [{ name: '_csrf', value: token }, file]);
    expect(noAlt.statusCode).toBe(422);
    expect(noAlt.json().errors[0].field).toBe('alt');
    const noFile = await postMultipart(editor, '/newsroom/images', [
      { name: '_csrf', value: token },
      { name: 'alt', value: 'A quay' },
    ]);
    expect(noFile.statusCode).toBe(422);
    const notAnImage = await postMultipart(editor, '/newsroom/images', [
      { name: '_csrf', value: token },
      { name: 'alt', value: 'A quay' },
      { ...file, data: Buffer.from('not a picture') },
    ]);
    expect(notAnImage.statusCode).toBe(422);
    expect(await imageCount()).toBe(before);

    const uploaded = await postMultipart(editor, '/newsroom/images', [
      { name: 'caption', value: 'The quay at dawn' },
      file,
      { name: '_csrf', value: token },
      { name: 'alt', value: 'Fishing boats moored at a stone quay' },
      { name: 'credit', value: 'Desk photographer' },
    ]);
    expect(uploaded.statusCode).toBe(201);
    const body = uploaded.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^quay-/),
      url: expect.stringMatching(/^https:\/\/news\.example\.test\/media\/quay-[^/]+\/1600\.jpg$/),
      width: 32,
      height: 18,
      alt: 'Fishing boats moored at a stone quay',
      caption: 'The quay at dawn',
      credit: 'Desk photographer',
      renditions: 'processing',
      statusUrl: expect.stringMatching(/^\/newsroom\/media\/quay-[a-z0-9-]+\/status$/),
    });
    expect(await imageCount()).toBe(before + 1);
    expect((await editor.get(body.statusUrl)).json()).toMatchObject({ total: 6 });
    expect((await testApp.app.inject({ url: new URL(body.url).pathname })).statusCode).toBe(200);
  });

  it('takes a hero picture with the editor form itself, without JavaScript', async () => {
    const id = await newArticle(editor, 'Hero by form');
    const fields = await editorFields(editor, id);
    const before = await imageCount();
    const file = { name: 'heroFile', filename: 'harbour.jpg', type: 'image/jpeg', data: photo };
    // Alt text missing: the page again, nothing stored.
    const missingAlt = await postMultipart(editor, `/newsroom/articles/${id}`, [
      ...fieldsAsParts({ ...fields, heroCaption: 'Harbour' }),
      file,
    ]);
    expect(missingAlt.statusCode).toBe(422);
    expect(missingAlt.body).toContain('href="#field-heroAlt"');
    expect(await imageCount()).toBe(before);
    // Another field wrong: the picture waits until it is fixed.
    const otherProblem = await postMultipart(editor, `/newsroom/articles/${id}`, [
      ...fieldsAsParts({ ...fields, heroAlt: 'Boats', publishAt: 'soon' }),
      file,
    ]);
    expect(otherProblem.statusCode).toBe(422);
    expect(otherProblem.body).toContain('Choose the picture again');
    expect(await imageCount()).toBe(before);

    const saved = await postMultipart(editor, `/newsroom/articles/${id}`, [
      ...fieldsAsParts({ ...fields, heroAlt: 'Boats in the harbour', heroCaption: 'Morning', heroCredit: 'Staff' }),
      file,
    ]);
    expect(saved.statusCode).toBe(303);
    expect(await imageCount()).toBe(before + 1);
    const page = await editor.get(`/newsroom/articles/${id}/edit`);
    const again = editorFormFields(page.body);
    expect(again.heroImageId).toMatch(/^harbour-/);
    expect(again.heroAlt).toBe('Boats in the harbour');
    expect(page.body).toContain(`src="/media/${again.heroImageId}/480.jpg"`);

    // An empty file field (no file chosen) is no upload; the form posts as multipart anyway.
    const unchanged = await postMultipart(editor, `/newsroom/articles/${id}`, [
      ...fieldsAsParts({ ...again, kicker: 'Harbour' }),
      { name: 'heroFile', filename: '', type: 'application/octet-stream', data: Buffer.alloc(0) },
    ]);
    expect(unchanged.statusCode).toBe(303);
    expect(await imageCount()).toBe(before + 1);
    const cut = await editor.request({
      method: 'POST',
      url: `/newsroom/articles/${id}`,
      payload: Buffer.from('------newsroom-test-boundary\r\nContent-Disposition: form-data; name="kick'),
      headers: { 'content-type': 'multipart/form-data; boundary=----newsroom-test-boundary', origin: PUBLIC_ORIGIN },
    });
    expect(cut.statusCode).toBe(400);
  });
});
