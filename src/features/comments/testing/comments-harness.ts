// Test support for the comments feature: the whole app (createTestApp) with
// a clock the test moves, readers signed in by a session row, the live
// stream a thread's open page listens to, and the comments service as app.ts
// builds it with one collaborator swapped, for what the app cannot be made
// to do (a hook that fails, a query counter).
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../core/db/database.js';
import { createGroupCommit } from '../../../core/db/group-commit.js';
import type { Engine } from '../../../core/db/testing.js';
import { createMemoryRateLimiter } from '../../../core/http/rate-limit.js';
import { createTestApp, type TestApp } from '../../../testing/test-app.js';
import { browserSignedInAs, type TestBrowser } from '../../accounts/testing/session-helpers.js';
import { createModerationPolicy } from '../../moderation/moderation.service.js';
import { createInProcessBroadcaster } from '../comments-live.js';
import { createCommentsService, type CommentsService, type CommentsServiceDependencies } from '../comments.service.js';
import type { CommentWriter, PostCommentOutcome } from '../comments.types.js';
import { insertReader, type ReaderOptions } from './comment-fixtures.js';

export interface CommentsTestApp extends TestApp {
  db: Db;
  /** A new reader (or staff member) with a session; returns a browser carrying its cookie. */
  signIn(options?: ReaderOptions & { remoteAddress?: string }): Promise<{ browser: TestBrowser; userId: number }>;
  /** Another comments service over this app's database and clock, built as app.ts builds it but with `overrides`. */
  commentsServiceWith(overrides: Partial<CommentsServiceDependencies>): CommentsService;
}

export async function createCommentsTestApp(options: {
  engine: Engine;
  now: Date;
  environment?: Record<string, string>;
}): Promise<CommentsTestApp> {
  const testApp = await createTestApp(options);
  const { db } = testApp.database;
  const { config, clock } = testApp;
  return {
    ...testApp,
    db,
    async signIn({ remoteAddress, ...reader } = {}) {
      const { id } = await insertReader(db, reader);
      return { browser: await browserSignedInAs(testApp, id, remoteAddress), userId: id };
    },
    commentsServiceWith: (overrides) =>
      createCommentsService({
        db,
        groupCommit: createGroupCommit(db, testApp.database.engine),
        clock,
        policy: createModerationPolicy({ clock, settings: config.commentModeration }),
        onPublished: async () => undefined,
        broadcaster: createInProcessBroadcaster(),
        rateLimiter: createMemoryRateLimiter(clock),
        settings: {
          maxLength: config.comments.maxLength,
          editWindowMinutes: config.comments.editWindowMinutes,
          requireVerifiedEmail: config.requireVerifiedEmailToComment,
          timeZone: config.publication.timeZone,
        },
        ...overrides,
      }),
  };
}

export interface LiveCommentMessage {
  commentId: number;
  count: number;
}

export interface LiveComments {
  /** Every comment event received so far, in order. */
  received: LiveCommentMessage[];
  /** Their event ids (the comments' publication sequence numbers), in the same order. */
  eventIds: number[];
  /** The event announcing `commentId`, waiting up to five seconds for it. */
  eventFor(commentId: number): Promise<LiveCommentMessage>;
  close(): void;
}

/**
 * Opens a thread's live stream as its page's script does (GET
 * /comments/live/:articleId, anonymously, with the page's mark as `after`) and collects what the app's
 * broadcaster sends it. Events arrive in the order comments became visible:
 * a comment that sent none is shown by a later comment's event arriving
 * without it.
 */
export async function openLiveComments(app: FastifyInstance, articleId: number, options: { after?: number } = {}): Promise<LiveComments> {
  const query = options.after === undefined ? '' : `?after=${options.after}`;
  const response = await app.inject({ method: 'GET', url: `/comments/live/${articleId}${query}`, payloadAsStream: true });
  if (response.statusCode !== 200) throw new Error(`live stream of article ${articleId} answered ${response.statusCode}`);
  const stream = response.stream();
  const received: LiveCommentMessage[] = [];
  const eventIds: number[] = [];
  const onEvent = new Set<() => void>();
  let unread = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    unread += chunk;
    for (let end = unread.indexOf('\n\n'); end >= 0; end = unread.indexOf('\n\n')) {
      const event = unread.slice(0, end);
      const data = /^event: comment\ndata: (.+)$/m.exec(event)?.[1];
      unread = unread.slice(end + 2);
      if (data) {
        received.push(JSON.parse(data) as LiveCommentMessage);
        eventIds.push(Number(/^id: (\d+)$/m.exec(event)?.[1]));
      }
    }
    for (const check of onEvent) check();
  });
  return {
    received,
    eventIds,
    eventFor: (commentId) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          onEvent.delete(check);
          reject(new Error(`no live event for comment ${commentId}, only ${JSON.stringify(received)}`));
        }, 5_000);
        function check() {
          const event = received.find((candidate) => candidate.commentId === commentId);
          if (!event) return;
          clearTimeout(timer);
          onEvent.delete(check);
          resolve(event);
        }
        onEvent.add(check);
        check();
      }),
    close: () => stream.destroy(),
  };
}

/** Posts through the service as `POST /comments` does: the live article looked up first (a missing one throws). */
export async function postCommentOn(
  comments: CommentsService,
  input: { writer: CommentWriter; articleId: number; parentId: number | null; body: unknown },
): Promise<PostCommentOutcome> {
  const article = await comments.findArticle(input.articleId);
  if (!article) throw new Error(`article ${input.articleId} is not live`);
  return comments.postComment({ writer: input.writer, article, parentId: input.parentId, body: input.body });
}
