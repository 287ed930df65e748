// Each article's publication sequence (migration 0010), on both engines: what
// a live reader is replayed after a reconnect is decided by it, not by comment
// ids. A held comment approved after newer ones were posted is replayed; the
// replay follows publication order and stops at a gap; a rolled-back post
// gives its number back; the migration numbers the comments already stored.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { readLatestPublicationSeq } from './comments.repository.js';
import type { CommentWriter } from './comments.types.js';
import { insertArticle, insertComment, insertReader } from './testing/comment-fixtures.js';
import { createCommentsTestApp, openLiveComments, postCommentOn, type CommentsTestApp } from './testing/comments-harness.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const MINUTE = 60_000;

const seqOf = async (db: Db, commentId: number) =>
  (await db.selectFrom('comments').where('id', '=', commentId).select('published_seq').executeTakeFirstOrThrow()).published_seq;

/** What the database says was published on the article, in sequence order. */
const numbered = async (db: Db, articleId: number) =>
  (
    await db
      .selectFrom('comments')
      .where('article_id', '=', articleId)
      .where('published_seq', 'is not', null)
      .select(['id', 'published_seq'])
      .orderBy('published_seq')
      .execute()
  ).map((row) => [row.id, Number(row.published_seq)]);

describeEachEngine('the comment publication sequence', (engine) => {
  let t: CommentsTestApp;
  let step = 0;

  beforeAll(async () => {
    t = await createCommentsTestApp({ engine, now: NOW });
  });
  afterAll(() => t.destroy());
  // Each test's clock moves on so the per-reader burst and duplicate windows start fresh.
  beforeEach(() => t.clock.set(new Date(NOW.getTime() + ++step * 20 * MINUTE)));

  const writer = async (): Promise<CommentWriter> => ({ id: (await insertReader(t.db)).id, role: 'reader', isEmailVerified: true });
  const post = async (articleId: number, body: string, options: { parentId?: number; by?: CommentWriter } = {}) => {
    const outcome = await postCommentOn(t.comments, {
      writer: options.by ?? (await writer()),
      articleId,
      parentId: options.parentId ?? null,
      body,
    });
    if (outcome.kind !== 'posted') throw new Error(`not posted: ${JSON.stringify(outcome)}`);
    return outcome.id;
  };
  const approve = (commentId: number) => t.db.updateTable('comments').set({ status: 'published' }).where('id', '=', commentId).execute();
  const threadMark = async (articleId: number) => {
    const article = (await t.comments.findArticle(articleId))!;
    return (await t.comments.threadPage({ article, sort: 'oldest', page: 1, viewerId: null }))!.liveAfter;
  };

  it('replays a held comment approved after newer ones were posted, in publication order, not id order', async () => {
    const { id: articleId } = await insertArticle(t.db);
    expect(await threadMark(articleId)).toBe(0);
    const held = await insertComment(t.db, { articleId, authorId: (await writer()).id, status: 'pending' });
    const one = await post(articleId, 'The first published comment.');
    const two = await post(articleId, 'The second published comment.');
    const mark = await threadMark(articleId);
    expect(mark).toBe(2);
    expect(await seqOf(t.db, held)).toBeNull();

    // Approved after the page was read (while its reader was disconnected): an older id than the page's newest, a newer number.
    await approve(held);
    const live = await openLiveComments(t.app, articleId, { after: mark });
    expect(await seqOf(t.db, held)).toBe(3);
    expect(await t.comments.missedComments(articleId, mark)).toEqual({
      comments: [{ commentId: held, seq: 3 }],
      count: 3,
      isPartial: false,
    });
    expect(await live.eventFor(held)).toEqual({ commentId: held, count: 3 });
    expect(live.eventIds).toEqual([3]);
    live.close();

    expect((await t.comments.missedComments(articleId, 0)).comments).toEqual([
      { commentId: one, seq: 1 },
      { commentId: two, seq: 2 },
      { commentId: held, seq: 3 },
    ]);
    // A comment posted live gets the next number, as its event's id.
    const watching = await openLiveComments(t.app, articleId, { after: 3 });
    const three = await post(articleId, 'Posted while a reader watches.');
    expect(await watching.eventFor(three)).toEqual({ commentId: three, count: 4 });
    expect(watching.eventIds).toEqual([4]);
    watching.close();
    expect(await threadMark(articleId)).toBe(4);
  });

  // SQLite has one writer: a second transaction cannot start while this one is open.
  it.runIf(engine === 'postgres')(
    'numbers in commit order: a publication not yet committed when the page is read is replayed after its mark',
    async () => {
      const { id: articleId } = await insertArticle(t.db);
      const { id: authorId } = await writer();
      let markWhileOpen = -1;
      let later: Promise<number> | undefined;
      const early = await t.db.transaction().execute(async (trx) => {
        const id = await insertComment(trx, { articleId, authorId });
        markWhileOpen = await threadMark(articleId);
        // Posted meanwhile: it waits for this transaction's number, so it cannot commit first.
        later = post(articleId, 'Posted while the first was still open.');
        await new Promise((resolve) => setTimeout(resolve, 200));
        return id;
      });
      const laterId = await later!;
      expect(markWhileOpen).toBe(0);
      expect((await t.comments.missedComments(articleId, markWhileOpen)).comments).toEqual([
        { commentId: early, seq: 1 },
        { commentId: laterId, seq: 2 },
      ]);
    },
  );

  it('replays at most the limit in order, then reports the gap; leaves out what is no longer published', async () => {
    const { id: articleId } = await insertArticle(t.db);
    const ids: number[] = [];
    for (const body of ['One.', 'Two.', 'Three.', 'Four.']) ids.push(await post(articleId, body));
    await t.db.updateTable('comments').set({ status: 'rejected' }).where('id', '=', ids[1]!).execute();
    expect(await t.comments.missedComments(articleId, 0, 2)).toEqual({
      comments: [
        { commentId: ids[0], seq: 1 },
        { commentId: ids[2], seq: 3 },
      ],
      count: 3,
      isPartial: true,
    });
    expect(await t.comments.missedComments(articleId, 3, 2)).toEqual({
      comments: [{ commentId: ids[3], seq: 4 }],
      count: 3,
      isPartial: false,
    });
    expect(await t.comments.missedComments(articleId, 4)).toEqual({ comments: [], count: 3, isPartial: false });

    // Published again (approved after a rejection): numbered again, so a reader who saw it go is sent it back.
    await approve(ids[1]!);
    expect(await seqOf(t.db, ids[1]!)).toBe(5);
    // A change that publishes nothing takes no number.
    await t.db.updateTable('comments').set({ status: 'published' }).where('id', '=', ids[0]!).execute();
    await t.db.updateTable('comments').set({ status: 'deleted' }).where('id', '=', ids[3]!).execute();
    expect(await threadMark(articleId)).toBe(5);
    // Each article counts on its own.
    const { id: otherArticleId } = await insertArticle(t.db);
    await post(otherArticleId, 'Elsewhere.');
    expect(await readLatestPublicationSeq(t.db, otherArticleId)).toBe(1);
    expect(await readLatestPublicationSeq(t.db, articleId)).toBe(5);
  });

  it('gives the number back when the post rolls back, and numbers parallel posts without gaps or repeats', async () => {
    const { id: articleId } = await insertArticle(t.db);
    await post(articleId, 'Before the failure.');
    const failing = t.commentsServiceWith({
      onPublished: async () => {
        throw new Error('hook failed');
      },
    });
    const article = (await t.comments.findArticle(articleId))!;
    await expect(failing.postComment({ writer: await writer(), article, parentId: null, body: 'Rolled back.' })).rejects.toThrow();
    expect(await threadMark(articleId)).toBe(1);

    // Posted at once (on PostgreSQL, in parallel transactions): each publication its own number, in one run.
    const writers = await Promise.all(Array.from({ length: 12 }, () => writer()));
    const posted = await Promise.all(writers.map((by, index) => post(articleId, `In parallel, number ${index}.`, { by })));
    const numbers = (await numbered(t.db, articleId)).map(([, seq]) => seq);
    expect(numbers).toEqual(Array.from({ length: 13 }, (_, index) => index + 1));
    expect(new Set(await Promise.all(posted.map((id) => seqOf(t.db, id)))).size).toBe(12);
  });
});

