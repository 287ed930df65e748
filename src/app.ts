// Composition root: config, database, caches and services are created here
// and handed to each feature's routes. No business logic lives in this file.
import formBody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { systemClock, type Clock } from './core/clock.js';
import { clientScripts } from './client-scripts.js';
import type { Config } from './core/config/config.js';
import { openDatabase, type DatabaseHandle } from './core/db/database.js';
import type { Mailer } from './core/email/mailer.js';
import { registerErrorHandling } from './core/http/error-handler.js';
import { createLegacyRedirects } from './features/importers/legacy-redirects.js';
import { registerHealthRoutes } from './core/http/health.js';
import { registerRouteInput } from './core/http/route-input.js';
import { trustProxyFor } from './core/http/trusted-proxies.js';
import { httpServerOptions, limitConnectionsPerAddress } from './core/http/connection-limits.js';
import type { PageCache } from './core/http/page-cache.js';
import { registerSecurityHeaders } from './core/http/security-headers.js';
import { registerStaticAssets } from './core/http/static-assets.js';
import type { EmailWorker } from './core/jobs/email-queue.js';
import type { RetentionJob } from './core/jobs/retention.js';
import { resolveSessionSecret } from './core/security/secrets.js';
import { ErrorPage } from './core/views/error-page.js';
import { registerAccessRoutes } from './features/access/access.routes.js';
import { registerSearchRoutes } from './features/search/search.routes.js';
import type { SearchService } from './features/search/search.service.js';
import { createStripeSubscriptionsService } from './features/access/stripe-subscriptions.service.js';
import { registerStripeWebhookRoute } from './features/access/stripe-webhook.routes.js';
import type { AccessService } from './features/access/access.service.js';
import { registerCommentsLiveRoutes } from './features/comments/comments-live.routes.js';
import { registerCommentRoutes } from './features/comments/comments.routes.js';
import type { CommentsService } from './features/comments/comments.service.js';
import { registerCommunityRoutes } from './features/community/community.routes.js';
import type { EventEmails } from './features/events/event-emails.js';
import { wireEventMail } from './features/events/event-mail.wiring.js';
import { createEventAdmin } from './features/events/event-admin.service.js';
import { registerEventNewsroomRoutes } from './features/events/event-newsroom.routes.js';
import type { EventReminders } from './features/events/event-reminders.js';
import { registerModerationRoutes } from './features/moderation/moderation.routes.js';
import { registerAccountSettingsRoutes } from './features/accounts/account-settings.routes.js';
import { createAccountSettingsService } from './features/accounts/account-settings.service.js';
import { registerAccountRoutes } from './features/accounts/accounts.routes.js';
import type { AccountsService } from './features/accounts/accounts.service.js';
import { registerTwoFactorRoutes } from './features/accounts/two-factor.routes.js';
import { createTwoFactorService } from './features/accounts/two-factor.service.js';
import { registerAdminApi } from './features/admin-api/admin-api.routes.js';
import { createApiKeysService } from './features/admin-api/api-keys.service.js';
import { wireContentApi } from './features/content-api/content-api.wiring.js';
import { registerArticleRoutes } from './features/articles/articles.routes.js';
import {
  type ArticleEditingService,
  createTaxonomyService,
  type ArticlesService,
  type TaxonomyService,
} from './features/articles/articles.service.js';
import { registerLegalRoutes } from './features/legal/legal.routes.js';
import { registerMediaRoutes } from './features/media/media.routes.js';
import { type MediaLibrary, type MediaService, type RenditionWorker } from './features/media/media.service.js';
import type { InsightService } from './features/insight/insight.service.js';
import { registerNewsroom } from './newsroom-wiring.js';
import { startInfrastructure } from './infrastructure.js';
import { createServices } from './services-wiring.js';
import { registerEvents, type EventQuestions, type EventsService } from './features/events/events-wiring.js';
import { wireNewsletters } from './features/newsletters/newsletters-wiring.js';
import { registerNewsletterPagesAndDesk } from './newsletter-pages-wiring.js';
import type { NewslettersService } from './features/newsletters/newsletters.service.js';
import type { NewsletterSender } from './features/newsletters/newsletter-sender.js';

