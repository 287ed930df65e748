// Test support for the community feature: the whole app (createTestApp) at
// COMMENTS_NOW, browsers signed in as a given reader, and — beside the app,
// which keeps its own inside — the community service and the
// comment-published hook over the app's database, for tests that call them
// directly (a service's page size, a hook inside the test's own transaction).
import type { Db } from '../../../core/db/database.js';
import type { Engine } from '../../../core/db/testing.js';
import { createTestApp, TEST_SESSION_SECRET, type TestApp } from '../../../testing/test-app.js';
import { browserSignedInAs, TestBrowser } from '../../accounts/testing/session-helpers.js';
import { COMMENTS_NOW } from '../../comments/testing/comment-fixtures.js';
import type { CommentPublishedHook } from '../../comments/comments.types.js';
import { createCommentPublishedHook } from '../comment-published-hook.js';
import { createCommunityService } from '../community.service.js';

export interface CommunityTestApp extends TestApp {
  db: Db;
  community: ReturnType<typeof createCommunityService>;
  hook: CommentPublishedHook;
  /** A browser carrying a fresh session of `userId`. */
  signedIn(userId: number, remoteAddress?: string): Promise<TestBrowser>;
  anonymous(remoteAddress?: string): TestBrowser;
}

export async function createCommunityTestApp(engine: Engine, options: { pageSize?: number } = {}): Promise<CommunityTestApp> {
  const testApp = await createTestApp({ engine, now: COMMENTS_NOW });
  const { config, clock } = testApp;
  const { db } = testApp.database;
  const timeZone = config.publication.timeZone;
  return {
    ...testApp,
    db,
    community: createCommunityService({
      db,
      clock,
      secret: TEST_SESSION_SECRET,
      timeZone,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    }),
    hook: createCommentPublishedHook({
      clock,
      secret: TEST_SESSION_SECRET,
      email: { publicationName: config.publication.name, publicUrl: config.publicUrl },
      timeZone,
    }),
    signedIn: (userId, remoteAddress) => browserSignedInAs(testApp, userId, remoteAddress),
    anonymous: (remoteAddress) => new TestBrowser(testApp.app, remoteAddress ?? '203.0.113.50'),
  };
}

/** What community writes can change: a refused request must leave all of it as it was. */
export async function communitySnapshot(db: Db) {
  return {
    follows: await db.selectFrom('follows').selectAll().orderBy('follower_id').orderBy('followee_id').execute(),
    feed: await db.selectFrom('following_feed').selectAll().orderBy('reader_id').orderBy('comment_id').execute(),
    notifications: await db.selectFrom('notifications').selectAll().orderBy('id').execute(),
    preferences: await db.selectFrom('notification_preferences').selectAll().orderBy('user_id').execute(),
    emails: await db.selectFrom('email_outbox').select(['id', 'recipient']).orderBy('id').execute(),
  };
}
