// What readers see of the newsroom's work, through the real pages and caches:
// a story published by the editing service appears on its page and the
// listings at once (no stale cache), a scheduled one at its time, a renamed
// one keeps its old address (301), corrections show at the foot and in the
// JSON-LD, the hero's own caption and alt text replace the library's, and an
// unpublished one answers 410.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { insertUser } from '../accounts/testing/user-fixtures.js';
import type { Actor, EditableArticle, EditOutcome } from './article-editing.types.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

function saved(outcome: EditOutcome): EditableArticle {
  if (outcome.kind !== 'saved') throw new Error(`expected a save, got ${JSON.stringify(outcome)}`);
  return outcome.article;
}

function jsonLd(html: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(match![1]!) as Record<string, unknown>;
}

describeEachEngine('reader pages of edited articles', (engine) => {
  let testApp: TestApp;
  let editor: Actor;
  const get = (url: string) => testApp.app.inject({ url });

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    await testApp.articles.afterContentChange();
    const userId = await insertUser(testApp.database.db, {
      email: 'eve@newsroom.test',
      passwordHash: null,
      firstName: 'Eve',
      lastName: 'Editor',
      dateOfBirth: null,
      role: 'editor',
      marketingOptOut: true,
      now: FIXTURE_NOW.toISOString(),
    });
    editor = { kind: 'staff', userId: userId!, name: 'Eve Editor', role: 'editor' };
  });
  afterAll(() => testApp?.destroy());

  it('publishes, renames with a 301 from the old address, corrects, and unpublishes with a 410', async () => {
    // The front is cached before the story exists: publishing must drop it.
    expect((await get('/world')).statusCode).toBe(200);
    const draft = saved(
      await testApp.articleEditing.create(editor, {
        fields: {
          headline: 'Tide gauge <b>rebuilt</b> at the north pier',
          section: 'world',
          authors: ['Eve Editor'],
          hero: {
            imageId: 'fixture-hero',
            caption: 'The new gauge at low water',
            credit: 'Harbour office',
            alt: 'A steel gauge on a pier',
          },
          body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The gauge reads every minute.' }] }] },
        },
        action: 'publish',
      }),
    );
    expect((await get(draft.path)).statusCode).toBe(200);
    const page = (await get(draft.path)).body;
    expect(page).toContain('Tide gauge &lt;b>rebuilt&lt;/b> at the north pier');
    expect(page).not.toContain('<b>rebuilt');
    expect(page).toContain('The new gauge at low water');
    expect(page).toContain('alt="A steel gauge on a pier"');
    const world = (await get('/world')).body;
    expect(world).toContain('Tide gauge &lt;b>rebuilt&lt;/b> at the north pier');
    expect(world).not.toContain('<b>rebuilt');

    const renamed = saved(
      await testApp.articleEditing.save(editor, draft.id, { baseVersion: 1, action: 'save', fields: { slug: 'tide-gauge-rebuilt' } }),
    );
    const old = await get(draft.path);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(renamed.path);
    expect((await get(renamed.path)).statusCode).toBe(200);

    saved(await testApp.articleEditing.addCorrection(editor, draft.id, 2, 'An earlier version named the wrong pier.'));
    const corrected = (await get(renamed.path)).body;
    expect(corrected).toContain('An earlier version named the wrong pier.');
    const data = jsonLd(corrected);
    expect(data.correction).toEqual([
      { '@type': 'CorrectionComment', text: 'An earlier version named the wrong pier.', datePublished: FIXTURE_NOW.toISOString() },
    ]);

    saved(await testApp.articleEditing.save(editor, draft.id, { baseVersion: 3, action: 'unpublish' }));
    expect((await get(renamed.path)).statusCode).toBe(410);
    expect((await get('/world')).body).not.toContain('Tide gauge');
  });

  it('shows a scheduled story at its time, not before', async () => {
    const at = new Date(FIXTURE_NOW.getTime() + 3_600_000).toISOString();
    const scheduled = saved(
      await testApp.articleEditing.create(editor, {
        fields: { headline: 'Night ferry returns for the summer', section: 'world', authors: ['Eve Editor'] },
        action: 'schedule',
        publishAt: at,
      }),
    );
    expect((await get(scheduled.path)).statusCode).toBe(404);
    expect((await get('/world')).body).not.toContain('Night ferry returns');
    testApp.clock.set(at);
    expect((await get(scheduled.path)).statusCode).toBe(200);
    expect((await get('/world')).body).toContain('Night ferry returns');
  });
});
