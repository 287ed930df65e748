// The rules an event must keep, whoever writes it (newsroom, Admin API, demo):
// checked as plain values, so every caller gets the same messages.
import type { EventAccess, EventRecordingAccess } from '../../core/db/schema-events.js';
import type { EventInput } from './events.types.js';

export const EVENT_LIMITS = {
  title: 200,
  description: 5000,
  url: 2000,
  maxCapacity: 100_000,
  maxSpeakers: 12,
  slug: 120,
  // A talk, a panel, a weekend festival: never longer. The bound also lets the upcoming list start its walk
  // of the start-time index at now − 72 h instead of at the first event ever held (events.repository.ts).
  maxDurationHours: 72,
} as const;
export const MAX_EVENT_DURATION_MS = EVENT_LIMITS.maxDurationHours * 3_600_000;
export const EVENT_ACCESS_LEVELS: readonly EventAccess[] = ['registered', 'premium'];
export const RECORDING_ACCESS_LEVELS: readonly EventRecordingAccess[] = ['free', 'registered', 'premium'];

/** What an editor may change; absent fields keep their value. `recordingUrl: null` removes the recording. */
export interface EventChanges {
  title?: string;
  description?: string;
  startsAt?: string;
  endsAt?: string;
  capacity?: number;
  access?: EventAccess;
  streamUrl?: string;
  recordingUrl?: string | null;
  recordingAccess?: EventRecordingAccess;
  speakerIds?: number[];
  status?: 'cancelled';
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// ISO 8601 with a zone (Z or ±hh:mm): a time without one would be read in the server's zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function isWebAddress(value: string): boolean {
  if (value.length > EVENT_LIMITS.url) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function checkEventInput(input: EventInput): { ok: true } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!SLUG.test(input.slug) || input.slug.length > EVENT_LIMITS.slug)
    errors.slug = 'must be lower-case letters, digits and single hyphens';
  const title = input.title.trim();
  if (!title) errors.title = 'is required';
  else if (title.length > EVENT_LIMITS.title) errors.title = `must be at most ${EVENT_LIMITS.title} characters`;
  if (input.description.length > EVENT_LIMITS.description) errors.description = `must be at most ${EVENT_LIMITS.description} characters`;
  const startsAt = INSTANT.test(input.startsAt) ? Date.parse(input.startsAt) : Number.NaN;
  const endsAt = INSTANT.test(input.endsAt) ? Date.parse(input.endsAt) : Number.NaN;
  if (Number.isNaN(startsAt)) errors.startsAt = 'must be a date and time with its zone, e.g. 2026-10-25T18:00:00Z';
  if (Number.isNaN(endsAt)) errors.endsAt = 'must be a date and time with its zone, e.g. 2026-10-25T19:00:00Z';
  else if (!Number.isNaN(startsAt) && endsAt <= startsAt) errors.endsAt = 'must be after the start';
  else if (!Number.isNaN(startsAt) && endsAt - startsAt > MAX_EVENT_DURATION_MS)
    errors.endsAt = `must be at most ${EVENT_LIMITS.maxDurationHours} hours after the start`;
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > EVENT_LIMITS.maxCapacity)
    errors.capacity = `must be a whole number from 1 to ${EVENT_LIMITS.maxCapacity}`;
  if (!EVENT_ACCESS_LEVELS.includes(input.access)) errors.access = 'must be registered or premium';
  if (!isWebAddress(input.streamUrl)) errors.streamUrl = 'must be a web address (https://…)';
  if (input.recordingUrl != null && !isWebAddress(input.recordingUrl)) errors.recordingUrl = 'must be a web address (https://…)';
  if (input.recordingAccess !== undefined && !RECORDING_ACCESS_LEVELS.includes(input.recordingAccess))
    errors.recordingAccess = 'must be free, registered or premium';
  if (input.speakerIds.length > EVENT_LIMITS.maxSpeakers) errors.speakers = `at most ${EVENT_LIMITS.maxSpeakers} speakers`;
  else if (new Set(input.speakerIds).size !== input.speakerIds.length) errors.speakers = 'name each speaker once';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true };
}
