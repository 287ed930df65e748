// The comments service against a real database, on SQLite and PostgreSQL:
// threading, every refusal storing nothing, moderation and standing, the
// hook inside the transaction, rate limits, edits, deletes, recommendations
// under concurrency, reports, and thread pages without N+1 queries.
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { SCREENING_REASONS } from '../moderation/moderation.service.js';
import { DISPLAY_DEPTH } from './comments.service.js';
import type { CommentView, CommentWriter } from './comments.types.js';
import { banReader, insertArticle, insertBannedWord, insertFollow, insertReader, suspendReader } from './testing/comment-fixtures.js';
import { createCommentsTestApp, openLiveComments, postCommentOn, type CommentsTestApp } from './testing/comments-harness.js';

const MINUTE = 60_000;
// On the app's real moderation list from the start: text with one of these is held, or refused.
const HELD_PHRASE = 'quayside rumour';
const REFUSED_PHRASE = 'scurvy knave';

describeEachEngine('comments service', (engine) => {
  let t: CommentsTestApp;
  let articleId: number;
  let otherArticleId: number;
  let closedArticleId: number;
  let draftArticleId: number;
  const writers: CommentWriter[] = [];
  let step = 0;

  const idOf = async (slug: string) =>
    (await t.db.selectFrom('articles').where('slug', '=', slug).select('id').executeTakeFirstOrThrow()).id;
  const countComments = async () =>
    Number(
      (
        await t.db
          .selectFrom('comments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const countNotifications = async () =>
    Number(
      (
        await t.db
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const notificationsAbout = (commentId: number) =>
    t.db.selectFrom('notifications').where('comment_id', '=', commentId).select(['user_id', 'kind', 'actor_id']).orderBy('id').execute();
  // Each test's clock moves on so the per-reader burst and duplicate windows start fresh.
  const freshWindow = () => t.clock.set(new Date(FIXTURE_NOW.getTime() + ++step * 20 * MINUTE));
  const writer = async (overrides: Partial<CommentWriter> = {}): Promise<CommentWriter> => {
    const { id } = await insertReader(t.db);
    const created = { id, role: 'reader', isEmailVerified: true, ...overrides };
    writers.push(created);
    return created;
  };
  const post = (who: CommentWriter, body: string, parentId: number | null = null, onArticle = articleId) =>
    postCommentOn(t.comments, { writer: who, articleId: onArticle, parentId, body });
  const posted = async (who: CommentWriter, body: string, parentId: number | null = null) => {
    const outcome = await post(who, body, parentId);
    if (outcome.kind !== 'posted') throw new Error(`not posted: ${JSON.stringify(outcome)}`);
    return outcome;
  };

  beforeAll(async () => {
    t = await createCommentsTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(t.db);
    articleId = await idOf('harbour-wall-repaired');
    otherArticleId = await idOf('council-agrees-budget');
    closedArticleId = await idOf('ferry-timetable-changes');
    draftArticleId = await idOf('unfinished-draft');
    await t.db.updateTable('articles').set({ comments_enabled: 0 }).where('id', '=', closedArticleId).execute();
    await insertBannedWord(t.db, HELD_PHRASE, 'hold');
    await insertBannedWord(t.db, REFUSED_PHRASE, 'reject');
  });
  afterAll(() => t.destroy());
  beforeEach(() => {
    freshWindow();
  });

  it('posts a top-level comment and replies with depth, path, root and reply counts kept', async () => {
    const ada = await writer();
    const ben = await writer();
    const live = await openLiveComments(t.app, articleId);
    const top = await posted(ada, '  A first thought.\r\n\r\n\r\nWith a second paragraph.  ');
    const reply = await posted(ben, 'A reply.', top.id);
    const nested = await posted(ada, 'A reply to the reply.', reply.id);
    const rows = await t.db.selectFrom('comments').where('id', 'in', [top.id, reply.id, nested.id]).selectAll().orderBy('id').execute();
    const pad = (id: number) => String(id).padStart(10, '0');
    expect(rows.map((row) => [row.depth, row.root_id, row.path, row.parent_id, row.reply_count, row.status])).toEqual([
      [0, top.id, pad(top.id), null, 1, 'published'],
      [1, top.id, `${pad(top.id)}/${pad(reply.id)}`, top.id, 1, 'published'],
      [2, top.id, `${pad(top.id)}/${pad(reply.id)}/${pad(nested.id)}`, reply.id, 0, 'published'],
    ]);
    expect(rows[0]!.body).toBe('A first thought.\n\nWith a second paragraph.');
    // The community hook ran with the reply's author and the author replied to.
    expect(await notificationsAbout(nested.id)).toEqual([{ user_id: ben.id, kind: 'reply', actor_id: ada.id }]);
    expect(await live.eventFor(nested.id)).toEqual({ commentId: nested.id, count: await t.comments.countPublished(articleId) });
    live.close();
  });

  it('refuses replies to missing, other-article, deleted, held and rejected parents, storing nothing', async () => {
    const ada = await writer();
    const elsewhere = (await postCommentOn(t.comments, { writer: ada, articleId: otherArticleId, parentId: null, body: 'Elsewhere.' })) as {
      id: number;
    };
    freshWindow();
    const deleted = await posted(ada, 'Soon deleted.');
    await t.comments.deleteComment({ writer: ada, commentId: deleted.id });
    const held = await posted(ada, `Held: a ${HELD_PHRASE}.`);
    const rejectedId = (await posted(ada, 'Later rejected.')).id;
    await t.db.updateTable('comments').set({ status: 'rejected' }).where('id', '=', rejectedId).execute();
    const before = await countComments();
    const ben = await writer();
    expect(await post(ben, 'To nothing', 2_000_000_000)).toMatchObject({
      kind: 'not-found',
      message: 'The comment you replied to could not be found.',
    });
    expect(await post(ben, 'Across articles', elsewhere.id)).toMatchObject({
      kind: 'invalid',
      message: 'You can only reply to a comment under the same article.',
    });
    expect(await post(ben, 'To deleted', deleted.id)).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('has been deleted'),
    });
    expect(await post(ben, 'To held', held.id)).toMatchObject({ kind: 'conflict' });
    expect(await post(ben, 'To rejected', rejectedId)).toMatchObject({ kind: 'conflict' });
    expect(await countComments()).toBe(before);
  });

  it('refuses missing, unpublished and closed articles, bad text, unverified and barred writers, storing nothing', async () => {
    const ada = await writer();
    const unverified = await writer({ isEmailVerified: false });
    const banned = await writer();
    await banReader(t.db, banned.id);
    const suspended = await writer();
    await suspendReader(t.db, suspended.id, '2026-04-01T09:00:00.000Z');
    // Each has a follower: a comment that reached the community hook would leave a notification.
    const follower = await writer();
    for (const followee of [ada, unverified, banned, suspended]) await insertFollow(t.db, follower.id, followee.id);
    const before = await countComments();
    const notificationsBefore = await countNotifications();
    // A missing or unpublished article is not live: nothing to post under (the route answers 404).
    expect(await t.comments.findArticle(999_999)).toBeNull();
    expect(await t.comments.findArticle(draftArticleId)).toBeNull();
    expect(await post(ada, 'Hi', null, closedArticleId)).toEqual({ kind: 'forbidden', message: 'Comments are closed for this article.' });
    expect(await post(ada, '   \n\n  ')).toMatchObject({ kind: 'invalid', message: 'Please write your comment.' });
    expect(await post(ada, 'x'.repeat(5001))).toMatchObject({ kind: 'invalid' });
    expect(await post(unverified, 'Hi')).toMatchObject({
      kind: 'forbidden',
      message: expect.stringContaining('confirm your email address'),
    });
    expect(await post(banned, 'Hi')).toMatchObject({ kind: 'forbidden', message: expect.stringMatching(/^You cannot post comments/) });
    expect(await post(suspended, 'Hi')).toMatchObject({
      kind: 'forbidden',
      message: expect.stringContaining('You cannot post comments until Wednesday 1 April 2026'),
    });
    expect(await post(ada, `Something rude, you ${REFUSED_PHRASE}`)).toEqual({
      kind: 'invalid',
      message: SCREENING_REASONS.bannedWordReject,
    });
    expect(await countComments()).toBe(before);
    expect(await countNotifications()).toBe(notificationsBefore);
  });

  it('holds comments the policy holds: pending, no hook, no live event, not counted', async () => {
    const ada = await writer();
    // A follower: had the community hook run, they would have a notification.
    await insertFollow(t.db, (await writer()).id, ada.id);
    const live = await openLiveComments(t.app, articleId);
    const count = await t.comments.countPublished(articleId);
    const held = await posted(ada, `Please approve this ${HELD_PHRASE}.`);
    expect(held.status).toBe('pending');
    const row = await t.db.selectFrom('comments').where('id', '=', held.id).select(['status', 'status_reason']).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', status_reason: SCREENING_REASONS.bannedWord });
    expect(await notificationsAbout(held.id)).toEqual([]);
    expect(await t.comments.countPublished(articleId)).toBe(count);
    // Live events go out in order: the next published comment's comes without one for the held comment.
    const next = await posted(ada, 'An ordinary remark.');
    await live.eventFor(next.id);
    expect(live.received.map((event) => event.commentId)).toEqual([next.id]);
    live.close();

    // Pre-moderation of the article (the moderation feature's setting, read with the article) and of the reader.
    const { id: checkedArticleId } = await insertArticle(t.db);
    await t.db
      .insertInto('article_comment_settings')
      .values({ article_id: checkedArticleId, premoderated: 1, updated_at: FIXTURE_NOW.toISOString() })
      .execute();
    expect(await post(ada, 'On a checked article.', null, checkedArticleId)).toMatchObject({ kind: 'posted', status: 'pending' });
    const watched = await writer();
    await t.db
      .insertInto('reader_moderation')
      .values({
        user_id: watched.id,
        premoderated: 1,
        suspended_until: null,
        banned_at: null,
        reason: null,
        updated_at: FIXTURE_NOW.toISOString(),
        updated_by: null,
      })
      .execute();
    expect(await post(watched, 'From a watched reader.')).toMatchObject({ kind: 'posted', status: 'pending' });
    expect(await t.comments.countPublished(checkedArticleId)).toBe(0);
  });

  it('tells a live reader what was published after the page’s mark: in order, held ones left out, a bounded replay', async () => {
    const ada = await writer();
    const { id: quietArticleId } = await insertArticle(t.db);
    const quiet = (await t.comments.findArticle(quietArticleId))!;
    const page = (await t.comments.threadPage({ article: quiet, sort: 'oldest', page: 1, viewerId: null }))!;
    // Another article's comments move another sequence.
    await posted(ada, 'First, after the page was read.', null);
    expect((await t.comments.threadPage({ article: quiet, sort: 'oldest', page: 1, viewerId: null }))!.liveAfter).toBe(page.liveAfter);
    freshWindow();
    const onQuiet = async (body: string) => {
      const outcome = await post(ada, body, null, quietArticleId);
      if (outcome.kind !== 'posted') throw new Error(JSON.stringify(outcome));
      freshWindow();
      return outcome;
    };
    const one = await onQuiet('One on the quiet article.');
    const held = await onQuiet(`Held: ${HELD_PHRASE}.`);
    const two = await onQuiet('Two on the quiet article.');
    expect(held.status).toBe('pending');
    const first = { commentId: one.id, seq: page.liveAfter + 1 };
    const second = { commentId: two.id, seq: page.liveAfter + 2 };
    expect(await t.comments.missedComments(quietArticleId, page.liveAfter)).toEqual({
      comments: [first, second],
      count: 2,
      isPartial: false,
    });
    expect(await t.comments.missedComments(quietArticleId, first.seq)).toEqual({ comments: [second], count: 2, isPartial: false });
    expect(await t.comments.missedComments(quietArticleId, page.liveAfter, 1)).toEqual({ comments: [first], count: 2, isPartial: true });
    expect(await t.comments.missedComments(quietArticleId, second.seq)).toEqual({ comments: [], count: 2, isPartial: false });
  });

  it('rolls the comment back when the publishing hook fails inside the transaction', async () => {
    const ada = await writer();
    const before = await countComments();
    // The app's hook cannot be made to fail; this service differs from the app's only in its hook.
    const failing = t.commentsServiceWith({
      onPublished: async () => {
        throw new Error('hook failed');
      },
    });
    await expect(postCommentOn(failing, { writer: ada, articleId, parentId: null, body: 'Never stored.' })).rejects.toThrow('hook failed');
    expect(await countComments()).toBe(before);
  });

  it('limits a reader’s burst and the same text within ten minutes (429 with a retry time)', async () => {
    const ada = await writer();
    for (let index = 0; index < 5; index++) expect((await post(ada, `Burst ${index}`)).kind).toBe('posted');
    expect(await post(ada, 'One too many')).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: expect.any(Number) });
    freshWindow();
    const ben = await writer();
    expect((await post(ben, 'Same words.')).kind).toBe('posted');
    t.clock.advance(2 * MINUTE);
    expect(await post(ben, 'Same words.')).toMatchObject({ kind: 'rate-limited', message: expect.stringContaining('same comment') });
    expect((await post(ben, 'Different words.')).kind).toBe('posted');
  });

  it('lets authors edit within the window (edited marker, re-screened) and nobody else', async () => {
    const ada = await writer();
    const ben = await writer();
    const comment = await posted(ada, 'Original.');
    expect(await t.comments.editComment({ writer: ben, commentId: comment.id, body: 'Hijack' })).toMatchObject({
      kind: 'forbidden',
      message: 'You can only edit your own comments.',
    });
    t.clock.advance(5 * MINUTE);
    expect(await t.comments.editComment({ writer: ada, commentId: comment.id, body: '' })).toMatchObject({ kind: 'invalid' });
    expect(await t.comments.editComment({ writer: ada, commentId: comment.id, body: `Rude edit, ${REFUSED_PHRASE}` })).toEqual({
      kind: 'invalid',
      message: SCREENING_REASONS.bannedWordReject,
    });
    expect(await t.comments.editComment({ writer: ada, commentId: comment.id, body: 'Corrected.' })).toMatchObject({
      kind: 'edited',
      status: 'published',
    });
    const row = await t.db
      .selectFrom('comments')
      .where('id', '=', comment.id)
      .select(['body', 'edited_at', 'status'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ body: 'Corrected.', edited_at: t.clock.now().toISOString(), status: 'published' });
    expect(
      await t.comments.editComment({ writer: ada, commentId: comment.id, body: `Now with a ${HELD_PHRASE} from https://example.org` }),
    ).toMatchObject({ kind: 'edited', status: 'pending' });
    t.clock.advance(11 * MINUTE);
    expect(await t.comments.editComment({ writer: ada, commentId: comment.id, body: 'Too late.' })).toMatchObject({
      kind: 'forbidden',
      message: expect.stringContaining('15 minutes'),
    });
  });

  it('deletes: a comment with replies stays as a tombstone without text or author; one without disappears', async () => {
    const ada = await writer();
    const ben = await writer();
    const parent = await posted(ada, 'Parent text that must vanish.');
    const reply = await posted(ben, 'A reply that stays.', parent.id);
    const lonely = await posted(ada, 'Lonely.');
    expect(await t.comments.deleteComment({ writer: ben, commentId: parent.id })).toMatchObject({
      kind: 'forbidden',
      message: 'You can only delete your own comments.',
    });
    expect(await t.comments.deleteComment({ writer: ada, commentId: parent.id })).toMatchObject({ kind: 'deleted', isTombstone: true });
    expect(await t.comments.deleteComment({ writer: ada, commentId: lonely.id })).toMatchObject({ kind: 'deleted', isTombstone: false });
    // Deleting again is harmless.
    expect(await t.comments.deleteComment({ writer: ada, commentId: lonely.id })).toMatchObject({ kind: 'deleted' });
    const stored = await t.db.selectFrom('comments').where('id', '=', parent.id).select(['status', 'body']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'deleted', body: '' });

    const subtree = await t.comments.subtreePage({ commentId: parent.id, viewerId: null });
    expect(subtree!.comment).toMatchObject({ id: parent.id, state: 'deleted', author: null, text: '' });
    expect(subtree!.comment.replies.map((view) => [view.id, view.inReplyTo])).toEqual([[reply.id, { id: parent.id, authorName: null }]]);
    expect(await t.comments.subtreePage({ commentId: lonely.id, viewerId: null })).toBeNull();
  });

  it('keeps recommendation counts exact under concurrent toggles, never on one’s own comment', async () => {
    const ada = await writer();
    const comment = await posted(ada, 'Recommend me.');
    expect(await t.comments.setRecommendation({ writer: ada, commentId: comment.id, recommended: true })).toMatchObject({
      kind: 'forbidden',
      message: 'You cannot recommend your own comment.',
    });
    const readers = await Promise.all(Array.from({ length: 12 }, () => writer()));
    // Each reader recommends three times at once, and half of them then withdraw twice at once.
    await Promise.all(
      readers.flatMap((reader) =>
        [1, 2, 3].map(() => t.comments.setRecommendation({ writer: reader, commentId: comment.id, recommended: true })),
      ),
    );
    await Promise.all(
      readers
        .slice(0, 6)
        .flatMap((reader) => [1, 2].map(() => t.comments.setRecommendation({ writer: reader, commentId: comment.id, recommended: false }))),
    );
    const row = await t.db.selectFrom('comments').where('id', '=', comment.id).select('recommend_count').executeTakeFirstOrThrow();
    const rows = await t.db.selectFrom('comment_recommendations').where('comment_id', '=', comment.id).select('user_id').execute();
    expect(rows.length).toBe(6);
    expect(row.recommend_count).toBe(6);
  });

  it('takes one report per reader per comment, with a reason from the list', async () => {
    const ada = await writer();
    const ben = await writer();
    const comment = await posted(ada, 'Report me.');
    expect(await t.comments.reportComment({ writer: ben, commentId: comment.id, reason: 'nonsense', details: '' })).toMatchObject({
      kind: 'invalid',
    });
    expect(await t.comments.reportComment({ writer: ben, commentId: comment.id, reason: 'other', details: '  ' })).toMatchObject({
      kind: 'invalid',
    });
    expect(await t.comments.reportComment({ writer: ada, commentId: comment.id, reason: 'spam', details: '' })).toMatchObject({
      kind: 'forbidden',
    });
    expect(
      await t.comments.reportComment({ writer: ben, commentId: comment.id, reason: 'spam', details: 'Selling\nwatches' }),
    ).toMatchObject({ kind: 'reported' });
    expect(await t.comments.reportComment({ writer: ben, commentId: comment.id, reason: 'abuse', details: '' })).toMatchObject({
      kind: 'conflict',
    });
    const reports = await t.db
      .selectFrom('comment_reports')
      .where('comment_id', '=', comment.id)
      .select(['reporter_id', 'reason'])
      .execute();
    expect(reports).toEqual([{ reporter_id: ben.id, reason: 'spam: Selling watches' }]);
  });

  describe('thread pages', () => {
    let threadArticleId: number;

    beforeAll(async () => {
      threadArticleId = await idOf('members-only-analysis');
    });

    it('nests replies to the display depth, continues deeper ones on their own page, and names who was replied to', async () => {
      const ada = await writer();
      const ben = await writer();
      let parentId: number | null = null;
      const chain: number[] = [];
      for (let depth = 0; depth <= DISPLAY_DEPTH + 2; depth++) {
        freshWindow();
        const outcome = await postCommentOn(t.comments, {
          writer: depth % 2 ? ben : ada,
          articleId: threadArticleId,
          parentId,
          body: `Depth ${depth}`,
        });
        if (outcome.kind !== 'posted') throw new Error(outcome.kind);
        chain.push(outcome.id);
        parentId = outcome.id;
      }
      const article = (await t.comments.findArticle(threadArticleId))!;
      const thread = (await t.comments.threadPage({ article, sort: 'oldest', page: 1, viewerId: null }))!;
      let node: CommentView = thread.comments.find((comment) => comment.id === chain[0])!;
      for (let depth = 1; depth <= DISPLAY_DEPTH; depth++) {
        expect(node.replies).toHaveLength(1);
        expect(node.replies[0]!.inReplyTo).toEqual({ id: node.id, authorName: node.author!.name });
        node = node.replies[0]!;
      }
      expect(node.id).toBe(chain[DISPLAY_DEPTH]);
      expect(node.replies).toEqual([]);
      expect(node.hasHiddenReplies).toBe(true);
      const more = (await t.comments.subtreePage({ commentId: node.id, viewerId: null }))!;
      expect(more.comment.replies[0]!.id).toBe(chain[DISPLAY_DEPTH + 1]);
      expect(more.comment.replies[0]!.replies[0]!.id).toBe(chain[DISPLAY_DEPTH + 2]);
      expect(
        await t.comments.locate({
          articleId: threadArticleId,
          id: chain[DISPLAY_DEPTH + 2]!,
          rootId: chain[0]!,
          depth: DISPLAY_DEPTH + 2,
          path: '',
        }),
      ).toMatchObject({ kind: 'subtree' });
    });

    it('sorts, pages by top-level comment (404 beyond the last) and costs the same few queries whatever the size', async () => {
      const pagedArticleId = await idOf('premium-investigation');
      const readers = await Promise.all([writer(), writer(), writer()]);
      const ids: number[] = [];
      for (let index = 0; index < 7; index++) {
        freshWindow();
        const outcome = await postCommentOn(t.comments, {
          writer: readers[index % 3]!,
          articleId: pagedArticleId,
          parentId: null,
          body: `Top ${index}`,
        });
        if (outcome.kind !== 'posted') throw new Error(outcome.kind);
        ids.push(outcome.id);
        for (let reply = 0; reply < index; reply++) {
          await postCommentOn(t.comments, {
            writer: readers[(index + 1) % 3]!,
            articleId: pagedArticleId,
            parentId: outcome.id,
            body: `Reply ${index}.${reply}`,
          });
          freshWindow();
        }
      }
      await t.comments.setRecommendation({ writer: readers[1]!, commentId: ids[3]!, recommended: true });

      let queries = 0;
      // Counted as results come back: prepared queries (core/db/prepared-query.ts) are compiled once, not per run.
      const counter: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          queries++;
          return args.result;
        },
      };
      const counted = t.commentsServiceWith({ db: t.db.withPlugin(counter), pageSize: 3 });
      const article = (await counted.findArticle(pagedArticleId))!;
      queries = 0;
      const first = (await counted.threadPage({ article, sort: 'oldest', page: 1, viewerId: readers[0]!.id }))!;
      const firstQueries = queries;
      queries = 0;
      const last = (await counted.threadPage({ article, sort: 'oldest', page: 3, viewerId: readers[0]!.id }))!;
      expect(queries).toBe(firstQueries);
      expect(firstQueries).toBeLessThanOrEqual(5);
      expect(first.comments.map((comment) => comment.id)).toEqual(ids.slice(0, 3));
      expect(last.comments.map((comment) => comment.id)).toEqual(ids.slice(6));
      expect(last.comments[0]!.replies).toHaveLength(6);
      expect(first.pageCount).toBe(3);
      expect(await counted.threadPage({ article, sort: 'oldest', page: 4, viewerId: null })).toBeNull();
      const newest = (await counted.threadPage({ article, sort: 'newest', page: 1, viewerId: null }))!;
      expect(newest.comments.map((comment) => comment.id)).toEqual(ids.slice(4).reverse());
      const top = (await counted.threadPage({ article, sort: 'top', page: 1, viewerId: readers[1]!.id }))!;
      expect(top.comments[0]).toMatchObject({ id: ids[3], recommendCount: 1, isRecommendedByViewer: true });
      expect(JSON.stringify(top)).not.toContain('@');
    });
  });
});
