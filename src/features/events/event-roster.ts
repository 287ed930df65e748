// The newsroom's roster of an event: every live place (confirmed, then
// waiting in arrival order) with the reader's name and email, the authors who
// may speak, and the CSV export. Read-only: seats change only in the events
// service (decision 019).
import type { Db } from '../../core/db/database.js';

/** At most this many rows on the page and in the export (a capacity is at most a few thousand). */
export const ROSTER_LIMIT = 20_000;

export interface RosterEntry {
  name: string;
  email: string;
  state: 'confirmed' | 'waiting';
  /** Place on the waiting list (1 = next), null when confirmed. */
  place: number | null;
  signedUpAt: string;
}

export async function eventRoster(db: Db, eventId: number): Promise<RosterEntry[]> {
  const rows = await db
    .selectFrom('event_registrations')
    .innerJoin('users', 'users.id', 'event_registrations.user_id')
    .select(['users.first_name', 'users.last_name', 'users.email', 'event_registrations.state', 'event_registrations.created_at'])
    .where('event_registrations.event_id', '=', eventId)
    .where('event_registrations.state', '<>', 'cancelled')
    .orderBy('event_registrations.arrival')
    .limit(ROSTER_LIMIT)
    .execute();
  let waiting = 0;
  const entries = rows.map((row): RosterEntry => {
    const state = row.state === 'confirmed' ? 'confirmed' : 'waiting';
    return {
      name: `${row.first_name} ${row.last_name}`.trim(),
      email: row.email,
      state,
      place: state === 'waiting' ? ++waiting : null,
      signedUpAt: row.created_at,
    };
  });
  return [...entries.filter((entry) => entry.state === 'confirmed'), ...entries.filter((entry) => entry.state === 'waiting')];
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

export function rosterCsv(entries: readonly RosterEntry[]): string {
  const lines = [['name', 'email', 'state', 'place', 'signed_up_at'].map(csvCell).join(',')];
  for (const entry of entries)
    lines.push(
      [entry.name, entry.email, entry.state, entry.place === null ? '' : String(entry.place), entry.signedUpAt].map(csvCell).join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
