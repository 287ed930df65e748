// The Following feed read from its fan-out table (migration 0011), on both
// engines: after any history of comments, replies, follows, unfollows, status
// changes and bans, every page of every reader's feed must be what the feed's
// rule says — comments by followees and replies to their comments, never the
// reader's own, visible ones only, newest first — computed here from the rows
// themselves. Then the paging edges, and the migration's backfill.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import type { CommentStatus } from '../../core/db/schema.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { banReader, insertArticle, insertComment, insertFollow, insertReader, minutesAgo } from '../comments/testing/comment-fixtures.js';
import { listFollowingFeed } from './community.queries.js';
import { createCommunityTestApp, type CommunityTestApp } from './testing/community-harness.js';

const PAGE_SIZE = 3;
const STATUSES: CommentStatus[] = ['published', 'published', 'pending', 'rejected', 'deleted'];

type Step =
  | { kind: 'post'; by: number; onDraft: boolean; minutes: number; status: CommentStatus }
  | { kind: 'reply'; by: number; to: number; minutes: number }
  | { kind: 'follow'; from: number; to: number }
  | { kind: 'unfollow'; from: number; to: number }
  | { kind: 'set-status'; of: number; status: CommentStatus }
  | { kind: 'ban'; who: number };

const reader = fc.nat({ max: 4 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      by: reader,
      onDraft: fc.boolean(),
      // Few distinct times, so ties in created_at are common and the id must settle them.
      minutes: fc.nat({ max: 4 }),
      status: fc.constantFrom(...STATUSES),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('reply' as const), by: reader, to: fc.nat(), minutes: fc.nat({ max: 4 }) }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('follow' as const), from: reader, to: reader }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('unfollow' as const), from: reader, to: reader }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('set-status' as const), of: fc.nat(), status: fc.constantFrom(...STATUSES) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('ban' as const), who: reader }), weight: 1 },
);

/** The feed's rule, applied to the rows: what `listFollowingFeed` must return, in order. */
async function expectedFeed(db: Db, readerId: number, readerIds: number[]): Promise<number[]> {
  const comments = await db
    .selectFrom('comments as c')
    .innerJoin('articles as a', 'a.id', 'c.article_id')
    .where('c.author_id', 'in', readerIds)
    .select(['c.id', 'c.author_id', 'c.parent_id', 'c.status', 'c.created_at', 'a.status as article_status'])
    .execute();
  const followees = new Set(
    (await db.selectFrom('follows').where('follower_id', '=', readerId).select('followee_id').execute()).map((row) => row.followee_id),
  );
  const banned = new Set(
    (await db.selectFrom('reader_moderation').where('banned_at', 'is not', null).select('user_id').execute()).map((row) => row.user_id),
  );
  const authorOf = new Map(comments.map((comment) => [comment.id, comment.author_id]));
  return comments
    .filter(
      (comment) =>
        comment.author_id !== readerId &&
        comment.status === 'published' &&
        comment.article_status === 'published' &&
        !banned.has(comment.author_id) &&
        (followees.has(comment.author_id) || (comment.parent_id !== null && followees.has(authorOf.get(comment.parent_id)!))),
    )
    .sort((a, b) => (a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1))
    .map((comment) => comment.id);
}

