// The newsroom's roster of an event: the attendees and the waiting list, each
// in arrival order a page at a time (keyset on arrival), with the reader's
// name and email; the CSV export of every row, streamed; the authors who may
// speak. Read-only: seats change only in the events service (decision 019).
import type { Db } from '../../core/db/database.js';

/** Rows on one page of the attendees or of the waiting list: a page never grows with the event. */
export const ROSTER_PAGE = 100;
/** Rows read per query while the CSV streams: every row goes out, a batch at a time. */
export const CSV_BATCH = 1000;

export type RosterState = 'confirmed' | 'waiting';

export interface RosterEntry {
  name: string;
  email: string;
  state: RosterState;
  /** Position in its list: a seat's number in arrival order, or the place on the waiting list (1 = next). */
  place: number;
  signedUpAt: string;
  /** The keyset: the next page starts after this arrival. */
  arrival: number;
}

export interface RosterPage {
  entries: RosterEntry[];
  /** How many are in this list altogether. */
  total: number;
  /** The arrival to continue after, or null on the last page. */
  nextAfter: number | null;
}

/** One state's registrations after `after` in arrival order (a range of event_registrations_queue_idx). */
function readBatch(db: Db, eventId: number, state: RosterState, after: number, limit: number) {
  return db
    .selectFrom('event_registrations')
    .innerJoin('users', 'users.id', 'event_registrations.user_id')
    .select(['users.first_name', 'users.last_name', 'users.email', 'event_registrations.arrival', 'event_registrations.created_at'])
    .where('event_registrations.event_id', '=', eventId)
    .where('event_registrations.state', '=', state)
    .where('event_registrations.arrival', '>', after)
    .orderBy('event_registrations.arrival')
    .limit(limit)
    .execute();
}

/** How many of one state arrived up to `upTo`, or in all (the index range again): a page's first place, a list's size. */
async function countUpTo(db: Db, eventId: number, state: RosterState, upTo: number | null): Promise<number> {
  const row = await db
    .selectFrom('event_registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .where('state', '=', state)
    .$if(upTo !== null, (query) => query.where('arrival', '<=', upTo!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function toEntry(row: Awaited<ReturnType<typeof readBatch>>[number], state: RosterState, place: number): RosterEntry {
  return {
    name: `${row.first_name} ${row.last_name}`.trim(),
    email: row.email,
    state,
    place,
    signedUpAt: row.created_at,
    arrival: row.arrival,
  };
}

/** One page of the attendees or of the waiting list, after the arrival `after` (-1: from the start). */
export async function rosterPage(
  db: Db,
  eventId: number,
  state: RosterState,
  options: { after: number; limit?: number },
): Promise<RosterPage> {
  const limit = options.limit ?? ROSTER_PAGE;
  const [rows, before, total] = await Promise.all([
    readBatch(db, eventId, state, options.after, limit + 1),
    options.after < 0 ? 0 : countUpTo(db, eventId, state, options.after),
    countUpTo(db, eventId, state, null),
  ]);
  const shown = rows.slice(0, limit);
  return {
    entries: shown.map((row, index) => toEntry(row, state, before + index + 1)),
    total,
    nextAfter: rows.length > limit ? shown.at(-1)!.arrival : null,
  };
}

/** Authors staff may choose as speakers, by name. */
export function speakerChoices(db: Db): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('authors').select(['id', 'name']).orderBy('name').limit(1000).execute();
}

/**
 * One CSV cell (RFC 4180): always quoted, quotes doubled; a value a
 * spreadsheet would run as a formula (= + - @, tab, carriage return) gets a
 * leading apostrophe so it stays text.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

const CSV_HEADER = ['name', 'email', 'state', 'place', 'signed_up_at'];

function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * The CSV of every live place, confirmed then waiting, each in arrival order:
 * streamed a batch at a time (keyset on arrival), so every row goes out and
 * memory stays the size of a batch whatever the event's size. Read in
 * batches, not one snapshot: a place changing during a long export may show
 * in its old or its new list.
 */
export async function* rosterCsvChunks(db: Db, eventId: number, batch = CSV_BATCH): AsyncGenerator<string> {
  yield csvLine(CSV_HEADER);
  for (const state of ['confirmed', 'waiting'] as const) {
    let after = -1;
    let place = 0;
    for (;;) {
      const rows = await readBatch(db, eventId, state, after, batch);
      if (!rows.length) break;
      let chunk = '';
      for (const row of rows) {
        const entry = toEntry(row, state, ++place);
        chunk += csvLine([entry.name, entry.email, entry.state, state === 'waiting' ? String(entry.place) : '', entry.signedUpAt]);
      }
      yield chunk;
      after = rows.at(-1)!.arrival;
      if (rows.length < batch) break;
    }
  }
}
