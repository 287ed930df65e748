// Test support: a Fastify app composed like src/app.ts, with only what the
// community routes need (form bodies, error pages, sessions, CSRF, rate
// limits, the page sender), over a migrated test database. Readers are signed
// in by writing a session row, as sign-in does, and giving the browser its cookie.
import formBody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { fixedClock } from '../../../core/clock.js';
import type { Db } from '../../../core/db/database.js';
import { openTestDatabase, type Engine, type TestDatabase } from '../../../core/db/testing.js';
import { createCsrf } from '../../../core/http/csrf.js';
import { registerErrorHandling } from '../../../core/http/error-handler.js';
import { createPageSender } from '../../../core/http/page-sender.js';
import { createMemoryRateLimiter } from '../../../core/http/rate-limit.js';
import { insertSession } from '../../../core/http/sessions.repository.js';
import { createSessionManager, SESSION_COOKIE } from '../../../core/http/sessions.js';
import { hashToken, randomToken } from '../../../core/security/tokens.js';
import { AccountNav } from '../../../core/views/account-nav.js';
import { ErrorPage } from '../../../core/views/error-page.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { PUBLIC_ORIGIN, TestBrowser } from '../../accounts/testing/session-helpers.js';
import { createCommentPublishedHook } from '../comment-published-hook.js';
import { registerCommunityRoutes } from '../community.routes.js';
import { countUnread, createCommunityService } from '../community.service.js';
import { COMMUNITY_NOW } from './community-fixtures.js';

export const TEST_SECRET = 'community-test-secret-long-enough-for-hmac-0123456789';

export const TEST_SITE: SiteContext = {
  publicationName: 'The Test Gazette',
  tagline: 'Fixture news',
  language: 'en-GB',
  timeZone: 'Europe/London',
  publicUrl: PUBLIC_ORIGIN,
  stylesheetHref: '/assets/site.css',
  navigation: [{ path: 'world', name: 'World' }],
};

export interface CommunityHarness {
  app: FastifyInstance;
  db: Db;
  clock: ReturnType<typeof fixedClock>;
  community: ReturnType<typeof createCommunityService>;
  hook: ReturnType<typeof createCommentPublishedHook>;
  /** A browser carrying a fresh session of `userId`. */
  signedIn(userId: number, remoteAddress?: string): Promise<TestBrowser>;
  anonymous(remoteAddress?: string): TestBrowser;
  destroy(): Promise<void>;
}

let browserCount = 0;

export async function createCommunityHarness(engine: Engine, options: { pageSize?: number } = {}): Promise<CommunityHarness> {
  const database: TestDatabase = await openTestDatabase(engine);
  const { db } = database;
  const clock = fixedClock(COMMUNITY_NOW);
  const cookies = { secure: false };
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, routerOptions: { maxParamLength: 200 } });
  await app.register(formBody);

  const sessions = createSessionManager({ db, clock, cookies, days: 30 });
  const csrf = createCsrf({ secret: TEST_SECRET, cookies, publicOrigin: PUBLIC_ORIGIN });
  const rateLimiter = createMemoryRateLimiter(clock);
  const community = createCommunityService({ db, clock, secret: TEST_SECRET, timeZone: TEST_SITE.timeZone, ...(options.pageSize ? { pageSize: options.pageSize } : {}) });
  // The account corner as app.ts would render it once countUnread is wired (asynchronously, before the page is sent).
  const unreadCounts = new WeakMap<object, number>();
  app.addHook('preHandler', async (request) => {
    const session = await sessions.current(request);
    if (session) unreadCounts.set(request, await countUnread(db, session.user.id));
  });
  const pages = createPageSender({
    sessions,
    cookies,
    renderAccountSlot: (request, reply, session) =>
      AccountNav({
        user: { firstName: session.user.firstName, isStaff: session.user.role !== 'reader' },
        csrfToken: csrf.tokenFor(request, reply, session.id),
        unreadNotifications: unreadCounts.get(request),
      }).value,
  });
  registerErrorHandling(app, pino({ level: 'silent' }), async (status, heading, message) => ErrorPage({ site: TEST_SITE, status, heading, message }).value);
  registerCommunityRoutes(app, { community, sessions, csrf, rateLimiter, pages, loadSite: async () => TEST_SITE, publicUrl: PUBLIC_ORIGIN });
  await app.ready();

  const hook = createCommentPublishedHook({ clock, secret: TEST_SECRET, email: { publicationName: TEST_SITE.publicationName, publicUrl: PUBLIC_ORIGIN }, timeZone: TEST_SITE.timeZone });

  return {
    app,
    db,
    clock,
    community,
    hook,
    async signedIn(userId, remoteAddress) {
      const token = randomToken();
      const now = clock.now();
      await insertSession(db, {
        id: hashToken(token),
        userId,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
        userAgent: 'community test',
        ipAddress: '192.0.2.1',
      });
      browserCount++;
      const browser = new TestBrowser(app, remoteAddress ?? `198.51.100.${(browserCount % 250) + 1}`);
      browser.cookies.set(SESSION_COOKIE, token);
      return browser;
    },
    anonymous: (remoteAddress) => new TestBrowser(app, remoteAddress ?? '203.0.113.50'),
    async destroy() {
      await app.close();
      await database.destroy();
    },
  };
}
