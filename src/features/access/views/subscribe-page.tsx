import { formatShortDate } from '../../../core/views/format.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';

export type SubscribeState =
  | { kind: 'signed-out' }
  | { kind: 'subscriber'; endsAt: string }
  | { kind: 'can-subscribe'; checkoutUrl: string }
  | { kind: 'not-on-sale' };

function withNext(path: string, next: string): string {
  return next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`;
}

/** /subscribe: what Premium is and the way in for this reader. */
export function SubscribePage(props: { site: SiteContext; state: SubscribeState; next: string }) {
  const { site, state, next } = props;
  const here = withNext('/subscribe', next);
  return (
    <Layout
      site={site}
      meta={{
        title: 'Subscribe',
        description: `Subscribe to ${site.publicationName} Premium`,
        canonicalPath: '/subscribe',
        robots: 'noindex',
      }}
    >
      <div class="account-page">
        <h1>Subscribe to {site.publicationName} Premium</h1>
        <p class="lede">
          Subscribers read every Premium article without a limit, and get our exclusive newsletters, commenting and virtual events.
        </p>
        {state.kind === 'signed-out' ? (
          <p>
            A subscription belongs to your account. <a href={withNext('/register', here)}>Register for free</a> or{' '}
            <a href={withNext('/signin', here)}>sign in</a> first, then come back here.
          </p>
        ) : state.kind === 'subscriber' ? (
          <p>You are a subscriber until {formatShortDate(state.endsAt, site.timeZone)}. Thank you for supporting our journalism.</p>
        ) : state.kind === 'can-subscribe' ? (
          <>
            <p>Payment is handled by Stripe on its own secure page; you come back here when it is done, and your access starts at once.</p>
            <p>
              <a class="button-primary" href={state.checkoutUrl}>
                Continue to payment
              </a>
            </p>
          </>
        ) : (
          <p>Online subscriptions are not open yet. Please contact the newsroom to subscribe.</p>
        )}
        {next !== '/' ? (
          <p>
            <a href={next}>Back to the article</a>
          </p>
        ) : null}
      </div>
    </Layout>
  );
}
