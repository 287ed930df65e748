// The one-line notices an event page shows after an action (`?notice=<key>`
// on the 303 that follows each post). The address can be written by anyone,
// so a key only picks one of these fixed texts, and only when it agrees with
// what the page itself knows: "You are signed up" shows only to a reader who
// is, "Your place is cancelled" only to one who now holds none. Anything else
// shows nothing.
import type { EventPageModel, EventViewer } from './views/event-pages.js';

export const EVENT_NOTICES = [
  'signed-up',
  'waiting',
  'already',
  'cancelled',
  'closed',
  'question-asked',
  'question-held',
  'question-upvoted',
  'question-already-upvoted',
] as const;
export type EventNotice = (typeof EVENT_NOTICES)[number];

const NOTICE_TEXT: Record<EventNotice, string> = {
  'signed-up': 'You are signed up. We look forward to seeing you.',
  waiting: 'The event is full, so you are on the waiting list.',
  already: 'You already have a place for this event.',
  cancelled: 'Your place is cancelled.',
  closed: 'Sign-up for this event has closed.',
  'question-asked': 'Your question is in the list.',
  'question-held': 'Thank you. Your question will appear once a moderator has checked it.',
  'question-upvoted': 'You upvoted the question.',
  'question-already-upvoted': 'You had already upvoted that question.',
};

export function isEventNotice(value: unknown): value is EventNotice {
  return typeof value === 'string' && (EVENT_NOTICES as readonly string[]).includes(value);
}

/** Whether the notice is true of this reader and event now. */
function agrees(notice: EventNotice, viewer: EventViewer, phase: EventPageModel['phase']): boolean {
  if (notice === 'closed') return phase === 'cancelled' || phase === 'ended';
  if (viewer.kind !== 'eligible') return false;
  const held = viewer.attendance.kind;
  // Only a confirmed attendee asks and upvotes.
  if (notice.startsWith('question-')) return held === 'confirmed';
  if (notice === 'signed-up') return held === 'confirmed';
  if (notice === 'waiting') return held === 'waiting';
  if (notice === 'already') return held !== 'none';
  return held === 'none';
}

/** The text to show for `?notice=`: null for an unknown key, or one this reader's state contradicts. */
export function eventNoticeText(notice: unknown, viewer: EventViewer, phase: EventPageModel['phase']): string | null {
  return isEventNotice(notice) && agrees(notice, viewer, phase) ? NOTICE_TEXT[notice] : null;
}