export interface AppOptions {
  config: Readonly<Config>;
  clock?: Clock;
  /** An already-open database (tests pass one per engine); otherwise opened from config. */
  database?: DatabaseHandle;
  /** Tests pass a mailer that talks to their own SMTP server. */
  mailer?: Mailer;
}

export interface Masthead {
  app: FastifyInstance;
  log: FastifyBaseLogger;
  database: DatabaseHandle;
  pageCache: PageCache;
  articles: ArticlesService;
  /** Writing and publishing (the newsroom's and the Admin API's one writer). */
  articleEditing: ArticleEditingService;
  /** Reader search; `reindex()` after a bulk load (tests' fixtures, the demo). */
  search: SearchService;
  accounts: AccountsService;
  access: AccessService;
  comments: CommentsService;
  /** The funnel's counters (flushed every few seconds; `flush()` for tests) and the dashboard's figures. */
  insight: InsightService;
  emailWorker: EmailWorker;
  renditionWorker: RenditionWorker;
  mediaLibrary: MediaLibrary;
  /** For the importers (the CLI builds the app to import through the same services). */
  taxonomy: TaxonomyService;
  media: MediaService;
  /** Virtual events: sign-ups, the waiting list, join links (features/events). */
  events: EventsService;
  /** Attendees' questions (screened by the comments' moderation policy). */
  eventQuestions: EventQuestions;
  newsletters: NewslettersService;
  /** Sends newsletter issues in the background on every node; started by the server. */
  newsletterSender: NewsletterSender;
  /** Deletes what we keep only for a while (privacy notice); started by the server. */
  retention: RetentionJob;
  eventEmails: EventEmails;
  eventReminders: EventReminders;
  close(): Promise<void>;
}

