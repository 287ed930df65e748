import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { hiddenValue, pageText, signInAsStaff, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { insertArticle, insertComment, insertReader, insertReport } from '../comments/testing/comment-fixtures.js';
import { openLiveComments, postCommentOn } from '../comments/testing/comments-harness.js';
import { createModerationTestApp, moderationSnapshot, type ModerationTestApp } from './testing/moderation-harness.js';

describeEachEngine('moderation pages', (engine) => {
  let harness: ModerationTestApp;
  let db: Db;
  let moderator: TestBrowser;
  let moderatorId: number;
  let articleId: number;
  let authorId: number;

  beforeAll(async () => {
    harness = await createModerationTestApp({ engine });
    db = harness.db;
    ({ browser: moderator, userId: moderatorId } = await signInAsStaff({ app: harness.app, db, clock: harness.clock, role: 'moderator' }));
    ({ id: articleId } = await insertArticle(db, { headline: 'Ferry timetable changes for the spring' }));
    ({ id: authorId } = await insertReader(db, { firstName: 'Maren' }));
  });
  afterAll(() => harness.destroy());

  async function csrfOf(browser: TestBrowser, url = '/newsroom/moderation'): Promise<string> {
    const response = await browser.get(url);
    expect(response.statusCode).toBe(200);
    return hiddenValue(response.body, '_csrf');
  }

  it('sends anonymous visitors to sign in, and refuses readers and staff without the role', async () => {
    const pages = [
      '/newsroom/moderation',
      '/newsroom/moderation/reported',
      '/newsroom/moderation/recent',
      '/newsroom/moderation/log',
      '/newsroom/moderation/banned-words',
      `/newsroom/moderation/articles/${articleId}`,
      `/newsroom/moderation/readers/${authorId}`,
      // The role is checked before the address: a malformed one tells a visitor without it nothing.
      '/newsroom/moderation/readers/abc',
      '/newsroom/moderation/log?page=x',
    ];
    for (const url of pages) {
      const response = await harness.app.inject({ url });
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(url)}`);
    }
    const held = await insertComment(db, { articleId, authorId, status: 'pending' });
    const before = await moderationSnapshot(db);
    const anonymousPost = await harness.app.inject({
      method: 'POST',
      url: `/newsroom/moderation/comments/${held}/approve`,
      payload: '_csrf=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(anonymousPost.statusCode).toBe(303);
    expect(anonymousPost.headers.location).toBe('/signin?next=%2Fnewsroom%2Fmoderation');

    const { browser: author } = await signInAsStaff({ app: harness.app, db, clock: harness.clock, role: 'author' });
    const { browser: demoted, userId: demotedId } = await signInAsStaff({ app: harness.app, db, clock: harness.clock, role: 'moderator' });
    const csrf = await csrfOf(demoted);
    await db.updateTable('users').set({ role: 'reader' }).where('id', '=', demotedId).execute();
    for (const browser of [author, demoted]) {
      for (const url of pages) expect((await browser.get(url)).statusCode, url).toBe(403);
      const refused = await browser.post(`/newsroom/moderation/comments/${held}/approve`, { _csrf: csrf });
      expect(refused.statusCode).toBe(403);
    }
    expect(await moderationSnapshot(db)).toEqual(before);

    for (const role of ['editor', 'admin'] as const) {
      const { browser } = await signInAsStaff({ app: harness.app, db, clock: harness.clock, role });
      expect((await browser.get('/newsroom/moderation')).statusCode).toBe(200);
    }
  });

  it('refuses posts without a valid CSRF token or from another site, storing nothing', async () => {
    const held = await insertComment(db, { articleId, authorId, status: 'pending' });
    const csrf = await csrfOf(moderator);
    const before = await moderationSnapshot(db);
    expect((await moderator.post(`/newsroom/moderation/comments/${held}/approve`, {})).statusCode).toBe(403);
    expect((await moderator.post(`/newsroom/moderation/comments/${held}/approve`, { _csrf: 'forged' })).statusCode).toBe(403);
    expect(
      (await moderator.post(`/newsroom/moderation/comments/${held}/approve`, { _csrf: csrf }, { origin: 'https://evil.example' }))
        .statusCode,
    ).toBe(403);
    expect(await moderationSnapshot(db)).toEqual(before);
  });

  it('shows the pending queue oldest first and approves from it', async () => {
    const older = await insertComment(db, {
      articleId,
      authorId,
      status: 'pending',
      body: 'Older held remark about the ferry.',
      createdAt: '2026-03-09T08:00:00.000Z',
    });
    const newer = await insertComment(db, {
      articleId,
      authorId,
      status: 'pending',
      body: 'Newer held remark about the ferry.',
      createdAt: '2026-03-10T08:00:00.000Z',
    });
    const page = await moderator.get('/newsroom/moderation');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const text = pageText(page.body);
    expect(text).toContain('Pending comments');
    expect(text.indexOf('Older held remark')).toBeLessThan(text.indexOf('Newer held remark'));
    expect(text).toContain('Ferry timetable changes for the spring');
    expect(page.body).toContain(`<label for="reject-reason-${older}">`);

    const csrf = hiddenValue(page.body, '_csrf');
    const live = await openLiveComments(harness.app, articleId);
    const approved = await moderator.post(`/newsroom/moderation/comments/${older}/approve`, {
      _csrf: csrf,
      returnTo: '/newsroom/moderation',
    });
    expect(approved.statusCode).toBe(303);
    expect(approved.headers.location).toBe('/newsroom/moderation?notice=comment-approved');
    expect(pageText((await moderator.get(approved.headers.location!)).body)).toContain('The comment is published.');
    expect(await live.eventFor(older)).toMatchObject({ commentId: older });
    live.close();
    const row = await db
      .selectFrom('moderation_log')
      .where('comment_id', '=', older)
      .select(['staff_id', 'action'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ staff_id: moderatorId, action: 'comment-approved' });

    // A returnTo pointing elsewhere falls back to the queue.
    const elsewhere = await moderator.post(`/newsroom/moderation/comments/${newer}/approve`, {
      _csrf: csrf,
      returnTo: 'https://evil.example/',
    });
    expect(elsewhere.headers.location).toBe('/newsroom/moderation?notice=comment-approved');
    const again = await moderator.post(`/newsroom/moderation/comments/${newer}/approve`, { _csrf: csrf });
    expect(again.statusCode).toBe(409);
    expect(pageText(again.body)).toContain('This comment is already published.');
  });

  it('needs a reason to reject, and says so', async () => {
    const held = await insertComment(db, { articleId, authorId, status: 'pending' });
    const csrf = await csrfOf(moderator);
    const before = await moderationSnapshot(db);
    const missing = await moderator.post(`/newsroom/moderation/comments/${held}/reject`, { _csrf: csrf, reason: '  ' });
    expect(missing.statusCode).toBe(422);
    expect(pageText(missing.body)).toContain('Give a reason for rejecting the comment.');
    expect(await moderationSnapshot(db)).toEqual(before);
    const rejected = await moderator.post(`/newsroom/moderation/comments/${held}/reject`, {
      _csrf: csrf,
      reason: 'Off topic',
      returnTo: '/newsroom/moderation/recent',
    });
    expect(rejected.headers.location).toBe('/newsroom/moderation/recent?notice=comment-rejected');
    expect(pageText((await moderator.get('/newsroom/moderation/recent')).body)).toContain('Reason: Off topic');
  });

  it('lists reported comments with their reasons and counts, and resolves them', async () => {
    const reported = await insertComment(db, { articleId, authorId, body: 'A remark some readers disliked.' });
    await insertReport(db, { commentId: reported, reporterId: (await insertReader(db)).id, reason: 'Rude to another reader' });
    await insertReport(db, { commentId: reported, reporterId: (await insertReader(db)).id, reason: 'Spam' });
    const page = await moderator.get('/newsroom/moderation/reported');
    const text = pageText(page.body);
    expect(text).toContain('2 open reports');
    expect(text).toContain('Rude to another reader');
    expect(text).toContain('Spam');
    const resolved = await moderator.post(`/newsroom/moderation/comments/${reported}/resolve-reports`, {
      _csrf: hiddenValue(page.body, '_csrf'),
      returnTo: '/newsroom/moderation/reported',
    });
    expect(resolved.statusCode).toBe(303);
    expect(pageText((await moderator.get('/newsroom/moderation/reported')).body)).not.toContain('A remark some readers disliked.');
  });

  it('features a comment, closes and pre-moderates an article', async () => {
    const target = await insertComment(db, { articleId, authorId });
    const csrf = await csrfOf(moderator, `/newsroom/moderation/articles/${articleId}`);
    expect((await moderator.post(`/newsroom/moderation/comments/${target}/feature`, { _csrf: csrf })).statusCode).toBe(303);
    expect(pageText((await moderator.get('/newsroom/moderation/recent')).body)).toContain('Editor’s pick');

    // What the articles feature's afterArticlePageChange moves on, so every node drops the cached article page.
    const contentRevision = async () => (await db.selectFrom('content_revision').select('revision').executeTakeFirstOrThrow()).revision;
    const revisionBefore = await contentRevision();
    const closed = await moderator.post(`/newsroom/moderation/articles/${articleId}/close`, {
      _csrf: csrf,
      returnTo: `/newsroom/moderation/articles/${articleId}`,
    });
    expect(closed.headers.location).toBe(`/newsroom/moderation/articles/${articleId}?notice=article-comments-closed`);
    expect(await contentRevision()).toBeGreaterThan(revisionBefore);
    expect(
      (await moderator.post(`/newsroom/moderation/articles/${articleId}/premoderation`, { _csrf: csrf, premoderated: 'on' })).statusCode,
    ).toBe(303);
    const text = pageText((await moderator.get(`/newsroom/moderation/articles/${articleId}`)).body);
    expect(text).toContain('Comments Closed');
    expect(text).toContain('Pre-moderation On');
    expect(
      (await moderator.post(`/newsroom/moderation/articles/${articleId}/premoderation`, { _csrf: csrf, premoderated: 'maybe' })).statusCode,
    ).toBe(400);
    expect((await moderator.post(`/newsroom/moderation/articles/${articleId}/open`, { _csrf: csrf })).statusCode).toBe(303);
  });

  it('suspends, bans and restores a reader, with clear messages for bad dates', async () => {
    const { id: reader } = await insertReader(db, { firstName: 'Tobias' });
    const url = `/newsroom/moderation/readers/${reader}`;
    const page = await moderator.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="2026-03-17T12:00"');
    const csrf = hiddenValue(page.body, '_csrf');
    const before = await moderationSnapshot(db);
    for (const until of ['', 'soon', '2026-02-31T10:00', '2026-03-01T10:00']) {
      const response = await moderator.post(`${url}/suspend`, { _csrf: csrf, until, returnTo: url });
      expect(response.statusCode, until).toBe(422);
      expect(pageText(response.body)).toMatch(/Enter the end of the suspension|must be in the future/);
    }
    expect(await moderationSnapshot(db)).toEqual(before);

    const suspended = await moderator.post(`${url}/suspend`, {
      _csrf: csrf,
      until: '2026-03-20T09:00',
      reason: 'Heated thread',
      returnTo: url,
    });
    expect(suspended.headers.location).toBe(`${url}?notice=reader-suspended`);
    expect(pageText((await moderator.get(url)).body)).toContain('Suspended until Friday 20 March 2026 09:00');
    expect(await harness.policy.standing(db, reader, harness.clock.now().toISOString())).toEqual({
      kind: 'suspended',
      until: '2026-03-20T09:00:00.000Z',
    });

    expect((await moderator.post(`${url}/ban`, { _csrf: csrf, reason: '' })).statusCode).toBe(422);
    expect((await moderator.post(`${url}/ban`, { _csrf: csrf, reason: 'Threats' })).statusCode).toBe(303);
    expect(pageText((await moderator.get(url)).body)).toContain('Standing Banned');
    expect((await moderator.post(`${url}/lift`, { _csrf: csrf })).statusCode).toBe(303);
    expect((await moderator.post(`${url}/premoderation`, { _csrf: csrf, premoderated: 'on' })).statusCode).toBe(303);
    expect(await harness.policy.standing(db, reader, harness.clock.now().toISOString())).toEqual({ kind: 'good', premoderated: true });

    const staffPage = await moderator.get(`/newsroom/moderation/readers/${moderatorId}`);
    expect(pageText(staffPage.body)).toContain('This is a staff account');
    expect((await moderator.post(`/newsroom/moderation/readers/${moderatorId}/ban`, { _csrf: csrf, reason: 'Test' })).statusCode).toBe(422);
  });

  it('keeps the banned-words list', async () => {
    const { id: quietArticle } = await insertArticle(db);
    let attempt = 0;
    // Posted through the app's comments service: screened by the policy whose list these pages must refresh at once.
    const screen = async () => {
      const outcome = await postCommentOn(harness.comments, {
        writer: { id: authorId, role: 'reader', isEmailVerified: true },
        articleId: quietArticle,
        parentId: null,
        body: `What a numpty, take ${++attempt}.`,
      });
      if (outcome.kind !== 'posted') throw new Error(`not posted: ${outcome.kind}`);
      return outcome.status === 'pending' ? 'hold' : 'publish';
    };
    expect(await screen()).toBe('publish');
    const page = await moderator.get('/newsroom/moderation/banned-words');
    const csrf = hiddenValue(page.body, '_csrf');
    expect(
      (await moderator.post('/newsroom/moderation/banned-words', { _csrf: csrf, phrase: 'Numpty', action: 'delete' })).statusCode,
    ).toBe(422);
    const added = await moderator.post('/newsroom/moderation/banned-words', {
      _csrf: csrf,
      phrase: 'Numpty',
      action: 'hold',
      returnTo: '/newsroom/moderation/banned-words',
    });
    expect(added.headers.location).toBe('/newsroom/moderation/banned-words?notice=banned-word-added');
    const list = await moderator.get('/newsroom/moderation/banned-words');
    expect(list.body).toContain('<caption>Banned words and phrases, alphabetical</caption>');
    expect(pageText(list.body)).toContain('numpty Hold');
    expect(
      (await moderator.post('/newsroom/moderation/banned-words', { _csrf: csrf, phrase: 'numpty', action: 'reject' })).statusCode,
    ).toBe(409);
    expect(await screen()).toBe('hold');
    const word = await db.selectFrom('banned_words').where('phrase', '=', 'numpty').select('id').executeTakeFirstOrThrow();
    expect((await moderator.post(`/newsroom/moderation/banned-words/${word.id}/remove`, { _csrf: csrf })).statusCode).toBe(303);
    expect(await screen()).toBe('publish');
  });

  it('answers 404 for unknown or malformed ids, and pages the audit log', async () => {
    const csrf = await csrfOf(moderator);
    for (const id of ['987654', '0', 'abc', '1.5', '-1', '9'.repeat(30), '2147483648']) {
      expect((await moderator.get(`/newsroom/moderation/readers/${id}`)).statusCode, id).toBe(404);
      expect((await moderator.get(`/newsroom/moderation/articles/${id}`)).statusCode, id).toBe(404);
      expect((await moderator.post(`/newsroom/moderation/comments/${id}/approve`, { _csrf: csrf })).statusCode, id).toBe(404);
      expect((await moderator.post(`/newsroom/moderation/readers/${id}/ban`, { _csrf: csrf, reason: 'x' })).statusCode, id).toBe(404);
      expect((await moderator.post(`/newsroom/moderation/banned-words/${id}/remove`, { _csrf: csrf })).statusCode, id).toBe(404);
    }
    const log = await moderator.get('/newsroom/moderation/log');
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('<caption>Moderation actions, newest first</caption>');
    const text = pageText(log.body);
    expect(text).toContain('Approved a comment');
    expect(text).toContain('Banned a reader');
    expect(text).toContain('Threats');
    expect((await moderator.get('/newsroom/moderation/log?page=2')).statusCode).toBe(404);
    expect((await moderator.get('/newsroom/moderation/log?page=x')).statusCode).toBe(400);
    // A page no link leads to, or given twice, is a malformed address (the route's query schema).
    for (const query of ['page=10001', 'page=1&page=2', 'page=-1'])
      expect((await moderator.get(`/newsroom/moderation/log?${query}`)).statusCode, query).toBe(400);
  });

  it('shows a known notice from the address and ignores any other, and refuses a form field sent twice', async () => {
    const notice = 'The comment is published.';
    expect(pageText((await moderator.get('/newsroom/moderation?notice=comment-approved')).body)).toContain(notice);
    expect(pageText((await moderator.get(`/newsroom/moderation/readers/${authorId}?notice=comment-approved`)).body)).toContain(notice);
    for (const query of ['notice=nonsense', 'notice=comment-approved&notice=comment-approved', 'notice=']) {
      const page = await moderator.get(`/newsroom/moderation/banned-words?${query}`);
      expect(page.statusCode, query).toBe(200);
      expect(pageText(page.body), query).not.toContain(notice);
    }

    const csrf = await csrfOf(moderator);
    const comment = await insertComment(db, { articleId, authorId, status: 'pending' });
    const before = await moderationSnapshot(db);
    const url = `/newsroom/moderation/comments/${comment}/reject`;
    // The CSRF check comes before the form is read: a forged post is a 403 whatever it carries.
    expect((await moderator.post(url, { reason: ['a', 'b'] })).statusCode).toBe(403);
    expect((await moderator.post(url, { _csrf: csrf, reason: ['Off topic', 'Rude'] })).statusCode).toBe(400);
    expect((await moderator.post(`/newsroom/moderation/readers/${authorId}/premoderation`, { _csrf: csrf })).statusCode).toBe(400);
    expect(await moderationSnapshot(db)).toEqual(before);
    const rejected = await moderator.post(url, { _csrf: csrf, reason: 'Off topic', returnTo: '/newsroom/moderation/recent?page=2' });
    expect(rejected.headers.location).toBe('/newsroom/moderation/recent?page=2&notice=comment-rejected');
  });
});
