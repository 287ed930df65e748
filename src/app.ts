// Composition root: config, database, caches and services are created here
// and handed to each feature's routes. No business logic lives in this file.
import formBody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { systemClock, type Clock } from './core/clock.js';
import { clientScripts } from './client-scripts.js';
import type { Config } from './core/config/config.js';
import { openDatabase, type DatabaseHandle } from './core/db/database.js';
import { createGroupCommit } from './core/db/group-commit.js';
import { createOutboxMailer, createSmtpMailer, type Mailer } from './core/email/mailer.js';
import { createCsrf } from './core/http/csrf.js';
import { registerErrorHandling } from './core/http/error-handler.js';
import { createLegacyRedirects } from './features/importers/legacy-redirects.js';
import { registerHealthRoutes } from './core/http/health.js';
import { registerRouteInput } from './core/http/route-input.js';
import { trustProxyFor } from './core/http/trusted-proxies.js';
import { httpServerOptions, limitConnectionsPerAddress } from './core/http/connection-limits.js';
import { startContentChangeFeed } from './core/http/content-change-feed.js';
import { PageCache } from './core/http/page-cache.js';
import { createPageSender } from './core/http/page-sender.js';
import { createDatabaseRateLimiter, createMemoryRateLimiter, createRedisRateLimiter } from './core/http/rate-limit.js';
import { registerSecurityHeaders } from './core/http/security-headers.js';
import { createSessionManager } from './core/http/sessions.js';
import { registerStaticAssets } from './core/http/static-assets.js';
import { createEmailWorker, type EmailWorker } from './core/jobs/email-queue.js';
import { createRetentionJob, type RetentionJob } from './core/jobs/retention.js';
import { createBotProtection } from './core/security/bot-protection.js';
import { resolveSessionSecret } from './core/security/secrets.js';
import { ErrorPage } from './core/views/error-page.js';
import { createArticleGate } from './features/access/article-gate.js';
import { registerAccessRoutes } from './features/access/access.routes.js';
import { registerSearchRoutes } from './features/search/search.routes.js';
import { createSearchService, type SearchService } from './features/search/search.service.js';
import { createStripeSubscriptionsService } from './features/access/stripe-subscriptions.service.js';
import { registerStripeWebhookRoute } from './features/access/stripe-webhook.routes.js';
import { createAccessService, type AccessService } from './features/access/access.service.js';
import { createCommentBroadcaster } from './features/comments/comment-broadcaster.js';
import { registerCommentsLiveRoutes } from './features/comments/comments-live.routes.js';
import { registerCommentRoutes } from './features/comments/comments.routes.js';
import { createCommentsService, type CommentsService } from './features/comments/comments.service.js';
import { createCommentPublishedHook } from './features/community/comment-published-hook.js';
import { registerCommunityRoutes } from './features/community/community.routes.js';
import type { EventEmails } from './features/events/event-emails.js';
import { wireEventMail } from './features/events/event-mail.wiring.js';
import { createEventAdmin } from './features/events/event-admin.service.js';
import { registerEventNewsroomRoutes } from './features/events/event-newsroom.routes.js';
import type { EventReminders } from './features/events/event-reminders.js';
import { createCommunityService } from './features/community/community.service.js';
import { notificationsLink } from './features/community/views/notifications-link.js';
import { createModerationPolicy } from './features/moderation/moderation.policy.js';
import { registerModerationRoutes } from './features/moderation/moderation.routes.js';
import { createModerationService } from './features/moderation/moderation.service.js';
import { newsroomLink } from './features/moderation/views/newsroom-link.js';
import { registerAccountSettingsRoutes } from './features/accounts/account-settings.routes.js';
import { createAccountSettingsService } from './features/accounts/account-settings.service.js';
import { registerAccountRoutes } from './features/accounts/accounts.routes.js';
import { createAccountCorner } from './features/accounts/account-corner.js';
import { createAccountsService, type AccountsService } from './features/accounts/accounts.service.js';
import { createPasswordHasher } from './features/accounts/passwords.js';
import { registerTwoFactorRoutes } from './features/accounts/two-factor.routes.js';
import { createTwoFactorService } from './features/accounts/two-factor.service.js';
import { registerAdminApi } from './features/admin-api/admin-api.routes.js';
import { createApiKeysService } from './features/admin-api/api-keys.service.js';
import { wireContentApi } from './features/content-api/content-api.wiring.js';
import { registerArticleRoutes } from './features/articles/articles.routes.js';
import {
  createArticlesService,
  createArticleEditingService,
  createArticleImages,
  type ArticleEditingService,
  createContentChangeReader,
  createTaxonomyService,
  type ArticlesService,
  type TaxonomyService,
} from './features/articles/articles.service.js';
import { registerLegalRoutes } from './features/legal/legal.routes.js';
import { registerMediaRoutes } from './features/media/media.routes.js';
import { articlesLink } from './features/newsroom/views/articles-link.js';
import { staffLink, twoStepLink } from './features/newsroom/views/staff-link.js';
import { createReviewNotifications } from './features/newsroom/review-notifications.service.js';
import {
  createMediaLibrary,
  createMediaService,
  createRenditionWorker,
  type MediaLibrary,
  type MediaService,
  type RenditionWorker,
} from './features/media/media.service.js';
import { createInsightService, type InsightService } from './features/insight/insight.service.js';
import { registerNewsroom } from './newsroom-wiring.js';
import { registerEvents, type EventsService } from './features/events/events-wiring.js';
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

  // ioredis is only loaded when Redis is configured.
  const redis = config.redisUrl
    ? new (await import('ioredis')).Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })
    : undefined;
  // Nodes on one PostgreSQL share their limits through Redis, or without it through the database; SQLite is one node.
  const rateLimiter = redis
    ? createRedisRateLimiter(redis)
    : database.engine === 'postgres'
      ? createDatabaseRateLimiter(db, clock)
      : createMemoryRateLimiter(clock);
  const mailer =
    options.mailer ??
    (config.mail.smtpUrl
      ? createSmtpMailer({ url: config.mail.smtpUrl, from: config.mail.from })
      : createOutboxMailer({ directory: config.mail.outboxDirectory, from: config.mail.from }));
  const emailWorker = createEmailWorker({
    db,
    mailer,
    clock,
    messageIdDomain: new URL(config.publicUrl).hostname,
    onError: (error) => log.warn({ err: error }, 'email not sent yet; will retry'),
  });

  const retention = createRetentionJob({
    db,
    clock,
    onError: (error) => log.warn({ err: error }, 'retention run failed; will retry'),
    onReport: (report) => log.info({ deleted: report }, 'retention run'),
  });

  const pageCache = new PageCache({
    maxEntries: config.pageCache.maxEntries,
    revalidateMs: config.pageCache.revalidateMs,
    clock,
    readChanges: createContentChangeReader({ db }),
    onError: (error) => log.error({ err: error }, 'page cache revalidation failed'),
  });
  // Other nodes' content changes, heard at once (PostgreSQL NOTIFY, or Redis pub/sub on SQLite).
  const contentChanges = await startContentChangeFeed({
    database,
    redisUrl: config.redisUrl,
    choice: config.pageCache.changeFeed,
    onChange: () => void pageCache.revalidate().catch((error: unknown) => log.error({ err: error }, 'page cache revalidation failed')),
    onError: (error) => log.warn({ err: error }, 'content change feed'),
  });
  app.addHook('onClose', () => contentChanges.close());

  registerSecurityHeaders(app, { isHttps: config.publicUrl.startsWith('https:') });
  registerHealthRoutes(app, { db, redis, log });
  const assets = registerStaticAssets(app, clientScripts);

  const emailContext = { publicationName: config.publication.name, publicUrl: config.publicUrl };
  const sessions = createSessionManager({ db, clock, cookies, days: config.sessionDays, staffHours: config.staffSecurity.sessionHours });
  const csrf = createCsrf({ secret, cookies, publicOrigin: new URL(config.publicUrl).origin });
  const botProtection = createBotProtection({
    db,
    clock,
    secret,
    cost: config.botProtection.altchaCost,
    maxCounter: config.botProtection.altchaMaxCounter,
    noScriptDelaySeconds: config.botProtection.noScriptDelaySeconds,
  });
  // Comments and community: live fan-out (Redis pub/sub across nodes when configured),
  // moderation's policy, and the community's notifications inside each publishing transaction.
  const broadcaster = await createCommentBroadcaster({
    redisUrl: config.redisUrl,
    onError: (error) => log.warn({ err: error }, 'live comments'),
    // Events go out after the comment's transaction commits: the moment its notification emails can go too.
    afterPublish: () => emailWorker.nudge(),
  });
  const moderationPolicy = createModerationPolicy({ clock, settings: config.commentModeration });
  const onCommentPublished = createCommentPublishedHook({ clock, secret, email: emailContext, timeZone: config.publication.timeZone });
  const comments = createCommentsService({
    db,
    groupCommit: createGroupCommit(db, database.engine),
    clock,
    policy: moderationPolicy,
    onPublished: onCommentPublished,
    broadcaster,
    rateLimiter,
    settings: {
      maxLength: config.comments.maxLength,
      editWindowMinutes: config.comments.editWindowMinutes,
      requireVerifiedEmail: config.requireVerifiedEmailToComment,
      timeZone: config.publication.timeZone,
    },
  });
  const community = createCommunityService({ db, clock, secret, timeZone: config.publication.timeZone });
  const pages = createPageSender({
    sessions,
    cookies,
    // The signed-in corner: the accounts feature's, with the community's and moderation's links.
    renderAccountSlot: createAccountCorner({
      csrf,
      links: [notificationsLink(community), articlesLink, newsroomLink, staffLink, twoStepLink],
    }),
  });

  const site = {
    publicationName: config.publication.name,
    tagline: config.publication.tagline,
    language: config.publication.language,
    timeZone: config.publication.timeZone,
    publicUrl: config.publicUrl,
    stylesheetHref: assets.stylesheetHref,
  };
  // Reader search's documents follow every article write, inside its transaction (features/search).
  const search = createSearchService({
    db,
    clock,
    teaserBlocks: config.wallTeaserBlocks,
    language: config.publication.language,
    timeZone: config.publication.timeZone,
  });
  const articles = createArticlesService({
    db,
    clock,
    pageCache,
    site,
    anonymousMaxAgeSeconds: config.anonymousMaxAgeSeconds,
    teaserBlocks: config.wallTeaserBlocks,
    wallScripts: assets.scripts.registration,
    pageScripts: assets.scripts.comments,
    countComments: comments.countPublished,
    announceContentChange: contentChanges.announce,
    afterArticlesWritten: search.refreshArticles,
  });
  const reviewNotifications = createReviewNotifications({ db, clock, email: emailContext });
  const articleEditing = createArticleEditingService({
    db,
    clock,
    timeZone: config.publication.timeZone,
    changeContent: articles.changeContent,
    onSubmitted: reviewNotifications.onSubmitted,
  });
  // Aggregate counts only (no reader, no cookie): each node counts in memory and adds to the database every few seconds.
  const insight = createInsightService({
    db,
    clock,
    timeZone: config.publication.timeZone,
    counting: config.insight.counting,
    flushMs: config.insight.flushMs,
    onError: (error) => log.warn({ err: error }, 'insight counts not stored yet; will retry'),
  });
  insight.start();
  // Registered before the database closes (close() below): the last counts are stored on shutdown.
  app.addHook('onClose', () => insight.stop());
  const access = createAccessService({ db, clock, settings: config.meter });
  const gate = createArticleGate({ access, sessions, clock, settings: config.meter, secret, cookies, insight: insight.recorder });
  // Renditions of uploads are made in the background (features/media/rendition-jobs.ts), by whichever node claims them.
  const media = createMediaService({ db, clock, uploads: config.imageUploads, onImported: () => renditionWorker.nudge() });
  const renditionWorker = createRenditionWorker({
    db,
    clock,
    prepare: media.prepareRenditions,
    onError: (error) => log.warn({ err: error }, 'image renditions not made yet; will retry'),
  });
  const mediaLibrary = createMediaLibrary({
    db,
    clock,
    media,
    articleImages: createArticleImages({ db, clock, changeContent: articles.changeContent }),
  });
  const passwords = createPasswordHasher({ memoryKib: config.passwords.argon2MemoryKib, iterations: config.passwords.argon2Iterations });
  const accounts = createAccountsService({
    db,
    clock,
    passwords,
    emailWorker,
    email: emailContext,
    timeZone: config.publication.timeZone,
    readerPasswordMinLength: config.passwords.readerMinLength,
    staffPasswordMinLength: config.passwords.staffMinLength,
    legalVersions: config.legalVersions,
  });

  const moderation = createModerationService({
    db,
    clock,
    policy: moderationPolicy,
    onCommentPublished,
    broadcaster,
    onArticleChanged: articles.afterArticlePageChange,
    timeZone: config.publication.timeZone,
  });

  const accountSettings = createAccountSettingsService({ db, clock, passwords, emailWorker, email: emailContext, accounts });
  const loadSite = articles.loadSite;

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
  });
  registerAccountSettingsRoutes(app, {
    ...{ settings: accountSettings, accounts, sessions, csrf, rateLimiter, cookies, loadSite },
    newsletterNotes: newsletterPages.newsletterNotes,
  });
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
  registerModerationRoutes(app, { clock, sessions, csrf, moderation, loadSite });
  const events = registerEvents(app, {
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
    rateLimiter,
  });
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
