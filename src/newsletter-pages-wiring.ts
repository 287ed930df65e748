// The pages built on the newsletters service, wired (called once by app.ts,
// after wireNewsletters): the reader's /newsletters and web archive, the
// newsroom's newsletter desk. Returns what other features are handed: /account's
// newsletter choices (listed and saved through the newsletters service).
import type { FastifyInstance } from 'fastify';
import type { Clock } from './core/clock.js';
import type { Config } from './core/config/config.js';
import type { Db } from './core/db/database.js';
import type { CookieSettings } from './core/http/cookies.js';
import type { Csrf } from './core/http/csrf.js';
import type { PageSender } from './core/http/page-sender.js';
import type { SessionManager } from './core/http/sessions.js';
import type { SiteContext } from './core/views/site-context.js';
import type { AccessService } from './features/access/access.service.js';
import type { MediaService } from './features/media/media.service.js';
import { createAccountNewsletters } from './features/newsletters/account-newsletters.js';
import { registerNewsletterPages } from './features/newsletters/newsletter-pages.routes.js';
import { createTestIssueSender } from './features/newsletters/newsletter-test-send.js';
import type { NewsletterTransport } from './features/newsletters/newsletter-transport.js';
import { createWebIssueRenderer } from './features/newsletters/newsletter-web-issue.js';
import { createNewsletterArchive } from './features/newsletters/newsletters-archive.service.js';
import type { NewslettersService } from './features/newsletters/newsletters.service.js';
import { registerNewsletterDeskRoutes } from './features/newsroom/newsletter-desk.routes.js';

export function registerNewsletterPagesAndDesk(
  app: FastifyInstance,
  deps: {
    config: Readonly<Config>;
    db: Db;
    clock: Clock;
    secret: string;
    newsletters: NewslettersService;
    transport: NewsletterTransport;
    access: AccessService;
    media: MediaService;
    sessions: SessionManager;
    csrf: Csrf;
    pages: PageSender;
    cookies: CookieSettings;
    loadSite: () => Promise<SiteContext>;
    /** The article editor's script: the desk edits an issue's body with it. */
    editorScripts: string[];
  },
) {
  const { config, newsletters, sessions, csrf, loadSite } = deps;
  registerNewsletterPages(app, {
    newsletters,
    archive: createNewsletterArchive({ db: deps.db }),
    renderIssueForWeb: createWebIssueRenderer({ db: deps.db, timeZone: config.publication.timeZone, findImages: deps.media.findImages }),
    isSubscriber: async (userId) => (await deps.access.subscriptionEnd(userId)) !== null,
    sessions,
    csrf,
    pages: deps.pages,
    cookies: deps.cookies,
    secret: deps.secret,
    now: () => deps.clock.now(),
    loadSite,
  });
  registerNewsletterDeskRoutes(app, {
    newsletters,
    sendTestIssue: createTestIssueSender({
      transport: deps.transport,
      renderIssue: newsletters.renderIssueEmail,
      findIssueSubject: async (issueId) => (await newsletters.findIssue(issueId))?.subject ?? null,
      settings: { publicUrl: config.publicUrl, from: config.mail.from, publicationName: config.publication.name },
    }),
    sessions,
    csrf,
    loadSite,
    editorScripts: deps.editorScripts,
  });
  return { accountNewsletters: createAccountNewsletters(newsletters) };
}
