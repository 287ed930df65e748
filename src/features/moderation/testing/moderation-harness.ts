// A small app for moderation route tests: the core pieces composed as
// src/app.ts composes them (form bodies, sessions, CSRF, rate limits, the
// error handler, the page sender, the account routes staff sign in through)
// plus this feature, over a migrated test database. What lies outside the
// feature (the community hook, the live broadcaster, the article page cache)
// is recorded, so tests can check what moderation told it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import formBody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { fixedClock } from '../../../core/clock.js';
import { openTestDatabase, type Engine, type TestDatabase } from '../../../core/db/testing.js';
import { createOutboxMailer } from '../../../core/email/mailer.js';
import { createCsrf } from '../../../core/http/csrf.js';
import { registerErrorHandling } from '../../../core/http/error-handler.js';
import { createPageSender } from '../../../core/http/page-sender.js';
import { createMemoryRateLimiter } from '../../../core/http/rate-limit.js';
import { createSessionManager } from '../../../core/http/sessions.js';
import { createEmailWorker } from '../../../core/jobs/email-queue.js';
import { createBotProtection } from '../../../core/security/bot-protection.js';
import { AccountNav } from '../../../core/views/account-nav.js';
import { ErrorPage } from '../../../core/views/error-page.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { registerAccountRoutes } from '../../accounts/accounts.routes.js';
import { createAccountsService } from '../../accounts/accounts.service.js';
import { createPasswordHasher } from '../../accounts/passwords.js';
import type { LiveCommentEvent, PublishedComment } from '../../comments/comments.types.js';
import { createModerationPolicy, type ModerationPolicyHandle, type ModerationSettings } from '../moderation.policy.js';
import { registerModerationRoutes } from '../moderation.routes.js';
import { createModerationService, type ModerationService } from '../moderation.service.js';
import { MODERATION_NOW } from './moderation-fixtures.js';

export const TEST_SITE: SiteContext = {
  publicationName: 'The Test Gazette',
  tagline: 'Tests, told plainly',
  language: 'en-GB',
  timeZone: 'Europe/London',
  publicUrl: 'https://news.example.test',
  stylesheetHref: '/site.css',
  navigation: [],
};

export interface ModerationHarness {
  app: FastifyInstance;
  database: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  policy: ModerationPolicyHandle;
  moderation: ModerationService;
  published: PublishedComment[];
  events: LiveCommentEvent[];
  articleChanges: { count: number };
  destroy(): Promise<void>;
}

export async function createModerationHarness(options: { engine: Engine; settings?: Partial<ModerationSettings>; failHook?: () => boolean }): Promise<ModerationHarness> {
  const database = await openTestDatabase(options.engine);
  const { db } = database;
  const clock = fixedClock(MODERATION_NOW);
  const secret = 'test-secret-that-is-long-enough-for-hmac-0123456789';
  const cookies = { secure: true };
  const log = pino({ level: 'silent' });
  const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-moderation-'));

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, routerOptions: { maxParamLength: 200 } });
  await app.register(formBody);
  const rateLimiter = createMemoryRateLimiter(clock);
  const mailer = createOutboxMailer({ directory: path.join(dataDirectory, 'outbox'), from: 'Test <test@localhost>' });
  const emailWorker = createEmailWorker({ db, mailer, clock, messageIdDomain: 'news.example.test' });
  const sessions = createSessionManager({ db, clock, cookies, days: 30 });
  const csrf = createCsrf({ secret, cookies, publicOrigin: TEST_SITE.publicUrl });
  const botProtection = createBotProtection({ db, clock, secret, cost: 1, maxCounter: 10, noScriptDelaySeconds: 0 });
  const pages = createPageSender({
    sessions,
    cookies,
    renderAccountSlot: (request, reply, session) => AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken: csrf.tokenFor(request, reply, session.id) }).value,
  });
  const accounts = createAccountsService({
    db,
    clock,
    passwords: createPasswordHasher({ memoryKib: 8192, iterations: 1 }),
    emailWorker,
    email: { publicationName: TEST_SITE.publicationName, publicUrl: TEST_SITE.publicUrl },
    timeZone: TEST_SITE.timeZone,
    readerPasswordMinLength: 6,
    staffPasswordMinLength: 12,
    legalVersions: { terms: '1', privacy: '1', cookies: '1' },
  });
  const loadSite = async () => TEST_SITE;
  registerErrorHandling(app, log, async (status, heading, message) => ErrorPage({ site: TEST_SITE, status, heading, message }).value);
  registerAccountRoutes(app, { log, secret, pages, accounts, sessions, csrf, botProtection, rateLimiter, cookies, loadSite, publicUrl: TEST_SITE.publicUrl });

  const published: PublishedComment[] = [];
  const events: LiveCommentEvent[] = [];
  const articleChanges = { count: 0 };
  const policy = createModerationPolicy({ clock, settings: { newCommenterHold: 0, linkHoldThreshold: 2, ...options.settings } });
  const moderation = createModerationService({
    db,
    clock,
    policy,
    onCommentPublished: async (trx, comment) => {
      // The hook writes in the same transaction: a failure must undo the approval too.
      await trx.selectFrom('comments').where('id', '=', comment.id).select('id').execute();
      if (options.failHook?.()) throw new Error('community hook failed');
      published.push(comment);
    },
    broadcaster: { publish: (event) => events.push(event) },
    onArticleChanged: async () => {
      articleChanges.count++;
    },
    timeZone: TEST_SITE.timeZone,
  });
  registerModerationRoutes(app, { db, clock, sessions, csrf, moderation, loadSite });
  await app.ready();

  return {
    app,
    database,
    clock,
    policy,
    moderation,
    published,
    events,
    articleChanges,
    async destroy() {
      await app.close();
      await emailWorker.stop();
      mailer.close();
      await database.destroy();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}
