// Who may open and post what on the newsroom's article pages, through the
// whole app on both engines: anonymous visitors are sent to sign in,
// moderators and readers refused, and each writer role offered and allowed
// only its part of the workflow (create, save, submit, publish, schedule,
// unpublish), in the publication's time zone.
import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { pageText, signInAsStaff, TestBrowser } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW } from '../articles/testing/fixture-newspaper.js';
import { actionButtons, editorFormFields } from './testing/editor-form.js';
import { useNewsroomDesk } from './testing/newsroom-desk.js';

describeEachEngine('newsroom article pages: roles and workflow', (engine) => {
  const { desk, create, openEditor, saveThroughForm, articleCount, stored } = useNewsroomDesk(engine);

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
      const anonymous = new TestBrowser(desk.testApp.app, '192.0.2.80');
      for (const url of pages) {
        const response = await anonymous.get(url);
        expect(response.statusCode, url).toBe(303);
        expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(url)}`);
      }
      const before = await articleCount();
      for (const url of posts) expect((await anonymous.post(url, { headline: 'x', section: 'world' })).statusCode, url).toBe(303);
      // The editor's posts take large bodies: the role is checked before one is read (past the limit, too: no 413).
      const large = await anonymous.post('/newsroom/articles/1', { body: 'x'.repeat(9 * 1024 * 1024) });
      expect(large.statusCode).toBe(303);
      expect(await articleCount()).toBe(before);
    });

    it('refuses moderators and readers everything, and checks the role on each request', async () => {
      const reader = new TestBrowser(desk.testApp.app, '192.0.2.81');
      const { browser: readerLike, userId } = await signInAsStaff({
        app: desk.testApp.app,
        db: desk.db,
        clock: desk.testApp.clock,
        role: 'author',
        remoteAddress: '198.51.100.40',
      });
      await desk.db.updateTable('users').set({ role: 'reader' }).where('id', '=', userId).execute();
      const before = await articleCount();
      for (const browser of [desk.staff.moderator, readerLike]) {
        for (const url of pages) expect((await browser.get(url)).statusCode, url).toBe(403);
        for (const url of posts) expect((await browser.post(url, { headline: 'x', section: 'world' })).statusCode, url).toBe(403);
      }
      expect(await articleCount()).toBe(before);
      expect((await reader.get('/newsroom')).statusCode).toBe(303);
    });

    it('serves every page no-store and noindex', async () => {
      for (const url of ['/newsroom', '/newsroom/articles', '/newsroom/articles/new', '/newsroom/articles/1/edit']) {
        const response = await desk.staff.editor.get(url);
        expect(response.statusCode, url).toBe(200);
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
        expect(response.body).toContain('<meta name="robots" content="noindex, nofollow"');
      }
    });

    it('refuses a post without the CSRF token, storing nothing', async () => {
      const before = await articleCount();
      const page = await desk.staff.editor.get('/newsroom/articles/new');
      const fields = { ...editorFormFields(page.body), headline: 'No token', section: 'world', _csrf: 'forged' };
      expect((await desk.staff.editor.post('/newsroom/articles', fields)).statusCode).toBe(403);
      expect((await desk.staff.editor.post('/newsroom/articles', { ...fields, _csrf: undefined })).statusCode).toBe(403);
      expect(await articleCount()).toBe(before);
    });
  });

  describe('roles and the workflow', () => {
    it('offers each role only the buttons it may use', async () => {
      const labels = async (browser: TestBrowser) => actionButtons((await browser.get('/newsroom/articles/new')).body);
      expect(await labels(desk.staff.contributor)).toEqual(['Save draft', 'Submit for review']);
      expect(await labels(desk.staff.author)).toEqual(['Save draft', 'Submit for review', 'Publish']);
      expect(await labels(desk.staff.editor)).toEqual(['Save draft', 'Submit for review', 'Publish', 'Schedule']);
    });

    it('lets a contributor write and submit, never publish or schedule', async () => {
      const { response, id } = await create(desk.staff.contributor, { headline: 'Lighthouse keepers return' });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/newsroom/articles/${id}/edit?notice=saved`);
      const edit = await desk.staff.contributor.get(response.headers.location!);
      expect(pageText(edit.body)).toContain('Saved');
      expect(edit.body).toContain('value="Lighthouse keepers return"');
      expect(edit.body).toContain('value="lighthouse-keepers-return"');

      for (const action of ['publish', 'schedule']) {
        const refused = await saveThroughForm(desk.staff.contributor, id!, { action, publishAt: '2026-03-20T09:00' });
        expect(refused.statusCode, action).toBe(403);
      }
      expect((await stored(id!)).status).toBe('draft');
      const before = await articleCount();
      for (const action of ['publish', 'schedule']) {
        const creating = await create(desk.staff.contributor, { action, publishAt: '2026-03-20T09:00' });
        expect(creating.response.statusCode, action).toBe(403);
      }
      expect(await articleCount()).toBe(before);

      const submitted = await saveThroughForm(desk.staff.contributor, id!, { action: 'submit' });
      expect(submitted.statusCode).toBe(303);
      expect(submitted.headers.location).toBe(`/newsroom/articles/${id}/edit?notice=submitted`);
      expect(pageText((await desk.staff.contributor.get(submitted.headers.location!)).body)).toContain('Submitted for review');
      expect((await stored(id!)).submitted_at).not.toBeNull();
      // Still theirs to edit while in review; others' work is not.
      expect((await saveThroughForm(desk.staff.contributor, id!, { kicker: 'Coast' })).statusCode).toBe(303);
      const { id: editorsId } = await create(desk.staff.editor);
      expect((await desk.staff.contributor.get(`/newsroom/articles/${editorsId}/edit`)).statusCode).toBe(403);
      const { fields } = await openEditor(desk.staff.editor, editorsId!);
      expect((await desk.staff.contributor.post(`/newsroom/articles/${editorsId}`, { ...fields, headline: 'Taken over' })).statusCode).toBe(
        403,
      );
      expect((await stored(editorsId!)).headline).not.toBe('Taken over');
    });

    it('lets an author publish and unpublish their own, but not schedule or touch others’', async () => {
      const { id } = await create(desk.staff.author, { headline: 'Harbour wall repaired' });
      expect(actionButtons((await openEditor(desk.staff.author, id!)).html)).toEqual(['Save draft', 'Submit for review', 'Publish']);
      expect((await saveThroughForm(desk.staff.author, id!, { action: 'schedule', publishAt: '2026-03-20T09:00' })).statusCode).toBe(403);
      expect((await create(desk.staff.author, { action: 'schedule', publishAt: '2026-03-20T09:00' })).response.statusCode).toBe(403);
      const published = await saveThroughForm(desk.staff.author, id!, { action: 'publish' });
      expect(published.statusCode).toBe(303);
      expect(published.headers.location).toBe(`/newsroom/articles/${id}/edit?notice=published`);
      const row = await stored(id!);
      expect(row.status).toBe('published');
      expect(row.published_at).toBe(FIXTURE_NOW.toISOString());
      const live = await openEditor(desk.staff.author, id!);
      expect(pageText(live.html)).toContain('Published');
      expect(actionButtons(live.html)).toEqual(['Update live article', 'Unpublish']);
      expect(live.html).toContain('Significant update');
      // The address of a published article is an editor's to change.
      expect((await saveThroughForm(desk.staff.author, id!, { slug: 'a-new-address' })).statusCode).toBe(403);
      const unpublished = await saveThroughForm(desk.staff.author, id!, { action: 'unpublish' });
      expect(unpublished.headers.location).toBe(`/newsroom/articles/${id}/edit?notice=unpublished`);
      expect((await stored(id!)).status).toBe('withdrawn');

      const { id: editorsId } = await create(desk.staff.editor);
      expect((await desk.staff.author.get(`/newsroom/articles/${editorsId}/edit`)).statusCode).toBe(403);
      const fixture = await desk.db.selectFrom('articles').select('id').where('created_by_user_id', 'is', null).executeTakeFirstOrThrow();
      expect((await desk.staff.author.get(`/newsroom/articles/${fixture.id}/edit`)).statusCode).toBe(403);
    });

    it('lets an editor schedule in the publication’s time zone and reschedule or publish now', async () => {
      const { id } = await create(desk.staff.editor, { headline: 'Regatta moves to Sunday' });
      // Europe/London is the test publication's zone (GMT in March until the 29th).
      expect(desk.testApp.config.publication.timeZone).toBe('Europe/London');
      const scheduled = await saveThroughForm(desk.staff.editor, id!, { action: 'schedule', publishAt: '2026-04-02T07:30' });
      expect(scheduled.statusCode).toBe(303);
      expect(scheduled.headers.location).toBe(`/newsroom/articles/${id}/edit?notice=scheduled`);
      expect((await stored(id!)).published_at).toBe('2026-04-02T06:30:00.000Z');
      expect(pageText((await desk.staff.editor.get(scheduled.headers.location!)).body)).toMatch(/Scheduled for \w+day 2 April 2026 07:30/);
      const page = await openEditor(desk.staff.editor, id!);
      expect(page.fields.publishAt).toBe('2026-04-02T07:30');
      expect(actionButtons(page.html)).toEqual(['Save changes', 'Publish', 'Schedule', 'Unpublish']);

      const past = await saveThroughForm(desk.staff.editor, id!, { action: 'schedule', publishAt: '2026-03-01T07:30' });
      expect(past.statusCode).toBe(422);
      expect(pageText(past.body)).toContain('Publication time: Choose a publication time in the future.');
      const skipped = await saveThroughForm(desk.staff.editor, id!, { action: 'schedule', publishAt: '2026-03-29T01:30' });
      expect(skipped.statusCode).toBe(422);
      expect(pageText(skipped.body)).toContain('does not exist');

      // Publish with the time left as it was: now, not an error about a future time.
      const now = await saveThroughForm(desk.staff.editor, id!, { action: 'publish' });
      expect(now.statusCode).toBe(303);
      expect((await stored(id!)).published_at).toBe(FIXTURE_NOW.toISOString());
    });

    it('lists work on the dashboard and the list page, each role seeing what the service lets it', async () => {
      const { id } = await create(desk.staff.contributor, { headline: 'Dashboard draft of the contributor' });
      const dashboard = await desk.staff.contributor.get('/newsroom');
      expect(dashboard.statusCode).toBe(200);
      const text = pageText(dashboard.body);
      for (const heading of ['My drafts', 'In review', 'Scheduled', 'Published', 'New article']) expect(text).toContain(heading);
      expect(text).toContain('Dashboard draft of the contributor');
      expect(dashboard.body).toContain(`href="/newsroom/articles/${id}/edit"`);
      // The fixture newspaper's stories were written by nobody here: only editors see them.
      expect(pageText((await desk.staff.contributor.get('/newsroom/articles?state=published')).body)).toContain('No articles match.');
      const everything = pageText((await desk.staff.editor.get('/newsroom/articles?state=published')).body);
      expect(everything).not.toContain('No articles match.');
      // An editor's own drafts on the dashboard; everyone's in the list.
      expect(pageText((await desk.staff.editor.get('/newsroom')).body)).not.toContain('Dashboard draft of the contributor');
      expect(pageText((await desk.staff.editor.get('/newsroom/articles?state=draft')).body)).toContain(
        'Dashboard draft of the contributor',
      );
      const mine = pageText((await desk.staff.editor.get('/newsroom/articles?mine=1')).body);
      expect(mine).not.toContain('Dashboard draft of the contributor');

      const search = await desk.staff.editor.get('/newsroom/articles?q=dashboard+contributor&state=draft&section=world');
      expect(pageText(search.body)).toContain('Dashboard draft of the contributor');
      expect(pageText((await desk.staff.editor.get('/newsroom/articles?q=dashboard&section=politics')).body)).toContain(
        'No articles match.',
      );
      const byAuthor = await desk.staff.editor.get('/newsroom/articles?author=cara-quill');
      expect(pageText(byAuthor.body)).toContain('Dashboard draft of the contributor');
      for (const url of ['/newsroom/articles?state=nonsense', '/newsroom/articles?q=%00%3Cscript%3E', '/newsroom/articles?page=9999'])
        expect((await desk.staff.editor.get(url)).statusCode, url).toBe(200);
      expect((await desk.staff.editor.get('/newsroom/articles?page=0')).statusCode).toBe(400);
    });
  });
});