export async function buildApp(options: AppOptions): Promise<Masthead> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const database = options.database ?? openDatabase(config.database);
  const { db } = database;
  const secret = resolveSessionSecret(config, database.engine);
  const cookies = { secure: config.cookieSecure };

  const log: FastifyBaseLogger = pino({ level: config.log.level });
  // Fastify's request logging (a child logger and two timestamps per request)
  // costs ~1 µs on the hot path even when silenced, so it is only switched on
  // when asked for; everything else logs through `log` (docs/benchmarks.md).
  const app = Fastify({
    ...(config.log.requests ? { loggerInstance: log } : { logger: false }),
    trustProxy: trustProxyFor(config.trustProxy),
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    requestTimeout: config.connections.requestTimeoutMs,
    http: httpServerOptions(config.connections),
  });
  limitConnectionsPerAddress(app.server, config.connections, config.trustProxy);
  // The first path segment of every route the site itself answers (/account, /newsroom…): sections live at
  // /<path> under the catch-all, so a new top-level section must not take one of these.
  const reservedPaths = new Set<string>();
  app.addHook('onRoute', (route) => {
    const first = route.url.split('/')[1];
    if (first && !first.startsWith(':') && first !== '*') reservedPaths.add(first);
  });
  await app.register(formBody);
  registerRouteInput(app);

  const infrastructure = await startInfrastructure({ config, database, clock, log, mailer: options.mailer });
  const { redis, rateLimiter, mailer, emailWorker, retention, pageCache, contentChanges } = infrastructure;
  app.addHook('onClose', () => contentChanges.close());

  registerSecurityHeaders(app, { isHttps: config.publicUrl.startsWith('https:') });
  registerHealthRoutes(app, { db, redis, log });
  const assets = registerStaticAssets(app, clientScripts);

  const services = await createServices(app, { config, database, clock, log, secret, cookies, infrastructure, assets });
  const {
    emailContext,
    sessions,
    csrf,
    botProtection,
    broadcaster,
    moderationPolicy,
    comments,
    community,
    pages,
    search,
    articles,
    reviewNotifications,
    articleEditing,
    insight,
    access,
    gate,
    media,
    renditionWorker,
    mediaLibrary,
    passwords,
    accounts,
    moderation,
    loadSite,
  } = services;

  // An imported site's old addresses answer 301, asked only after nothing else did (features/importers).
  const legacyRedirects = createLegacyRedirects({ db, clock, timeZone: config.publication.timeZone });
  legacyRedirects.registerHomePostRedirect(app);
  registerErrorHandling(
    app,
    log,
    async (status, heading, message) => ErrorPage({ site: await loadSite(), status, heading, message }).value,
    legacyRedirects.find,
  );
  registerMediaRoutes(app, media);
  // Before the newsroom's routes: its check runs in front of every staff-area request.
  const twoFactor = createTwoFactorService({
    db,
    clock,
    rateLimiter,
    secret,
    issuer: config.publication.name,
    requiredFor: config.staffSecurity.requiredFor,
  });
  const staffSignIn = registerTwoFactorRoutes(app, {
    twoFactor,
    accounts,
    sessions,
    csrf,
    rateLimiter,
    clock,
    cookies,
    secret,
    loadSite,
    pages,
    publicUrl: config.publicUrl,
    idleMinutes: config.staffSecurity.idleMinutes,
  });
  const accountRoutes = registerAccountRoutes(app, {
    staffSignIn,
    log,
    secret,
    pages,
    accounts,
    sessions,
    csrf,
    botProtection,
    rateLimiter,
    cookies,
    loadSite,
    publicUrl: config.publicUrl,
    registrationScripts: assets.scripts.registration,
    insight: insight.recorder,
    wallArticleAt: articles.publishedArticleIdAt,
  });
  const newsletterFeature = wireNewsletters(app, { config, database, clock, secret, loadSite, log });
  const newsletterPages = registerNewsletterPagesAndDesk(app, {
    ...{ config, db, clock, secret, access, media, sessions, csrf, pages, cookies, loadSite },
    newsletters: newsletterFeature.newsletters,
    transport: newsletterFeature.transport,
    editorScripts: assets.scripts.newsroom,
  });
  // /account's newsletter choices go through the newsletters service (its eligibility rules).
  const accountSettings = createAccountSettingsService({
    ...{ db, clock, passwords, emailWorker, email: emailContext, accounts },
    newsletters: newsletterPages.accountNewsletters,
  });
  registerAccountSettingsRoutes(app, { settings: accountSettings, accounts, sessions, csrf, rateLimiter, cookies, loadSite });
  const taxonomy = createTaxonomyService({ db, clock, reservedPaths: () => reservedPaths, onSectionsChanged: articles.afterContentChange });
  await registerNewsroom(app, {
    config,
    db,
    clock,
    log,
    sessions,
    csrf,
    rateLimiter,
    loadSite,
    emailContext,
    emailWorker,
    twoFactor,
    insight,
    articles,
    articleEditing,
    taxonomy,
    media,
    mediaLibrary,
    comments,
    gate,
    reviewNotifications,
    scripts: assets.scripts,
    reservedPaths: () => reservedPaths,
  });
  registerLegalRoutes(app, {
    pages,
    pageCache,
    loadSite,
    legalVersions: config.legalVersions,
    sessionDays: config.sessionDays,
    isHttps: config.cookieSecure,
    meter: { freeArticles: config.meter.anonymousFreeArticles, periodDays: config.meter.periodDays },
    anonymousMaxAgeSeconds: config.anonymousMaxAgeSeconds,
  });
  registerStripeWebhookRoute(app, {
    webhookSecret: config.stripe.webhookSecret,
    subscriptions: createStripeSubscriptionsService({ db, clock }),
    log,
  });
  registerAccessRoutes(app, {
    access,
    sessions,
    pages,
    loadSite,
    publicUrl: config.publicUrl,
    paymentLinkUrl: config.stripe.paymentLinkUrl,
  });
  registerSearchRoutes(app, { search, pages, loadSite, fullTextLevels: gate.searchLevels });
  const commentRoutes = registerCommentRoutes(app, {
    comments,
    articles,
    gate,
    sessions,
    csrf,
    pages,
    timeZone: config.publication.timeZone,
    scripts: assets.scripts.comments,
    insight: insight.recorder,
  });
  registerCommentsLiveRoutes(app, {
    broadcaster,
    // Live comments go only to readers who may read the article (the gate, without counting a read).
    mayRead: commentRoutes.mayReadArticle,
    missedComments: (articleId, afterSeq) => comments.missedComments(articleId, afterSeq),
  });
  registerCommunityRoutes(app, { community, sessions, csrf, rateLimiter, pages, loadSite, publicUrl: config.publicUrl });
  // Events' emails (the events service's notifier), reminders and calendar feeds.
  const { emails: eventEmails, reminders: eventReminders } = wireEventMail(app, {
    ...{ db, clock, secret, sessions, csrf, pages, loadSite, publicUrl: config.publicUrl, mailFrom: config.mail.from },
    ...{ publicationName: config.publication.name, timeZone: config.publication.timeZone, nudgeEmail: () => emailWorker.nudge() },
    onError: (error) => log.warn({ err: error }, 'event reminders run failed; will retry'),
  });
  const { events, questions: eventQuestions } = registerEvents(app, {
    config,
    db,
    clock,
    log,
    secret,
    access,
    sessions,
    csrf,
    pages,
    loadSite,
    scripts: assets.scripts.events,
    notifier: eventEmails.notifier,
    moderationPolicy,
    rateLimiter,
  });
  // Held event questions are moderation work too: the pending queue links to them.
  const heldQuestions = { path: '/newsroom/events/questions', noun: 'event question', count: eventQuestions.countPending };
  registerModerationRoutes(app, { clock, sessions, csrf, moderation, loadSite, heldElsewhere: [heldQuestions] });
  // One staff door for the Admin API and the newsroom's event pages (it emails attendees about changes).
  const eventAdmin = createEventAdmin({ db, events, emails: eventEmails });
  registerEventNewsroomRoutes(app, { db, events, eventAdmin, emails: eventEmails, sessions, csrf, loadSite });
  await registerAdminApi(app, {
    apiKeys: createApiKeysService({ db, clock }),
    articleEditing,
    taxonomy,
    publicUrl: config.publicUrl,
    media,
    maxUploadBytes: config.imageUploads.maxBytes,
    eventAdmin,
    newsletters: newsletterFeature.newsletters,
  });
  await wireContentApi(app, { config, db, clock, onError: (error) => log.error({ err: error }, 'content api cache revalidation failed') });
  // Last: its catch-all route serves sections and articles.
  registerArticleRoutes(app, {
    articles,
    pages,
    gate,
    renderWallForm: accountRoutes.renderWallForm,
    serveThread: commentRoutes.serveThread,
  });

  return {
    app,
    log,
    database,
    pageCache,
    articles,
    articleEditing,
    search,
    accounts,
    access,
    comments,
    insight,
    emailWorker,
    renditionWorker,
    mediaLibrary,
    taxonomy,
    media,
    events,
    eventQuestions,
    newsletters: newsletterFeature.newsletters,
    newsletterSender: newsletterFeature.newsletterSender,
    retention,
    eventEmails,
    eventReminders,
    async close() {
      await app.close();
      await renditionWorker.stop();
      await newsletterFeature.close();
      await broadcaster.close();
      await emailWorker.stop();
      await retention.stop();
      await eventReminders.stop();
      mailer.close();
      redis?.disconnect();
      await database.close();
    },
  };
}
