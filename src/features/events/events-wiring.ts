// The events feature wired for app.ts: its service over the access decision,
// the pending "sign me up" intent, and the reader routes; attendees'
// questions (screened by the moderation policy app.ts hands in) with their
// staff pages. Event emails, calendar files and the newsroom's pages plug in
// here (`notifier`).
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config/config.js';
import type { Db } from '../../core/db/database.js';
import type { Csrf } from '../../core/http/csrf.js';
import type { PageSender } from '../../core/http/page-sender.js';
import { createPendingIntents } from '../../core/http/pending-intent.js';
import type { RateLimiter } from '../../core/http/rate-limit.js';
import type { SessionManager } from '../../core/http/sessions.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { AccessService } from '../access/access.service.js';
import type { ModerationPolicy } from '../comments/comments.types.js';
import { registerQuestionStaffRoutes } from './event-questions.routes.js';
import { createEventQuestions, type EventQuestions } from './event-questions.service.js';
import { registerEventsRoutes } from './events.routes.js';
import { createEventsService, type EventsService } from './events.service.js';
import type { EventNotifier } from './events.types.js';

export type { EventQuestions, EventsService };

export function registerEvents(
  app: FastifyInstance,
  deps: {
    config: Readonly<Config>;
    db: Db;
    clock: Clock;
    log: FastifyBaseLogger;
    secret: string;
    access: AccessService;
    sessions: SessionManager;
    csrf: Csrf;
    pages: PageSender;
    loadSite(): Promise<SiteContext>;
    scripts: string[];
    notifier?: EventNotifier;
    /** The comments' moderation policy: questions pass the same banned words and bans. */
    moderationPolicy: ModerationPolicy;
    rateLimiter: RateLimiter;
  },
): { events: EventsService; questions: EventQuestions } {
  const events = createEventsService({
    db: deps.db,
    clock: deps.clock,
    secret: deps.secret,
    signedInReader: deps.access.signedInReader,
    joinOpensMinutes: deps.config.events.joinOpensMinutes,
    ...(deps.notifier ? { notifier: deps.notifier } : {}),
    onNotifyError: (error) => deps.log.warn({ err: error }, 'event notification not sent'),
  });
  const intents = createPendingIntents({ secret: deps.secret, cookies: { secure: deps.config.cookieSecure }, clock: deps.clock });
  const questions = createEventQuestions({
    db: deps.db,
    clock: deps.clock,
    policy: deps.moderationPolicy,
    rateLimiter: deps.rateLimiter,
    requireVerifiedEmail: deps.config.requireVerifiedEmailToComment,
  });
  registerEventsRoutes(app, {
    events,
    questions,
    sessions: deps.sessions,
    csrf: deps.csrf,
    pages: deps.pages,
    intents,
    clock: deps.clock,
    loadSite: deps.loadSite,
    scripts: deps.scripts,
    rateLimiter: deps.rateLimiter,
  });
  registerQuestionStaffRoutes(app, {
    questions,
    sessions: deps.sessions,
    csrf: deps.csrf,
    loadSite: deps.loadSite,
    findEvent: (id) => events.staffEvent(id),
  });
  return { events, questions };
}
