// The community's piece of the header's account corner (core/views/account-nav.tsx):
// the notifications link with the reader's unread count.
import type { AccountNavLink } from '../../../core/views/account-nav.js';

function NotificationsLink(props: { unread: number }) {
  if (props.unread <= 0) return <a href="/notifications">Notifications</a>;
  return (
    <a href="/notifications">
      Notifications ({props.unread}
      <span class="visually-hidden"> unread</span>)
    </a>
  );
}

/** One indexed count per signed-in page (docs/benchmarks.md). */
export function notificationsLink(community: { countUnread(readerId: number): Promise<number> }): AccountNavLink<number> {
  return { read: (user) => community.countUnread(user.id), render: (_user, unread) => NotificationsLink({ unread }) };
}
