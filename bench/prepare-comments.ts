// Run by bench/comments.ts with the environment of the app under test
// (SQLite under DATA_DIR, or DATABASE_URL for PostgreSQL), after the demo
// newspaper is loaded: picks free demo articles with comments open, gives one
// a 2,000-comment conversation and another a short one (for the thread-page
// rows and the query count), adds verified, signed-in commenters, and writes
// what the benchmark needs as JSON to the file named by --out (too large for
// stdout: one cookie token per commenter).
//
//   DATA_DIR=/tmp/x tsx bench/prepare-comments.ts --out /tmp/x/comments.json --commenters 4000 --thread-size 2000 --post-articles 3 --exclude a,b,c
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config/config.js';
import { openDatabase } from '../src/core/db/database.js';
import { isPublishedAndDue } from '../src/features/articles/article-publication.js';
import { articlePath } from '../src/features/articles/article-urls.js';
import {
  insertCommenters,
  insertThread,
  LONG_THREAD,
  SHORT_THREAD,
  type PreparedArticle,
  type PreparedComments,
} from './comment-fixtures.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      commenters: { type: 'string', default: '1000' },
      'thread-size': { type: 'string', default: String(LONG_THREAD.size) },
      'post-articles': { type: 'string', default: '1' },
      exclude: { type: 'string', default: '' },
    },
  });
  if (!values.out) throw new Error('--out is required');
  const commenters = Number(values.commenters);
  const threadSize = Number(values['thread-size']);
  const postArticles = Number(values['post-articles']);
  const excluded = values.exclude ? values.exclude.split(',') : [];
  const config = loadConfig();
  const database = openDatabase(config.database);
  const now = systemClock.now();
  try {
    const { db } = database;
    const threadArticles = threadSize > 0 ? 2 : 0;
    let query = db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .where('articles.access_level', '=', 'free')
      .where(isPublishedAndDue(now.toISOString()))
      .where('articles.comments_enabled', '=', 1)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('comments').whereRef('comments.article_id', '=', 'articles.id').select('comments.id'))),
      );
    if (excluded.length) query = query.where('articles.slug', 'not in', excluded);
    const candidates = await query
      .select(['articles.id', 'articles.slug', 'articles.published_at', 'sections.path as section_path'])
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(threadArticles + postArticles)
      .execute();
    if (candidates.length < threadArticles + postArticles)
      throw new Error(
        `Only ${candidates.length} free articles without comments; the comment benchmark needs ${threadArticles + postArticles}.`,
      );
    const prepared = candidates.map((row) => ({
      id: row.id,
      path: articlePath({ sectionPath: row.section_path, publishedAt: row.published_at!, slug: row.slug }, config.publication.timeZone),
      comments: 0,
    }));

    const { tokens, userIds } = await insertCommenters(db, { count: commenters, now, runId: now.getTime().toString(36) });
    let longThread: PreparedArticle | null = null;
    let shortThread: PreparedArticle | null = null;
    if (threadArticles) {
      // Written by the first 200 commenters; one transaction, so SQLite syncs once.
      const authorIds = userIds.slice(0, 200);
      await db.transaction().execute(async (trx) => {
        await insertThread(trx, { articleId: prepared[0]!.id, authorIds, shape: { ...LONG_THREAD, size: threadSize }, now });
        await insertThread(trx, { articleId: prepared[1]!.id, authorIds, shape: SHORT_THREAD, now });
      });
      longThread = { ...prepared[0]!, comments: threadSize };
      shortThread = { ...prepared[1]!, comments: SHORT_THREAD.size };
    }
    const result: PreparedComments = { longThread, shortThread, postArticles: prepared.slice(threadArticles), tokens };
    writeFileSync(values.out, JSON.stringify(result));
    console.log(
      JSON.stringify({ commenters: tokens.length, longThread: longThread?.path ?? null, postArticles: result.postArticles.length }),
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