describeEachEngine('the Following feed, fanned out on write', (engine) => {
  let harness: CommunityTestApp;
  beforeAll(async () => {
    harness = await createCommunityTestApp(engine, { pageSize: PAGE_SIZE });
  });
  afterAll(() => harness.destroy());

  /** Every page of the reader's feed, as the service pages it, and whether the pages agreed on where they end. */
  async function wholeFeed(readerId: number): Promise<number[]> {
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      const { items, hasNext } = await harness.community.followingFeed(readerId, page);
      ids.push(...items.map((item) => item.id));
      if (hasNext) expect(items).toHaveLength(PAGE_SIZE);
      else return ids;
    }
  }

  it('lists what the feed’s rule says after any history of comments, follows, unfollows, status changes and bans', async () => {
    const { db } = harness;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const readers = await Promise.all([0, 1, 2, 3, 4].map(() => insertReader(db)));
        const readerIds = readers.map((one) => one.id);
        const live = await insertArticle(db);
        const draft = await insertArticle(db, { status: 'draft' });
        const ids: number[] = [];
        const banned = new Set<number>();
        for (const next of steps) {
          if (next.kind === 'post') {
            ids.push(
              await insertComment(db, {
                articleId: next.onDraft ? draft.id : live.id,
                authorId: readerIds[next.by]!,
                status: next.status,
                createdAt: minutesAgo(next.minutes),
              }),
            );
          } else if (next.kind === 'reply' && ids.length > 0) {
            const parentId = ids[next.to % ids.length]!;
            const { article_id: articleId } = await db
              .selectFrom('comments')
              .where('id', '=', parentId)
              .select('article_id')
              .executeTakeFirstOrThrow();
            ids.push(await insertComment(db, { articleId, authorId: readerIds[next.by]!, parentId, createdAt: minutesAgo(next.minutes) }));
          } else if (next.kind === 'follow' && next.from !== next.to) {
            await db
              .insertInto('follows')
              .values({ follower_id: readerIds[next.from]!, followee_id: readerIds[next.to]!, created_at: minutesAgo(1) })
              .onConflict((conflict) => conflict.columns(['follower_id', 'followee_id']).doNothing())
              .execute();
          } else if (next.kind === 'unfollow') {
            await db
              .deleteFrom('follows')
              .where('follower_id', '=', readerIds[next.from]!)
              .where('followee_id', '=', readerIds[next.to]!)
              .execute();
          } else if (next.kind === 'set-status' && ids.length > 0) {
            await db
              .updateTable('comments')
              .set({ status: next.status })
              .where('id', '=', ids[next.of % ids.length]!)
              .execute();
          } else if (next.kind === 'ban' && !banned.has(next.who)) {
            banned.add(next.who);
            await banReader(db, readerIds[next.who]!);
          }
        }
        for (const readerId of readerIds) expect(await wholeFeed(readerId)).toEqual(await expectedFeed(db, readerId, readerIds));
      }),
      { numRuns: engine === 'sqlite' ? 40 : 20 },
    );
  });

  it('fills pages with visible comments only, settles equal times by id, and ends cleanly on a page boundary', async () => {
    const { db } = harness;
    const [me, friend, other] = await Promise.all([insertReader(db), insertReader(db), insertReader(db)]);
    const live = await insertArticle(db);
    const withdrawn = await insertArticle(db);
    const same = minutesAgo(30);
    const visible: number[] = [];
    // Oldest first; among equal times the higher id is newer.
    visible.push(await insertComment(db, { articleId: live.id, authorId: friend.id, createdAt: minutesAgo(40) }));
    visible.push(await insertComment(db, { articleId: live.id, authorId: friend.id, createdAt: same }));
    visible.push(await insertComment(db, { articleId: live.id, authorId: friend.id, createdAt: same }));
    // Rows of the feed that do not show, between the visible ones.
    await insertComment(db, { articleId: live.id, authorId: friend.id, status: 'pending', createdAt: minutesAgo(35) });
    await insertComment(db, { articleId: live.id, authorId: friend.id, status: 'rejected', createdAt: minutesAgo(20) });
    await insertComment(db, { articleId: withdrawn.id, authorId: friend.id, createdAt: minutesAgo(15) });
    await insertComment(db, { articleId: live.id, authorId: other.id, createdAt: minutesAgo(10) });
    await db.updateTable('articles').set({ status: 'withdrawn' }).where('id', '=', withdrawn.id).execute();
    // Followed after the comments were written: the follow brings them in.
    await insertFollow(db, me.id, friend.id);

    const first = await harness.community.followingFeed(me.id, 1);
    expect(first.items.map((item) => item.id)).toEqual([visible[2], visible[1], visible[0]]);
    // Exactly one page's worth: no next page, and the page after it is empty.
    expect(first.hasNext).toBe(false);
    expect(await harness.community.followingFeed(me.id, 2)).toEqual({ items: [], page: 2, hasNext: false });

    // One more makes a second page; a held comment approved later shows at its own time.
    const held = await insertComment(db, { articleId: live.id, authorId: friend.id, status: 'pending', createdAt: minutesAgo(50) });
    expect((await harness.community.followingFeed(me.id, 1)).hasNext).toBe(false);
    await db.updateTable('comments').set({ status: 'published' }).where('id', '=', held).execute();
    const [pageOne, pageTwo] = [await harness.community.followingFeed(me.id, 1), await harness.community.followingFeed(me.id, 2)];
    expect(pageOne.hasNext).toBe(true);
    expect(pageTwo.items.map((item) => item.id)).toEqual([held]);
    expect(pageTwo.hasNext).toBe(false);
    expect(await listFollowingFeed(db, { page: 1, pageSize: 10, readerId: me.id, now: new Date().toISOString() })).toHaveLength(4);
  });

  it('keeps a comment another follow still brings in when one is undone, and brings it all back on following again', async () => {
    const { db } = harness;
    const [me, alice, bob] = await Promise.all([insertReader(db), insertReader(db), insertReader(db)]);
    const article = await insertArticle(db);
    await insertFollow(db, me.id, alice.id);
    await insertFollow(db, me.id, bob.id);
    const aliceComment = await insertComment(db, { articleId: article.id, authorId: alice.id, createdAt: minutesAgo(30) });
    const bobReply = await insertComment(db, {
      articleId: article.id,
      authorId: bob.id,
      parentId: aliceComment,
      createdAt: minutesAgo(20),
    });
    const myReply = await insertComment(db, { articleId: article.id, authorId: me.id, parentId: aliceComment, createdAt: minutesAgo(10) });
    const aliceAnswer = await insertComment(db, { articleId: article.id, authorId: alice.id, parentId: myReply, createdAt: minutesAgo(5) });
    expect(await wholeFeed(me.id)).toEqual([aliceAnswer, bobReply, aliceComment]);
    // My own reply is never in my feed, not even as a row.
    expect(
      await db.selectFrom('following_feed').where('reader_id', '=', me.id).where('comment_id', '=', myReply).selectAll().execute(),
    ).toEqual([]);

    await db.deleteFrom('follows').where('follower_id', '=', me.id).where('followee_id', '=', alice.id).execute();
    // Bob's reply to Alice stays: I still follow Bob.
    expect(await wholeFeed(me.id)).toEqual([bobReply]);
    await insertFollow(db, me.id, alice.id);
    expect(await wholeFeed(me.id)).toEqual([aliceAnswer, bobReply, aliceComment]);
  });

  // SQLite has one writer: a second transaction cannot start while one is open.
  it.runIf(engine === 'postgres')('loses nothing when a comment and a follow or unfollow of its author commit together', async () => {
    const { db } = harness;
    const [me, alice, bob] = await Promise.all([insertReader(db), insertReader(db), insertReader(db)]);
    const { id: articleId } = await insertArticle(db);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

    // A comment still being stored while I follow its author: the follow waits for it, then brings it in.
    let following: Promise<void> | undefined;
    const aliceComment = await db.transaction().execute(async (trx) => {
      const id = await insertComment(trx, { articleId, authorId: alice.id, createdAt: minutesAgo(20) });
      following = insertFollow(db, me.id, alice.id);
      await settle();
      return id;
    });
    await following;
    expect(await wholeFeed(me.id)).toEqual([aliceComment]);

    // A follow still being stored while its followee posts: the post waits for it, then reaches the feed.
    let posting: Promise<number> | undefined;
    await db.transaction().execute(async (trx) => {
      await insertFollow(trx, me.id, bob.id);
      posting = insertComment(db, { articleId, authorId: bob.id, createdAt: minutesAgo(10) });
      await settle();
    });
    const bobComment = await posting!;
    expect(await wholeFeed(me.id)).toEqual([bobComment, aliceComment]);

    // An unfollow while its followee's comment is being stored takes that one out too.
    let unfollowing: Promise<unknown> | undefined;
    await db.transaction().execute(async (trx) => {
      await insertComment(trx, { articleId, authorId: alice.id, createdAt: minutesAgo(5) });
      unfollowing = db.deleteFrom('follows').where('follower_id', '=', me.id).where('followee_id', '=', alice.id).execute();
      await settle();
    });
    await unfollowing;
    expect(await wholeFeed(me.id)).toEqual([bobComment]);
  });
});

