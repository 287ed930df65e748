// /account/calendar: the reader's personal calendar feed — make one (its
// address shown once), replace it, or turn it off.
import { CsrfField } from '../../../core/views/forms.js';
import { formatDateline } from '../../../core/views/format.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';

export function CalendarFeedPage(props: {
  site: SiteContext;
  csrfToken: string;
  feed: { createdAt: string } | null;
  /** Only right after making it: the secret address is not stored and cannot be shown again. */
  newAddress?: { https: string; webcal: string };
  isRevoked?: boolean;
}) {
  const { feed, newAddress } = props;
  return (
    <Layout site={props.site} meta={{ title: 'Your events calendar', description: 'Your events calendar', robots: 'noindex, nofollow' }}>
      <div class="community-page">
        <h1>Your events calendar</h1>
        <p>
          A private address your calendar app can subscribe to: it lists the events you have a place at, and follows every change of time or
          cancellation.
        </p>
        {props.isRevoked ? (
          <p class="site-notice" role="status">
            Your calendar address has been turned off. Calendars subscribed to it get nothing more.
          </p>
        ) : null}
        {newAddress ? (
          <section aria-labelledby="new-address">
            <h2 id="new-address">Your new address</h2>
            <p>Copy it now: for your safety we keep only a fingerprint of it, so we cannot show it again.</p>
            <p>
              <a href={newAddress.webcal}>Subscribe in your calendar app</a>
            </p>
            <p>
              <label for="feed-address">Or paste this address into your calendar</label>
              <input id="feed-address" type="text" readonly value={newAddress.https} size="60" />
            </p>
            <p>Keep it to yourself: anyone with the address can see which events you attend.</p>
          </section>
        ) : feed ? (
          <p>You made your calendar address on {formatDateline(feed.createdAt, props.site.timeZone)}.</p>
        ) : (
          <p>You have no calendar address yet.</p>
        )}
        <form method="post" action="/account/calendar">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button-primary">
            {feed || newAddress ? 'Make a new address (the old one stops working)' : 'Make my calendar address'}
          </button>
        </form>
        {feed || newAddress ? (
          <form method="post" action="/account/calendar/revoke">
            <CsrfField token={props.csrfToken} />
            <button type="submit">Turn my calendar address off</button>
          </form>
        ) : null}
        <p>
          <a href="/events">Events</a> · <a href="/account">Back to your account</a>
        </p>
      </div>
    </Layout>
  );
}
