// The community service and the comment-published hook against a real
// database, on SQLite and PostgreSQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { TEST_SESSION_SECRET } from '../../testing/test-app.js';
import { articlePath } from '../articles/articles.service.js';
import {
  banReader,
  deleteReader,
  insertArticle,
  insertComment,
  insertFollow,
  insertReader,
  minutesAgo,
  suspendReader,
} from '../comments/testing/comment-fixtures.js';
import { countUnread } from './community.repository.js';
import { communitySnapshot, createCommunityTestApp, type CommunityTestApp } from './testing/community-harness.js';
import { unsubscribeToken } from './unsubscribe-token.js';

describeEachEngine('community service', (engine) => {
  let harness: CommunityTestApp;
  beforeAll(async () => {
    harness = await createCommunityTestApp(engine, { pageSize: 3 });
  });
  afterAll(() => harness.destroy());

  it('shows a profile with name, join month, counts and public comments newest first, paged', async () => {
    const { db, community } = harness;
    const reader = await insertReader(db, { firstName: 'Ines', lastName: 'Harbourne', createdAt: '2025-11-04T09:30:00.000Z' });
    const fan = await insertReader(db);
    await insertFollow(db, fan.id, reader.id);
    const article = await insertArticle(db);
    const draft = await insertArticle(db, { status: 'draft' });
    const future = await insertArticle(db, { publishedAt: minutesAgo(-60) });
    const ids = [];
    for (let index = 0; index < 4; index++)
      ids.push(
        await insertComment(db, {
          articleId: article.id,
          authorId: reader.id,
          createdAt: minutesAgo(50 - index),
          body: `Comment ${index}`,
        }),
      );
    await insertComment(db, { articleId: article.id, authorId: reader.id, status: 'pending' });
    await insertComment(db, { articleId: article.id, authorId: reader.id, status: 'deleted' });
    await insertComment(db, { articleId: draft.id, authorId: reader.id });
    await insertComment(db, { articleId: future.id, authorId: reader.id });

    const first = await community.profilePage(reader.id, null, 1);
    if (first.kind !== 'profile') throw new Error('expected a profile');
    expect(first.profile).toMatchObject({
      displayName: 'Ines Harbourne',
      joined: 'November 2025',
      followerCount: 1,
      followingCount: 0,
      isStaff: false,
    });
    expect(first.comments.items.map((item) => item.id)).toEqual([ids[3], ids[2], ids[1]]);
    expect(first.comments.hasNext).toBe(true);
    const second = await community.profilePage(reader.id, fan.id, 2);
    if (second.kind !== 'profile') throw new Error('expected a profile');
    expect(second.comments.items.map((item) => item.id)).toEqual([ids[0]]);
    expect(second.comments.hasNext).toBe(false);
    expect(second.isFollowing).toBe(true);
    const path = articlePath({ sectionPath: article.sectionPath, publishedAt: article.publishedAt, slug: article.slug }, 'Europe/London');
    expect(second.comments.items[0]!.href).toBe(`${path}/comments#comment-${ids[0]}`);
    expect(JSON.stringify(first)).not.toContain('@');
  });

  it('has no profile for unknown, deleted or banned readers', async () => {
    const { db, community } = harness;
    const deleted = await insertReader(db);
    const banned = await insertReader(db);
    await deleteReader(db, deleted.id);
    await banReader(db, banned.id);
    for (const id of [deleted.id, banned.id, 999_999]) expect((await community.profilePage(id, null, 1)).kind).toBe('not-found');
    const staff = await insertReader(db, { role: 'moderator' });
    const profile = await community.profilePage(staff.id, null, 1);
    expect(profile.kind === 'profile' && profile.profile.isStaff).toBe(true);
  });

  it('follows once, refuses self-follows and missing, deleted or banned readers, and refuses banned or suspended followers', async () => {
    const { db, community } = harness;
    const [a, b, deleted, banned, suspended] = await Promise.all([
      insertReader(db),
      insertReader(db),
      insertReader(db),
      insertReader(db),
      insertReader(db),
    ]);
    await deleteReader(db, deleted.id);
    await banReader(db, banned.id);
    await suspendReader(db, suspended.id, minutesAgo(-60));
    expect(await community.follow(a.id, b.id)).toEqual({ kind: 'following' });
    expect(await community.follow(a.id, b.id)).toEqual({ kind: 'following' });
    expect(await db.selectFrom('follows').where('follower_id', '=', a.id).selectAll().execute()).toHaveLength(1);
    const before = await communitySnapshot(db);
    expect(await community.follow(a.id, a.id)).toEqual({ kind: 'self' });
    expect(await community.follow(a.id, deleted.id)).toEqual({ kind: 'not-found' });
    expect(await community.follow(a.id, banned.id)).toEqual({ kind: 'not-found' });
    expect(await community.follow(a.id, 987_654)).toEqual({ kind: 'not-found' });
    expect(await community.follow(suspended.id, b.id)).toEqual({ kind: 'refused' });
    expect(await community.follow(banned.id, b.id)).toEqual({ kind: 'refused' });
    expect(await communitySnapshot(db)).toEqual(before);
    expect(await community.unfollow(a.id, b.id)).toEqual({ kind: 'unfollowed' });
    expect(await community.unfollow(a.id, b.id)).toEqual({ kind: 'unfollowed' });
    expect(await db.selectFrom('follows').where('follower_id', '=', a.id).selectAll().execute()).toHaveLength(0);
  });

  it('lists followers and followees without deleted or banned readers', async () => {
    const { db, community } = harness;
    const [star, one, two, gone] = await Promise.all([insertReader(db), insertReader(db), insertReader(db), insertReader(db)]);
    await insertFollow(db, one.id, star.id, minutesAgo(30));
    await insertFollow(db, two.id, star.id, minutesAgo(20));
    await insertFollow(db, gone.id, star.id, minutesAgo(10));
    await insertFollow(db, star.id, one.id);
    await deleteReader(db, gone.id);
    const followers = await community.readerList(star.id, 'followers', 1);
    expect(followers.kind === 'list' && followers.readers.items.map((reader) => reader.id)).toEqual([two.id, one.id]);
    const following = await community.readerList(star.id, 'following', 1);
    expect(following.kind === 'list' && following.readers.items.map((reader) => reader.id)).toEqual([one.id]);
    expect(followers.kind === 'list' && followers.profile.followerCount).toBe(2);
  });

  it('builds the Following feed from comments by followees and replies to them, without one’s own, through follow cycles', async () => {
    const { db, community } = harness;
    const [me, alice, bob, carol, stranger] = await Promise.all([
      insertReader(db),
      insertReader(db),
      insertReader(db),
      insertReader(db),
      insertReader(db),
    ]);
    // A cycle: me → alice → bob → me, and carol ↔ alice.
    await insertFollow(db, me.id, alice.id);
    await insertFollow(db, alice.id, bob.id);
    await insertFollow(db, bob.id, me.id);
    await insertFollow(db, carol.id, alice.id);
    await insertFollow(db, alice.id, carol.id);
    const article = await insertArticle(db);
    const aliceComment = await insertComment(db, { articleId: article.id, authorId: alice.id, createdAt: minutesAgo(40) });
    const strangerReply = await insertComment(db, {
      articleId: article.id,
      authorId: stranger.id,
      parentId: aliceComment,
      createdAt: minutesAgo(30),
    });
    const myReply = await insertComment(db, { articleId: article.id, authorId: me.id, parentId: aliceComment, createdAt: minutesAgo(25) });
    await insertComment(db, { articleId: article.id, authorId: bob.id, createdAt: minutesAgo(20) });
    await insertComment(db, { articleId: article.id, authorId: stranger.id, parentId: strangerReply, createdAt: minutesAgo(15) });
    await insertComment(db, { articleId: article.id, authorId: alice.id, status: 'pending', createdAt: minutesAgo(12) });
    const aliceReplyToMe = await insertComment(db, {
      articleId: article.id,
      authorId: alice.id,
      parentId: myReply,
      createdAt: minutesAgo(10),
    });

    // A followee later banned disappears from the feed; one suspended for a while does not.
    const [banned, suspended] = await Promise.all([insertReader(db), insertReader(db)]);
    await insertFollow(db, me.id, banned.id);
    await insertFollow(db, me.id, suspended.id);
    await insertComment(db, { articleId: article.id, authorId: banned.id, createdAt: minutesAgo(8) });
    const suspendedComment = await insertComment(db, { articleId: article.id, authorId: suspended.id, createdAt: minutesAgo(6) });
    await banReader(db, banned.id);
    await suspendReader(db, suspended.id, minutesAgo(-600));

    // Pages of three (the harness's page size).
    const feed = [...(await community.followingFeed(me.id, 1)).items, ...(await community.followingFeed(me.id, 2)).items];
    expect(feed.map((item) => item.id)).toEqual([suspendedComment, aliceReplyToMe, strangerReply, aliceComment]);
    expect(feed[2]!.inReplyTo?.id).toBe(alice.id);
    expect(feed[3]!.inReplyTo).toBeNull();
    // Everyone in the cycle gets a finite feed.
    for (const reader of [alice, bob, carol]) expect((await community.followingFeed(reader.id, 1)).items.length).toBeLessThanOrEqual(3);
    expect((await community.followingFeed(stranger.id, 1)).items).toEqual([]);
  });

  it('lists replies to a reader’s comments with a short excerpt of the comment each answers', async () => {
    const { db, community } = harness;
    const [me, other] = await Promise.all([insertReader(db), insertReader(db)]);
    const article = await insertArticle(db);
    const mine = await insertComment(db, {
      articleId: article.id,
      authorId: me.id,
      body: `My point about the ferry ${'and the harbour '.repeat(20)}`,
      createdAt: minutesAgo(40),
    });
    const removed = await insertComment(db, {
      articleId: article.id,
      authorId: me.id,
      status: 'deleted',
      body: 'Gone now',
      createdAt: minutesAgo(39),
    });
    const reply = await insertComment(db, { articleId: article.id, authorId: other.id, parentId: mine, createdAt: minutesAgo(30) });
    const replyToRemoved = await insertComment(db, {
      articleId: article.id,
      authorId: other.id,
      parentId: removed,
      createdAt: minutesAgo(20),
    });
    await insertComment(db, { articleId: article.id, authorId: me.id, parentId: mine, createdAt: minutesAgo(10) });
    await insertComment(db, { articleId: article.id, authorId: other.id, parentId: mine, status: 'rejected', createdAt: minutesAgo(5) });
    const replies = await community.repliesTo(me.id, 1);
    expect(replies.items.map((item) => item.id)).toEqual([replyToRemoved, reply]);
    expect(replies.items[0]!.yourCommentExcerpt).toBeNull();
    expect(replies.items[1]!.yourCommentExcerpt).toMatch(/^My point about the ferry .*…$/);
    expect(replies.items[1]!.yourCommentExcerpt!.length).toBeLessThanOrEqual(120);
  });

  it('quotes comments only where the viewer may read the article', async () => {
    const { db, community } = harness;
    const reader = await insertReader(db);
    for (const accessLevel of ['free', 'registered', 'premium'] as const) {
      const article = await insertArticle(db, { accessLevel });
      await insertComment(db, { articleId: article.id, authorId: reader.id, body: `On a ${accessLevel} article` });
    }
    const anonymous = await community.profilePage(reader.id, null, 1);
    const signedIn = await community.profilePage(reader.id, reader.id, 1);
    if (anonymous.kind !== 'profile' || signedIn.kind !== 'profile') throw new Error('expected profiles');
    const bodies = (items: { body: string | null; article: { accessLevel: string } }[]) =>
      Object.fromEntries(items.map((item) => [item.article.accessLevel, item.body]));
    expect(bodies(anonymous.comments.items)).toEqual({ free: 'On a free article', registered: null, premium: null });
    expect(bodies(signedIn.comments.items)).toEqual({ free: 'On a free article', registered: 'On a registered article', premium: null });
  });

  it('stores email preferences, defaulting to replies on and follows off, and unsubscribes one kind by token', async () => {
    const { db, community } = harness;
    const reader = await insertReader(db);
    expect(await community.emailPreferences(reader.id)).toEqual({ replies: true, follows: false });
    await community.saveEmailPreferences(reader.id, { replies: true, follows: true });
    expect(await community.emailPreferences(reader.id)).toEqual({ replies: true, follows: true });
    expect(await community.unsubscribe(unsubscribeToken(TEST_SESSION_SECRET, reader.id, 'follows'))).toEqual({
      kind: 'unsubscribed',
      email: 'follows',
    });
    expect(await community.emailPreferences(reader.id)).toEqual({ replies: true, follows: false });
    const fresh = await insertReader(db);
    await community.unsubscribe(unsubscribeToken(TEST_SESSION_SECRET, fresh.id, 'replies'));
    expect(await community.emailPreferences(fresh.id)).toEqual({ replies: false, follows: false });
    expect(await community.unsubscribe(unsubscribeToken('another-secret', fresh.id, 'follows'))).toEqual({ kind: 'invalid-link' });
    expect(await community.unsubscribe(unsubscribeToken(TEST_SESSION_SECRET, 987_654, 'follows'))).toEqual({ kind: 'invalid-link' });
  });
});

