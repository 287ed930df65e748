// The newsroom's roster tables: one page of the attendees or of the waiting
// list, with links forward (keyset: after an arrival) and back to the first.
import type { RosterEntry, RosterPage } from '../event-roster.js';

export function rosterHref(base: string, after: { confirmed?: number | undefined; waiting?: number | undefined }, anchor: string): string {
  const query = new URLSearchParams();
  if (after.confirmed !== undefined && after.confirmed >= 0) query.set('confirmedAfter', String(after.confirmed));
  if (after.waiting !== undefined && after.waiting >= 0) query.set('waitingAfter', String(after.waiting));
  const search = query.toString();
  return `${base}${search ? `?${search}` : ''}#${anchor}`;
}

/** Forward a page (keyset), or back to the first. */
export function RosterPager(props: { label: string; page: RosterPage; isFirst: boolean; href: (after: number) => string }) {
  const { page } = props;
  if (page.nextAfter === null && props.isFirst) return null;
  return (
    <nav class="pager" aria-label={`Pages of the ${props.label}`}>
      {page.entries.length ? (
        <p>
          Showing {String(page.entries[0]!.place)} to {String(page.entries.at(-1)!.place)} of {String(page.total)}.
        </p>
      ) : null}
      <p>
        {props.isFirst ? null : <a href={props.href(-1)}>First page of the {props.label}</a>}
        {!props.isFirst && page.nextAfter !== null ? ' · ' : null}
        {page.nextAfter !== null ? <a href={props.href(page.nextAfter)}>Next page of the {props.label}</a> : null}
      </p>
    </nav>
  );
}

export function RosterTable(props: { entries: RosterEntry[] }) {
  if (!props.entries.length) return <p class="empty">No one.</p>;
  return (
    <table class="newsroom-table">
      <thead>
        <tr>
          <th scope="col">Place</th>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((entry) => (
          <tr>
            <td>{String(entry.place)}</td>
            <td>{entry.name}</td>
            <td>{entry.email}</td>
            <td>{entry.state}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
