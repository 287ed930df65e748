// The per-article comment counts (migration 0007) are kept by triggers, so
// they must equal a recount of the rows after *any* sequence of changes —
// not only the ones today's code makes. Random histories of posts, replies,
// status changes (publish, hold, reject, delete) and row deletions are
// replayed on both engines and the counts compared with a recount after each.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import type { CommentStatus } from '../../core/db/schema.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { readCommentCounts, readThreadPosition } from './comments.repository.js';
import { insertArticle, insertComment, insertReader } from './testing/comment-fixtures.js';

const STATUSES: CommentStatus[] = ['published', 'pending', 'rejected', 'deleted'];

type Step =
  | { kind: 'post'; status: CommentStatus }
  | { kind: 'reply'; to: number; status: CommentStatus }
  | { kind: 'set-status'; of: number; status: CommentStatus }
  | { kind: 'remove-leaf'; of: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('post' as const), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant('reply' as const), to: fc.nat(), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant('set-status' as const), of: fc.nat(), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant('remove-leaf' as const), of: fc.nat() }),
);

async function recount(db: Db, articleId: number) {
  const rows = await db.selectFrom('comments').where('article_id', '=', articleId).select(['parent_id', 'status', 'reply_count']).execute();
  return {
    published: rows.filter((row) => row.status === 'published').length,
    listedThreads: rows.filter((row) => row.parent_id === null && (row.status === 'published' || row.reply_count > 0)).length,
  };
}

/** A reply as the comments repository stores one: the parent's reply count goes up with it. */
async function reply(db: Db, options: { articleId: number; authorId: number; parentId: number; status: CommentStatus }): Promise<number> {
  const id = await insertComment(db, options);
  await db
    .updateTable('comments')
    .set((eb) => ({ reply_count: eb('reply_count', '+', 1) }))
    .where('id', '=', options.parentId)
    .execute();
  return id;
}

describeEachEngine('article comment counts', (engine) => {
  let database: TestDatabase;
  let authorId: number;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    ({ id: authorId } = await insertReader(database.db));
  });
  afterAll(() => database.destroy());

  it('equal a recount of the rows after any history of posts, replies, status changes and removals', async () => {
    const { db } = database;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const { id: articleId } = await insertArticle(db);
        const ids: number[] = [];
        for (const next of steps) {
          const pick = (index: number) => ids[index % ids.length]!;
          if (next.kind === 'post') ids.push(await insertComment(db, { articleId, authorId, status: next.status }));
          else if (ids.length === 0) continue;
          else if (next.kind === 'reply') ids.push(await reply(db, { articleId, authorId, parentId: pick(next.to), status: next.status }));
          else if (next.kind === 'set-status')
            await db.updateTable('comments').set({ status: next.status }).where('id', '=', pick(next.of)).execute();
          else {
            const id = pick(next.of);
            const hasReplies = await db.selectFrom('comments').where('parent_id', '=', id).select('id').executeTakeFirst();
            if (hasReplies) continue;
            await db.deleteFrom('notifications').where('comment_id', '=', id).execute();
            await db.deleteFrom('comments').where('id', '=', id).execute();
            ids.splice(ids.indexOf(id), 1);
          }
          expect(await readCommentCounts(db, articleId)).toEqual(await recount(db, articleId));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('place a thread by the listed threads up to it, and go with the article when it is deleted', async () => {
    const { db } = database;
    const { id: articleId } = await insertArticle(db);
    const first = await insertComment(db, { articleId, authorId });
    const held = await insertComment(db, { articleId, authorId, status: 'pending' });
    const removedWithReply = await insertComment(db, { articleId, authorId, status: 'deleted' });
    await reply(db, { articleId, authorId, parentId: removedWithReply, status: 'published' });
    const last = await insertComment(db, { articleId, authorId });
    expect(await readCommentCounts(db, articleId)).toEqual({ published: 3, listedThreads: 3 });
    expect(await readThreadPosition(db, articleId, first)).toEqual({ published: 3, position: 1 });
    // Not listed itself: placed after the listed threads before it.
    expect(await readThreadPosition(db, articleId, held)).toEqual({ published: 3, position: 1 });
    expect(await readThreadPosition(db, articleId, removedWithReply)).toEqual({ published: 3, position: 2 });
    expect(await readThreadPosition(db, articleId, last)).toEqual({ published: 3, position: 3 });

    const { id: quietArticleId } = await insertArticle(db);
    expect(await readThreadPosition(db, quietArticleId, 1)).toEqual({ published: 0, position: 0 });

    // Articles are withdrawn, not deleted, but a deletion must cascade without tripping over its own counts.
    await db.deleteFrom('articles').where('id', '=', articleId).execute();
    expect(await db.selectFrom('article_comment_counts').where('article_id', '=', articleId).selectAll().execute()).toEqual([]);
  });

  it('are filled in for the comments already stored when the migration runs', async () => {
    const { db } = database;
    const { id: articleId } = await insertArticle(db);
    const before = await insertComment(db, { articleId, authorId });
    await reply(db, { articleId, authorId, parentId: before, status: 'published' });
    await insertComment(db, { articleId, authorId, status: 'rejected' });
    const down = await database.migrateTo('0006_index_comment_threads');
    expect(down.error).toBeUndefined();
    // Without the triggers: stored and changed with nothing counting.
    const withoutCounts = await insertComment(db, { articleId, authorId });
    await db.updateTable('comments').set({ status: 'deleted' }).where('id', '=', before).execute();
    const up = await database.migrateTo('latest');
    expect(up.error).toBeUndefined();
    expect(await readCommentCounts(db, articleId)).toEqual({ published: 2, listedThreads: 2 });
    expect(await readCommentCounts(db, articleId)).toEqual(await recount(db, articleId));
    await db.updateTable('comments').set({ status: 'rejected' }).where('id', '=', withoutCounts).execute();
    expect(await readCommentCounts(db, articleId)).toEqual({ published: 1, listedThreads: 1 });
  });
});
