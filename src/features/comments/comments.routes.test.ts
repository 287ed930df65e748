// Comment pages and forms through app.inject, on SQLite and PostgreSQL: the
// thread URL beside the article catch-all, who may read and write, JS-off
// posting, the DOM contract live updates rely on, the access gate asked
// without spending the meter, and no email address in any payload.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { hiddenValue, pageText, TestBrowser } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { readSitemapArticlePaths } from '../articles/testing/sitemap-reading.js';
import { banReader } from './testing/comment-fixtures.js';
import { createCommentsTestApp, openLiveComments, type CommentsTestApp } from './testing/comments-harness.js';
import { XSS_CORPUS } from './testing/xss-corpus.js';

describeEachEngine('comment routes', (engine) => {
  let t: CommentsTestApp;
  let step = 0;
  const articles = new Map<string, { id: number; path: string }>();
  const article = (slug: string) => articles.get(slug)!;
  const thread = (slug: string) => `${article(slug).path}/comments`;
  const countComments = async () =>
    Number(
      (
        await t.db
          .selectFrom('comments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function postComment(browser: TestBrowser, slug: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    const { csrf } = await browser.openForm(thread(slug));
    return browser.post('/comments', { _csrf: csrf, articleId: String(article(slug).id), ...fields }, headers);
  }

  beforeAll(async () => {
    t = await createCommentsTestApp({ engine, now: FIXTURE_NOW, environment: { METER_FREE_ARTICLES: '2' } });
    await seedFixtureNewspaper(t.db);
    for (const [slug, path] of await readSitemapArticlePaths(async (url) => (await t.app.inject(url)).body)) {
      const { id } = await t.db.selectFrom('articles').where('slug', '=', slug).select('id').executeTakeFirstOrThrow();
      articles.set(slug, { id, path });
    }
  });
  afterAll(() => t.destroy());
  beforeEach(() => {
    t.clock.set(new Date(FIXTURE_NOW.getTime() + ++step * 20 * 60_000));
  });

  it('serves the thread beside the article, which the catch-all still serves with its count and links', async () => {
    const page = await t.app.inject(article('harbour-wall-repaired').path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="${thread('harbour-wall-repaired')}"`);
    expect(page.body).toContain('Read and join the conversation');
    expect(page.body).toContain(`data-comment-count-url="/comments/count?article=${article('harbour-wall-repaired').id}"`);
    const closed = article('ferry-timetable-changes');
    await t.db.updateTable('articles').set({ comments_enabled: 0 }).where('id', '=', closed.id).execute();
    await t.articles.afterContentChange();
    expect((await t.app.inject(closed.path)).body).toContain('Comments are closed for this article.');

    const response = await t.app.inject(thread('harbour-wall-repaired'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-cache');
    const { id } = article('harbour-wall-repaired');
    expect(response.body).toMatch(
      new RegExp(
        `<ol class="comment-list" data-live-url="/comments/live/${id}\\?after=\\d+" data-article-id="${id}" data-live-insert="append">`,
      ),
    );
    expect(response.body).toMatch(/<span data-comment-count>\d+<\/span>/);
    expect(response.body).toContain('Sign in</a> or');
    expect(response.body).not.toContain('name="body"');

    const closedThread = await t.app.inject(`${closed.path}/comments`);
    expect(closedThread.statusCode).toBe(200);
    expect(closedThread.body).toContain('Comments are closed for this article.');
  });

  it('compresses the thread page for browsers that take gzip, with CSRF tokens masked afresh on every page (BREACH)', async () => {
    const path = thread('harbour-wall-repaired');
    const plain = await t.app.inject(path);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await t.app.inject({ url: path, headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Cookie, Accept-Encoding');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);

    // A signed-in commenter's page holds CSRF tokens beside text anyone can post: compressed only
    // because the token's bytes differ on every page; each masked token still posts.
    const { browser } = await t.signIn();
    const first = await browser.get(path, { 'accept-encoding': 'gzip' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-encoding']).toBe('gzip');
    const tokens = [
      hiddenValue(gunzipSync(first.rawPayload).toString('utf8'), '_csrf'),
      hiddenValue((await browser.get(path)).body, '_csrf'),
    ];
    expect(tokens[0]).not.toBe(tokens[1]);
    for (const [index, csrf] of tokens.entries()) {
      const posted = await browser.post('/comments', {
        _csrf: csrf,
        articleId: String(article('harbour-wall-repaired').id),
        body: `Masked token ${index} works.`,
      });
      expect(posted.statusCode).toBe(303);
    }
  });

  it('redirects an old section or date to the canonical thread, and answers 404/400 for what is not there', async () => {
    const { path } = article('harbour-wall-repaired');
    const moved = await t.app.inject(`${path.replace('/world/europe/', '/politics/')}/comments?sort=top`);
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe(`${path}/comments?sort=top`);
    expect((await t.app.inject('/world/2026/03/10/no-such-article/comments')).statusCode).toBe(404);
    expect((await t.app.inject(`${path}/comments?sort=sideways`)).statusCode).toBe(400);
    expect((await t.app.inject(`${path}/comments?page=2`)).statusCode).toBe(404);
    expect((await t.app.inject('/world/2026/03/10/retracted-report/comments')).statusCode).toBeGreaterThanOrEqual(404);
    expect((await t.app.inject('/comments/99999999999')).statusCode).toBe(404);
    expect((await t.app.inject('/comments/abc/fragment')).statusCode).toBe(404);
    expect((await t.app.inject('/comments/count?article=-1')).statusCode).toBe(404);
  });

  it('reads addresses and forms through their schemas: steering values no link makes are ignored, malformed pages and ids refused', async () => {
    const { path, id } = article('harbour-wall-repaired');
    for (const query of ['page=10001', 'page=1&page=2', 'page=01', 'sort=top&sort=newest', 'sort='])
      expect((await t.app.inject(`${path}/comments?${query}`)).statusCode, query).toBe(400);
    for (const query of ['reply=abc', 'reply=1&reply=2', 'notice=nonsense', 'notice=deleted&notice=deleted', 'sort=top&page=1'])
      expect((await t.app.inject(`${path}/comments?${query}`)).statusCode, query).toBe(200);
    expect(pageText((await t.app.inject(`${path}/comments?notice=deleted`)).body)).toContain('Your comment has been deleted.');
    expect(pageText((await t.app.inject(`${path}/comments?notice=nonsense`)).body)).not.toContain('Your comment has been deleted.');
    for (const query of ['', '?article=abc', `?article=${id}&article=${id}`, '?article=0', '?article=2147483648'])
      expect((await t.app.inject(`/comments/count${query}`)).statusCode, query).toBe(404);
    expect((await t.app.inject(`/comments/count?article=${id}`)).json()).toHaveProperty('count');

    // Signed out, even a post with a broken parent id goes to sign in and back to its thread.
    const signedOut = await new TestBrowser(t.app).post('/comments', { articleId: String(id), parentId: 'x', body: 'Hello' });
    expect(signedOut.headers.location).toBe(`/signin?next=${encodeURIComponent(thread('harbour-wall-repaired'))}`);
    const { browser } = await t.signIn();
    const { csrf } = await browser.openForm(thread('harbour-wall-repaired'));
    const before = await countComments();
    const badParent = await browser.post('/comments', { _csrf: csrf, articleId: String(id), parentId: '1e3', body: 'Hello' });
    expect(badParent.statusCode).toBe(404);
    expect(pageText(badParent.body)).toContain('The comment you replied to could not be found.');
    const badArticle = await browser.post('/comments', { _csrf: csrf, articleId: ['1', '2'], parentId: 'x', body: 'Hello' });
    expect(badArticle.statusCode).toBe(404);
    expect(pageText(badArticle.body)).toContain('This article could not be found.');
    // A failed post is shown again in the order it came from; a page no link makes is the first.
    const empty = await browser.post('/comments', { _csrf: csrf, articleId: String(id), body: ['a', 'b'], sort: 'top', page: 'x' });
    expect(empty.statusCode).toBe(422);
    expect(pageText(empty.body)).toContain('Please write your comment.');
    expect(hiddenValue(empty.body, 'sort')).toBe('top');
    expect(hiddenValue(empty.body, 'page')).toBe('1');
    expect(await countComments()).toBe(before);
  });

  it('walls readers who cannot read the article from its comments, and reading comments spends no allowance', async () => {
    const walled = await t.app.inject(thread('members-only-analysis'));
    expect(walled.statusCode).toBe(403);
    expect(walled.body).toContain('open to readers who can read the article');

    const anonymous = new TestBrowser(t.app, '198.51.100.7');
    for (let index = 0; index < 4; index++) {
      const response = await anonymous.get(thread('council-agrees-budget'));
      expect(response.statusCode).toBe(200);
      expect(String(response.headers['set-cookie'] ?? '')).not.toContain('mh_meter');
    }

    const { browser, userId } = await t.signIn();
    expect((await browser.get(thread('premium-investigation'))).statusCode).toBe(200);
    const reads = await t.db.selectFrom('premium_reads').where('user_id', '=', userId).selectAll().execute();
    expect(reads).toEqual([]);
  });

  it('sends anonymous writers to sign in, refuses posts without a CSRF token, and refuses unverified readers with a reason', async () => {
    const anonymous = new TestBrowser(t.app);
    const response = await anonymous.post('/comments', { articleId: String(article('harbour-wall-repaired').id), body: 'Hello' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(thread('harbour-wall-repaired'))}`);

    const before = await countComments();
    const { browser } = await t.signIn();
    const forged = await browser.post('/comments', {
      _csrf: 'forged',
      articleId: String(article('harbour-wall-repaired').id),
      body: 'Hello',
    });
    expect(forged.statusCode).toBe(403);
    const crossSite = await postComment(browser, 'harbour-wall-repaired', { body: 'Hello' }, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);

    const unverified = await t.signIn({ isVerified: false });
    const page = await unverified.browser.get(thread('harbour-wall-repaired'));
    expect(page.body).toContain('Please confirm your email address to join the conversation');
    const refused = await unverified.browser.post('/comments', {
      _csrf: hiddenValue(page.body, '_csrf'),
      articleId: String(article('harbour-wall-repaired').id),
      body: 'Hello',
    });
    expect(refused.statusCode).toBe(403);
    expect(pageText(refused.body)).toContain('confirm your email address');

    // Only a live article takes comments: missing, draft or withdrawn, the post is a 404.
    const { csrf } = await browser.openForm(thread('harbour-wall-repaired'));
    for (const slug of ['unfinished-draft', 'retracted-report']) {
      const { id } = await t.db.selectFrom('articles').where('slug', '=', slug).select('id').executeTakeFirstOrThrow();
      expect((await browser.post('/comments', { _csrf: csrf, articleId: String(id), body: 'Hello' })).statusCode).toBe(404);
    }
    expect((await browser.post('/comments', { _csrf: csrf, articleId: '99999999', body: 'Hello' })).statusCode).toBe(404);
    expect(await countComments()).toBe(before);
  });

  it('posts and replies without JavaScript: 303 back to the comment, shown with name, profile link, badge and reply context', async () => {
    const ada = await t.signIn({ firstName: 'Ada', lastName: 'Marsh' });
    const live = await openLiveComments(t.app, article('harbour-wall-repaired').id);
    const posted = await postComment(ada.browser, 'harbour-wall-repaired', {
      body: 'The wall looks solid.\n\nSee https://example.org/report.',
    });
    expect(posted.statusCode).toBe(303);
    const [, commentId] = /#comment-(\d+)$/.exec(posted.headers.location!)!;
    expect(posted.headers.location).toBe(`${thread('harbour-wall-repaired')}#comment-${commentId}`);

    const editor = await t.signIn({ firstName: 'Eve', lastName: 'Desk', role: 'editor' });
    const withReplyForm = await editor.browser.get(`${thread('harbour-wall-repaired')}?reply=${commentId}`);
    expect(withReplyForm.body).toContain(`id="reply-${commentId}"`);
    const replied = await editor.browser.post('/comments', {
      _csrf: hiddenValue(withReplyForm.body, '_csrf'),
      articleId: String(article('harbour-wall-repaired').id),
      parentId: commentId!,
      body: 'Thanks, we will look.',
    });
    expect(replied.statusCode).toBe(303);
    const [, replyId] = /#comment-(\d+)$/.exec(replied.headers.location!)!;

    const page = await t.app.inject(thread('harbour-wall-repaired'));
    expect(page.body).toContain(`<li class="comment" id="comment-${commentId}" data-depth="0">`);
    expect(page.body).toContain(`href="/readers/${ada.userId}">Ada Marsh</a>`);
    expect(page.body).toContain('<a href="https://example.org/report" rel="nofollow ugc noopener">example.org/report</a>');
    expect(page.body).toContain('<span class="badge badge-staff">Staff</span>');
    expect(page.body).toMatch(new RegExp(`id="comment-${replyId}"[\\s\\S]*in reply to <a href="#comment-${commentId}">Ada Marsh</a>`));
    expect(page.body).not.toMatch(/@example\.test/);

    const fragment = await t.app.inject(`/comments/${replyId}/fragment`);
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).toMatch(new RegExp(`^<li class="comment comment-staff" id="comment-${replyId}"`));
    const count = await t.app.inject(`/comments/count?article=${article('harbour-wall-repaired').id}`);
    expect(count.headers['cache-control']).toBe('public, max-age=5');
    expect(count.json()).toEqual({ count: await t.comments.countPublished(article('harbour-wall-repaired').id) });
    expect(await live.eventFor(Number(replyId))).toEqual({
      commentId: Number(replyId),
      count: await t.comments.countPublished(article('harbour-wall-repaired').id),
    });
    live.close();
  });

  it('returns the form with the reader’s text and a 422 for bad text, and JSON clients get 201 and error messages', async () => {
    const { browser } = await t.signIn();
    const before = await countComments();
    const empty = await postComment(browser, 'harbour-wall-repaired', { body: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Please write your comment.');
    const long = await postComment(browser, 'harbour-wall-repaired', { body: `<b>${'x'.repeat(5001)}` });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('&lt;b>xxx');
    expect(await countComments()).toBe(before);

    const json = await postComment(browser, 'harbour-wall-repaired', { body: 'Posted by script.' }, { accept: 'application/json' });
    expect(json.statusCode).toBe(201);
    expect(json.json()).toMatchObject({ id: expect.any(Number), status: 'published', location: expect.stringContaining('#comment-') });
    const duplicate = await postComment(browser, 'harbour-wall-repaired', { body: 'Posted by script.' }, { accept: 'application/json' });
    expect(duplicate.statusCode).toBe(429);
    expect(Number(duplicate.headers['retry-after'])).toBeGreaterThan(0);
    expect(duplicate.json().error).toContain('same comment');
  });

  it('keeps an XSS corpus inert through posting and every comment page', async () => {
    const { browser } = await t.signIn();
    const ids: string[] = [];
    for (const attack of XSS_CORPUS) {
      t.clock.advance(61_000);
      const response = await postComment(browser, 'council-agrees-budget', { body: attack });
      expect(response.statusCode).toBe(303);
      ids.push(/#comment-(\d+)$/.exec(response.headers.location!)![1]!);
    }
    const pages = [(await browser.get(thread('council-agrees-budget'))).body];
    for (const id of ids) {
      pages.push((await browser.get(`/comments/${id}`)).body, (await browser.get(`/comments/${id}/fragment`)).body);
    }
    for (const html of pages) {
      expect(html).not.toMatch(/<script(?![^>]*type="module" src="\/)/i);
      expect(html).not.toMatch(/<(svg|img|iframe|math)\b/i);
      expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
      expect(html).not.toMatch(/href="\s*(javascript|data|vbscript):/i);
    }
  });

  it('edits, recommends, reports and deletes through forms, only on one’s own comments where that matters', async () => {
    const ada = await t.signIn({ firstName: 'Ada' });
    const ben = await t.signIn({ firstName: 'Ben' });
    const posted = await postComment(ada.browser, 'harbour-wall-repaired', { body: 'Editable.' });
    const commentId = /#comment-(\d+)$/.exec(posted.headers.location!)![1]!;

    const editForm = await ada.browser.openForm(`/comments/${commentId}/edit`);
    expect(editForm.html).toContain('Editable.');
    expect((await ben.browser.get(`/comments/${commentId}/edit`)).statusCode).toBe(403);
    const edited = await ada.browser.post(`/comments/${commentId}/edit`, { _csrf: editForm.csrf, body: 'Edited text.' });
    expect(edited.statusCode).toBe(303);
    expect(edited.headers.location).toContain('notice=edited');
    const benCsrf = (await ben.browser.openForm(thread('harbour-wall-repaired'))).csrf;
    expect((await ben.browser.post(`/comments/${commentId}/edit`, { _csrf: benCsrf, body: 'Hijack' })).statusCode).toBe(403);
    const shown = await t.app.inject(thread('harbour-wall-repaired'));
    expect(shown.body).toContain('Edited text.');
    expect(shown.body).toContain('(edited)');

    for (let index = 0; index < 2; index++) {
      const recommended = await ben.browser.post(`/comments/${commentId}/recommend`, { _csrf: benCsrf, recommended: 'on' });
      expect(recommended.statusCode).toBe(303);
    }
    expect((await ada.browser.post(`/comments/${commentId}/recommend`, { _csrf: editForm.csrf, recommended: 'on' })).statusCode).toBe(403);
    const row = await t.db.selectFrom('comments').where('id', '=', Number(commentId)).select('recommend_count').executeTakeFirstOrThrow();
    expect(row.recommend_count).toBe(1);
    expect((await ben.browser.get(thread('harbour-wall-repaired'))).body).toContain('aria-pressed="true"');

    const reportForm = await ben.browser.openForm(`/comments/${commentId}/report`);
    expect(reportForm.html).toContain('Why should our moderators look at this comment?');
    expect((await ben.browser.post(`/comments/${commentId}/report`, { _csrf: reportForm.csrf, reason: 'bogus' })).statusCode).toBe(422);
    expect((await ben.browser.post(`/comments/${commentId}/report`, { _csrf: reportForm.csrf, reason: 'off-topic' })).statusCode).toBe(200);
    expect((await ben.browser.post(`/comments/${commentId}/report`, { _csrf: reportForm.csrf, reason: 'off-topic' })).statusCode).toBe(409);

    expect((await ben.browser.post(`/comments/${commentId}/delete`, { _csrf: benCsrf })).statusCode).toBe(403);
    const deleted = await ada.browser.post(`/comments/${commentId}/delete`, { _csrf: editForm.csrf });
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe(`${thread('harbour-wall-repaired')}?notice=deleted`);
    expect((await t.app.inject(thread('harbour-wall-repaired'))).body).not.toContain(`id="comment-${commentId}"`);
    expect((await t.app.inject(`/comments/${commentId}/fragment`)).statusCode).toBe(404);
  });

  it('refuses banned and suspended readers on every write with 403', async () => {
    const victim = await t.signIn();
    const target = await postComment(victim.browser, 'harbour-wall-repaired', { body: 'Target.' });
    const targetId = /#comment-(\d+)$/.exec(target.headers.location!)![1]!;
    const banned = await t.signIn();
    const own = await postComment(banned.browser, 'harbour-wall-repaired', { body: 'Before the ban.' });
    const ownId = /#comment-(\d+)$/.exec(own.headers.location!)![1]!;
    await banReader(t.db, banned.userId);
    const csrf = (await banned.browser.openForm(thread('harbour-wall-repaired'))).csrf;
    const before = await countComments();
    const refused = await banned.browser.post('/comments', {
      _csrf: csrf,
      articleId: String(article('harbour-wall-repaired').id),
      body: 'After the ban.',
    });
    expect(refused.statusCode).toBe(403);
    expect(pageText(refused.body)).toContain('You cannot post comments');
    expect((await banned.browser.post(`/comments/${targetId}/recommend`, { _csrf: csrf })).statusCode).toBe(403);
    expect((await banned.browser.post(`/comments/${targetId}/report`, { _csrf: csrf, reason: 'spam' })).statusCode).toBe(403);
    expect((await banned.browser.post(`/comments/${ownId}/edit`, { _csrf: csrf, body: 'Changed' })).statusCode).toBe(403);
    expect((await banned.browser.post(`/comments/${ownId}/delete`, { _csrf: csrf })).statusCode).toBe(403);
    expect(await countComments()).toBe(before);
  });
});
