// The signed-in / signed-out corner of the site header. Anonymous pages are
// cached with the signed-out version between ACCOUNT_SLOT markers; for a
// signed-in reader the page is served with this slot replaced
// (core/http/page-sender.ts), so the shared bytes never hold personal data.
import { trustedHtml, type SafeHtml } from '#jsx/jsx-runtime';
import { CSRF_FIELD } from '../http/csrf.js';
import type { SessionUser } from '../http/sessions.js';

export const ACCOUNT_SLOT_START = '<!--account-->';
export const ACCOUNT_SLOT_END = '<!--/account-->';

export interface AccountNavUser {
  firstName: string;
  isStaff: boolean;
}

/**
 * A feature's piece of a signed-in reader's corner (the community's
 * notifications link, the newsroom link for staff), shown before "Your
 * account". Features contribute these; core knows none of them. `read`, when
 * the piece needs data, is awaited once and its answer handed to `render`:
 * a signed-in page waits for that query and nothing more.
 */
export interface AccountNavLink<Data = any> {
  read?(user: SessionUser): Promise<Data>;
  render(user: SessionUser, data: Data): SafeHtml | null;
}

function withNext(path: string, next: string | undefined): string {
  return next && next !== '/' ? `${path}?next=${encodeURIComponent(next)}` : path;
}

export function AccountNav(props: {
  user: AccountNavUser | null;
  currentPath?: string;
  csrfToken?: string;
  notice?: string;
  /** What features contribute for this reader (AccountNavLink), in order. */
  links?: SafeHtml;
}) {
  return (
    <>
      {trustedHtml(ACCOUNT_SLOT_START)}
      <div class="account-nav">
        {props.user ? (
          <>
            {props.links}
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