describeEachEngine('comment-published hook', (engine) => {
  let harness: CommunityTestApp;
  beforeAll(async () => {
    harness = await createCommunityTestApp(engine);
  });
  afterAll(() => harness.destroy());

  async function publish(input: { articleId: number; authorId: number; parentId?: number; body?: string }) {
    const { db, hook } = harness;
    return db.transaction().execute(async (trx) => {
      const id = await insertComment(trx, { ...input, createdAt: minutesAgo(0) });
      const parent = input.parentId
        ? await trx.selectFrom('comments').where('id', '=', input.parentId).select('author_id').executeTakeFirstOrThrow()
        : null;
      await hook(trx, {
        id,
        articleId: input.articleId,
        authorId: input.authorId,
        parentId: input.parentId ?? null,
        parentAuthorId: parent?.author_id ?? null,
        createdAt: minutesAgo(0),
      });
      return id;
    });
  }

  const notificationsOf = (userId: number) =>
    harness.db
      .selectFrom('notifications')
      .where('user_id', '=', userId)
      .select(['kind', 'comment_id', 'actor_id', 'read_at'])
      .orderBy('id')
      .execute();
  const emailsTo = (email: string) =>
    harness.db
      .selectFrom('email_outbox')
      .where('recipient', '=', email)
      .select(['subject', 'text_body', 'html_body', 'headers_json'])
      .orderBy('id')
      .execute();

  it('notifies the parent’s author of a reply and emails them by default, with an unsubscribe link and header', async () => {
    const { db } = harness;
    const [author, replier] = await Promise.all([
      insertReader(db, { firstName: 'Petra' }),
      insertReader(db, { firstName: 'Oskar', lastName: 'Lindqvist' }),
    ]);
    const article = await insertArticle(db, { headline: 'Lighthouse lamp relit' });
    const parent = await insertComment(db, { articleId: article.id, authorId: author.id });
    const reply = await publish({
      articleId: article.id,
      authorId: replier.id,
      parentId: parent,
      body: 'I saw it from the pier last night.',
    });
    expect(await notificationsOf(author.id)).toEqual([{ kind: 'reply', comment_id: reply, actor_id: replier.id, read_at: null }]);
    expect(await countUnread(db, author.id)).toBe(1);
    const [email] = await emailsTo(author.email);
    expect(email!.subject).toBe('Oskar Lindqvist replied to your comment');
    expect(email!.text_body).toContain('“I saw it from the pier last night.”');
    expect(email!.text_body).toContain(`/comments#comment-${reply}`);
    const token = unsubscribeToken(TEST_SESSION_SECRET, author.id, 'replies');
    expect(email!.text_body).toContain(`/notifications/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(JSON.parse(email!.headers_json)).toEqual({
      'List-Unsubscribe': `<https://news.example.test/notifications/unsubscribe?token=${encodeURIComponent(token)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('does not notify readers who reply to themselves, or email readers who turned replies off or never confirmed their address', async () => {
    const { db, community } = harness;
    const [author, quiet, unverified] = await Promise.all([insertReader(db), insertReader(db), insertReader(db, { isVerified: false })]);
    await community.saveEmailPreferences(quiet.id, { replies: false, follows: false });
    const article = await insertArticle(db);
    const own = await insertComment(db, { articleId: article.id, authorId: author.id });
    await publish({ articleId: article.id, authorId: author.id, parentId: own });
    expect(await notificationsOf(author.id)).toEqual([]);
    for (const reader of [quiet, unverified]) {
      const parent = await insertComment(db, { articleId: article.id, authorId: reader.id });
      await publish({ articleId: article.id, authorId: author.id, parentId: parent });
      expect(await notificationsOf(reader.id)).toHaveLength(1);
      expect(await emailsTo(reader.email)).toEqual([]);
    }
  });

  it('notifies followers once (the replied-to follower gets the reply only), emails only those who opted in, and caps the fan-out', async () => {
    const { db, community } = harness;
    const [author, parentAuthor, keen, casual] = await Promise.all([
      insertReader(db),
      insertReader(db),
      insertReader(db),
      insertReader(db),
    ]);
    for (const [index, follower] of [parentAuthor, keen, casual].entries())
      await insertFollow(db, follower.id, author.id, minutesAgo(60 - index));
    await community.saveEmailPreferences(keen.id, { replies: true, follows: true });
    await community.saveEmailPreferences(parentAuthor.id, { replies: true, follows: true });
    const article = await insertArticle(db, { headline: 'Night ferry returns' });
    const parent = await insertComment(db, { articleId: article.id, authorId: parentAuthor.id });
    const reply = await publish({ articleId: article.id, authorId: author.id, parentId: parent });
    expect((await notificationsOf(parentAuthor.id)).map((row) => row.kind)).toEqual(['reply']);
    expect(await notificationsOf(keen.id)).toEqual([{ kind: 'followed-comment', comment_id: reply, actor_id: author.id, read_at: null }]);
    expect(await notificationsOf(casual.id)).toHaveLength(1);
    expect(await emailsTo(parentAuthor.email)).toHaveLength(1);
    const keenEmails = await emailsTo(keen.email);
    expect(keenEmails).toHaveLength(1);
    expect(keenEmails[0]!.subject).toContain('commented on “Night ferry returns”');
    expect(keenEmails[0]!.text_body).toContain(encodeURIComponent(unsubscribeToken(TEST_SESSION_SECRET, keen.id, 'follows')));
    expect(await emailsTo(casual.email)).toEqual([]);

    const { createCommentPublishedHook } = await import('./comment-published-hook.js');
    const capped = createCommentPublishedHook({
      clock: harness.clock,
      secret: TEST_SESSION_SECRET,
      email: { publicationName: 'The Test Gazette', publicUrl: 'https://news.example.test' },
      timeZone: 'Europe/London',
      maxFollowerNotifications: 2,
    });
    const id = await insertComment(db, { articleId: article.id, authorId: author.id });
    await db
      .transaction()
      .execute((trx) =>
        capped(trx, { id, articleId: article.id, authorId: author.id, parentId: null, parentAuthorId: null, createdAt: minutesAgo(0) }),
      );
    const fanOut = await db.selectFrom('notifications').where('comment_id', '=', id).select('user_id').orderBy('user_id').execute();
    expect(fanOut.map((row) => row.user_id)).toEqual([parentAuthor.id, keen.id].sort((a, b) => a - b));
  });

  it('writes nothing when the posting transaction rolls back', async () => {
    const { db, hook } = harness;
    const [author, follower] = await Promise.all([insertReader(db), insertReader(db)]);
    await insertFollow(db, follower.id, author.id);
    const article = await insertArticle(db);
    const parent = await insertComment(db, { articleId: article.id, authorId: follower.id });
    const before = await communitySnapshot(db);
    await expect(
      db.transaction().execute(async (trx) => {
        const id = await insertComment(trx, { articleId: article.id, authorId: author.id, parentId: parent });
        await hook(trx, {
          id,
          articleId: article.id,
          authorId: author.id,
          parentId: parent,
          parentAuthorId: follower.id,
          createdAt: minutesAgo(0),
        });
        throw new Error('posting failed after the hook');
      }),
    ).rejects.toThrow('posting failed');
    expect(await communitySnapshot(db)).toEqual(before);
  });

  it('counts unread notifications about published comments, and marks them all read', async () => {
    const { db, community } = harness;
    const [author, replier] = await Promise.all([insertReader(db), insertReader(db)]);
    const article = await insertArticle(db);
    const parent = await insertComment(db, { articleId: article.id, authorId: author.id });
    const first = await publish({ articleId: article.id, authorId: replier.id, parentId: parent });
    await publish({ articleId: article.id, authorId: replier.id, parentId: parent });
    expect(await countUnread(db, author.id)).toBe(2);
    await db.updateTable('comments').set({ status: 'rejected' }).where('id', '=', first).execute();
    expect(await countUnread(db, author.id)).toBe(1);
    expect((await community.notifications(author.id, 1)).items).toHaveLength(1);
    await community.markAllRead(author.id);
    expect(await countUnread(db, author.id)).toBe(0);
    expect((await community.notifications(author.id, 1)).items[0]!.isUnread).toBe(false);
  });
});
