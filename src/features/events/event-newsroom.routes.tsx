// The newsroom's event pages (editors and admins): list, create, edit or
// reschedule (carrying the version), cancel with a confirm step, the roster
// with its CSV export, and "Message attendees". Every change goes through
// `eventAdmin`, which emails attendees about a new time or a cancellation.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { fields, inputs, readForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { EDITOR_ROLES } from '../newsroom/newsroom-actor.js';
import { utcToZonedLocal, zonedLocalToUtc } from '../newsroom/publication-time.js';
import type { EventAdmin, StaffEventFields } from './event-admin.service.js';
import type { EventEmails } from './event-emails.js';
import { rosterCsvChunks, rosterPage, speakerChoices } from './event-roster.js';
import type { EventsService } from './events.service.js';
import type { StaffEvent } from './events.types.js';
import {
  NewsroomEventCancelPage,
  NewsroomEventFormPage,
  NewsroomEventListPage,
  NewsroomEventPage,
  type EventFormValues,
} from './views/newsroom-event-pages.js';
import { NewsroomEventCancelledPage } from './views/newsroom-event-cancelled-page.js';

export interface EventNewsroomDependencies {
  db: Db;
  events: EventsService;
  eventAdmin: EventAdmin;
  emails: Pick<EventEmails, 'messageAttendees'>;
  sessions: SessionManager;
  csrf: Csrf;
  loadSite: () => Promise<SiteContext>;
}

const speakersField = z
  .unknown()
  .optional()
  .transform((value) =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value])
      .filter((name): name is string => typeof name === 'string')
      .slice(0, 50),
  );

const EVENT_FORM = z.object({
  title: fields.text(400),
  description: fields.text(20_000),
  startsAt: fields.text(40),
  endsAt: fields.text(40),
  speakers: speakersField,
  capacity: fields.text(20),
  access: fields.text(20),
  streamUrl: fields.text(2100),
  recordingUrl: fields.text(2100),
  recordingAccess: fields.text(20),
  version: fields.text(20),
});

const MESSAGE_FORM = z.object({
  subject: fields.text(300).pipe(z.string().trim().min(1, 'Write a subject.').max(200, 'Keep the subject under 200 characters.')),
  text: fields.text(20_000).pipe(z.string().trim().min(1, 'Write the message.').max(10_000, 'Keep the message under 10,000 characters.')),
});

const DONE = {
  created: 'The event is created.',
  saved: 'The changes are saved.',
  cancelled: 'The event is cancelled; attendees are being told.',
} as const;

/** The form's values read into the service's fields, or the field errors of the reading (times, seats). */
function readEventFields(
  values: EventFormValues,
  timeZone: string,
): { ok: true; fields: StaffEventFields } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const starts = zonedLocalToUtc(values.startsAt, timeZone);
  const ends = zonedLocalToUtc(values.endsAt, timeZone);
  if (starts.kind === 'invalid') errors.startsAt = starts.message.replace('publication time', 'start');
  if (ends.kind === 'invalid') errors.endsAt = ends.message.replace('publication time', 'end');
  const capacity = /^\s*\d{1,6}\s*$/.test(values.capacity) ? Number(values.capacity) : NaN;
  if (!Number.isInteger(capacity) || capacity < 1) errors.capacity = 'Enter the number of seats, a whole number of at least 1.';
  if (values.access !== 'registered' && values.access !== 'premium') errors.access = 'Choose who may attend.';
  if (!['free', 'registered', 'premium'].includes(values.recordingAccess)) errors.recordingAccess = 'Choose who may watch the recording.';
  if (Object.keys(errors).length || starts.kind === 'invalid' || ends.kind === 'invalid') return { ok: false, errors };
  return {
    ok: true,
    fields: {
      title: values.title.trim(),
      description: values.description.trim(),
      startsAt: starts.iso,
      endsAt: ends.iso,
      speakers: values.speakers,
      capacity,
      access: values.access as StaffEventFields['access'],
      streamUrl: values.streamUrl.trim(),
      recordingUrl: values.recordingUrl.trim() || null,
      recordingAccess: values.recordingAccess as NonNullable<StaffEventFields['recordingAccess']>,
    },
  };
}

