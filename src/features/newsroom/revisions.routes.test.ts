// Revisions: the list (who — a person or an API key —, when, what), the
// comparison of any two (per field; the body by paragraph and word, with
// <ins>/<del> and words for screen readers), and restoring one as a new
// save (CSRF; 303 to the editor; a stale page is kept, not applied).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hiddenValue, pageText } from '../accounts/testing/session-helpers.js';
import type { Actor, EditableArticle } from '../articles/articles.types.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { saved, signInWriter, type StaffWriter } from './testing/newsroom-staff.js';

const doc = (...paragraphs: string[]) => ({
  type: 'doc' as const,
  content: paragraphs.map((text) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] })),
});

describeEachEngine('revisions pages', (engine) => {
  let testApp: TestApp;
  let editor: StaffWriter;
  let contributor: StaffWriter;
  let moderator: StaffWriter;
  let article: EditableArticle;
  let revisionIds: number[];
  const revisionsPath = (id: number) => `/newsroom/articles/${id}/revisions`;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    const { db } = testApp.database;
    await seedFixtureNewspaper(db);
    editor = await signInWriter(testApp, 'editor');
    contributor = await signInWriter(testApp, 'contributor');
    moderator = await signInWriter(testApp, 'moderator');
    const key = await db
      .insertInto('api_keys')
      .values({ name: 'wire-desk', role: 'editor', key_hash: 'not-a-real-hash', created_at: FIXTURE_NOW.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const wire: Actor = { kind: 'api-key', apiKeyId: key.id, name: 'wire-desk', role: 'editor' };
    article = saved(
      await testApp.articleEditing.create(wire, {
        fields: {
          headline: 'Tide mill restored',
          section: 'world',
          authors: ['Ada Fenwick'],
          body: doc(
            'The mill turned again on a wet Sunday.',
            'Volunteers spent three years on the wheel.',
            'It had stood still since the flood.',
          ),
        },
      }),
    );
    testApp.clock.set(new Date(FIXTURE_NOW.getTime() + 60_000));
    article = saved(
      await testApp.articleEditing.save(editor.actor, article.id, {
        baseVersion: 1,
        action: 'save',
        fields: {
          headline: 'Tide mill restored <after> years',
          body: doc(
            'The mill turned again on Sunday morning.',
            'A new paragraph about the miller.',
            'Volunteers spent three years on the wheel.',
          ),
        },
      }),
    );
    testApp.clock.set(FIXTURE_NOW);
    const listed = await testApp.articleEditing.listRevisions(editor.actor, article.id, { beforeId: null, limit: 10 });
    if (listed.kind !== 'found') throw new Error('no revisions');
    revisionIds = listed.value.map((revision) => revision.id).reverse();
  });
  afterAll(() => testApp?.destroy());

  it('lists who (a person or an API key), when and what', async () => {
    const response = await editor.browser.get(revisionsPath(article.id));
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const text = pageText(response.body);
    expect(text).toContain('wire-desk');
    expect(text).toContain('Created');
    expect(text).toContain('Staff Member');
    expect(text).toContain('Saved');
    expect(response.body).toContain(`${revisionsPath(article.id)}/compare?from=${revisionIds[0]}&amp;to=${revisionIds[1]}`);
  });

  it('compares two revisions field by field, the body by paragraph and word, escaped', async () => {
    const response = await editor.browser.get(`${revisionsPath(article.id)}/compare?from=${revisionIds[0]}&to=${revisionIds[1]}`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain(
      '<p class="diff-changed">The mill turned again on <del><span class="visually-hidden">removed: </span>a wet <span class="visually-hidden"> (end of removed text)</span></del>Sunday<ins><span class="visually-hidden">added: </span> morning<span class="visually-hidden"> (end of added text)</span></ins>.</p>',
    );
    expect(html).toContain(
      '<p class="diff-removed"><del><span class="visually-hidden">removed: </span>It had stood still since the flood.',
    );
    expect(html).toContain('<p class="diff-added"><ins><span class="visually-hidden">added: </span>A new paragraph about the miller.');
    expect(html).toContain('<p class="diff-same">Volunteers spent three years on the wheel.</p>');
    // The headline's change, escaped: a revision's text is never markup.
    expect(html).toContain('&lt;after>');
    expect(html).not.toContain('<after>');
    expect(pageText(html)).toContain('Unchanged: Kicker');
    // Any two, either way round; the same one twice shows no change.
    expect((await editor.browser.get(`${revisionsPath(article.id)}/compare?from=${revisionIds[1]}&to=${revisionIds[0]}`)).statusCode).toBe(
      200,
    );
    const same = await editor.browser.get(`${revisionsPath(article.id)}/compare?from=${revisionIds[1]}&to=${revisionIds[1]}`);
    expect(same.body).toContain('These two revisions have the same text.');
  });

  it('restores a revision as a new save and goes to the editor; a stale page is not applied', async () => {
    const comparePath = `${revisionsPath(article.id)}/compare?from=${revisionIds[0]}&to=${revisionIds[1]}`;
    const page = await editor.browser.get(comparePath);
    const restorePath = `${revisionsPath(article.id)}/${revisionIds[0]}/restore`;
    expect(page.body).toContain(`action="${restorePath}"`);
    // The newer side is the text as it stands: nothing to restore.
    expect(page.body).not.toContain(`${revisionsPath(article.id)}/${revisionIds[1]}/restore`);
    expect(page.body).toContain('This is the article as it stands now.');
    const csrf = hiddenValue(page.body, '_csrf');
    const baseVersion = hiddenValue(page.body, 'baseVersion');
    expect(baseVersion).toBe('2');

    expect((await editor.browser.post(restorePath, { baseVersion })).statusCode).toBe(403);
    expect((await editor.browser.post(restorePath, { _csrf: csrf, baseVersion }, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect(
      (await contributor.browser.post(restorePath, { _csrf: (await contributor.browser.openForm('/account')).csrf, baseVersion }))
        .statusCode,
    ).toBe(403);

    const restored = await editor.browser.post(restorePath, { _csrf: csrf, baseVersion });
    expect(restored.statusCode).toBe(303);
    expect(restored.headers.location).toBe(`/newsroom/articles/${article.id}/edit`);
    const now = await testApp.articleEditing.get(editor.actor, article.id);
    expect(now.kind === 'found' && now.value.headline).toBe('Tide mill restored');
    expect(now.kind === 'found' && now.value.version).toBe(3);
    expect(pageText((await editor.browser.get(revisionsPath(article.id))).body)).toContain('Restored an earlier revision');

    // The same page again: its base version is old now.
    const stale = await editor.browser.post(restorePath, { _csrf: csrf, baseVersion });
    expect(stale.statusCode).toBe(303);
    expect(stale.headers.location).toBe(`${revisionsPath(article.id)}?notice=conflict`);
    expect((await editor.browser.get(stale.headers.location!)).body).toContain('was not restored');
    const after = await testApp.articleEditing.get(editor.actor, article.id);
    expect(after.kind === 'found' && after.value.version).toBe(3);
    expect((await editor.browser.post(restorePath, { _csrf: csrf, baseVersion: 'x' })).statusCode).toBe(400);
  });

  it('refuses other people’s articles to contributors, moderators and visitors; unknown revisions are 404', async () => {
    expect((await contributor.browser.get(revisionsPath(article.id))).statusCode).toBe(403);
    expect((await moderator.browser.get(revisionsPath(article.id))).statusCode).toBe(403);
    expect((await testApp.app.inject({ url: revisionsPath(article.id) })).statusCode).toBe(303);
    const other = saved(await testApp.articleEditing.create(editor.actor, { fields: { headline: 'Another story', section: 'world' } }));
    const otherRevisions = await testApp.articleEditing.listRevisions(editor.actor, other.id, { beforeId: null, limit: 1 });
    const foreignId = otherRevisions.kind === 'found' ? otherRevisions.value[0]!.id : 0;
    expect((await editor.browser.get(`${revisionsPath(article.id)}/compare?from=${revisionIds[0]}&to=${foreignId}`)).statusCode).toBe(404);
    expect((await editor.browser.get(`${revisionsPath(article.id)}/compare?from=abc&to=1`)).statusCode).toBe(400);
    expect((await editor.browser.get(`${revisionsPath(article.id)}?before=${revisionIds[0]}`)).statusCode).toBe(404);
  });

  it('shows a contributor why they cannot restore a revision of their own live article, instead of a button the server refuses', async () => {
    const own = saved(
      await testApp.articleEditing.create(contributor.actor, {
        fields: {
          headline: 'Allotment prize',
          section: 'world',
          authors: ['Ada Fenwick'],
          body: doc('The marrow weighed more than the judge.'),
        },
      }),
    );
    const edited = saved(
      await testApp.articleEditing.save(contributor.actor, own.id, {
        baseVersion: own.version,
        action: 'save',
        fields: { headline: 'Allotment prize goes to a marrow' },
      }),
    );
    const history = await testApp.articleEditing.listRevisions(contributor.actor, own.id, { beforeId: null, limit: 5 });
    const [newer, older] = history.kind === 'found' ? history.value : [];
    const comparePath = `${revisionsPath(own.id)}/compare?from=${older!.id}&to=${newer!.id}`;
    // While it is a draft the contributor may restore.
    expect((await contributor.browser.get(comparePath)).body).toContain(`${revisionsPath(own.id)}/${older!.id}/restore`);

    saved(await testApp.articleEditing.save(editor.actor, own.id, { baseVersion: edited.version, action: 'publish' }));
    const live = await contributor.browser.get(comparePath);
    expect(live.statusCode).toBe(200);
    expect(live.body).not.toContain('/restore"');
    expect(pageText(live.body)).toContain('Once an article is published only an author or an editor can change it.');
    expect((await editor.browser.get(comparePath)).body).toContain(`${revisionsPath(own.id)}/${older!.id}/restore`);
  });
});
