// Rows of events and registrations as the events service answers them, and
// the listings' cursor. The stream and recording addresses are left behind
// in `toPublicEvent`, once.
import type { PublicEvent, Registration, StaffEvent } from './events.types.js';
import type * as repository from './events.repository.js';

/** `<ISO time>_<id>` → the keyset of a listing; null for anything else (the first page). */
export function parseEventCursor(cursor: string | null): repository.EventCursor | null {
  const match = cursor ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_(\d{1,10})$/.exec(cursor) : null;
  if (!match || Number.isNaN(Date.parse(match[1]!)) || Number(match[2]) > 2_147_483_647) return null;
  return { at: match[1]!, id: Number(match[2]) };
}

export function toRegistration(row: repository.RegistrationRow): Registration {
  return {
    id: row.id,
    publicId: row.public_id,
    eventId: row.event_id,
    userId: row.user_id,
    state: row.state,
    arrival: row.arrival,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
  };
}

export function toStaffEvent(row: repository.EventRow, speakers: PublicEvent['speakers']): StaffEvent {
  return {
    id: row.id,
    publicId: row.public_id,
    calendarUid: row.calendar_uid,
    slug: row.slug,
    title: row.title,
    description: row.description,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    capacity: row.capacity,
    access: row.access,
    recordingAccess: row.recording_access,
    hasRecording: row.recording_url !== null,
    status: row.status,
    sequence: row.sequence,
    version: row.version,
    confirmedCount: row.confirmed_count,
    speakers,
    updatedAt: row.updated_at,
    streamUrl: row.stream_url,
    recordingUrl: row.recording_url,
  };
}

/** The reader-facing copy: the stream and recording addresses are left behind here, once. */
export function toPublicEvent(event: StaffEvent): PublicEvent {
  const { streamUrl: _stream, recordingUrl: _recording, ...visible } = event;
  return visible;
}
