// /newsletters: every newsletter, who may get it, its latest issue, and a
// "Sign up" / "Unsubscribe" button beside its name (a form: works without JavaScript).
import { CsrfField } from '../../../core/views/forms.js';
import { formatShortDate } from '../../../core/views/format.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { NewsletterListing, ReaderState } from '../newsletter-pages.model.js';
import { holdReasonText } from './hold-reason-text.js';

export const NEWSLETTERS_PATH = '/newsletters';

export type NewslettersNotice =
  { kind: 'signed-up'; name: string } | { kind: 'unsubscribed'; name: string } | { kind: 'premium-required'; name: string };

function accessText(access: 'registered' | 'premium'): string {
  return access === 'premium' ? 'For Premium subscribers' : 'Free for registered readers';
}

function Notice(props: { notice: NewslettersNotice | undefined }) {
  const { notice } = props;
  if (!notice) return null;
  if (notice.kind === 'premium-required')
    return (
      <div class="notice" role="status">
        <p>
          {notice.name} is for Premium subscribers.{' '}
          <a href={`/subscribe?next=${encodeURIComponent(NEWSLETTERS_PATH)}`}>Subscribe to Premium</a> to sign up.
        </p>
      </div>
    );
  return (
    <div class="notice" role="status">
      <p>{notice.kind === 'signed-up' ? `You are signed up to ${notice.name}.` : `You are unsubscribed from ${notice.name}.`}</p>
    </div>
  );
}

function SignUpButton(props: { listing: NewsletterListing; csrfToken: string; reader: ReaderState }) {
  const { listing, csrfToken } = props;
  const { newsletter } = listing;
  const leaving = listing.isSubscribed;
  return (
    <form method="post" action={`${NEWSLETTERS_PATH}/${newsletter.slug}/${leaving ? 'unsubscribe-me' : 'sign-up'}`} class="inline-form">
      <CsrfField token={csrfToken} />
      <button
        type="submit"
        class={leaving ? 'button-secondary' : 'button-primary'}
        aria-label={`${leaving ? 'Unsubscribe from' : 'Sign up to'} ${newsletter.name}`}
      >
        {leaving ? 'Unsubscribe' : 'Sign up'}
      </button>
    </form>
  );
}

export function NewslettersPage(props: {
  site: SiteContext;
  listings: NewsletterListing[];
  reader: ReaderState;
  csrfToken: string;
  notice?: NewslettersNotice;
}) {
  const { site, listings, reader, csrfToken } = props;
  return (
    <Layout
      site={site}
      meta={{
        title: 'Newsletters',
        description: `The newsletters of ${site.publicationName}: sign up with one click`,
        canonicalPath: NEWSLETTERS_PATH,
      }}
    >
      <div class="account-page newsletters-page">
        <h1>Newsletters</h1>
        <p class="lede">Our journalism in your inbox. Each newsletter is free for registered readers or included with Premium.</p>
        <Notice notice={props.notice} />
        {reader.kind === 'anonymous' ? (
          <p>
            Signing up needs a free account: press Sign up to register, and you come back here signed up. Already registered?{' '}
            <a href={`/signin?next=${encodeURIComponent(NEWSLETTERS_PATH)}`}>Sign in</a>.
          </p>
        ) : null}
        {listings.length === 0 ? <p>There are no newsletters yet.</p> : null}
        <ul class="newsletter-list">
          {listings.map((listing) => (
            <li class="newsletter-item" id={`newsletter-${listing.newsletter.slug}`}>
              <div class="newsletter-heading">
                <h2>{listing.newsletter.name}</h2>
                <SignUpButton listing={listing} csrfToken={csrfToken} reader={reader} />
              </div>
              {listing.newsletter.description ? <p>{listing.newsletter.description}</p> : null}
              <p class="newsletter-facts">
                {[listing.newsletter.frequency, accessText(listing.newsletter.access)].filter(Boolean).join(' · ')}
              </p>
              {listing.latestIssue ? (
                <p>
                  Latest issue:{' '}
                  <a href={`${NEWSLETTERS_PATH}/${listing.newsletter.slug}/${listing.latestIssue.id}`}>{listing.latestIssue.subject}</a>
                  {listing.latestIssue.sentAt ? ` (${formatShortDate(listing.latestIssue.sentAt, site.timeZone)})` : ''} ·{' '}
                  <a href={`${NEWSLETTERS_PATH}/${listing.newsletter.slug}`}>Past issues</a>
                </p>
              ) : null}
              {listing.isSubscribed && listing.status.kind === 'held' ? (
                <p class="field-hint">{holdReasonText(listing.status.reason)}</p>
              ) : null}
            </li>
          ))}
        </ul>
        {reader.kind === 'signed-in' ? (
          <p>
            <a href="/account">Manage your newsletters on your account page</a>
          </p>
        ) : null}
      </div>
    </Layout>
  );
}
