// Test support: the comment routes in a Fastify app composed as src/app.ts
// composes the real one (sessions, CSRF, rate limits, error pages, the page
// sender, the articles service and the access gate, the article routes last),
// over a migrated test database of either engine, with a fixed clock, a
// moderation policy the test controls, and a hook and broadcaster that record
// what they are given. Readers are signed in by a session row and its cookie.
import formBody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { fixedClock } from '../../../core/clock.js';
import { loadConfig } from '../../../core/config/config.js';
import type { Db, DbOrTransaction } from '../../../core/db/database.js';
import type { Role } from '../../../core/db/schema.js';
import { openTestDatabase, type Engine, type TestDatabase } from '../../../core/db/testing.js';
import { createCsrf } from '../../../core/http/csrf.js';
import { registerErrorHandling } from '../../../core/http/error-handler.js';
import { PageCache } from '../../../core/http/page-cache.js';
import { createPageSender } from '../../../core/http/page-sender.js';
import { createMemoryRateLimiter } from '../../../core/http/rate-limit.js';
import { insertSession } from '../../../core/http/sessions.repository.js';
import { createSessionManager, SESSION_COOKIE } from '../../../core/http/sessions.js';
import { hashToken, randomToken } from '../../../core/security/tokens.js';
import { AccountNav } from '../../../core/views/account-nav.js';
import { ErrorPage } from '../../../core/views/error-page.js';
import { createAccessService } from '../../access/access.service.js';
import { createArticleGate } from '../../access/article-gate.js';
import { TestBrowser } from '../../accounts/testing/session-helpers.js';
import { readContentRevision } from '../../articles/articles.queries.js';
import { registerArticleRoutes } from '../../articles/articles.routes.js';
import { createArticlesService, type ArticlesService } from '../../articles/articles.service.js';
import { registerCommentRoutes } from '../comments.routes.js';
import { createCommentsService, type CommentsService } from '../comments.service.js';
import type { AuthorStanding, CommentBroadcaster, LiveCommentEvent, ModerationPolicy, PublishedComment, Screening } from '../comments.types.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hmac-0123456789';

/** A moderation policy the test sets: standing per reader, and a screening function. */
export function createTestPolicy() {
  const standings = new Map<number, AuthorStanding>();
  let screen: (body: string) => Screening = () => ({ kind: 'publish' });
  const policy: ModerationPolicy = {
    async standing(_db, userId) {
      return standings.get(userId) ?? { kind: 'good', premoderated: false };
    },
    async screen(_db, input) {
      return screen(input.body);
    },
  };
  return {
    policy,
    setStanding: (userId: number, standing: AuthorStanding) => standings.set(userId, standing),
    setScreen: (next: (body: string) => Screening) => {
      screen = next;
    },
    reset: () => {
      standings.clear();
      screen = () => ({ kind: 'publish' });
    },
  };
}

export function createRecordingBroadcaster(): CommentBroadcaster & { events: LiveCommentEvent[] } {
  const events: LiveCommentEvent[] = [];
  return {
    events,
    publish: (event) => events.push(event),
    subscribe: () => () => undefined,
    close: async () => undefined,
  };
}

export interface CommentsTestApp {
  app: FastifyInstance;
  db: Db;
  clock: ReturnType<typeof fixedClock>;
  comments: CommentsService;
  articles: ArticlesService;
  policy: ReturnType<typeof createTestPolicy>;
  broadcaster: ReturnType<typeof createRecordingBroadcaster>;
  /** What the publishing hook was given, in order. */
  published: PublishedComment[];
  /** Makes the hook throw (to prove it runs inside the transaction). */
  failHook(fail: boolean): void;
  /** A reader (or staff member) with a session; returns a browser carrying its cookie. */
  signIn(options?: { firstName?: string; lastName?: string; role?: Role; verified?: boolean; remoteAddress?: string }): Promise<{ browser: TestBrowser; userId: number }>;
  destroy(): Promise<void>;
}

let userCount = 0;

