// The Admin API's events: create, read, change (against `version`) and cancel.
// Thin: the schema checks the shape, the events feature's staff door
// (event-admin.service.ts) applies the rules and tells attendees of a new time
// or a cancellation. `streamUrl` is staff's to read here only.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../../core/http/route-input.js';
import type { EventAdmin } from '../events/event-admin.service.js';
import type { StaffEvent } from '../events/events.types.js';
import { sendErrors, sendProblems } from './admin-api-replies.js';
import { rfc3339 } from './admin-articles.schemas.js';

const tags = ['events'];
const text = (max: number) => z.string().max(max);
const speakers = z.array(text(240)).max(12);
const access = z.enum(['registered', 'premium']);
const recordingAccess = z.enum(['free', 'registered', 'premium']);
const capacity = z.number().int().min(1).max(100_000);

const createEventBody = z.strictObject({
  title: z.string({ error: 'Enter a title.' }).max(400),
  description: text(10_000).optional(),
  startsAt: rfc3339,
  endsAt: rfc3339,
  speakers: speakers.optional(),
  capacity,
  access,
  streamUrl: z.string({ error: 'Give the stream address (https://…).' }).max(2000),
  recordingUrl: text(2000).nullable().optional(),
  recordingAccess: recordingAccess.optional(),
});

const changeEventBody = z.strictObject({
  version: z
    .number({ error: 'Send the version you started from (the event’s `version`).' })
    .int()
    .min(1)
    .max(2 ** 31),
  title: text(400).optional(),
  description: text(10_000).optional(),
  startsAt: rfc3339.optional(),
  endsAt: rfc3339.optional(),
  speakers: speakers.optional(),
  capacity: capacity.optional(),
  access: access.optional(),
  streamUrl: text(2000).optional(),
  recordingUrl: text(2000).nullable().optional(),
  recordingAccess: recordingAccess.optional(),
});

const cancelEventBody = z.strictObject({
  version: z
    .number({ error: 'Send the version you started from (the event’s `version`).' })
    .int()
    .min(1)
    .max(2 ** 31),
});

const eventParams = z.object({ id: z.string().max(64) });

const eventObject = z.object({
  event: z.object({
    id: z.string(),
    url: z.string(),
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    speakers: z.array(z.string()),
    capacity: z.number(),
    confirmed: z.number(),
    access,
    streamUrl: z.string(),
    recordingUrl: z.string().nullable(),
    recordingAccess,
    status: z.enum(['scheduled', 'cancelled']),
    sequence: z.number(),
    version: z.number(),
    updatedAt: z.string(),
  }),
});

function eventObjectOf(event: StaffEvent, publicUrl: string): z.infer<typeof eventObject> {
  return {
    event: {
      id: event.publicId,
      url: `${publicUrl}/events/${event.slug}`,
      slug: event.slug,
      title: event.title,
      description: event.description,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      speakers: event.speakers.map((speaker) => speaker.name),
      capacity: event.capacity,
      confirmed: event.confirmedCount,
      access: event.access,
      streamUrl: event.streamUrl,
      recordingUrl: event.recordingUrl,
      recordingAccess: event.recordingAccess,
      status: event.status,
      sequence: event.sequence,
      version: event.version,
      updatedAt: event.updatedAt,
    },
  };
}

function problemsOf(errors: Record<string, string>) {
  return Object.entries(errors).map(([field, message]) => ({ field, message: `${field} ${message}` }));
}

export function registerEventEndpoints(api: FastifyInstance, deps: { eventAdmin: EventAdmin; publicUrl: string }): void {
  const routes = api.withTypeProvider<ZodTypeProvider>();
  const { eventAdmin } = deps;

  const send = (reply: FastifyReply, status: number, event: StaffEvent) =>
    reply.code(status).header('cache-control', 'no-store').send(eventObjectOf(event, deps.publicUrl));

  /** An event by its public id (not a slug: API callers hold the `id` they were given). */
  async function findById(id: string): Promise<StaffEvent | null> {
    const event = await eventAdmin.find(id);
    return event && event.publicId === id ? event : null;
  }

  routes.post(
    '/events',
    { config: { apiRole: 'editor' }, schema: { tags, body: createEventBody, response: { 201: eventObject } } },
    async (request, reply) => {
      const { description, speakers: names, ...fields } = request.body;
      const outcome = await eventAdmin.create(
        { ...fields, description: description ?? '', speakers: names ?? [] },
        // An API key is no staff member: the event has no creating user.
        null,
      );
      if (outcome.kind === 'invalid') return sendProblems(reply, problemsOf(outcome.errors));
      return send(reply, 201, outcome.event);
    },
  );

  routes.get(
    '/events/:id',
    { config: { apiRole: 'editor' }, schema: { tags, params: eventParams, response: { 200: eventObject } } },
    async (request, reply) => {
      const event = await findById(request.params.id);
      return event ? send(reply, 200, event) : sendErrors(reply, 404);
    },
  );

  routes.patch(
    '/events/:id',
    { config: { apiRole: 'editor' }, schema: { tags, params: eventParams, body: changeEventBody, response: { 200: eventObject } } },
    async (request, reply) => {
      const event = await findById(request.params.id);
      if (!event) return sendErrors(reply, 404);
      const { version, ...changes } = request.body;
      const outcome = await eventAdmin.update(event.id, version, changes);
      return answer(reply, outcome);
    },
  );

  routes.post(
    '/events/:id/cancel',
    { config: { apiRole: 'editor' }, schema: { tags, params: eventParams, body: cancelEventBody, response: { 200: eventObject } } },
    async (request, reply) => {
      const event = await findById(request.params.id);
      if (!event) return sendErrors(reply, 404);
      return answer(reply, await eventAdmin.cancel(event.id, request.body.version));
    },
  );

  function answer(reply: FastifyReply, outcome: Awaited<ReturnType<EventAdmin['update']>>) {
    if (outcome.kind === 'not-found') return sendErrors(reply, 404);
    if (outcome.kind === 'stale')
      return sendErrors(reply, 409, [
        { field: 'version', message: `Someone else changed this event: it is now at version ${outcome.currentVersion}.` },
      ]);
    if (outcome.kind === 'event-cancelled')
      return sendErrors(reply, 409, [{ field: 'status', message: 'This event is cancelled: it can no longer be changed.' }]);
    if (outcome.kind === 'invalid') return sendProblems(reply, problemsOf(outcome.errors));
    return send(reply, 200, outcome.event);
  }
}
