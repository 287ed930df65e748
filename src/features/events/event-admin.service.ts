// Staff's doors to an event (the Admin API and the newsroom's pages): speakers
// given by author name, a slug made from the title, and — after any change of
// time or a cancellation — the notice to every confirmed attendee with the
// updated calendar file. The seat and SEQUENCE rules stay in the events
// service; this only translates and announces.
import type { Db } from '../../core/db/database.js';
import type { EventEmails } from './event-emails.js';
import * as repository from './event-mail.repository.js';
import type { EventChanges } from './event-rules.js';
import type { CreateEventOutcome, EventsService, UpdateEventOutcome } from './events.service.js';
import type { EventAccess, EventRecordingAccess, StaffEvent } from './events.types.js';

export interface StaffEventFields {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  speakers: string[];
  capacity: number;
  access: EventAccess;
  streamUrl: string;
  recordingUrl?: string | null;
  recordingAccess?: EventRecordingAccess;
}

export type StaffEventChanges = Partial<StaffEventFields>;

type Invalid = { kind: 'invalid'; errors: Record<string, string> };

/** Lower-case words joined by hyphens, at most 80 characters: the readable part of an event's address. */
export function slugFromTitle(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    if (slug.length + word.length + 1 > 80) break;
    slug = slug ? `${slug}-${word}` : word;
  }
  return slug || 'event';
}

export function createEventAdmin(deps: { db: Db; events: EventsService; emails: Pick<EventEmails, 'announceChange'> }) {
  const { db, events } = deps;

  async function speakerIds(names: string[]): Promise<number[] | Invalid> {
    const found = await repository.findAuthorsByNames(db, [...new Set(names)]);
    const byName = new Map(found.map((author) => [author.name, author.id]));
    const missing = names.filter((name) => !byName.has(name));
    if (missing.length)
      return { kind: 'invalid', errors: { speakers: `no author is called ${missing.map((name) => `“${name}”`).join(', ')}` } };
    return names.map((name) => byName.get(name)!);
  }

  async function create(fields: StaffEventFields, createdByUserId: number | null): Promise<CreateEventOutcome> {
    const ids = await speakerIds(fields.speakers);
    if (!Array.isArray(ids)) return ids;
    const base = slugFromTitle(fields.title);
    const { speakers: _names, ...rest } = fields;
    // A second event with the same title gets the date, then a number, in its address.
    const candidates = [
      base,
      `${base}-${fields.startsAt.slice(0, 10)}`,
      ...[2, 3, 4, 5].map((n) => `${base}-${fields.startsAt.slice(0, 10)}-${n}`),
    ];
    let outcome: CreateEventOutcome = { kind: 'invalid', errors: {} };
    for (const slug of candidates) {
      outcome = await events.createEvent({ ...rest, slug, speakerIds: ids, createdByUserId });
      if (outcome.kind === 'created' || !outcome.errors.slug || Object.keys(outcome.errors).length > 1) return outcome;
    }
    return outcome;
  }

  async function update(
    eventId: number,
    version: number,
    changes: StaffEventChanges & { status?: 'cancelled' },
  ): Promise<UpdateEventOutcome> {
    const { speakers, ...rest } = changes;
    const eventChanges: EventChanges = { ...rest };
    if (speakers) {
      const ids = await speakerIds(speakers);
      if (!Array.isArray(ids)) return ids;
      eventChanges.speakerIds = ids;
    }
    // A cancelled event is never changed again (`event-cancelled`), so an update that went through while cancelling is the cancellation.
    const outcome = await events.updateEvent(eventId, version, eventChanges);
    const cancelling = changes.status === 'cancelled';
    if (outcome.kind === 'updated' && (outcome.timeChanged || cancelling)) await deps.emails.announceChange(eventId);
    return outcome;
  }

  return {
    create,
    update,
    cancel: (eventId: number, version: number) => update(eventId, version, { status: 'cancelled' }),
    find: (key: string | number): Promise<StaffEvent | null> => events.staffEvent(key),
  };
}

export type EventAdmin = ReturnType<typeof createEventAdmin>;
