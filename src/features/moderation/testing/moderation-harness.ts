// Test support for the moderation feature: the whole app (createTestApp) at
// COMMENTS_NOW, whose pages the route tests drive, and — beside it, since the
// app keeps its own inside — a moderation service and policy over the app's
// database and clock for the service tests, built as app.ts builds them: the
// community's real hook (which a test can make fail), a real in-process
// broadcaster (which a test can listen to), and the app's articles service.
import type { Db, DbOrTransaction } from '../../../core/db/database.js';
import type { Engine } from '../../../core/db/testing.js';
import { createTestApp, TEST_SESSION_SECRET, type TestApp } from '../../../testing/test-app.js';
import { createInProcessBroadcaster } from '../../comments/comments.service.js';
import type { LiveCommentEvent } from '../../comments/comments.types.js';
import { COMMENTS_NOW } from '../../comments/testing/comment-fixtures.js';
import { createCommentPublishedHook } from '../../community/community.service.js';
import { createModerationPolicy, type ModerationPolicyHandle } from '../moderation.policy.js';
import { createModerationService, type ModerationService } from '../moderation.service.js';

export interface ModerationTestApp extends TestApp {
  db: Db;
  policy: ModerationPolicyHandle;
  moderation: ModerationService;
  /** The live events `moderation` announces for the article from now on. */
  listenToLive(articleId: number): LiveCommentEvent[];
  /** Makes the community hook throw after its writes, inside the approving transaction (the real one cannot be made to fail). */
  failCommentPublished(isFailing: boolean): void;
}

/** `environment` reaches the app's config, and so both policies (COMMENT_NEW_COMMENTER_HOLD, COMMENT_LINK_HOLD_THRESHOLD). */
export async function createModerationTestApp(options: {
  engine: Engine;
  environment?: Record<string, string>;
}): Promise<ModerationTestApp> {
  const testApp = await createTestApp({ ...options, now: COMMENTS_NOW });
  const { config, clock } = testApp;
  const { db } = testApp.database;
  const timeZone = config.publication.timeZone;
  const policy = createModerationPolicy({ clock, settings: config.commentModeration });
  const hook = createCommentPublishedHook({
    clock,
    secret: TEST_SESSION_SECRET,
    email: { publicationName: config.publication.name, publicUrl: config.publicUrl },
    timeZone,
  });
  const broadcaster = createInProcessBroadcaster();
  let isHookFailing = false;
  const moderation = createModerationService({
    db,
    clock,
    policy,
    onCommentPublished: async (trx, comment) => {
      await hook(trx, comment);
      if (isHookFailing) throw new Error('community hook failed');
    },
    broadcaster,
    onArticleChanged: testApp.articles.afterArticlePageChange,
    timeZone,
  });
  return {
    ...testApp,
    db,
    policy,
    moderation,
    listenToLive(articleId) {
      const events: LiveCommentEvent[] = [];
      broadcaster.subscribe(articleId, (event) => events.push(event));
      return events;
    },
    failCommentPublished(isFailing) {
      isHookFailing = isFailing;
    },
  };
}

/** Every moderation-owned row, to prove a refused request stored nothing. */
export async function moderationSnapshot(db: DbOrTransaction) {
  const [comments, reports, readers, articleSettings, words, log, articles] = await Promise.all([
    db.selectFrom('comments').select(['id', 'status', 'status_reason', 'is_featured']).orderBy('id').execute(),
    db.selectFrom('comment_reports').select(['id', 'resolved_at', 'resolved_by']).orderBy('id').execute(),
    db.selectFrom('reader_moderation').selectAll().orderBy('user_id').execute(),
    db.selectFrom('article_comment_settings').selectAll().orderBy('article_id').execute(),
    db.selectFrom('banned_words').select(['id', 'phrase', 'action']).orderBy('id').execute(),
    db
      .selectFrom('moderation_log')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow(),
    db.selectFrom('articles').select(['id', 'comments_enabled']).orderBy('id').execute(),
  ]);
  return { comments, reports, readers, articleSettings, words, logCount: Number(log.count), articles };
}