function valuesOf(event: StaffEvent, timeZone: string): EventFormValues {
  return {
    title: event.title,
    description: event.description,
    startsAt: utcToZonedLocal(event.startsAt, timeZone),
    endsAt: utcToZonedLocal(event.endsAt, timeZone),
    speakers: event.speakers.map((speaker) => speaker.name),
    capacity: String(event.capacity),
    access: event.access,
    streamUrl: event.streamUrl,
    recordingUrl: event.recordingUrl ?? '',
    recordingAccess: event.recordingAccess,
  };
}

const EMPTY_VALUES: EventFormValues = {
  title: '',
  description: '',
  startsAt: '',
  endsAt: '',
  speakers: [],
  capacity: '50',
  access: 'registered',
  streamUrl: '',
  recordingUrl: '',
  recordingAccess: 'registered',
};

export function registerEventNewsroomRoutes(app: FastifyInstance, deps: EventNewsroomDependencies): void {
  const { sessions, csrf, events, eventAdmin } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const editors = { preValidation: requireRole(sessions, EDITOR_ROLES) };
  const withId = { ...editors, schema: { params: z.object({ id: inputs.id() }) } };

  async function frame(request: FastifyRequest, reply: FastifyReply) {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const account = AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken });
    return { site: await deps.loadSite(), account, csrfToken };
  }

  async function checkedForm(request: FastifyRequest) {
    const session = await guardedSession(sessions, request);
    csrf.requireFormToken(request, session.id);
    return session;
  }

  async function eventOr404(id: number): Promise<StaffEvent> {
    const event = await eventAdmin.find(id);
    if (!event) throw new AppError('not-found');
    return event;
  }

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    state: {
      event: StaffEvent | null;
      values: EventFormValues;
      version?: number;
      errors?: Record<string, string>;
      formError?: string;
      status?: number;
    },
  ) {
    const page = NewsroomEventFormPage({ ...(await frame(request, reply)), authors: await speakerChoices(deps.db), ...state });
    return sendHtml(reply, page, { status: state.status ?? 200, caching: 'no-store' });
  }

  /** A cancelled event's edit page: read-only; 409 when it answers a form, which changed nothing. */
  async function renderCancelled(request: FastifyRequest, reply: FastifyReply, event: StaffEvent, refused: boolean) {
    const { site, account } = await frame(request, reply);
    const page = NewsroomEventCancelledPage({ site, account, event, refused });
    return sendHtml(reply, page, { status: refused ? 409 : 200, caching: 'no-store' });
  }

  /** The attendees and the waiting list, each on its own page (keyset: after an arrival; -1 from the start). */
  async function rosterOf(eventId: number, after: { confirmed?: number | undefined; waiting?: number | undefined } = {}) {
    const [confirmed, waiting] = await Promise.all([
      rosterPage(deps.db, eventId, 'confirmed', { after: after.confirmed ?? -1 }),
      rosterPage(deps.db, eventId, 'waiting', { after: after.waiting ?? -1 }),
    ]);
    return { confirmed, waiting, after };
  }

  const seeOther = (reply: FastifyReply, to: string) => reply.header('cache-control', 'no-store').redirect(to, 303);

  // Each listing a page at a time (keyset cursors; anything that is not one shows the first page).
  const listQuery = z.object({ upcomingAfter: inputs.optionalText(60), pastBefore: inputs.optionalText(60) });
  routes.get('/newsroom/events', { ...editors, schema: { querystring: listQuery } }, async (request, reply) => {
    const { upcomingAfter, pastBefore } = request.query;
    const [upcoming, past] = await Promise.all([
      events.staffEventPage('upcoming', upcomingAfter ?? null),
      events.staffEventPage('past', pastBefore ?? null),
    ]);
    const page = NewsroomEventListPage({
      ...(await frame(request, reply)),
      upcoming: upcoming.events,
      past: past.events,
      pages: { upcomingAfter, pastBefore, nextUpcoming: upcoming.next, nextPast: past.next },
    });
    return sendHtml(reply, page, { caching: 'no-store' });
  });

  routes.get('/newsroom/events/new', editors, async (request, reply) => renderForm(request, reply, { event: null, values: EMPTY_VALUES }));

  routes.post('/newsroom/events/new', editors, async (request, reply) => {
    const session = await checkedForm(request);
    const form = readForm(request, EVENT_FORM);
    if (!form.ok)
      return renderForm(request, reply, { event: null, values: EMPTY_VALUES, errors: form.errors as Record<string, string>, status: 422 });
    const site = await deps.loadSite();
    const reading = readEventFields(form.values, site.timeZone);
    if (!reading.ok) return renderForm(request, reply, { event: null, values: form.values, errors: reading.errors, status: 422 });
    const outcome = await eventAdmin.create(reading.fields, session.user.id);
    if (outcome.kind === 'invalid')
      return renderForm(request, reply, { event: null, values: form.values, errors: outcome.errors, status: 422 });
    return seeOther(reply, `/newsroom/events/${outcome.event.id}?done=created`);
  });

  const pageQuery = z.object({
    done: z.enum(['created', 'saved', 'cancelled', 'sent']).optional(),
    count: z.coerce.number().int().min(0).max(1e7).optional(),
    // A page of either list; an address that is not a page shows the first.
    confirmedAfter: z.coerce.number().int().min(-1).max(2_147_483_647).optional().catch(undefined),
    waitingAfter: z.coerce.number().int().min(-1).max(2_147_483_647).optional().catch(undefined),
  });
  routes.get('/newsroom/events/:id', { ...withId, schema: { ...withId.schema, querystring: pageQuery } }, async (request, reply) => {
    const event = await eventOr404(request.params.id);
    const { done, count, confirmedAfter, waitingAfter } = request.query;
    const roster = await rosterOf(event.id, { confirmed: confirmedAfter, waiting: waitingAfter });
    const notice =
      done === 'sent' ? `The message is queued for ${count ?? 0} attendee${count === 1 ? '' : 's'}.` : done ? DONE[done] : undefined;
    const page = NewsroomEventPage({ ...(await frame(request, reply)), event, roster, ...(notice ? { notice } : {}) });
    return sendHtml(reply, page, { caching: 'no-store' });
  });

  routes.get('/newsroom/events/:id/edit', withId, async (request, reply) => {
    const event = await eventOr404(request.params.id);
    if (event.status === 'cancelled') return renderCancelled(request, reply, event, false);
    const site = await deps.loadSite();
    return renderForm(request, reply, { event, values: valuesOf(event, site.timeZone), version: event.version });
  });

  routes.post('/newsroom/events/:id/edit', withId, async (request, reply) => {
    await checkedForm(request);
    const event = await eventOr404(request.params.id);
    if (event.status === 'cancelled') return renderCancelled(request, reply, event, true);
    const form = readForm(request, EVENT_FORM);
    const site = await deps.loadSite();
    const version = form.ok && /^\d{1,9}$/.test(form.values.version) ? Number(form.values.version) : undefined;
    if (!form.ok || version === undefined)
      return renderForm(request, reply, {
        event,
        values: valuesOf(event, site.timeZone),
        version: event.version,
        formError: 'Reload the page and try again.',
        status: 422,
      });
    const reading = readEventFields(form.values, site.timeZone);
    if (!reading.ok) return renderForm(request, reply, { event, values: form.values, version, errors: reading.errors, status: 422 });
    const outcome = await eventAdmin.update(event.id, version, reading.fields);
    switch (outcome.kind) {
      case 'updated':
        return seeOther(reply, `/newsroom/events/${event.id}?done=saved`);
      case 'invalid':
        return renderForm(request, reply, { event, values: form.values, version, errors: outcome.errors, status: 422 });
      case 'stale': {
        const current = await eventOr404(event.id);
        return renderForm(request, reply, {
          event: current,
          values: form.values,
          version: current.version,
          formError:
            'Someone else changed this event while you were editing: nothing was saved. Compare with the event page, then save again.',
          status: 409,
        });
      }
      case 'event-cancelled':
        return renderCancelled(request, reply, await eventOr404(event.id), true);
      case 'not-found':
        throw new AppError('not-found');
    }
  });

  routes.get('/newsroom/events/:id/cancel', withId, async (request, reply) => {
    const event = await eventOr404(request.params.id);
    if (event.status === 'cancelled') return seeOther(reply, `/newsroom/events/${event.id}`);
    return sendHtml(reply, NewsroomEventCancelPage({ ...(await frame(request, reply)), event }), { caching: 'no-store' });
  });

  routes.post('/newsroom/events/:id/cancel', withId, async (request, reply) => {
    await checkedForm(request);
    const event = await eventOr404(request.params.id);
    const form = readForm(request, z.object({ version: fields.id('Reload the page and try again.') }));
    if (!form.ok)
      return sendHtml(
        reply,
        NewsroomEventCancelPage({ ...(await frame(request, reply)), event, error: 'Reload the page and try again.' }),
        { status: 422, caching: 'no-store' },
      );
    const outcome = await eventAdmin.cancel(event.id, form.values.version);
    if (outcome.kind === 'updated') return seeOther(reply, `/newsroom/events/${event.id}?done=cancelled`);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    const current = await eventOr404(event.id);
    if (outcome.kind === 'event-cancelled') return renderCancelled(request, reply, current, true);
    const error =
      outcome.kind === 'stale'
        ? 'The event changed since you opened this page: nothing was cancelled. Check it, then confirm again.'
        : Object.values(outcome.errors).join(' ');
    return sendHtml(reply, NewsroomEventCancelPage({ ...(await frame(request, reply)), event: current, error }), {
      status: 409,
      caching: 'no-store',
    });
  });

  routes.get('/newsroom/events/:id/attendees.csv', withId, async (request, reply) => {
    const event = await eventOr404(request.params.id);
    // Streamed a batch at a time: every row, however large the event.
    const csv = Readable.from(rosterCsvChunks(deps.db, event.id));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="event-${event.id}-attendees.csv"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(csv);
  });

  routes.post('/newsroom/events/:id/message', withId, async (request, reply) => {
    await checkedForm(request);
    const event = await eventOr404(request.params.id);
    const form = readForm(request, MESSAGE_FORM);
    // A cancelled event's attendees were told once; nothing more goes to them from here.
    if (event.status === 'cancelled') {
      const message = {
        subject: '',
        text: '',
        errors: { text: 'The event is cancelled: its attendees have been told, and no further message goes.' },
      };
      const page = NewsroomEventPage({ ...(await frame(request, reply)), event, roster: await rosterOf(event.id), message });
      return sendHtml(reply, page, { status: 409, caching: 'no-store' });
    }
    if (!form.ok) {
      const raw = readForm(request, z.object({ subject: fields.text(300), text: fields.text(20_000) }));
      const message = { ...(raw.ok ? raw.values : { subject: '', text: '' }), errors: form.errors };
      const page = NewsroomEventPage({ ...(await frame(request, reply)), event, roster: await rosterOf(event.id), message });
      return sendHtml(reply, page, { status: 422, caching: 'no-store' });
    }
    const count = await deps.emails.messageAttendees(event.id, form.values);
    return seeOther(reply, `/newsroom/events/${event.id}?done=sent&count=${count}`);
  });
}
