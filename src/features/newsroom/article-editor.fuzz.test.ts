// Whatever a signed-in editor's browser posts to the article editor (a new
// article or a save, with or without the editor script's document), the answer
// is never a 5xx, and a refusal (4xx) stores nothing. A stale save (409) keeps
// the stale text as a revision by design, and leaves the article as it was.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { signInAsStaff, type FormFields, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { editorFormFields } from './testing/editor-form.js';

const VALID_DOC = JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Fuzzed' }] }] });
const value = formValue(
  awkwardText(
    [
      'world',
      'world/europe',
      'politics',
      'free',
      'premium',
      'save',
      'submit',
      'publish',
      'schedule',
      'unpublish',
      'autosave',
      '2026-04-01T10:00',
      '2026-03-29T01:30',
      '2020-01-01T00:00',
      '1',
      '2',
      '2147483648',
      'a-valid-slug',
      'Ada Fenwick, Someone New',
      VALID_DOC,
      '{"type":"doc","content":[{"type":"figure","attrs":{"imageId":"nope","alt":""}}]}',
      '{"type":"doc"',
      'x'.repeat(300),
    ],
    { maxLength: 40 },
  ),
  { canBeMissing: true },
);

const FIELDS = [
  'kicker',
  'headline',
  'standfirst',
  'section',
  'topics',
  'authors',
  'access',
  'commentsEnabled',
  'slug',
  'heroImageId',
  'heroCaption',
  'heroCredit',
  'heroAlt',
  'agencyCredit',
  'editorialNote',
  'body',
  'bodyPlainHash',
  'bodyDoc',
  'publishAt',
  'significantUpdate',
  'version',
  'action',
  '__proto__',
  'constructor',
];

const post = fc.record({
  target: fc.constantFrom('new', 'existing'),
  // Start from the page's own fields now and then, so accepted saves are fuzzed too.
  fromPage: fc.boolean(),
  fields: fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 10 }),
});

describeEachEngine('fuzzing the article editor form', (engine) => {
  let testApp: TestApp;
  let db: Db;
  let editor: TestBrowser;
  let articleId: number;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    db = testApp.database.db;
    await seedFixtureNewspaper(db);
    ({ browser: editor } = await signInAsStaff({
      app: testApp.app,
      db,
      clock: testApp.clock,
      role: 'editor',
      remoteAddress: '198.51.100.90',
    }));
    const page = await editor.get('/newsroom/articles/new');
    const created = await editor.post('/newsroom/articles', { ...editorFormFields(page.body), headline: 'Fuzz target', section: 'world' });
    articleId = Number(/articles\/(\d+)\/edit/.exec(created.headers.location!)![1]);
  });
  afterAll(() => testApp.destroy());

  const count = async (table: 'articles' | 'article_revisions' | 'images' | 'topics' | 'authors') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const snapshot = async () => ({
    articles: await count('articles'),
    revisions: await count('article_revisions'),
    images: await count('images'),
    topics: await count('topics'),
    authors: await count('authors'),
    target: await db.selectFrom('articles').selectAll().where('id', '=', articleId).executeTakeFirstOrThrow(),
  });

  it('never fails, and a refused post stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(post, async ({ target, fromPage, fields }) => {
        const url = target === 'new' ? '/newsroom/articles/new' : `/newsroom/articles/${articleId}/edit`;
        const page = editorFormFields((await editor.get(url)).body);
        const submitted: FormFields = { ...(fromPage ? page : {}), ...fields, _csrf: page._csrf };
        const before = await snapshot();
        const response = await editor.post(target === 'new' ? '/newsroom/articles' : `/newsroom/articles/${articleId}`, submitted);
        const label = `${target} ${response.statusCode} ${JSON.stringify(submitted).slice(0, 400)}`;
        expect(response.statusCode, label).toBeLessThan(500);
        const after = await snapshot();
        if (response.statusCode === 409) expect({ ...after, revisions: before.revisions }, label).toEqual(before);
        else if (response.statusCode >= 400) expect(after, label).toEqual(before);
      }),
      { numRuns: engine === 'sqlite' ? 150 : 60 },
    );
  });

  it('never fails on bodies no form would send, on every newsroom post', async () => {
    const contentType = fc.constantFrom(
      'application/x-www-form-urlencoded',
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      'multipart/form-data',
      'application/octet-stream',
    );
    const paths = fc.constantFrom(
      '/newsroom/articles',
      `/newsroom/articles/{id}`,
      `/newsroom/articles/{id}/autosave`,
      `/newsroom/articles/{id}/presence`,
      `/newsroom/articles/{id}/conflict/keep-mine`,
      '/newsroom/images',
    );
    const body = fc.oneof(
      fc.string({ maxLength: 200 }).map((raw) => (csrf: string) => `_csrf=${encodeURIComponent(csrf)}&${raw}`),
      fc
        .string({ maxLength: 200 })
        .map((raw) => (csrf: string) => `--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--x\r\n${raw}`),
      fc.jsonValue({ maxDepth: 2 }).map((value) => () => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(paths, contentType, body, async (path, type, buildBody) => {
        const csrf = String(editorFormFields((await editor.get(`/newsroom/articles/${articleId}/edit`)).body)._csrf);
        const url = path.replace('{id}', String(articleId));
        const payload = buildBody(csrf);
        const before = await snapshot();
        const response = await editor.request({
          method: 'POST',
          url,
          payload,
          headers: { 'content-type': type, origin: 'https://news.example.test' },
        });
        const label = `${url} ${type} ${payload.slice(0, 200)}`;
        expect(response.statusCode, label).toBeLessThan(500);
        if (response.statusCode >= 400) expect(await snapshot(), label).toEqual(before);
      }),
      { numRuns: engine === 'sqlite' ? 100 : 40 },
    );
  });
});
