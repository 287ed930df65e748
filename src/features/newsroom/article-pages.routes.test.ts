// The newsroom's article pages through the whole app, on both engines: who
// may open and post what, writing through the forms (create, save, submit,
// publish, schedule, unpublish), refusals that store nothing, the body kept
// as it was when the textarea is untouched, and two saves that meet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { pageText, signInAsStaff, TestBrowser, type FormFields } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { actionButtons, bodyDocIn, editorFormFields } from './testing/editor-form.js';

type StaffRole = 'contributor' | 'author' | 'editor' | 'admin' | 'moderator';

describeEachEngine('newsroom article pages', (engine) => {
  let testApp: TestApp;
  let db: Db;
  const staff = {} as Record<StaffRole, TestBrowser>;
  const userIds = {} as Record<StaffRole, number>;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    db = testApp.database.db;
    await seedFixtureNewspaper(db);
    const names: Record<StaffRole, [string, string]> = {
      contributor: ['Cara', 'Quill'],
      author: ['Ada', 'Byline'],
      editor: ['Eve', 'Desk'],
      admin: ['Ari', 'Root'],
      moderator: ['Mo', 'Derate'],
    };
    for (const [index, role] of (Object.keys(names) as StaffRole[]).entries()) {
      const signedIn = await signInAsStaff({ app: testApp.app, db, clock: testApp.clock, role, remoteAddress: `198.51.100.${10 + index}` });
      staff[role] = signedIn.browser;
      userIds[role] = signedIn.userId;
      await db
        .updateTable('users')
        .set({ first_name: names[role][0], last_name: names[role][1] })
        .where('id', '=', signedIn.userId)
        .execute();
    }
  });
  afterAll(() => testApp.destroy());

  const articleCount = async () =>
    Number(
      (
        await db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const revisionCount = async () =>
    Number(
      (
        await db
          .selectFrom('article_revisions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const stored = (id: number) => db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

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

  async function saveThroughForm(browser: TestBrowser, id: number, changes: FormFields) {
    const { fields } = await openEditor(browser, id);
    return browser.post(`/newsroom/articles/${id}`, { ...fields, ...changes });
  }

  describe('who may open what', () => {
    const pages = [
      '/newsroom',
      '/newsroom/articles',
      '/newsroom/articles?state=x&page=abc',
      '/newsroom/articles/new',
      '/newsroom/articles/1/edit',
      '/newsroom/articles/abc/edit',
      '/newsroom/articles/1/conflict?revision=1',
    ];
    const posts = [
      '/newsroom/articles',
      '/newsroom/articles/1',
      '/newsroom/articles/1/autosave',
      '/newsroom/articles/1/presence',
      '/newsroom/images',
      '/newsroom/articles/1/conflict/keep-mine',
      '/newsroom/articles/x',
    ];

    it('sends anonymous visitors to sign in, whatever the address or the post', async () => {
      const anonymous = new TestBrowser(testApp.app, '192.0.2.80');
      for (const url of pages) {
        const response = await anonymous.get(url);
        expect(response.statusCode, url).toBe(303);
        expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(url)}`);
      }
      const before = await articleCount();
      for (const url of posts) expect((await anonymous.post(url, { headline: 'x', section: 'world' })).statusCode, url).toBe(303);
      expect(await articleCount()).toBe(before);
    });

    it('refuses moderators and readers everything, and checks the role on each request', async () => {
      const reader = new TestBrowser(testApp.app, '192.0.2.81');
      const { browser: readerLike, userId } = await signInAsStaff({
        app: testApp.app,
        db,
        clock: testApp.clock,
        role: 'author',
        remoteAddress: '198.51.100.40',
      });
      await db.updateTable('users').set({ role: 'reader' }).where('id', '=', userId).execute();
      const before = await articleCount();
      for (const browser of [staff.moderator, readerLike]) {
        for (const url of pages) expect((await browser.get(url)).statusCode, url).toBe(403);
        for (const url of posts) expect((await browser.post(url, { headline: 'x', section: 'world' })).statusCode, url).toBe(403);
      }
      expect(await articleCount()).toBe(before);
      expect((await reader.get('/newsroom')).statusCode).toBe(303);
    });

    it('serves every page no-store and noindex', async () => {
      for (const url of ['/newsroom', '/newsroom/articles', '/newsroom/articles/new', '/newsroom/articles/1/edit']) {
        const response = await staff.editor.get(url);
        expect(response.statusCode, url).toBe(200);
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
        expect(response.body).toContain('<meta name="robots" content="noindex, nofollow"');
      }
    });

    it('refuses a post without the CSRF token, storing nothing', async () => {
      const before = await articleCount();
      const page = await staff.editor.get('/newsroom/articles/new');
      const fields = { ...editorFormFields(page.body), headline: 'No token', section: 'world', _csrf: 'forged' };
      expect((await staff.editor.post('/newsroom/articles', fields)).statusCode).toBe(403);
      expect((await staff.editor.post('/newsroom/articles', { ...fields, _csrf: undefined })).statusCode).toBe(403);
      expect(await articleCount()).toBe(before);
    });
  });

  describe('roles and the workflow', () => {
    it('offers each role only the buttons it may use', async () => {
      const labels = async (browser: TestBrowser) => actionButtons((await browser.get('/newsroom/articles/new')).body);
      expect(await labels(staff.contributor)).toEqual(['Save draft', 'Submit for review']);
      expect(await labels(staff.author)).toEqual(['Save draft', 'Submit for review', 'Publish']);
      expect(await labels(staff.editor)).toEqual(['Save draft', 'Submit for review', 'Publish', 'Schedule']);
    });

    it('lets a contributor write and submit, never publish or schedule', async () => {
      const { response, id } = await create(staff.contributor, { headline: 'Lighthouse keepers return' });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/newsroom/articles/${id}/edit?notice=saved`);
      const edit = await staff.contributor.get(response.headers.location!);
      expect(pageText(edit.body)).toContain('Saved');
      expect(edit.body).toContain('value="Lighthouse keepers return"');
      expect(edit.body).toContain('value="lighthouse-keepers-return"');

      for (const action of ['publish', 'schedule']) {
        const refused = await saveThroughForm(staff.contributor, id!, { action, publishAt: '2026-03-20T09:00' });
        expect(refused.statusCode, action).toBe(403);
      }
      expect((await stored(id!)).status).toBe('draft');
      const creating = await create(staff.contributor, { action: 'publish' });
      expect(creating.response.statusCode).toBe(403);

      const submitted = await saveThroughForm(staff.contributor, id!, { action: 'submit' });
      expect(submitted.statusCode).toBe(303);
      expect(submitted.headers.location).toBe(`/newsroom/articles/${id}/edit?notice=submitted`);
      expect(pageText((await staff.contributor.get(submitted.headers.location!)).body)).toContain('Submitted for review');
      expect((await stored(id!)).submitted_at).not.toBeNull();
      // Still theirs to edit while in review; others' work is not.
      expect((await saveThroughForm(staff.contributor, id!, { kicker: 'Coast' })).statusCode).toBe(303);
      const { id: editorsId } = await create(staff.editor);
      expect((await staff.contributor.get(`/newsroom/articles/${editorsId}/edit`)).statusCode).toBe(403);
      const { fields } = await openEditor(staff.editor, editorsId!);
      expect((await staff.contributor.post(`/newsroom/articles/${editorsId}`, { ...fields, headline: 'Taken over' })).statusCode).toBe(403);
      expect((await stored(editorsId!)).headline).not.toBe('Taken over');
    });

    it('lets an author publish and unpublish their own, but not schedule or touch others’', async () => {
      const { id } = await create(staff.author, { headline: 'Harbour wall repaired' });
      expect(actionButtons((await openEditor(staff.author, id!)).html)).toEqual(['Save draft', 'Submit for review', 'Publish']);
      expect((await saveThroughForm(staff.author, id!, { action: 'schedule', publishAt: '2026-03-20T09:00' })).statusCode).toBe(403);
      const published = await saveThroughForm(staff.author, id!, { action: 'publish' });
      expect(published.statusCode).toBe(303);
      expect(published.headers.location).toBe(`/newsroom/articles/${id}/edit?notice=published`);
      const row = await stored(id!);
      expect(row.status).toBe('published');
      expect(row.published_at).toBe(FIXTURE_NOW.toISOString());
      const live = await openEditor(staff.author, id!);
      expect(pageText(live.html)).toContain('Published');
      expect(actionButtons(live.html)).toEqual(['Save changes', 'Unpublish']);
      expect(live.html).toContain('Significant update');
      // The address of a published article is an editor's to change.
      expect((await saveThroughForm(staff.author, id!, { slug: 'a-new-address' })).statusCode).toBe(403);
      const unpublished = await saveThroughForm(staff.author, id!, { action: 'unpublish' });
      expect(unpublished.headers.location).toBe(`/newsroom/articles/${id}/edit?notice=unpublished`);
      expect((await stored(id!)).status).toBe('withdrawn');

      const { id: editorsId } = await create(staff.editor);
      expect((await staff.author.get(`/newsroom/articles/${editorsId}/edit`)).statusCode).toBe(403);
      const fixture = await db.selectFrom('articles').select('id').where('created_by_user_id', 'is', null).executeTakeFirstOrThrow();
      expect((await staff.author.get(`/newsroom/articles/${fixture.id}/edit`)).statusCode).toBe(403);
    });

    it('lets an editor schedule in the publication’s time zone and reschedule or publish now', async () => {
      const { id } = await create(staff.editor, { headline: 'Regatta moves to Sunday' });
      // Europe/London is the test publication's zone (GMT in March until the 29th).
      expect(testApp.config.publication.timeZone).toBe('Europe/London');
      const scheduled = await saveThroughForm(staff.editor, id!, { action: 'schedule', publishAt: '2026-04-02T07:30' });
      expect(scheduled.statusCode).toBe(303);
      expect(scheduled.headers.location).toBe(`/newsroom/articles/${id}/edit?notice=scheduled`);
      expect((await stored(id!)).published_at).toBe('2026-04-02T06:30:00.000Z');
      expect(pageText((await staff.editor.get(scheduled.headers.location!)).body)).toMatch(/Scheduled for \w+day 2 April 2026 07:30/);
      const page = await openEditor(staff.editor, id!);
      expect(page.fields.publishAt).toBe('2026-04-02T07:30');
      expect(actionButtons(page.html)).toEqual(['Save changes', 'Publish', 'Schedule', 'Unpublish']);

      const past = await saveThroughForm(staff.editor, id!, { action: 'schedule', publishAt: '2026-03-01T07:30' });
      expect(past.statusCode).toBe(422);
      expect(pageText(past.body)).toContain('Publication time: Choose a publication time in the future.');
      const skipped = await saveThroughForm(staff.editor, id!, { action: 'schedule', publishAt: '2026-03-29T01:30' });
      expect(skipped.statusCode).toBe(422);
      expect(pageText(skipped.body)).toContain('does not exist');

      // Publish with the time left as it was: now, not an error about a future time.
      const now = await saveThroughForm(staff.editor, id!, { action: 'publish' });
      expect(now.statusCode).toBe(303);
      expect((await stored(id!)).published_at).toBe(FIXTURE_NOW.toISOString());
    });

    it('lists work on the dashboard and the list page, each role seeing what the service lets it', async () => {
      const { id } = await create(staff.contributor, { headline: 'Dashboard draft of the contributor' });
      const dashboard = await staff.contributor.get('/newsroom');
      expect(dashboard.statusCode).toBe(200);
      const text = pageText(dashboard.body);
      for (const heading of ['My drafts', 'In review', 'Scheduled', 'Published', 'New article']) expect(text).toContain(heading);
      expect(text).toContain('Dashboard draft of the contributor');
      expect(dashboard.body).toContain(`href="/newsroom/articles/${id}/edit"`);
      // The fixture newspaper's stories were written by nobody here: only editors see them.
      expect(pageText((await staff.contributor.get('/newsroom/articles?state=published')).body)).toContain('No articles match.');
      const everything = pageText((await staff.editor.get('/newsroom/articles?state=published')).body);
      expect(everything).not.toContain('No articles match.');
      // An editor's own drafts on the dashboard; everyone's in the list.
      expect(pageText((await staff.editor.get('/newsroom')).body)).not.toContain('Dashboard draft of the contributor');
      expect(pageText((await staff.editor.get('/newsroom/articles?state=draft')).body)).toContain('Dashboard draft of the contributor');
      const mine = pageText((await staff.editor.get('/newsroom/articles?mine=1')).body);
      expect(mine).not.toContain('Dashboard draft of the contributor');

      const search = await staff.editor.get('/newsroom/articles?q=dashboard+contributor&state=draft&section=world');
      expect(pageText(search.body)).toContain('Dashboard draft of the contributor');
      expect(pageText((await staff.editor.get('/newsroom/articles?q=dashboard&section=politics')).body)).toContain('No articles match.');
      const byAuthor = await staff.editor.get('/newsroom/articles?author=cara-quill');
      expect(pageText(byAuthor.body)).toContain('Dashboard draft of the contributor');
      for (const url of ['/newsroom/articles?state=nonsense', '/newsroom/articles?q=%00%3Cscript%3E', '/newsroom/articles?page=9999'])
        expect((await staff.editor.get(url)).statusCode, url).toBe(200);
      expect((await staff.editor.get('/newsroom/articles?page=0')).statusCode).toBe(400);
    });
  });

  describe('the form', () => {
    it('answers 422 with every problem linked to its field, storing nothing', async () => {
      const [articles, revisions] = [await articleCount(), await revisionCount()];
      const { response } = await create(staff.editor, {
        headline: ' ',
        section: 'nowhere',
        access: 'everyone',
        slug: 'Not A Slug',
        heroImageId: 'no-such-image',
        heroAlt: '',
        publishAt: 'soon',
        action: 'schedule',
      });
      expect(response.statusCode).toBe(422);
      expect(response.headers['cache-control']).toBe('no-store');
      const text = pageText(response.body);
      expect(text).toContain('There is a problem');
      expect(text).toContain('Access: Choose free, registered or premium.');
      expect(text).toContain('Publication time: Enter the publication time as a date and a time.');
      expect(response.body).toContain('href="#field-access-free"');
      expect(response.body).toContain('href="#field-publishAt"');
      expect(response.body).toMatch(/id="field-publishAt"[^>]*aria-describedby="hint-publishAt error-publishAt" aria-invalid="true"/);
      expect(await articleCount()).toBe(articles);

      const service = await create(staff.editor, { headline: ' ', section: 'nowhere', slug: 'Not A Slug', heroImageId: 'no-such-image' });
      expect(service.response.statusCode).toBe(422);
      const serviceText = pageText(service.response.body);
      expect(serviceText).toContain('Headline: Enter a headline.');
      expect(serviceText).toContain('Section: There is no section with that path.');
      expect(serviceText).toContain('Slug: The slug must be lowercase letters');
      expect(serviceText).toContain('Alt text: Describe the hero image');
      expect(service.response.body).toContain('href="#field-headline"');
      expect(service.response.body).toMatch(/id="field-headline"[^>]*aria-describedby="error-headline" aria-invalid="true"/);
      expect(await articleCount()).toBe(articles);
      expect(await revisionCount()).toBe(revisions);

      const { id } = await create(staff.editor, { headline: 'Kept as it was' });
      const before = await stored(id!);
      const invalid = await saveThroughForm(staff.editor, id!, { headline: '', body: 'Changed text' });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.body).toContain('Changed text');
      expect(await stored(id!)).toEqual(before);
    });

    it('keeps a body it cannot show in a textarea when the text comes back untouched, and converts it when edited', async () => {
      const { id } = await create(staff.editor, { headline: 'Structured body' });
      const doc = {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'The crossing' }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'Bold start', marks: [{ type: 'bold' }] }] },
          { type: 'pullQuote', attrs: { attribution: 'A pilot' }, content: [{ type: 'text', text: 'Fog </script> is the enemy' }] },
        ],
      };
      // As the editor script sends it.
      const scripted = await saveThroughForm(staff.editor, id!, { bodyDoc: JSON.stringify(doc) });
      expect(scripted.statusCode).toBe(303);
      expect(JSON.parse((await stored(id!)).body_json)).toEqual(doc);

      const { html, fields } = await openEditor(staff.editor, id!);
      expect(fields.body).toBe('The crossing\n\nBold start\n\nFog </script> is the enemy');
      expect(html).toContain('Fog \\u003c/script\\u003e is the enemy');
      expect(bodyDocIn(html)).toEqual(doc);
      expect(html).toMatch(/<label for="body">Body<\/label>[\s\S]*<textarea id="body" name="body"/);

      // Without the script, nothing else changed: the structure stays (the browser's CRLF line ends too).
      const untouched = await staff.editor.post(`/newsroom/articles/${id}`, {
        ...fields,
        kicker: 'Sea',
        body: String(fields.body).replace(/\n/g, '\r\n'),
      });
      expect(untouched.statusCode).toBe(303);
      const kept = await stored(id!);
      expect(kept.kicker).toBe('Sea');
      expect(JSON.parse(kept.body_json)).toEqual(doc);

      const edited = await saveThroughForm(staff.editor, id!, { body: 'The crossing\n\nBold start, then more.\nA second line.' });
      expect(edited.statusCode).toBe(303);
      expect(JSON.parse((await stored(id!)).body_json)).toEqual({
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'The crossing' }] },
          {
            type: 'paragraph',
            content: [{ type: 'text', text: 'Bold start, then more.' }, { type: 'hardBreak' }, { type: 'text', text: 'A second line.' }],
          },
        ],
      });

      const bad = await saveThroughForm(staff.editor, id!, { bodyDoc: '{"type":"doc","content":[{"type":"script"}]}' });
      expect(bad.statusCode).toBe(422);
      expect(pageText(bad.body)).toContain('Body: The body could not be read');
      expect(bad.body).toContain('href="#body"');
    });

    it('shows both versions when two saves meet, and both choices work without losing either', async () => {
      const { id } = await create(staff.editor, { headline: 'The original headline', body: 'Original text.' });
      const first = await openEditor(staff.editor, id!);
      const second = await openEditor(staff.admin, id!);
      expect(
        (await staff.admin.post(`/newsroom/articles/${id}`, { ...second.fields, headline: 'The admin’s headline', body: 'Admin text.' }))
          .statusCode,
      ).toBe(303);
      const stale = await staff.editor.post(`/newsroom/articles/${id}`, {
        ...first.fields,
        headline: 'The editor’s headline',
        standfirst: 'Editor standfirst',
        body: 'Editor text.',
      });
      expect(stale.statusCode).toBe(409);
      const text = pageText(stale.body);
      for (const expected of [
        'Your version',
        'The editor’s headline',
        'Editor standfirst',
        'Editor text.',
        'The other version',
        'The admin’s headline',
        'Admin text.',
        'Keep my version',
        'Keep the other version',
      ])
        expect(text).toContain(expected);
      expect((await stored(id!)).headline).toBe('The admin’s headline');
      const conflictRevision = await db
        .selectFrom('article_revisions')
        .select('id')
        .where('article_id', '=', id!)
        .where('action', '=', 'conflict')
        .executeTakeFirstOrThrow();
      expect(stale.body).toContain(`name="revision" value="${conflictRevision.id}"`);

      // The same page by address (what autosave's conflictUrl opens).
      const byAddress = await staff.editor.get(`/newsroom/articles/${id}/conflict?revision=${conflictRevision.id}`);
      expect(byAddress.statusCode).toBe(200);
      expect(pageText(byAddress.body)).toContain('The editor’s headline');

      // "Keep the other version" is the editor with what is saved.
      expect(stale.body).toContain(`href="/newsroom/articles/${id}/edit"`);
      // "Keep my version": a new save on top, the admin's version staying a revision.
      const csrf = /name="_csrf" value="([^"]+)"/.exec(stale.body)![1]!;
      const version = /name="version" value="(\d+)"/.exec(stale.body.slice(stale.body.indexOf('keep-mine')))![1]!;
      const keep = await staff.editor.post(`/newsroom/articles/${id}/conflict/keep-mine`, {
        _csrf: csrf,
        revision: String(conflictRevision.id),
        version,
      });
      expect(keep.statusCode).toBe(303);
      expect(keep.headers.location).toBe(`/newsroom/articles/${id}/edit?notice=restored`);
      const row = await stored(id!);
      expect(row.headline).toBe('The editor’s headline');
      expect(JSON.parse(row.body_json).content[0].content[0].text).toBe('Editor text.');
      const snapshots = await db.selectFrom('article_revisions').select('snapshot').where('article_id', '=', id!).execute();
      expect(snapshots.some((revision) => revision.snapshot.includes('The admin’s headline'))).toBe(true);
      expect(
        (
          await staff.editor.post(`/newsroom/articles/${id}/conflict/keep-mine`, {
            _csrf: 'x',
            revision: String(conflictRevision.id),
            version,
          })
        ).statusCode,
      ).toBe(403);
    });

    it('renders the other people who have the article open', async () => {
      const { id } = await create(staff.editor, { headline: 'Shared story' });
      const { fields } = await openEditor(staff.admin, id!);
      const beat = await staff.admin.post(`/newsroom/articles/${id}/presence`, { _csrf: String(fields._csrf) });
      expect(beat.statusCode).toBe(200);
      expect(beat.json()).toEqual({ others: [] });
      expect(pageText((await openEditor(staff.editor, id!)).html)).toContain('Ari Root is also editing');
    });
  });
});
