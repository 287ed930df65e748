// Whatever a client puts in the address or the forms of the preview, share
// link and revision pages, the answer is never a 5xx, and a refused post
// stores nothing (no share link, no revision).
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { FormFields } from '../accounts/testing/session-helpers.js';
import type { EditableArticle } from '../articles/articles.types.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { createCanaryStory, signInWriter, type StaffWriter } from './testing/newsroom-staff.js';

const word = awkwardText(
  ['1', '7', '30', '0', '-1', '1e3', '99999999999', 'subscriber', 'anonymous-metered', '%00', '../', 'A'.repeat(43)],
  {
    maxLength: 60,
  },
);

describeEachEngine('newsroom article tools fuzzing', (engine) => {
  let testApp: TestApp;
  let editor: StaffWriter;
  let article: EditableArticle;
  let csrf: string;

  const counts = async () => {
    const { db } = testApp.database;
    const links = await db.selectFrom('article_share_links').select('id').execute();
    const revisions = await db.selectFrom('article_revisions').select('id').execute();
    return { links: links.length, revisions: revisions.length };
  };

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    editor = await signInWriter(testApp, 'editor');
    article = await createCanaryStory(testApp, editor.actor, { headline: 'Harbour lights survey', access: 'premium' });
    csrf = (await editor.browser.openForm(`/newsroom/articles/${article.id}/share-links`)).csrf;
  });
  afterAll(() => testApp?.destroy());

  it('answers every address without a 5xx', async () => {
    const base = () => `/newsroom/articles/${article.id}`;
    const address = fc.oneof(
      word.map((value) => `${base()}/preview?as=${encodeURIComponent(value)}`),
      word.map((value) => `/newsroom/articles/${encodeURIComponent(value)}/preview`),
      fc.tuple(word, word).map(([from, to]) => `${base()}/revisions/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
      word.map((value) => `${base()}/revisions?before=${encodeURIComponent(value)}`),
      word.map((value) => `/preview/${encodeURIComponent(value)}`),
    );
    await fc.assert(
      fc.asyncProperty(address, async (url) => {
        const response = await editor.browser.get(url);
        expect(response.statusCode, url).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
  });

  it('refuses bad posts without a 5xx and stores nothing', async () => {
    const fields = fc.record(
      { expiresInDays: formValue(word, { canBeMissing: true }), baseVersion: formValue(word, { canBeMissing: true }) },
      { requiredKeys: [] },
    );
    const path = fc.constantFrom(
      `/newsroom/articles/${article.id}/share-links`,
      `/newsroom/articles/${article.id}/share-links/1/revoke`,
      `/newsroom/articles/${article.id}/revisions/1/restore`,
      `/newsroom/articles/${article.id}/revisions/999999/restore`,
    );
    await fc.assert(
      fc.asyncProperty(path, fields, fc.boolean(), async (url, form, withToken) => {
        const before = await counts();
        const response = await editor.browser.post(url, { ...(form as FormFields), ...(withToken ? { _csrf: csrf } : {}) });
        expect(response.statusCode, url).toBeLessThan(500);
        if (response.statusCode >= 400) expect(await counts()).toEqual(before);
      }),
      { numRuns: 80 },
    );
  });
});
