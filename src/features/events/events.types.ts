// The events feature's public types: what its service answers, and the hook
// other parts of the app (event emails) fill in.
import type { DbOrTransaction } from '../../core/db/database.js';
import type { EmailMessage } from '../../core/email/mailer.js';
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

/** A confirmation written before the sign-up that may need it, for the version of the event it describes. */
export interface PreparedConfirmation {
  message: EmailMessage;
  eventVersion: number;
}

/**
 * Where event emails hang. A reader's confirmation is queued in the same
 * transaction (or statement) that gives them a seat, so the seat and its
 * email commit together: a crash between them cannot keep one without the
 * other. A failure to queue undoes the seat.
 */
export interface EventNotifier {
  /**
   * The confirmation a sign-up would queue if it got a seat, built before the
   * sign-up (PostgreSQL's sign-up is one statement, which writes it as it is).
   * Null when there is nothing to confirm (the event is off, the reader gone).
   */
  prepareConfirmation(input: { eventId: number; userId: number; registrationPublicId: string }): Promise<PreparedConfirmation | null>;
  /** Queues a confirmation inside the transaction that confirmed the reader: a promotion, or a sign-up whose prepared email went stale. */
  queueConfirmation(trx: DbOrTransaction, input: { eventId: number; registrationId: number; promoted: boolean }): Promise<void>;
  /** After the commit: what was queued may be sent now. */
  queued?(): void;
  /** A reader gave up their place (confirmed or waiting); after the commit. */
  cancelled?(input: { event: PublicEvent; registration: Registration }): Promise<void>;
}

export const NO_EVENT_NOTIFICATIONS: EventNotifier = { prepareConfirmation: async () => null, queueConfirmation: async () => {} };

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
