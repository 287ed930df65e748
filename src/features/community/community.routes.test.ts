// The community pages through HTTP (app.inject), signed out and signed in, on
// SQLite and PostgreSQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { TEST_SESSION_SECRET } from '../../testing/test-app.js';
import { hiddenValue, pageText, PUBLIC_ORIGIN } from '../accounts/testing/session-helpers.js';
import {
  banReader,
  deleteReader,
  insertArticle,
  insertComment,
  insertFollow,
  insertReader,
  minutesAgo,
} from '../comments/testing/comment-fixtures.js';
import { COMMUNITY_RATE_LIMITS } from './community.routes.js';
import { communitySnapshot, createCommunityTestApp, type CommunityTestApp } from './testing/community-harness.js';
import { unsubscribeToken } from './unsubscribe-token.js';

describeEachEngine('community routes', (engine) => {
  let harness: CommunityTestApp;
  beforeAll(async () => {
    harness = await createCommunityTestApp(engine);
  });
  afterAll(() => harness.destroy());

  it('shows a reader’s profile to anyone: name, join month, comments with links into their threads, never an email', async () => {
    const { db } = harness;
    const reader = await insertReader(db, { firstName: 'Ines', lastName: 'Harbourne', createdAt: '2025-11-04T09:30:00.000Z' });
    const article = await insertArticle(db, { headline: 'Lighthouse lamp relit' });
    const comment = await insertComment(db, { articleId: article.id, authorId: reader.id, body: 'First paragraph.\n\nSecond paragraph.' });
    const response = await harness.anonymous().get(`/readers/${reader.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-cache');
    const text = pageText(response.body);
    expect(text).toContain('Ines Harbourne');
    expect(text).toContain('Joined November 2025');
    expect(text).toContain('Lighthouse lamp relit');
    expect(response.body).toContain(`/comments#comment-${comment}`);
    expect(response.body).toContain('<p>First paragraph.</p><p>Second paragraph.</p>');
    expect(response.body).not.toContain(reader.email);
    expect(response.body).not.toContain('@example.test');
    expect(text).toContain('Sign in to follow Ines Harbourne');
    expect(text).not.toContain('Staff');
    expect(response.body).toMatch(/<main id="main"/);
    expect(response.body).toMatch(/<h1>Ines Harbourne<\/h1>/);
  });

  it('shows a staff badge, and 404s for unknown, deleted and banned readers and malformed ids', async () => {
    const { db } = harness;
    const staff = await insertReader(db, { role: 'editor', firstName: 'Edda', lastName: 'Marsh' });
    expect(pageText((await harness.anonymous().get(`/readers/${staff.id}`)).body)).toContain('Edda Marsh Staff');
    const [deleted, banned] = await Promise.all([insertReader(db), insertReader(db)]);
    await deleteReader(db, deleted.id);
    await banReader(db, banned.id);
    for (const path of [
      `/readers/${deleted.id}`,
      `/readers/${banned.id}`,
      '/readers/999999',
      '/readers/abc',
      '/readers/0',
      '/readers/-1',
      `/readers/${banned.id}/followers`,
      '/readers/1e3/following',
    ]) {
      expect((await harness.anonymous().get(path)).statusCode, path).toBe(404);
    }
    expect((await harness.anonymous().get(`/readers/${staff.id}?page=2`)).statusCode).toBe(404);
    expect((await harness.anonymous().get(`/readers/${staff.id}?page=zero`)).statusCode).toBe(400);
    // Pages no link leads to, or a page given twice, are malformed addresses (the routes' query schema).
    for (const query of ['page=10001', 'page=1&page=2', 'page=01'])
      expect((await harness.anonymous().get(`/readers/${staff.id}/followers?${query}`)).statusCode, query).toBe(400);
    expect((await harness.anonymous().get(`/readers/${staff.id}?page=1`)).statusCode).toBe(200);
  });

  it('follows and unfollows with the session’s CSRF token, back to the profile; duplicates change nothing', async () => {
    const { db } = harness;
    const [me, them] = await Promise.all([insertReader(db), insertReader(db, { firstName: 'Tove', lastName: 'Strand' })]);
    const browser = await harness.signedIn(me.id);
    const { html, csrf } = await browser.openForm(`/readers/${them.id}`);
    expect(html).toContain(`action="/readers/${them.id}/follow"`);
    const followed = await browser.post(`/readers/${them.id}/follow`, { _csrf: csrf });
    expect(followed.statusCode).toBe(303);
    expect(followed.headers.location).toBe(`/readers/${them.id}`);
    expect((await browser.post(`/readers/${them.id}/follow`, { _csrf: csrf })).statusCode).toBe(303);
    expect(await db.selectFrom('follows').where('follower_id', '=', me.id).selectAll().execute()).toHaveLength(1);
    const profile = await browser.get(`/readers/${them.id}`);
    expect(profile.headers['cache-control']).toBe('no-store');
    expect(pageText(profile.body)).toContain('Unfollow Tove Strand');
    expect(pageText(profile.body)).toContain('1 follower');
    expect(pageText((await browser.get(`/readers/${them.id}/followers`)).body)).toContain(`Readers following Tove Strand`);
    expect((await browser.post(`/readers/${them.id}/unfollow`, { _csrf: csrf })).statusCode).toBe(303);
    expect(await db.selectFrom('follows').where('follower_id', '=', me.id).selectAll().execute()).toHaveLength(0);
  });

  it('refuses follows without a valid token, from another site, signed out, of oneself, and of missing readers', async () => {
    const { db } = harness;
    const [me, them, gone] = await Promise.all([insertReader(db), insertReader(db), insertReader(db)]);
    await deleteReader(db, gone.id);
    const browser = await harness.signedIn(me.id);
    const { csrf } = await browser.openForm(`/readers/${them.id}`);
    const before = await communitySnapshot(db);
    expect((await browser.post(`/readers/${them.id}/follow`, {})).statusCode).toBe(403);
    expect((await browser.post(`/readers/${them.id}/follow`, { _csrf: 'forged' })).statusCode).toBe(403);
    expect((await browser.post(`/readers/${them.id}/follow`, { _csrf: csrf }, { origin: 'https://evil.example' })).statusCode).toBe(403);
    const anonymous = await harness.anonymous().post(`/readers/${them.id}/follow`, { _csrf: csrf });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/signin?next=${encodeURIComponent(`/readers/${them.id}`)}`);
    const self = await browser.post(`/readers/${me.id}/follow`, { _csrf: csrf });
    expect(self.statusCode).toBe(422);
    expect(pageText(self.body)).toContain('You cannot follow yourself');
    expect((await browser.post(`/readers/${gone.id}/follow`, { _csrf: csrf })).statusCode).toBe(404);
    expect((await browser.post('/readers/424242/follow', { _csrf: csrf })).statusCode).toBe(404);
    expect((await browser.post('/readers/x/follow', { _csrf: csrf })).statusCode).toBe(404);
    expect(await communitySnapshot(db)).toEqual(before);
  });

  it('rate-limits follows per reader with Retry-After', async () => {
    const { db } = harness;
    const me = await insertReader(db);
    const targets = await Promise.all(Array.from({ length: 3 }, () => insertReader(db)));
    const browser = await harness.signedIn(me.id);
    const { csrf } = await browser.openForm(`/readers/${targets[0]!.id}`);
    let last;
    for (let index = 0; index <= COMMUNITY_RATE_LIMITS.follows.limit; index++) {
      const target = targets[index % targets.length]!;
      last = await browser.post(`/readers/${target.id}/${index % 2 === 0 ? 'follow' : 'unfollow'}`, { _csrf: csrf });
    }
    expect(last!.statusCode).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('sends signed-out readers to sign in from every personal page', async () => {
    for (const path of ['/following', '/account/replies', '/notifications', '/account/notifications', '/following?page=2']) {
      const response = await harness.anonymous().get(path);
      expect(response.statusCode, path).toBe(303);
      expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
    for (const path of ['/notifications/read-all', '/account/notifications'])
      expect((await harness.anonymous().post(path, {})).statusCode, path).toBe(303);
  });

  it('shows the Following feed, My replies and notifications, and marks notifications read', async () => {
    const { db, hook } = harness;
    const [me, friend, other] = await Promise.all([
      insertReader(db),
      insertReader(db, { firstName: 'Aksel', lastName: 'Berg' }),
      insertReader(db, { firstName: 'Runa', lastName: 'Vik' }),
    ]);
    await insertFollow(db, me.id, friend.id);
    const article = await insertArticle(db, { headline: 'Harbour cranes painted blue' });
    const friendComment = await insertComment(db, {
      articleId: article.id,
      authorId: friend.id,
      body: 'The blue suits them.',
      createdAt: minutesAgo(30),
    });
    const mine = await insertComment(db, {
      articleId: article.id,
      authorId: me.id,
      body: 'I preferred the old rust colour, honestly.',
      createdAt: minutesAgo(20),
    });
    const replyToMe = await db.transaction().execute(async (trx) => {
      const id = await insertComment(trx, {
        articleId: article.id,
        authorId: other.id,
        parentId: mine,
        body: 'Rust is not a colour.',
        createdAt: minutesAgo(10),
      });
      await hook(trx, { id, articleId: article.id, authorId: other.id, parentId: mine, parentAuthorId: me.id, createdAt: minutesAgo(10) });
      return id;
    });
    const browser = await harness.signedIn(me.id);

    const feed = await browser.get('/following');
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['cache-control']).toBe('no-store');
    expect(pageText(feed.body)).toContain('Aksel Berg commented on Harbour cranes painted blue');
    expect(feed.body).toContain(`#comment-${friendComment}`);
    expect(feed.body).not.toContain('I preferred the old rust');

    const replies = await browser.get('/account/replies');
    expect(replies.statusCode).toBe(200);
    expect(pageText(replies.body)).toContain('Runa Vik replied');
    expect(pageText(replies.body)).toContain('In reply to your comment: I preferred the old rust colour, honestly.');
    expect(replies.body).toContain('<q>I preferred the old rust colour, honestly.</q>');
    expect(replies.body).toContain(`#comment-${replyToMe}`);

    const notifications = await browser.get('/notifications');
    expect(notifications.statusCode).toBe(200);
    expect(pageText(notifications.body)).toContain('New: Runa Vik replied to your comment');
    expect(notifications.body).toContain('<a href="/notifications">Notifications (1<span class="visually-hidden"> unread</span>)</a>');
    const csrf = hiddenValue(notifications.body, '_csrf');
    expect((await browser.post('/notifications/read-all', {})).statusCode).toBe(403);
    const read = await browser.post('/notifications/read-all', { _csrf: csrf });
    expect(read.statusCode).toBe(303);
    expect(read.headers.location).toBe('/notifications');
    const after = await browser.get('/notifications');
    expect(pageText(after.body)).not.toContain('New:');
    expect(after.body).not.toContain('Mark all as read');
    expect((await browser.get('/notifications?page=2')).statusCode).toBe(404);
  });

  it('changes email choices on /account/notifications', async () => {
    const { db } = harness;
    const me = await insertReader(db);
    const browser = await harness.signedIn(me.id);
    const { html, csrf } = await browser.openForm('/account/notifications');
    expect(html).toMatch(/<input id="field-emailReplies" type="checkbox" name="emailReplies" checked/);
    expect(html).toMatch(/<input id="field-emailFollows" type="checkbox" name="emailFollows">/);
    expect(html).toContain('<label for="field-emailFollows">');
    const saved = await browser.post('/account/notifications', { _csrf: csrf, emailFollows: 'on' });
    expect(saved.statusCode).toBe(303);
    expect(await harness.community.emailPreferences(me.id)).toEqual({ replies: false, follows: true });
    expect(pageText((await browser.get(saved.headers.location as string)).body)).toContain('Your choices have been saved.');
    for (const query of ['', '?saved=0', '?saved=1&saved=1', '?saved=yes'])
      expect(pageText((await browser.get(`/account/notifications${query}`)).body), query).not.toContain('Your choices have been saved.');
    expect((await browser.get('/following?page=x')).statusCode).toBe(400);
    const before = await communitySnapshot(db);
    expect((await browser.post('/account/notifications', { emailReplies: 'on' })).statusCode).toBe(403);
    expect((await browser.post('/account/notifications', { _csrf: csrf, emailReplies: 'yes please' })).statusCode).toBe(400);
    expect((await browser.post('/account/notifications', { _csrf: csrf, emailReplies: ['on', 'on'] })).statusCode).toBe(400);
    expect(await communitySnapshot(db)).toEqual(before);
  });

  it('unsubscribes from an email’s link without signing in: GET shows a button, POST switches that kind off', async () => {
    const { db } = harness;
    const me = await insertReader(db);
    const token = unsubscribeToken(TEST_SESSION_SECRET, me.id, 'replies');
    const page = await harness.anonymous().get(`/notifications/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('when someone replies to your comments');
    expect(await harness.community.emailPreferences(me.id)).toEqual({ replies: true, follows: false });
    expect(hiddenValue(page.body, 'token')).toBe(token);
    const crossSite = await harness.anonymous().post('/notifications/unsubscribe', { token }, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    const done = await harness.anonymous().post('/notifications/unsubscribe', { token });
    expect(done.statusCode).toBe(200);
    expect(pageText(done.body)).toContain('You are unsubscribed');
    expect(await harness.community.emailPreferences(me.id)).toEqual({ replies: false, follows: false });

    // RFC 8058 one-click: the provider posts to the header's URL, token in the query, no Origin.
    const other = await insertReader(db);
    const followsToken = unsubscribeToken(TEST_SESSION_SECRET, other.id, 'follows');
    await harness.community.saveEmailPreferences(other.id, { replies: true, follows: true });
    const oneClick = await harness.app.inject({
      method: 'POST',
      url: `/notifications/unsubscribe?token=${encodeURIComponent(followsToken)}`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(oneClick.statusCode).toBe(200);
    expect(await harness.community.emailPreferences(other.id)).toEqual({ replies: true, follows: false });

    for (const bad of ['', 'nonsense', `${me.id}.replies.${'A'.repeat(43)}`, unsubscribeToken('wrong-secret', me.id, 'follows')]) {
      expect((await harness.anonymous().get(`/notifications/unsubscribe?token=${encodeURIComponent(bad)}`)).statusCode, bad).toBe(400);
      expect((await harness.anonymous().post('/notifications/unsubscribe', { token: bad })).statusCode, bad).toBe(400);
    }
    expect((await harness.anonymous().get('/notifications/unsubscribe')).statusCode).toBe(400);
    expect(PUBLIC_ORIGIN).toBe('https://news.example.test');
  });
});
