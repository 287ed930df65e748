// The newsletters feature put together once for app.ts: the service, the
// sender (started by the server on every node, which also makes the daily
// briefings) and the routes.
import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config/config.js';
import type { DatabaseHandle } from '../../core/db/database.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { listHomeFrontArticleIds } from '../articles/articles.service.js';
import { createBounceRecorder } from './newsletter-bounces.js';
import { createBriefingJob } from './newsletter-briefings.js';
import { createNewsletterSender, DEFAULT_SENDER_TUNING, type NewsletterSender } from './newsletter-sender.js';
import { createOutboxNewsletterTransport, createSmtpNewsletterTransport } from './newsletter-transport.js';
import { registerNewsletterRoutes } from './newsletters.routes.js';
import { createNewslettersService } from './newsletters.service.js';

export function wireNewsletters(
  app: FastifyInstance,
  deps: {
    config: Readonly<Config>;
    database: DatabaseHandle;
    clock: Clock;
    secret: string;
    loadSite: () => Promise<SiteContext>;
    log: FastifyBaseLogger;
  },
) {
  const { config, database, clock, secret, log } = deps;
  const settings = config.newsletters;
  const transport = settings.smtpUrl
    ? createSmtpNewsletterTransport({ url: settings.smtpUrl, poolSize: settings.poolSize })
    : createOutboxNewsletterTransport({ directory: path.join(config.mail.outboxDirectory, 'newsletters') });
  // The service is made first and tells the sender when a send starts: a late-bound nudge.
  const wakeSender = { nudge: () => {} };
  const newsletters = createNewslettersService({
    db: database.db,
    clock,
    secret,
    settings: { publicUrl: config.publicUrl, publicationName: config.publication.name, timeZone: config.publication.timeZone },
    onSendStarted: () => wakeSender.nudge(),
  });
  // The daily briefings are looked at by the sender's loop on every node; the claim row makes each day's one issue.
  const briefings = createBriefingJob({
    db: database.db,
    clock,
    timeZone: config.publication.timeZone,
    readHomeFront: (now) => listHomeFrontArticleIds(database.db, now),
    onScheduled: () => wakeSender.nudge(),
    onError: (error) => log.warn({ err: error }, 'daily briefing not made yet; will retry'),
  });
  const sender: NewsletterSender = createNewsletterSender({
    db: database.db,
    engine: database.engine,
    clock,
    transport,
    secret,
    renderIssue: newsletters.renderIssueEmail,
    beforePass: () => briefings.tick(),
    settings: {
      ...DEFAULT_SENDER_TUNING,
      publicUrl: config.publicUrl,
      publicationName: config.publication.name,
      from: config.mail.from,
      unsubscribeMailbox: settings.unsubscribeMailbox,
      ratePerSecond: settings.ratePerSecond,
      poolSize: settings.poolSize,
      bounceThreshold: settings.bounceThreshold,
      claimMs: settings.claimSeconds * 1000,
    },
    onError: (error) => log.warn({ err: error }, 'newsletter sending hit an error; will retry'),
  });
  wakeSender.nudge = () => sender.nudge();
  const bounces = createBounceRecorder({ db: database.db, clock, bounceThreshold: settings.bounceThreshold });
  registerNewsletterRoutes(app, { newsletters, bounces, webhookSecret: settings.webhookSecret, loadSite: deps.loadSite, clock, log });
  return {
    newsletters,
    newsletterSender: sender,
    /** The same transport, for the newsroom's test sends (newsletter-pages-wiring.ts). */
    transport,
    close: () => sender.close(),
  };
}
