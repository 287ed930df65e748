// Test support for the newsroom's article pages: a test app over the fixture
// newspaper (either engine) with one signed-in browser per staff role, and
// the moves a person makes with the editor form (open it, fill it in, post it).
import { afterAll, beforeAll, expect } from 'vitest';
import type { Db } from '../../../core/db/database.js';
import type { Engine } from '../../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../../testing/test-app.js';
import { signInAsStaff, type FormFields, type TestBrowser } from '../../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../../articles/testing/fixture-newspaper.js';
import { editorFormFields } from './editor-form.js';

export type StaffRole = 'contributor' | 'author' | 'editor' | 'admin' | 'moderator';

/** Display names, so pages and presence can be checked for them. */
export const STAFF_NAMES: Record<StaffRole, [string, string]> = {
  contributor: ['Cara', 'Quill'],
  author: ['Ada', 'Byline'],
  editor: ['Eve', 'Desk'],
  admin: ['Ari', 'Root'],
  moderator: ['Mo', 'Derate'],
};

export interface NewsroomDesk {
  testApp: TestApp;
  db: Db;
  staff: Record<StaffRole, TestBrowser>;
}

/** Registers the suite's setup and teardown; the returned object is filled in before the first test. */
export function useNewsroomDesk(engine: Engine) {
  const desk = { staff: {} } as NewsroomDesk;

  beforeAll(async () => {
    desk.testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    desk.db = desk.testApp.database.db;
    await seedFixtureNewspaper(desk.db);
    for (const [index, role] of (Object.keys(STAFF_NAMES) as StaffRole[]).entries()) {
      const signedIn = await signInAsStaff({
        app: desk.testApp.app,
        db: desk.db,
        clock: desk.testApp.clock,
        role,
        remoteAddress: `198.51.100.${10 + index}`,
      });
      desk.staff[role] = signedIn.browser;
      await desk.db
        .updateTable('users')
        .set({ first_name: STAFF_NAMES[role][0], last_name: STAFF_NAMES[role][1] })
        .where('id', '=', signedIn.userId)
        .execute();
    }
  });
  afterAll(() => desk.testApp.destroy());

  const count = async (table: 'articles' | 'article_revisions') =>
    Number(
      (
        await desk.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Opens the new-article page, fills it in and posts it; answers the response and the new article's id. */
  async function create(browser: TestBrowser, changes: FormFields = {}) {
    const page = await browser.get('/newsroom/articles/new');
    expect(page.statusCode).toBe(200);
    const fields = {
      ...editorFormFields(page.body),
      headline: `Ferry timetable ${Math.random().toString(36).slice(2, 8)}`,
      section: 'world',
      authors: 'Cara Quill, Ada Byline',
      body: 'The first ferry leaves at six.\n\nThe last one returns at ten.',
      action: 'save',
      ...changes,
    };
    const response = await browser.post('/newsroom/articles', fields);
    const id = response.statusCode === 303 ? Number(/\/newsroom\/articles\/(\d+)\/edit/.exec(response.headers.location!)![1]) : null;
    return { response, id };
  }

  async function openEditor(browser: TestBrowser, id: number) {
    const page = await browser.get(`/newsroom/articles/${id}/edit`);
    expect(page.statusCode).toBe(200);
    return { html: page.body, fields: editorFormFields(page.body) };
  }

  /** Opens the editor, changes what `changes` says, and posts the form as the browser would. */
  async function saveThroughForm(browser: TestBrowser, id: number, changes: FormFields) {
    const { fields } = await openEditor(browser, id);
    return browser.post(`/newsroom/articles/${id}`, { ...fields, ...changes });
  }

  return {
    desk,
    create,
    openEditor,
    saveThroughForm,
    articleCount: () => count('articles'),
    revisionCount: () => count('article_revisions'),
    stored: (id: number) => desk.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  };
}
