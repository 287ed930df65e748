// The events' mail side wired once (called by app.ts): emails (the events
// service's notifier), the reminder job, calendar feeds and their routes.
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { EventCalendarRoutesDependencies } from './event-calendar.routes.js';
import { registerEventCalendarRoutes } from './event-calendar.routes.js';
import { addressOf } from './event-calendar.js';
import { createEventCalendarFeeds } from './event-calendar-feeds.js';
import { createEventEmails } from './event-emails.js';
import { createEventReminders } from './event-reminders.js';

export function wireEventMail(
  app: FastifyInstance,
  deps: Omit<EventCalendarRoutesDependencies, 'feeds' | 'emails'> & {
    db: Db;
    clock: Clock;
    secret: string;
    publicationName: string;
    timeZone: string;
    /** MAIL_FROM: its address is the calendar files' ORGANIZER. */
    mailFrom: string;
    nudgeEmail: () => void;
    onError: (error: unknown) => void;
  },
) {
  const { db, clock } = deps;
  const context = {
    publicationName: deps.publicationName,
    publicUrl: deps.publicUrl,
    timeZone: deps.timeZone,
    organizerEmail: addressOf(deps.mailFrom),
  };
  const emails = createEventEmails({ db, clock, secret: deps.secret, context, nudge: deps.nudgeEmail });
  const reminders = createEventReminders({ db, clock, context, nudge: deps.nudgeEmail, onError: deps.onError });
  const feeds = createEventCalendarFeeds({ db, clock, context });
  registerEventCalendarRoutes(app, { ...deps, feeds, emails });
  return { emails, reminders, feeds };
}