export async function createCommentsTestApp(options: { engine: Engine; now: Date; environment?: Record<string, string> }): Promise<CommentsTestApp> {
  const testDatabase: TestDatabase = await openTestDatabase(options.engine);
  const { db } = testDatabase;
  const clock = fixedClock(options.now);
  const config = loadConfig({
    PUBLIC_URL: 'https://news.example.test',
    PUBLICATION_NAME: 'The Test Gazette',
    LOG_LEVEL: 'silent',
    DEMO_CONTENT: 'off',
    SESSION_SECRET: TEST_SECRET,
    ...options.environment,
  });
  const cookies = { secure: config.cookieSecure };
  const log = pino({ level: 'silent' });
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, routerOptions: { maxParamLength: 200 } });
  await app.register(formBody);

  const rateLimiter = createMemoryRateLimiter(clock);
  const pageCache = new PageCache({
    maxEntries: 1000,
    revalidateMs: 0,
    clock,
    readRevision: () => readContentRevision(db, clock.now().toISOString()),
    onError: () => undefined,
  });
  const sessions = createSessionManager({ db, clock, cookies, days: 30 });
  const csrf = createCsrf({ secret: TEST_SECRET, cookies, publicOrigin: 'https://news.example.test' });
  const pages = createPageSender({
    sessions,
    cookies,
    renderAccountSlot: (request, reply, session) =>
      AccountNav({ user: { firstName: session.user.firstName, isStaff: session.user.role !== 'reader' }, csrfToken: csrf.tokenFor(request, reply, session.id) }).value,
  });
  const site = {
    publicationName: config.publication.name,
    tagline: config.publication.tagline,
    language: config.publication.language,
    timeZone: config.publication.timeZone,
    publicUrl: config.publicUrl,
    stylesheetHref: '/site.css',
  };
  const articles = createArticlesService({ db, clock, pageCache, site, anonymousMaxAgeSeconds: 60, teaserBlocks: config.wallTeaserBlocks });
  const access = createAccessService({ db, clock, settings: config.meter });
  const gate = createArticleGate({ access, sessions, clock, settings: config.meter, secret: TEST_SECRET, cookies });

  const policy = createTestPolicy();
  const broadcaster = createRecordingBroadcaster();
  const published: PublishedComment[] = [];
  let hookFails = false;
  const onPublished = async (_trx: DbOrTransaction, comment: PublishedComment) => {
    if (hookFails) throw new Error('hook failed');
    published.push(comment);
  };
  const comments = createCommentsService({
    db,
    clock,
    policy: policy.policy,
    onPublished,
    broadcaster,
    rateLimiter,
    settings: {
      maxLength: config.comments.maxLength,
      editWindowMinutes: config.comments.editWindowMinutes,
      requireVerifiedEmail: config.requireVerifiedEmailToComment,
      timeZone: config.publication.timeZone,
    },
  });

  registerErrorHandling(app, log, async (status, heading, message) => ErrorPage({ site: await articles.loadSite(), status, heading, message }).value);
  registerCommentRoutes(app, { comments, articles, gate, sessions, csrf, pages, timeZone: config.publication.timeZone });
  registerArticleRoutes(app, { articles, pages, gate, renderWallForm: async () => '<p>registration form</p>' });
  await app.ready();

  return {
    app,
    db,
    clock,
    comments,
    articles,
    policy,
    broadcaster,
    published,
    failHook: (fail) => {
      hookFails = fail;
    },
    async signIn(reader = {}) {
      const now = clock.now().toISOString();
      userCount++;
      const user = await db
        .insertInto('users')
        .values({
          email: `commenter${userCount}-${Date.now()}@example.test`,
          email_verified_at: reader.verified === false ? null : now,
          password_hash: null,
          first_name: reader.firstName ?? `Reader${userCount}`,
          last_name: reader.lastName ?? 'Tester',
          role: reader.role ?? 'reader',
          created_at: now,
          updated_at: now,
          deleted_at: null,
          date_of_birth: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const token = randomToken();
      await insertSession(db, {
        id: hashToken(token),
        userId: user.id,
        createdAt: now,
        expiresAt: new Date(clock.now().getTime() + 30 * 86_400_000).toISOString(),
        userAgent: 'test',
        ipAddress: '127.0.0.1',
      });
      const browser = new TestBrowser(app, reader.remoteAddress ?? `203.0.113.${(userCount % 250) + 1}`);
      browser.cookies.set(SESSION_COOKIE, token);
      return { browser, userId: user.id };
    },
    async destroy() {
      await app.close();
      await testDatabase.destroy();
    },
  };
}
