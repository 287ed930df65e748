// Whatever a client puts in the address or the forms of the fronts, sections,
// topics and authors pages, the answer is never a 5xx, and a refused post
// (4xx) stores nothing: no slot, no version, no section, topic, author or
// redirect changes.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { FormFields } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { signInWriter, type StaffWriter } from './testing/newsroom-staff.js';

const word = awkwardText(
  [
    '0',
    '1',
    '2',
    '99999999999',
    '-1',
    'home',
    'world',
    'world/europe',
    'save',
    'preview',
    'search',
    'add-1',
    'up-0',
    'down-1',
    'remove-0',
    'up',
    'down',
    'fixture-hero',
    'newsroom',
    'x'.repeat(90),
    '../',
    '%00',
  ],
  { maxLength: 60 },
);

describeEachEngine('newsroom fronts and taxonomy fuzzing', (engine) => {
  let testApp: TestApp;
  let editor: StaffWriter;
  let csrf: string;

  /** Everything these pages may write, as one comparable value. */
  const snapshot = async () => {
    const { db } = testApp.database;
    return JSON.stringify([
      await db.selectFrom('front_slots').selectAll().orderBy('front').orderBy('position').execute(),
      await db.selectFrom('front_versions').select(['front', 'version']).orderBy('front').execute(),
      await db.selectFrom('sections').selectAll().orderBy('id').execute(),
      await db.selectFrom('topics').selectAll().orderBy('id').execute(),
      await db.selectFrom('authors').select(['id', 'slug', 'name', 'job_title', 'bio', 'picture_image_id']).orderBy('id').execute(),
      await db.selectFrom('path_redirects').select(['old_path', 'new_path']).orderBy('old_path').execute(),
    ]);
  };

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    editor = await signInWriter(testApp, 'editor');
    csrf = (await editor.browser.openForm('/newsroom/fronts/home')).csrf;
  });
  afterAll(() => testApp?.destroy());

  it('answers every address without a 5xx', async () => {
    const address = fc.oneof(
      word.map((value) => `/newsroom/fronts/${encodeURIComponent(value)}`),
      word.map((value) => `/newsroom/fronts/${value}`),
      word.map((value) => `/newsroom/fronts/home?saved=${encodeURIComponent(value)}`),
      fc
        .tuple(fc.constantFrom('sections', 'topics', 'authors'), word)
        .map(([kind, value]) => `/newsroom/${kind}/${encodeURIComponent(value)}`),
      fc
        .tuple(fc.constantFrom('sections', 'topics', 'authors'), word)
        .map(([kind, value]) => `/newsroom/${kind}?done=${encodeURIComponent(value)}`),
    );
    await fc.assert(
      fc.asyncProperty(address, async (url) => {
        const response = await editor.browser.get(url);
        expect(response.statusCode, url).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses bad posts without a 5xx and stores nothing', async () => {
    const field = formValue(word, { canBeMissing: true });
    const fields = fc.record(
      {
        version: field,
        slot: field,
        q: field,
        op: field,
        name: field,
        slug: field,
        parent: field,
        description: field,
        jobTitle: field,
        bio: field,
        picture: field,
        direction: field,
      },
      { requiredKeys: [] },
    );
    const path = fc.constantFrom(
      '/newsroom/fronts/home',
      '/newsroom/fronts/world',
      '/newsroom/fronts/nowhere',
      '/newsroom/sections',
      '/newsroom/sections/1',
      '/newsroom/sections/1/move',
      '/newsroom/sections/999999/move',
      '/newsroom/topics',
      '/newsroom/topics/1',
      '/newsroom/authors',
      '/newsroom/authors/1',
      '/newsroom/authors/999999',
    );
    await fc.assert(
      fc.asyncProperty(path, fields, fc.boolean(), async (url, form, withToken) => {
        const before = await snapshot();
        const response = await editor.browser.post(url, { ...(form as FormFields), ...(withToken ? { _csrf: csrf } : {}) });
        expect(response.statusCode, url).toBeLessThan(500);
        if (response.statusCode >= 400) expect(await snapshot(), `${url} ${response.statusCode}`).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });
});
