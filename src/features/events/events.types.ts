// The events feature's public types: what its service answers, and the hook
// other parts of the app (event emails) fill in.
import type { EventAccess, EventRecordingAccess, EventRegistrationState, EventStatus } from '../../core/db/schema-events.js';

export type { EventAccess, EventRecordingAccess, EventRegistrationState, EventStatus };

export interface EventSpeaker {
  authorId: number;
  name: string;
  slug: string;
  jobTitle: string;
}

/** An event as readers may see it: never the stream address, never the recording unless allowed (see `recordingUrl`). */
export interface PublicEvent {
  id: number;
  publicId: string;
  calendarUid: string;
  slug: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  access: EventAccess;
  recordingAccess: EventRecordingAccess;
  /** Whether a recording exists (its address goes only to readers entitled to it). */
  hasRecording: boolean;
  status: EventStatus;
  sequence: number;
  version: number;
  confirmedCount: number;
  speakers: EventSpeaker[];
  updatedAt: string;
}

/** Staff's view: the public one plus the stream and recording addresses. */
export interface StaffEvent extends PublicEvent {
  streamUrl: string;
  recordingUrl: string | null;
}

export interface Registration {
  id: number;
  publicId: string;
  eventId: number;
  userId: number;
  state: EventRegistrationState;
  arrival: number;
  createdAt: string;
  confirmedAt: string | null;
}

/** Where a reader stands with an event. */
export type Attendance =
  { kind: 'none' } | { kind: 'confirmed'; registration: Registration } | { kind: 'waiting'; registration: Registration; place: number };

/** Whether a reader may take part: the access decision's answer, in the event's words. */
export type EventEligibility = { kind: 'eligible' } | { kind: 'needs-account' } | { kind: 'needs-subscription' };

export type SignUpOutcome =
  | { kind: 'confirmed'; registration: Registration; alreadySignedUp: boolean }
  | { kind: 'waiting'; registration: Registration; place: number; alreadySignedUp: boolean }
  | { kind: 'not-eligible'; eligibility: Exclude<EventEligibility, { kind: 'eligible' }> }
  | { kind: 'closed'; reason: 'cancelled' | 'ended' }
  | { kind: 'not-found' };

export type CancelPlaceOutcome =
  { kind: 'cancelled'; wasConfirmed: boolean; promoted: Registration[] } | { kind: 'not-registered' } | { kind: 'not-found' };

/** What a join link answers at a given moment. */
export type JoinOutcome =
  | { kind: 'open'; streamUrl: string }
  | { kind: 'not-yet'; opensAt: string; event: PublicEvent }
  | { kind: 'over'; event: PublicEvent }
  | { kind: 'refused'; event: PublicEvent | null };

/**
 * Called after the transaction that confirmed a reader has committed: on
 * sign-up with a free seat (`promoted: false`), or when a seat freed and the
 * reader was first on the waiting list (`promoted: true`). Event emails
 * (confirmation, promotion) hang here; a failure is logged by the caller and
 * never undoes the seat.
 */
export interface EventNotifier {
  confirmed(input: { event: PublicEvent; registration: Registration; promoted: boolean }): Promise<void>;
  /** A reader gave up their place (confirmed or waiting). */
  cancelled?(input: { event: PublicEvent; registration: Registration }): Promise<void>;
}

export const NO_EVENT_NOTIFICATIONS: EventNotifier = { confirmed: async () => {} };

export interface EventInput {
  slug: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  access: EventAccess;
  streamUrl: string;
  recordingUrl?: string | null;
  recordingAccess?: EventRecordingAccess;
  /** Author ids, in order. */
  speakerIds: number[];
  createdByUserId?: number | null;
}
