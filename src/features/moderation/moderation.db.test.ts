import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import {
  COMMENTS_NOW,
  insertArticle,
  insertBannedWord,
  insertComment,
  insertReader,
  insertReport,
} from '../comments/testing/comment-fixtures.js';
import { BANNED_WORDS_MAX_AGE_MS, SCREENING_REASONS } from './moderation.policy.js';
import { createModerationTestApp, moderationSnapshot, type ModerationTestApp } from './testing/moderation-harness.js';

const DAY = 24 * 3600_000;
const now = COMMENTS_NOW.toISOString();

describeEachEngine('moderation', (engine) => {
  let harness: ModerationTestApp;
  let db: Db;
  let staffId: number;
  let articleId: number;

  beforeAll(async () => {
    harness = await createModerationTestApp({ engine });
    db = harness.db;
    ({ id: staffId } = await insertReader(db, { role: 'editor' }));
    ({ id: articleId } = await insertArticle(db));
  });
  afterAll(() => harness.destroy());

  /** The article as the comments feature hands it to the policy: with its pre-moderation setting. */
  const commentSettingsOf = async (id: number) => {
    const row = await db.selectFrom('article_comment_settings').where('article_id', '=', id).select('premoderated').executeTakeFirst();
    return { id, isPremoderated: row?.premoderated === 1 };
  };

  describe('policy', () => {
    const screen = async (authorId: number, body: string, article = articleId) =>
      harness.policy.screen(db, {
        article: await commentSettingsOf(article),
        authorId,
        body,
        now,
        standing: await harness.policy.standing(db, authorId, now),
      });

    it('publishes an ordinary comment from a reader in good standing', async () => {
      const { id: reader } = await insertReader(db);
      expect(await harness.policy.standing(db, reader, now)).toEqual({ kind: 'good', premoderated: false });
      expect(await screen(reader, 'The harbour wall looks sturdier than last year.')).toEqual({ kind: 'publish' });
    });

    it('reports suspension until it ends, and bans', async () => {
      const { id: reader } = await insertReader(db);
      const until = new Date(COMMENTS_NOW.getTime() + 2 * DAY);
      expect(
        (await harness.moderation.suspendReader({ staffId, userId: reader, until: '2026-03-12T12:00', reason: 'Cooling off' })).kind,
      ).toBe('done');
      expect(await harness.policy.standing(db, reader, now)).toEqual({ kind: 'suspended', until: until.toISOString() });
      expect(await harness.policy.standing(db, reader, new Date(until.getTime() + 1).toISOString())).toEqual({
        kind: 'good',
        premoderated: false,
      });
      expect((await harness.moderation.banReader({ staffId, userId: reader, reason: 'Repeated abuse' })).kind).toBe('done');
      expect(await harness.policy.standing(db, reader, now)).toEqual({ kind: 'banned' });
    });

    it('rejects or holds banned words, without naming them', async () => {
      const { id: reader } = await insertReader(db);
      await harness.moderation.addBannedWord({ staffId, phrase: 'Gormless Oaf', action: 'reject' });
      await harness.moderation.addBannedWord({ staffId, phrase: 'miracle cure', action: 'hold' });
      const rejected = await screen(reader, 'You GORMLESS   oaf.');
      expect(rejected).toEqual({ kind: 'reject', reason: SCREENING_REASONS.bannedWordReject });
      expect(JSON.stringify(rejected).toLowerCase()).not.toContain('gormless');
      const held = await screen(reader, 'Try this miracle cure!');
      expect(held).toEqual({ kind: 'hold', reason: SCREENING_REASONS.bannedWord });
      expect(JSON.stringify(held).toLowerCase()).not.toContain('miracle');
      expect(await screen(reader, 'Not gormless at all.')).toEqual({ kind: 'publish' });
    });

    it('sees its own node’s list changes at once and other nodes’ within the refresh interval', async () => {
      const { id: reader } = await insertReader(db);
      expect(await screen(reader, 'A blatherskite wrote this.')).toEqual({ kind: 'publish' });
      // Another node adds a word: this node's cached list does not know yet.
      await insertBannedWord(db, 'blatherskite', 'reject', staffId);
      expect(await screen(reader, 'A blatherskite wrote this.')).toEqual({ kind: 'publish' });
      harness.clock.advance(BANNED_WORDS_MAX_AGE_MS + 1);
      expect((await screen(reader, 'A blatherskite wrote this.')).kind).toBe('reject');
      // Removed here: seen at once.
      const word = await db.selectFrom('banned_words').where('phrase', '=', 'blatherskite').select('id').executeTakeFirstOrThrow();
      expect((await harness.moderation.removeBannedWord({ staffId, id: word.id })).kind).toBe('done');
      expect(await screen(reader, 'A blatherskite wrote this.')).toEqual({ kind: 'publish' });
      harness.clock.set(COMMENTS_NOW);
    });

    it('holds comments by pre-moderated readers and on pre-moderated articles', async () => {
      const { id: reader } = await insertReader(db);
      await harness.moderation.setReaderPremoderated({ staffId, userId: reader, isPremoderated: true });
      expect(await screen(reader, 'Hello.')).toEqual({ kind: 'hold', reason: SCREENING_REASONS.reader });
      expect(await harness.policy.standing(db, reader, now)).toEqual({ kind: 'good', premoderated: true });
      await harness.moderation.setReaderPremoderated({ staffId, userId: reader, isPremoderated: false });
      expect(await screen(reader, 'Hello.')).toEqual({ kind: 'publish' });

      const { id: article } = await insertArticle(db);
      await harness.moderation.setArticlePremoderated({ staffId, articleId: article, isPremoderated: true });
      expect(await screen(reader, 'Hello.', article)).toEqual({ kind: 'hold', reason: SCREENING_REASONS.article });
      await harness.moderation.setArticlePremoderated({ staffId, articleId: article, isPremoderated: false });
      expect(await screen(reader, 'Hello.', article)).toEqual({ kind: 'publish' });
    });

    it('holds link-heavy comments from new accounts only', async () => {
      const links = 'https://one.example https://two.example http://three.example';
      const twoLinks = 'https://one.example and https://two.example';
      const { id: newcomer } = await insertReader(db, { createdAt: new Date(COMMENTS_NOW.getTime() - DAY).toISOString() });
      expect(await screen(newcomer, links)).toEqual({ kind: 'hold', reason: SCREENING_REASONS.links });
      expect(await screen(newcomer, twoLinks)).toEqual({ kind: 'publish' });

      // An old account with too few published comments is still new for this rule…
      const { id: quiet } = await insertReader(db, { createdAt: '2024-01-01T00:00:00.000Z' });
      expect((await screen(quiet, links)).kind).toBe('hold');
      for (let index = 0; index < 3; index++) await insertComment(db, { articleId, authorId: quiet });
      // …until it has three published comments.
      expect(await screen(quiet, links)).toEqual({ kind: 'publish' });
      // A young account with three comments is still new.
      for (let index = 0; index < 3; index++) await insertComment(db, { articleId, authorId: newcomer });
      expect((await screen(newcomer, links)).kind).toBe('hold');
    });
  });

  describe('service', () => {
    const logFor = (commentId: number) =>
      db.selectFrom('moderation_log').where('comment_id', '=', commentId).selectAll().orderBy('id').execute();
    const comment = (id: number) => db.selectFrom('comments').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
    const notificationsAbout = (commentId: number) =>
      db.selectFrom('notifications').where('comment_id', '=', commentId).select(['user_id', 'kind', 'actor_id']).orderBy('id').execute();
    /** A held reply to another reader's comment: publishing it notifies that reader. */
    const heldReply = async () => {
      const { id: parentAuthor } = await insertReader(db);
      const { id: author } = await insertReader(db);
      const parentId = await insertComment(db, { articleId, authorId: parentAuthor });
      return {
        parentAuthor,
        author,
        held: await insertComment(db, { articleId, authorId: author, parentId, status: 'pending', createdAt: '2026-03-10T11:00:00.000Z' }),
      };
    };

    describe('approving', () => {
      it('publishes, tells the community hook and live readers, and logs it', async () => {
        const { parentAuthor, author, held } = await heldReply();
        const events = harness.listenToLive(articleId);

        expect(await harness.moderation.approveComment({ staffId, commentId: held })).toEqual({ kind: 'done', notice: 'comment-approved' });
        expect((await comment(held)).status).toBe('published');
        // The community hook ran with the comment, its author and the author replied to.
        expect(await notificationsAbout(held)).toEqual([{ user_id: parentAuthor, kind: 'reply', actor_id: author }]);
        const count = await db
          .selectFrom('comments')
          .where('article_id', '=', articleId)
          .where('status', '=', 'published')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        // Numbered after everything published before it on the article (migration 0010): its event id, what a reconnect replays by.
        const { seq } = await db
          .selectFrom('article_comment_counts')
          .where('article_id', '=', articleId)
          .select((eb) => eb.fn.max('last_published_seq').as('seq'))
          .executeTakeFirstOrThrow();
        expect(Number(seq)).toBeGreaterThan(1);
        expect(events).toEqual([{ type: 'comment', articleId, commentId: held, seq: Number(seq), count: Number(count.n) }]);
        const log = await logFor(held);
        expect(log).toHaveLength(1);
        expect(log[0]).toMatchObject({ staff_id: staffId, action: 'comment-approved', user_id: author, article_id: articleId });

        // A second approval changes nothing and logs nothing.
        expect((await harness.moderation.approveComment({ staffId, commentId: held })).kind).toBe('conflict');
        expect(await logFor(held)).toHaveLength(1);
        expect(events).toHaveLength(1);
      });

      it('rolls back entirely when the community hook fails', async () => {
        const { held } = await heldReply();
        const events = harness.listenToLive(articleId);
        harness.failCommentPublished(true);
        try {
          await expect(harness.moderation.approveComment({ staffId, commentId: held })).rejects.toThrow('community hook failed');
        } finally {
          harness.failCommentPublished(false);
        }
        expect((await comment(held)).status).toBe('pending');
        expect(await logFor(held)).toHaveLength(0);
        expect(await notificationsAbout(held)).toEqual([]);
        expect(events).toEqual([]);
      });

      it('publishes once when two moderators approve at the same moment', async () => {
        const { held } = await heldReply();
        const events = harness.listenToLive(articleId);
        const outcomes = await Promise.all(
          Array.from({ length: 4 }, () => harness.moderation.approveComment({ staffId, commentId: held })),
        );
        expect(outcomes.filter((outcome) => outcome.kind === 'done')).toHaveLength(1);
        expect(await notificationsAbout(held)).toHaveLength(1);
        expect(events.map((event) => event.commentId)).toEqual([held]);
        expect(await logFor(held)).toHaveLength(1);
      });

      it('answers not-found for missing and deleted comments', async () => {
        const deleted = await insertComment(db, { articleId, authorId: (await insertReader(db)).id, status: 'deleted' });
        expect((await harness.moderation.approveComment({ staffId, commentId: deleted })).kind).toBe('not-found');
        expect((await harness.moderation.approveComment({ staffId, commentId: 987_654 })).kind).toBe('not-found');
      });
    });

    it('rejects with a reason, takes down an Editor’s pick and answers its reports', async () => {
      const { id: author } = await insertReader(db);
      const { id: reporter } = await insertReader(db);
      const target = await insertComment(db, { articleId, authorId: author, isFeatured: true });
      await insertReport(db, { commentId: target, reporterId: reporter, reason: 'Personal attack' });
      const before = await moderationSnapshot(db);
      expect(await harness.moderation.rejectComment({ staffId, commentId: target, reason: '   ' })).toEqual({
        kind: 'invalid',
        message: 'Give a reason for rejecting the comment.',
      });
      expect((await harness.moderation.rejectComment({ staffId, commentId: target, reason: 'x'.repeat(501) })).kind).toBe('invalid');
      expect((await harness.moderation.rejectComment({ staffId, commentId: target, reason: 'bad\u0000byte' })).kind).toBe('invalid');
      expect(await moderationSnapshot(db)).toEqual(before);

      expect(
        (await harness.moderation.rejectComment({ staffId, commentId: target, reason: '  Personal attack on another reader ' })).kind,
      ).toBe('done');
      expect(await comment(target)).toMatchObject({
        status: 'rejected',
        status_reason: 'Personal attack on another reader',
        is_featured: 0,
      });
      const report = await db.selectFrom('comment_reports').where('comment_id', '=', target).selectAll().executeTakeFirstOrThrow();
      expect(report).toMatchObject({ resolved_at: now, resolved_by: staffId });
      expect(await logFor(target)).toEqual([
        expect.objectContaining({ action: 'comment-rejected', reason: 'Personal attack on another reader' }),
      ]);
      expect((await harness.moderation.rejectComment({ staffId, commentId: target, reason: 'Again' })).kind).toBe('conflict');
    });

    it('features and unfeatures published comments only', async () => {
      const { id: author } = await insertReader(db);
      const target = await insertComment(db, { articleId, authorId: author });
      const held = await insertComment(db, { articleId, authorId: author, status: 'pending' });
      expect((await harness.moderation.setCommentFeatured({ staffId, commentId: held, isFeatured: true })).kind).toBe('conflict');
      expect((await harness.moderation.setCommentFeatured({ staffId, commentId: target, isFeatured: true })).kind).toBe('done');
      expect((await comment(target)).is_featured).toBe(1);
      expect((await harness.moderation.setCommentFeatured({ staffId, commentId: target, isFeatured: true })).kind).toBe('conflict');
      expect((await harness.moderation.setCommentFeatured({ staffId, commentId: target, isFeatured: false })).kind).toBe('done');
      expect((await comment(target)).is_featured).toBe(0);
      expect((await logFor(target)).map((entry) => entry.action)).toEqual(['comment-featured', 'comment-unfeatured']);
    });

    it('resolves open reports and keeps the comment', async () => {
      const target = await insertComment(db, { articleId, authorId: (await insertReader(db)).id });
      await insertReport(db, { commentId: target, reporterId: (await insertReader(db)).id, reason: 'Spam' });
      await insertReport(db, { commentId: target, reporterId: (await insertReader(db)).id, reason: 'Off topic' });
      expect((await harness.moderation.resolveReports({ staffId, commentId: target })).kind).toBe('done');
      expect((await comment(target)).status).toBe('published');
      expect(await logFor(target)).toEqual([expect.objectContaining({ action: 'reports-resolved', reason: '2 reports resolved' })]);
      expect((await harness.moderation.resolveReports({ staffId, commentId: target })).kind).toBe('conflict');
    });

    it('closes and opens an article’s comments, invalidating that article’s cached page only', async () => {
      const { id: article } = await insertArticle(db);
      // What the articles feature's afterArticlePageChange logs, so every node drops the cached page.
      const contentRevision = async () => (await db.selectFrom('content_revision').select('revision').executeTakeFirstOrThrow()).revision;
      const changes = await contentRevision();
      expect((await harness.moderation.setArticleCommentsOpen({ staffId, articleId: article, isOpen: true })).kind).toBe('conflict');
      expect((await harness.moderation.setArticleCommentsOpen({ staffId, articleId: article, isOpen: false })).kind).toBe('done');
      const row = await db.selectFrom('articles').where('id', '=', article).select('comments_enabled').executeTakeFirstOrThrow();
      expect(row.comments_enabled).toBe(0);
      expect(await contentRevision()).toBe(changes + 1);
      const logged = await db
        .selectFrom('content_changes')
        .where('revision', '=', changes + 1)
        .select('tags')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(logged.tags)).toEqual([`article:${article}`]); // not its listings, not every page
      expect((await harness.moderation.setArticleCommentsOpen({ staffId, articleId: article, isOpen: true })).kind).toBe('done');
      expect(await contentRevision()).toBe(changes + 2);
      expect((await harness.moderation.setArticleCommentsOpen({ staffId, articleId: 987_654, isOpen: true })).kind).toBe('not-found');
      const log = await db.selectFrom('moderation_log').where('article_id', '=', article).select('action').orderBy('id').execute();
      expect(log.map((entry) => entry.action)).toEqual(['article-comments-closed', 'article-comments-opened']);
    });

    it('checks suspensions, bans and lifts, and never restricts staff', async () => {
      const { id: reader } = await insertReader(db);
      const { id: editor } = await insertReader(db, { role: 'editor' });
      const before = await moderationSnapshot(db);
      const suspend = (userId: number, until: string) => harness.moderation.suspendReader({ staffId, userId, until, reason: '' });
      expect(await suspend(reader, 'next tuesday')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('date and time') });
      expect(await suspend(reader, '2026-02-30T10:00')).toMatchObject({ kind: 'invalid' });
      expect(await suspend(reader, '2026-03-10T11:00')).toEqual({
        kind: 'invalid',
        message: 'The end of the suspension must be in the future.',
      });
      expect(await suspend(reader, '2040-01-01T00:00')).toMatchObject({
        kind: 'invalid',
        message: expect.stringContaining('ban the reader instead'),
      });
      expect((await suspend(editor, '2026-03-11T10:00')).kind).toBe('invalid');
      expect((await suspend(987_654, '2026-03-11T10:00')).kind).toBe('not-found');
      expect((await harness.moderation.banReader({ staffId, userId: reader, reason: '' })).kind).toBe('invalid');
      expect((await harness.moderation.liftReaderRestrictions({ staffId, userId: reader })).kind).toBe('conflict');
      expect(await moderationSnapshot(db)).toEqual(before);

      expect((await suspend(reader, '2026-03-11T10:00')).kind).toBe('done');
      expect((await harness.moderation.liftReaderRestrictions({ staffId, userId: reader })).kind).toBe('done');
      expect(await harness.policy.standing(db, reader, now)).toEqual({ kind: 'good', premoderated: false });
      const log = await db.selectFrom('moderation_log').where('user_id', '=', reader).select(['action', 'reason']).orderBy('id').execute();
      expect(log).toEqual([
        { action: 'reader-suspended', reason: 'Until 2026-03-11T10:00:00.000Z' },
        { action: 'reader-restored', reason: '' },
      ]);
    });

    it('keeps banned words unique and logs additions and removals', async () => {
      expect((await harness.moderation.addBannedWord({ staffId, phrase: 'Pillock', action: 'hold' })).kind).toBe('done');
      expect(await harness.moderation.addBannedWord({ staffId, phrase: ' PILLOCK ', action: 'reject' })).toEqual({
        kind: 'conflict',
        message: 'That word or phrase is already on the list.',
      });
      expect((await harness.moderation.addBannedWord({ staffId, phrase: '...', action: 'hold' })).kind).toBe('invalid');
      expect((await harness.moderation.removeBannedWord({ staffId, id: 987_654 })).kind).toBe('not-found');
      const log = await db
        .selectFrom('moderation_log')
        .where('action', 'like', 'banned-word-%')
        .where('reason', 'like', 'pillock%')
        .select(['action', 'reason'])
        .execute();
      expect(log).toEqual([{ action: 'banned-word-added', reason: 'pillock (hold)' }]);
    });
  });
});

describeEachEngine('moderation policy: new commenters', (engine) => {
  let harness: ModerationTestApp;
  beforeAll(async () => {
    harness = await createModerationTestApp({ engine, environment: { COMMENT_NEW_COMMENTER_HOLD: '2' } });
  });
  afterAll(() => harness.destroy());

  it('holds a reader’s comments until the setting’s number of theirs are published', async () => {
    const { db } = harness;
    const { id: articleId } = await insertArticle(db);
    const { id: reader } = await insertReader(db);
    const screen = async () =>
      harness.policy.screen(db, {
        article: { id: articleId, isPremoderated: false },
        authorId: reader,
        body: 'Hello there.',
        now,
        standing: await harness.policy.standing(db, reader, now),
      });
    expect(await screen()).toEqual({ kind: 'hold', reason: SCREENING_REASONS.newCommenter });
    await insertComment(db, { articleId, authorId: reader });
    await insertComment(db, { articleId, authorId: reader, status: 'rejected' });
    expect((await screen()).kind).toBe('hold');
    await insertComment(db, { articleId, authorId: reader });
    expect(await screen()).toEqual({ kind: 'publish' });
  });
});
