// The newsroom's staff area, wired: its services and pages (articles, previews and share
// links, revisions, corrections, notifications, the media library, fronts, sections, topics
// and authors, staff, the funnel dashboard). Wiring only, as app.ts is; apart from it so the
// composition root stays readable. app.ts calls it once, with what it built.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Clock } from './core/clock.js';
import type { Config } from './core/config/config.js';
import type { Db } from './core/db/database.js';
import type { EmailWorker } from './core/jobs/email-queue.js';
import type { Csrf } from './core/http/csrf.js';
import type { RateLimiter } from './core/http/rate-limit.js';
import type { SessionManager } from './core/http/sessions.js';
import type { SiteContext } from './core/views/site-context.js';
import type { ArticleGate } from './features/access/article-gate.js';
import { createStaffAdminService } from './features/accounts/staff-admin.service.js';
import type { TwoFactorService } from './features/accounts/two-factor.service.js';
import {
  createArticlePreviewService,
  createFrontsService,
  createShareLinksService,
  createTaxonomyEditingService,
  type ArticleEditingService,
  type ArticlesService,
  type TaxonomyService,
} from './features/articles/articles.service.js';
import type { CommentsService } from './features/comments/comments.service.js';
import type { InsightService } from './features/insight/insight.service.js';
import { registerInsightRoutes } from './features/insight/insight.routes.js';
import type { MediaLibrary, MediaService } from './features/media/media.service.js';
import { registerArticlePages } from './features/newsroom/article-pages.routes.js';
import { registerArticlePreviewRoutes } from './features/newsroom/article-preview.routes.js';
import { registerCorrectionRoutes } from './features/newsroom/corrections.routes.js';
import { registerFrontRoutes } from './features/newsroom/fronts.routes.js';
import { registerMediaLibraryPages } from './features/newsroom/media-library.routes.js';
import { registerNewsroomRoutes } from './features/newsroom/newsroom.routes.js';
import { createNewsroomService } from './features/newsroom/newsroom.service.js';
import { registerReviewNotificationRoutes } from './features/newsroom/review-notifications.routes.js';
import type { ReviewNotifications } from './features/newsroom/review-notifications.service.js';
import { registerRevisionRoutes } from './features/newsroom/revisions.routes.js';
import { registerShareLinkRoutes } from './features/newsroom/share-links.routes.js';
import { registerStaffPages } from './features/newsroom/staff-pages.routes.js';
import { registerTaxonomyRoutes } from './features/newsroom/taxonomy.routes.js';

export interface NewsroomWiring {
  config: Readonly<Config>;
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  sessions: SessionManager;
  csrf: Csrf;
  rateLimiter: RateLimiter;
  loadSite: () => Promise<SiteContext>;
  emailContext: { publicationName: string; publicUrl: string };
  emailWorker: EmailWorker;
  twoFactor: TwoFactorService;
  insight: InsightService;
  articles: ArticlesService;
  articleEditing: ArticleEditingService;
  taxonomy: TaxonomyService;
  media: MediaService;
  mediaLibrary: MediaLibrary;
  comments: CommentsService;
  gate: ArticleGate;
  reviewNotifications: ReviewNotifications;
  /** The browser scripts by page kind (client-scripts.ts, as static assets). */
  scripts: Record<'newsroom' | 'mediaLibrary' | 'comments', string[]>;
  /** First path segments the site's own routes use (a section cannot take one). */
  reservedPaths: () => ReadonlySet<string>;
}

export async function registerNewsroom(app: FastifyInstance, wiring: NewsroomWiring): Promise<void> {
  const {
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
    scripts,
    reservedPaths,
  } = wiring;
  const newsroom = createNewsroomService({ db, clock });
  registerNewsroomRoutes(app, { newsroom, sessions, csrf, loadSite });
  registerStaffPages(app, {
    staffAdmin: createStaffAdminService({ db, clock, publicUrl: config.publicUrl, email: emailContext, emailWorker, twoFactor }),
    sessions,
    csrf,
    log,
    loadSite,
  });
  registerInsightRoutes(app, { insight, sessions, csrf, loadSite });
  await registerArticlePages(app, {
    articleEditing,
    taxonomy,
    media,
    newsroom,
    sessions,
    csrf,
    loadSite,
    timeZone: config.publication.timeZone,
    publicUrl: config.publicUrl,
    maxUploadBytes: config.imageUploads.maxBytes,
    // The Tiptap editor (client-scripts.ts `newsroom`, features/newsroom/client/article-editor.ts) enhances the editor page.
    editorScripts: scripts.newsroom,
  });
  // Preview as a reader and share links: the reader's page from the real gate's decision for a synthetic reader.
  const previews = createArticlePreviewService({
    db,
    clock,
    loadSite,
    teaserBlocks: config.wallTeaserBlocks,
    countComments: comments.countPublished,
    pageScripts: scripts.comments,
  });
  registerArticlePreviewRoutes(app, { sessions, articleEditing, previews, previewVisibility: gate.previewVisibility });
  registerShareLinkRoutes(app, {
    sessions,
    csrf,
    rateLimiter,
    shareLinks: createShareLinksService({ db, clock, timeZone: config.publication.timeZone, editing: articleEditing }),
    previews,
    previewVisibility: gate.previewVisibility,
    loadSite,
    publicUrl: config.publicUrl,
  });
  await registerMediaLibraryPages(app, {
    mediaLibrary,
    media,
    sessions,
    csrf,
    loadSite,
    maxUploadBytes: config.imageUploads.maxBytes,
    progressScripts: scripts.mediaLibrary,
  });
  registerRevisionRoutes(app, { sessions, csrf, articleEditing, loadSite });
  registerReviewNotificationRoutes(app, { notifications: reviewNotifications, sessions, csrf, loadSite });
  registerCorrectionRoutes(app, { articleEditing, sessions, csrf, loadSite });
  const fronts = createFrontsService({ db, clock, loadSite, changeContent: articles.changeContent });
  registerFrontRoutes(app, { fronts, sessions, csrf, loadSite });
  const taxonomyEditing = createTaxonomyEditingService({
    db,
    clock,
    reservedPaths,
    changeContent: articles.changeContent,
  });
  registerTaxonomyRoutes(app, { taxonomy, taxonomyEditing, sessions, csrf, loadSite });
}
