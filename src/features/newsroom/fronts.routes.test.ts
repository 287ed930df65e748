// Curating fronts from the newsroom: an editor searches, pins, reorders,
// previews (nothing stored, noindex, no-store) and saves; readers see the
// new order at once; saving drops only that front's listing tag. Stale forms,
// other sections' stories, junk input and other roles store nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hiddenValue, pageText, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { signInWriter } from './testing/newsroom-staff.js';

describeEachEngine('newsroom fronts', (engine) => {
  let testApp: TestApp;
  let editor: TestBrowser;
  let author: TestBrowser;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    for (const row of await testApp.database.db.selectFrom('articles').select(['id', 'slug']).execute()) ids.set(row.slug, row.id);
    editor = (await signInWriter(testApp, 'editor')).browser;
    author = (await signInWriter(testApp, 'author')).browser;
  });
  afterAll(() => testApp?.destroy());

  const id = (slug: string) => String(ids.get(slug));
  const slots = async (front: string) =>
    (await testApp.database.db.selectFrom('front_slots').where('front', '=', front).select('article_id').orderBy('position').execute()).map(
      (row) => row.article_id,
    );
  const lastChangeTags = async () => {
    const row = await testApp.database.db
      .selectFrom('content_changes')
      .select('tags')
      .orderBy('revision', 'desc')
      .executeTakeFirstOrThrow();
    return JSON.parse(row.tags) as string[];
  };
  /** Where each headline first appears in the page (-1: not there). */
  const order = (html: string, headlines: string[]) => headlines.map((headline) => html.indexOf(headline));

  it('lists the home front and every section front', async () => {
    const page = await editor.get('/newsroom/fronts');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    for (const href of ['/newsroom/fronts/home', '/newsroom/fronts/world', '/newsroom/fronts/world/europe', '/newsroom/fronts/politics'])
      expect(page.body).toContain(`href="${href}"`);
  });

  it('searches, pins, reorders and previews without storing, then saves what readers see', async () => {
    const page = await editor.get('/newsroom/fronts/home');
    expect(page.statusCode).toBe(200);
    expect(order(page.body, ['Council agrees budget', 'Harbour wall repaired']).every((index) => index > 0)).toBe(true);
    const base = { _csrf: hiddenValue(page.body, '_csrf'), version: hiddenValue(page.body, 'version') };
    expect(base.version).toBe('0');
    const pinned = [id('council-agrees-budget'), id('harbour-wall-repaired')];

    const search = await editor.post('/newsroom/fronts/home', { ...base, slot: pinned, q: 'ferry', op: 'search' });
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain(`value="add-${id('ferry-timetable-changes')}"`);
    const drafts = await editor.post('/newsroom/fronts/home', { ...base, slot: pinned, q: 'nobody should see', op: 'search' });
    expect(pageText(drafts.body)).toContain('No published story has those words');

    const added = await editor.post('/newsroom/fronts/home', {
      ...base,
      slot: pinned,
      q: 'ferry',
      op: `add-${id('ferry-timetable-changes')}`,
    });
    expect(pageText(added.body)).toContain('Not saved yet');
    const proposal = [...pinned, id('ferry-timetable-changes')];
    expect(added.body).toContain(`name="slot" value="${id('ferry-timetable-changes')}"`);
    const moved = await editor.post('/newsroom/fronts/home', { ...base, slot: proposal, op: 'up-2' });
    const [council, harbour, ferry] = order(moved.body.slice(moved.body.indexOf('Pinned stories')), [
      'Council agrees budget',
      'Harbour wall repaired',
      'Ferry timetable changes',
    ]);
    expect(council! < ferry! && ferry! < harbour!).toBe(true);
    expect(await slots('home')).toEqual(pinned.map(Number));

    const preview = await editor.post('/newsroom/fronts/home', {
      ...base,
      slot: [id('ferry-timetable-changes'), ...pinned],
      op: 'preview',
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['cache-control']).toBe('no-store');
    expect(preview.headers['x-robots-tag']).toBe('noindex');
    const previewTop = preview.body.slice(preview.body.indexOf('top-stories'), preview.body.indexOf('latest-heading'));
    expect(previewTop.indexOf('Ferry timetable changes')).toBeGreaterThan(-1);
    expect(previewTop.indexOf('Ferry timetable changes')).toBeLessThan(previewTop.indexOf('Council agrees budget'));
    const readersBefore = await testApp.app.inject({ url: '/' });
    expect(readersBefore.body.slice(0, readersBefore.body.indexOf('latest-heading'))).not.toContain('Ferry timetable changes');

    const saved = await editor.post('/newsroom/fronts/home', {
      ...base,
      slot: [id('ferry-timetable-changes'), id('council-agrees-budget')],
      op: 'save',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/newsroom/fronts/home?saved=1');
    expect(await lastChangeTags()).toEqual(['listing:site']);
    expect(await slots('home')).toEqual([ids.get('ferry-timetable-changes'), ids.get('council-agrees-budget')]);
    const readers = await testApp.app.inject({ url: '/' });
    const top = readers.body.slice(readers.body.indexOf('top-stories'), readers.body.indexOf('latest-heading'));
    expect(top.indexOf('Ferry timetable changes')).toBeGreaterThan(-1);
    expect(top.indexOf('Ferry timetable changes')).toBeLessThan(top.indexOf('Council agrees budget'));
    expect(top).not.toContain('Harbour wall repaired');

    // The same form again (version 0): another editor's save is not overwritten.
    const stale = await editor.post('/newsroom/fronts/home', { ...base, slot: pinned, op: 'save' });
    expect(stale.statusCode).toBe(409);
    expect(await slots('home')).toEqual([ids.get('ferry-timetable-changes'), ids.get('council-agrees-budget')]);
  });

  it('curates a section front with its own stories only, and the section page shows them first', async () => {
    const page = await editor.get('/newsroom/fronts/world');
    const base = { _csrf: hiddenValue(page.body, '_csrf'), version: hiddenValue(page.body, 'version') };
    const others = await editor.post('/newsroom/fronts/world', { ...base, q: 'council', op: 'search' });
    expect(pageText(others.body)).toContain('No published story has those words');
    const refused = await editor.post('/newsroom/fronts/world', { ...base, slot: id('council-agrees-budget'), op: 'save' });
    expect(refused.statusCode).toBe(422);
    expect(await slots(`section:${await sectionId('world')}`)).toEqual([]);

    const before = await testApp.app.inject({ url: '/world' });
    expect(before.body).not.toContain('top-stories');
    const saved = await editor.post('/newsroom/fronts/world', { ...base, slot: id('harbour-wall-repaired'), op: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(await lastChangeTags()).toEqual(['listing:section:world']);
    const after = await testApp.app.inject({ url: '/world' });
    const top = after.body.slice(after.body.indexOf('top-stories'), after.body.indexOf('latest-heading'));
    expect(top).toContain('Harbour wall repaired');
    // Pinned above, so left out of the latest below.
    expect(after.body.slice(after.body.indexOf('latest-heading'))).not.toContain('Harbour wall repaired');
  });

  const sectionId = async (path: string) =>
    (await testApp.database.db.selectFrom('sections').where('path', '=', path).select('id').executeTakeFirstOrThrow()).id;

  it('refuses other roles, missing tokens, unknown fronts and junk', async () => {
    expect((await author.get('/newsroom/fronts')).statusCode).toBe(403);
    expect((await author.get('/newsroom/fronts/home')).statusCode).toBe(403);
    expect((await testApp.app.inject({ url: '/newsroom/fronts/home' })).statusCode).toBe(303);
    const page = await editor.get('/newsroom/fronts/home');
    const base = { _csrf: hiddenValue(page.body, '_csrf'), version: hiddenValue(page.body, 'version') };
    expect((await editor.post('/newsroom/fronts/home', { version: base.version, op: 'save' })).statusCode).toBe(403);
    expect((await editor.get('/newsroom/fronts/nowhere')).statusCode).toBe(404);
    expect((await editor.get('/newsroom/fronts/..%2Fetc')).statusCode).toBe(404);
    expect((await editor.post('/newsroom/fronts/home', { ...base, op: 'drop-tables' })).statusCode).toBe(400);
    expect((await editor.post('/newsroom/fronts/home', { ...base, slot: 'x', op: 'save' })).statusCode).toBe(400);
    expect((await editor.post('/newsroom/fronts/home', { ...base, slot: ['1', '1'], op: 'save' })).statusCode).toBe(422);
  });
});
