// The signed-in / signed-out corner of the site header. Anonymous pages are
// cached with the signed-out version between ACCOUNT_SLOT markers; for a
// signed-in reader the page is served with this slot replaced
// (core/http/page-sender.ts), so the shared bytes never hold personal data.
import { trustedHtml, type SafeHtml } from '#jsx/jsx-runtime';
import { CSRF_FIELD } from '../http/csrf.js';

export const ACCOUNT_SLOT_START = '<!--account-->';
export const ACCOUNT_SLOT_END = '<!--/account-->';

export interface AccountNavUser {
  firstName: string;
  isStaff: boolean;
  /** The staff pages this member may use, when there are some (the moderation queues). */
  newsroomHref?: string;
}

function withNext(path: string, next: string | undefined): string {
  return next && next !== '/' ? `${path}?next=${encodeURIComponent(next)}` : path;
}

/** The header's notifications link; the count is read per request by the caller (community `countUnread`). */
function NotificationsLink(props: { unread: number }) {
  if (props.unread <= 0) return <a href="/notifications">Notifications</a>;
  return (
    <a href="/notifications">
      Notifications ({props.unread}
      <span class="visually-hidden"> unread</span>)
    </a>
  );
}

export function AccountNav(props: {
  user: AccountNavUser | null;
  currentPath?: string;
  csrfToken?: string;
  notice?: string;
  unreadNotifications?: number;
}) {
  return (
    <>
      {trustedHtml(ACCOUNT_SLOT_START)}
      <div class="account-nav">
        {props.user ? (
          <>
            {props.unreadNotifications === undefined ? null : <NotificationsLink unread={props.unreadNotifications} />}
            {props.user.newsroomHref ? <a href={props.user.newsroomHref}>Newsroom</a> : null}
            <a href="/account">Your account</a>
            <form method="post" action="/signout" class="inline-form">
              <input type="hidden" name={CSRF_FIELD} value={props.csrfToken ?? ''} />
              <button type="submit" class="link-button">
                Sign out
              </button>
            </form>
          </>
        ) : (
          <>
            <a href={withNext('/signin', props.currentPath)}>Sign in</a>
            <a class="register-link" href={withNext('/register', props.currentPath)}>
              Register
            </a>
          </>
        )}
      </div>
      {props.notice ? (
        <p class="site-notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {trustedHtml(ACCOUNT_SLOT_END)}
    </>
  );
}

export type AccountSlot = SafeHtml;
