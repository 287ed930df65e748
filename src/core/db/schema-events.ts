// Tables of virtual events (migration 0023), apart from schema.ts.
import type { Generated } from 'kysely';

/** Who may sign up: registered readers, or Premium subscribers only. */
export type EventAccess = 'registered' | 'premium';
/** Who sees the recording once it is published. */
export type EventRecordingAccess = 'free' | 'registered' | 'premium';
export type EventStatus = 'scheduled' | 'cancelled';
/** confirmed: has a seat; waiting: on the waiting list (ordered by arrival); cancelled: gave it up. */
export type EventRegistrationState = 'confirmed' | 'waiting' | 'cancelled';
/** Which reminder: 24 hours or 1 hour before the start. */
export type EventReminderKind = '24h' | '1h';
/** Moderation state of a question, named like comments'. */
export type EventQuestionStatus = 'published' | 'pending' | 'rejected' | 'deleted';

export interface EventsTable {
  id: Generated<number>;
  /** In URLs and the Admin API. */
  public_id: string;
  /** The calendar UID (RFC 5545): set once at creation, never changed. */
  calendar_uid: string;
  slug: string;
  title: string;
  description: Generated<string>;
  /** ISO 8601 UTC. */
  starts_at: string;
  ends_at: string;
  capacity: number;
  access: EventAccess;
  /** Staff only: never on a reader-facing page, email, calendar file or Content API response. */
  stream_url: string;
  recording_url: string | null;
  recording_access: Generated<EventRecordingAccess>;
  status: Generated<EventStatus>;
  /** RFC 5545 SEQUENCE: +1 on every change of time and on cancellation. */
  sequence: Generated<number>;
  /** Optimistic locking for edits (stale → 409). */
  version: Generated<number>;
  /** Confirmed registrations; changed only with the event row locked. */
  confirmed_count: Generated<number>;
  /** The next registration's arrival number; taken with the event row locked. */
  next_arrival: Generated<number>;
  created_by_user_id: number | null;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
}

export interface EventSpeakersTable {
  event_id: number;
  author_id: number;
  position: number;
}

export interface EventRegistrationsTable {
  id: Generated<number>;
  /** Random; the join token is derived from it with the server secret. */
  public_id: string;
  event_id: number;
  user_id: number;
  state: EventRegistrationState;
  /** Order of arrival within the event: the waiting list is served in this order. */
  arrival: number;
  /** SHA-256 (base64url) of the join token. */
  join_token_hash: string;
  created_at: string;
  confirmed_at: string | null;
  cancelled_at: string | null;
  updated_at: string;
}

export interface EventReminderDeliveriesTable {
  registration_id: number;
  reminder: EventReminderKind;
  /** The start time the reminder was for: a moved event re-arms its reminders. */
  event_starts_at: string;
  queued_at: string;
}

export interface EventCalendarFeedsTable {
  user_id: number;
  /** SHA-256 of the feed's secret; replacing it revokes the old address. */
  token_hash: string;
  created_at: string;
}

export interface EventQuestionsTable {
  id: Generated<number>;
  event_id: number;
  user_id: number;
  body: string;
  status: EventQuestionStatus;
  status_reason: string | null;
  vote_count: Generated<number>;
  answered_at: string | null;
  created_at: string;
}

export interface EventQuestionVotesTable {
  question_id: number;
  user_id: number;
  created_at: string;
}

export interface EventsTables {
  events: EventsTable;
  event_speakers: EventSpeakersTable;
  event_registrations: EventRegistrationsTable;
  event_reminder_deliveries: EventReminderDeliveriesTable;
  event_calendar_feeds: EventCalendarFeedsTable;
  event_questions: EventQuestionsTable;
  event_question_votes: EventQuestionVotesTable;
}