describeEachEngine('migration 0011 (Following feed)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.destroy());

  it('fans out the follows and comments already stored, then keeps the feed from there', async () => {
    const { db } = database;
    const [me, alice, bob, carol] = await Promise.all([insertReader(db), insertReader(db), insertReader(db), insertReader(db)]);
    const article = await insertArticle(db);
    const down = await database.migrateTo('0010_sequence_comment_publications');
    expect(down.error).toBeUndefined();
    await insertFollow(db, me.id, alice.id);
    await insertFollow(db, bob.id, me.id);
    const aliceComment = await insertComment(db, { articleId: article.id, authorId: alice.id, createdAt: minutesAgo(30) });
    const carolReply = await insertComment(db, {
      articleId: article.id,
      authorId: carol.id,
      parentId: aliceComment,
      createdAt: minutesAgo(20),
    });
    const myReply = await insertComment(db, { articleId: article.id, authorId: me.id, parentId: aliceComment, createdAt: minutesAgo(10) });
    const up = await database.migrateTo('latest');
    expect(up.error).toBeUndefined();

    const feedOf = async (readerId: number) =>
      (await listFollowingFeed(db, { page: 1, pageSize: 10, readerId, now: new Date().toISOString() })).map((row) => row.id);
    expect(await feedOf(me.id)).toEqual([carolReply, aliceComment]);
    expect(await feedOf(bob.id)).toEqual([myReply]);
    expect(await feedOf(alice.id)).toEqual([]);
    const later = await insertComment(db, { articleId: article.id, authorId: alice.id, createdAt: minutesAgo(1) });
    expect(await feedOf(me.id)).toEqual([later, carolReply, aliceComment]);
  });
});