describeEachEngine('migration 0010 (publication sequence)', (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.destroy());

  it('numbers the comments already published, per article in id order, and goes on from there', async () => {
    const { db } = database;
    const { id: authorId } = await insertReader(db);
    const { id: articleId } = await insertArticle(db);
    const { id: otherArticleId } = await insertArticle(db);
    const { id: quietArticleId } = await insertArticle(db);
    const down = await database.migrateTo('0009_create_stripe_pending_events');
    expect(down.error).toBeUndefined();
    const first = await insertComment(db, { articleId, authorId });
    const held = await insertComment(db, { articleId, authorId, status: 'pending' });
    const elsewhere = await insertComment(db, { articleId: otherArticleId, authorId });
    const reply = await insertComment(db, { articleId, authorId, parentId: first });
    const removed = await insertComment(db, { articleId, authorId, status: 'deleted' });
    await insertComment(db, { articleId: quietArticleId, authorId, status: 'rejected' });
    const up = await database.migrateTo('latest');
    expect(up.error).toBeUndefined();

    expect(await numbered(db, articleId)).toEqual([
      [first, 1],
      [reply, 2],
    ]);
    expect(await numbered(db, otherArticleId)).toEqual([[elsewhere, 1]]);
    for (const id of [held, removed]) expect(await seqOf(db, id)).toBeNull();
    expect(await readLatestPublicationSeq(db, articleId)).toBe(2);
    expect(await readLatestPublicationSeq(db, otherArticleId)).toBe(1);
    expect(await readLatestPublicationSeq(db, quietArticleId)).toBe(0);

    // The triggers carry on from the backfilled numbers.
    await db.updateTable('comments').set({ status: 'published' }).where('id', '=', held).execute();
    expect(await seqOf(db, held)).toBe(3);
    const next = await insertComment(db, { articleId: quietArticleId, authorId });
    expect(await seqOf(db, next)).toBe(1);
  });
});
