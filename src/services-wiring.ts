// The services every feature's routes are built on (sessions, CSRF, bot
// protection, comments, community, the page sender, search, articles and
// their editing, insight, access and the gate, media, accounts, moderation),
// made once and handed back to buildApp (app.ts), which registers the routes.
// Construction only: each service's rules live in its feature.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Clock } from './core/clock.js';
import type { Config } from './core/config/config.js';
import type { DatabaseHandle } from './core/db/database.js';
import { createGroupCommit } from './core/db/group-commit.js';
import type { CookieSettings } from './core/http/cookies.js';
import { createCsrf } from './core/http/csrf.js';
import { createPageSender } from './core/http/page-sender.js';
import { createSessionManager } from './core/http/sessions.js';
import { createBotProtection } from './core/security/bot-protection.js';
import { createArticleGate } from './features/access/article-gate.js';
import { createAccessService } from './features/access/access.service.js';
import { createAccountCorner } from './features/accounts/account-corner.js';
import { createAccountsService } from './features/accounts/accounts.service.js';
import { createPasswordHasher } from './features/accounts/passwords.js';
import { createArticlesService, createArticleEditingService, createArticleImages } from './features/articles/articles.service.js';
import { createCommentBroadcaster } from './features/comments/comment-broadcaster.js';
import { createCommentsService } from './features/comments/comments.service.js';
import { createCommentPublishedHook } from './features/community/comment-published-hook.js';
import { createCommunityService } from './features/community/community.service.js';
import { notificationsLink } from './features/community/views/notifications-link.js';
import { createInsightService } from './features/insight/insight.service.js';
import { createMediaLibrary, createMediaService, createRenditionWorker } from './features/media/media.service.js';
import { createModerationPolicy } from './features/moderation/moderation.policy.js';
import { createModerationService } from './features/moderation/moderation.service.js';
import { newsroomLink } from './features/moderation/views/newsroom-link.js';
import { createReviewNotifications } from './features/newsroom/review-notifications.service.js';
import { articlesLink } from './features/newsroom/views/articles-link.js';
import { staffLink, twoStepLink } from './features/newsroom/views/staff-link.js';
import { createSearchService } from './features/search/search.service.js';
import type { Infrastructure } from './infrastructure.js';
import type { StaticAssets } from './core/http/static-assets.js';

export async function createServices(
  app: FastifyInstance,
  deps: {
    config: Readonly<Config>;
    database: DatabaseHandle;
    clock: Clock;
    log: FastifyBaseLogger;
    secret: string;
    cookies: CookieSettings;
    infrastructure: Infrastructure;
    assets: StaticAssets;
  },
) {
  const { config, database, clock, log, secret, cookies, assets } = deps;
  const { db } = database;
  const { emailWorker, rateLimiter, pageCache, contentChanges } = deps.infrastructure;
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

  const loadSite = articles.loadSite;
  return {
    emailContext,
    sessions,
    csrf,
    botProtection,
    broadcaster,
    moderationPolicy,
    onCommentPublished,
    comments,
    community,
    pages,
    site,
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
  };
}
