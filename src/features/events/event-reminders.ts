// Reminders 24 hours and 1 hour before an event, on a timer like the other
// workers, driven by the injected clock. Each run looks only at scheduled
// events starting within the next 24 hours (the starts_at index bounds it),
// every one of them, a page at a time in (starts_at, id) order (keyset),
// and for each due reminder claims (registration, reminder, start time) rows
// insert-if-absent in the same transaction that queues the emails: whichever
// node claims a row sends that reminder, once. The claim names the start
// time, so an event that moves is owed its reminders again for the new time.
//
// Which reminder is due: the 24-hour one from 24 h before the start until the
// 1-hour one is due, the 1-hour one from then until the start — a reader never
// gets "tomorrow" an hour before. A reader confirmed after a reminder's time
// (a late sign-up, a promotion from the waiting list) does not get that one.
// Reminders carry no calendar file (a calendar must never take an old copy).
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { EventReminderKind } from '../../core/db/schema-events.js';
import { enqueueEmail } from '../../core/jobs/email-queue.js';
import { eventPageUrl, type CalendarContext } from './event-calendar.js';
import * as repository from './event-mail.repository.js';
import { toCalendarEvent } from './event-emails.js';
import { reminderEmail, type EventEmailContext } from './emails/event-emails.js';

const HOUR_MS = 60 * 60 * 1000;
export const REMINDER_OFFSETS_MS: Record<EventReminderKind, number> = { '24h': 24 * HOUR_MS, '1h': HOUR_MS };
/** Events read per page (a run pages through every event due), and attendees claimed per transaction. */
const EVENTS_PER_PAGE = 200;
const CLAIMS_PER_BATCH = 500;

/** The reminder due now for an event starting at `startsAt`, or null. */
export function dueReminder(startsAt: string, now: Date): { kind: EventReminderKind; remindAt: Date } | null {
  const start = Date.parse(startsAt);
  const at = now.getTime();
  if (at >= start) return null;
  if (at >= start - REMINDER_OFFSETS_MS['1h']) return { kind: '1h', remindAt: new Date(start - REMINDER_OFFSETS_MS['1h']) };
  if (at >= start - REMINDER_OFFSETS_MS['24h']) return { kind: '24h', remindAt: new Date(start - REMINDER_OFFSETS_MS['24h']) };
  return null;
}

export interface EventRemindersDependencies {
  db: Db;
  clock: Clock;
  context: EventEmailContext & CalendarContext;
  nudge?: () => void;
  onError?: (error: unknown) => void;
  pollMs?: number;
  /** Events read per page; smaller in tests, to cross page boundaries. */
  eventsPerPage?: number;
}

export function createEventReminders(deps: EventRemindersDependencies) {
  const { db, clock, context } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function remindEvent(event: repository.MailEventRow, due: { kind: EventReminderKind; remindAt: Date }): Promise<number> {
    let queued = 0;
    for (;;) {
      const owed = await repository.listOwedReminders(db, {
        eventId: event.id,
        reminder: due.kind,
        startsAt: event.starts_at,
        remindAt: due.remindAt.toISOString(),
        limit: CLAIMS_PER_BATCH,
      });
      if (!owed.length) return queued;
      const now = clock.now();
      queued += await db.transaction().execute(async (trx) => {
        const claimed = await repository.claimReminders(trx, {
          registrationIds: owed.map((attendee) => attendee.registration_id),
          reminder: due.kind,
          startsAt: event.starts_at,
          now: now.toISOString(),
        });
        const emailEvent = {
          title: event.title,
          startsAt: event.starts_at,
          endsAt: event.ends_at,
          pageUrl: eventPageUrl(context, toCalendarEvent(event)),
        };
        for (const attendee of owed.filter((candidate) => claimed.has(candidate.registration_id)))
          await enqueueEmail(
            trx,
            reminderEmail(context, {
              to: { email: attendee.email, firstName: attendee.first_name },
              event: emailEvent,
              reminder: due.kind,
            }),
            now,
          );
        return claimed.size;
      });
      if (owed.length < CLAIMS_PER_BATCH) return queued;
    }
  }

  /** Queues every reminder due now; answers how many were queued by this node. */
  async function runOnce(): Promise<number> {
    const now = clock.now();
    const limit = deps.eventsPerPage ?? EVENTS_PER_PAGE;
    const window = { from: now.toISOString(), to: new Date(now.getTime() + REMINDER_OFFSETS_MS['24h']).toISOString() };
    let after: { startsAt: string; id: number } | null = null;
    let queued = 0;
    // Every event due, a page at a time: a busy day has more events than one page, and each must be reminded.
    for (;;) {
      const events = await repository.listEventsStartingBetween(db, { ...window, after, limit });
      for (const event of events) {
        const due = dueReminder(event.starts_at, now);
        if (due) queued += await remindEvent(event, due);
      }
      if (events.length < limit) break;
      const last = events.at(-1)!;
      after = { startsAt: last.starts_at, id: last.id };
    }
    if (queued) deps.nudge?.();
    return queued;
  }

  /** One run at a time per node; concurrent callers share it. */
  function run(): Promise<number> {
    running ??= runOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    run,
    start() {
      timer = setInterval(() => void run().catch((error) => deps.onError?.(error)), deps.pollMs ?? 60_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => {});
    },
  };
}

export type EventReminders = ReturnType<typeof createEventReminders>;
