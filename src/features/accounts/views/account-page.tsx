// /account: everything a reader can see and change about their account, on one page.
import { CheckboxField, CsrfField, ErrorSummary, TextField } from '../../../core/views/forms.js';
import { formatDateline } from '../../../core/views/format.js';
import type { AccountNewsletterChoice, AccountOverview, ProfileField, SessionSummary } from '../account-settings.service.js';
import type { FieldErrors } from '../accounts.service.js';
import { SettingsLayout, type SettingsChrome } from './settings-layout.js';

export const PROFILE_LABELS: Record<ProfileField, string> = { firstName: 'First name', lastName: 'Last name' };

export interface AccountPageModel {
  overview: AccountOverview;
  /** Newsletters the reader ticked but may not sign up to (Premium only): the save was refused, nothing changed. */
  premiumNewslettersRefused?: string[];
  /** What the profile form shows: the stored name, or what was typed when it had errors. */
  profile: { values: Record<ProfileField, string>; errors: FieldErrors<ProfileField> };
}

const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS/, 'Firefox'],
  [/Chrome\/|CriOS/, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'Mac'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** "Firefox on Windows" from a user agent string; the string itself when it names nothing we know. */
export function describeDevice(userAgent: string): string {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  if (browser ?? system) return (browser ?? system)!;
  return userAgent.trim() ? userAgent.slice(0, 80) : 'Unknown device';
}

const SUBSCRIBE_FROM_ACCOUNT = `/subscribe?next=${encodeURIComponent('/account')}`;

/** One newsletter: a checkbox when the reader may choose it; a Premium-only one without Premium says how to get it. */
function NewsletterChoice(props: { newsletter: AccountNewsletterChoice }) {
  const { newsletter } = props;
  const id = `field-newsletter-${newsletter.id}`;
  const details = (
    <>
      {newsletter.description ? <p class="field-hint">{newsletter.description}</p> : null}
      {newsletter.heldNote ? <p class="field-hint newsletter-held">Not being sent to you: {newsletter.heldNote}</p> : null}
    </>
  );
  if (!newsletter.canChoose)
    return (
      <div class="field newsletter-premium-only">
        <p class="newsletter-name">{newsletter.name}</p>
        {details}
        <p class="field-hint">
          For Premium subscribers. <a href={SUBSCRIBE_FROM_ACCOUNT}>Subscribe to Premium</a> to sign up.
        </p>
      </div>
    );
  return (
    <div class="field field-checkbox">
      <input id={id} type="checkbox" name="newsletter" value={String(newsletter.id)} checked={newsletter.isSubscribed} />
      <label for={id}>
        {newsletter.name}
        {newsletter.isPremiumOnly ? ' (for Premium subscribers)' : ''}
      </label>
      {details}
    </div>
  );
}

/** The save refused a Premium-only sign-up: say which, and that nothing changed. */
function PremiumRefusal(props: { names: string[] | undefined }) {
  const names = props.names ?? [];
  if (names.length === 0) return null;
  const listed = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return (
    <div class="error-summary" role="alert">
      <p>
        {listed} {names.length === 1 ? 'is' : 'are'} for Premium subscribers, so your email choices have not been changed.{' '}
        <a href={SUBSCRIBE_FROM_ACCOUNT}>Subscribe to Premium</a> to sign up.
      </p>
    </div>
  );
}

function SessionItem(props: { session: SessionSummary; csrfToken: string; timeZone: string }) {
  const { session } = props;
  const device = describeDevice(session.userAgent);
  const lastSeen = formatDateline(session.lastSeenAt, props.timeZone);
  return (
    <li class="session">
      <p>
        <strong>{device}</strong>
        {session.isCurrent ? <span class="session-current"> (this device)</span> : null}
      </p>
      <p class="session-details">
        IP address {session.ipAddress || 'unknown'} · last seen {lastSeen} · signed in {formatDateline(session.createdAt, props.timeZone)}
      </p>
      {session.isCurrent ? null : (
        <form method="post" action="/account/sessions/end" class="inline-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="session" value={session.handle} />
          <button type="submit" class="link-button" aria-label={`Sign out ${device}, last seen ${lastSeen}`}>
            Sign out
          </button>
        </form>
      )}
    </li>
  );
}

export function AccountPage(props: { chrome: SettingsChrome; model: AccountPageModel }) {
  const { chrome, model } = props;
  const { overview, profile } = model;
  const otherSessions = overview.sessions.filter((session) => !session.isCurrent);
  return (
    <SettingsLayout chrome={chrome} title="Your account">
      <h1>Your account</h1>

      <section aria-labelledby="heading-profile">
        <h2 id="heading-profile">Your name</h2>
        <form method="post" action="/account/profile" class="account-form" novalidate>
          <ErrorSummary errors={profile.errors} labels={PROFILE_LABELS} />
          <CsrfField token={chrome.csrfToken} />
          <TextField
            name="firstName"
            label="First name"
            autocomplete="given-name"
            maxlength={80}
            value={profile.values.firstName}
            error={profile.errors.firstName}
          />
          <TextField
            name="lastName"
            label="Last name"
            autocomplete="family-name"
            maxlength={80}
            value={profile.values.lastName}
            error={profile.errors.lastName}
          />
          <button type="submit" class="button-primary">
            Save my name
          </button>
        </form>
      </section>

      <section aria-labelledby="heading-email">
        <h2 id="heading-email">Email address</h2>
        <p>
          <strong>{overview.email}</strong> {overview.isEmailVerified ? '(confirmed)' : '(not confirmed yet)'}
        </p>
        {overview.isEmailVerified ? null : (
          <form method="post" action="/account/verification" class="inline-form">
            <CsrfField token={chrome.csrfToken} />
            <p>We sent you a link to confirm this address. Can't find it?</p>
            <button type="submit">Send the confirmation email again</button>
          </form>
        )}
        <p>
          <a href="/account/email">Change your email address</a>
        </p>
      </section>

      <section aria-labelledby="heading-password">
        <h2 id="heading-password">Password</h2>
        <p>
          <a href="/account/password">Change your password</a>
        </p>
      </section>

      <section aria-labelledby="heading-preferences">
        <h2 id="heading-preferences">Emails from us</h2>
        <form method="post" action="/account/preferences" class="account-form">
          <CsrfField token={chrome.csrfToken} />
          <CheckboxField
            name="marketingOptOut"
            checked={overview.isMarketingOptOut}
            label="I do not want to receive marketing emails about offers, events and news from the publisher."
            hint="You can opt-out at any time by signing in to your account to manage your preferences. Each email has a link to unsubscribe."
          />
          <fieldset class="newsletter-choices">
            <legend>Newsletters</legend>
            <PremiumRefusal names={props.model.premiumNewslettersRefused} />
            {overview.newsletters.length === 0 ? (
              <p class="field-hint">There are no newsletters to choose from yet. When there are, you can pick them here.</p>
            ) : (
              overview.newsletters.map((newsletter) => <NewsletterChoice newsletter={newsletter} />)
            )}
          </fieldset>
          <p>
            <a href="/newsletters">Every newsletter, with its past issues</a>
          </p>
          <button type="submit" class="button-primary">
            Save my email choices
          </button>
        </form>
      </section>

      <section aria-labelledby="heading-community">
        <h2 id="heading-community">Conversations</h2>
        <ul>
          <li>
            <a href={`/readers/${chrome.reader.id}`}>Your public profile and comments</a>
          </li>
          <li>
            <a href="/account/replies">Replies to your comments</a>
          </li>
          <li>
            <a href="/following">Following: comments by readers you follow</a>
          </li>
          <li>
            <a href="/account/notifications">Notification emails</a>
          </li>
          <li>
            <a href="/account/calendar">Your events calendar (a private feed for your calendar app)</a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="heading-sessions">
        <h2 id="heading-sessions">Where you are signed in</h2>
        <ul class="session-list">
          {overview.sessions.map((session) => (
            <SessionItem session={session} csrfToken={chrome.csrfToken} timeZone={chrome.site.timeZone} />
          ))}
        </ul>
        {otherSessions.length > 0 ? (
          <form method="post" action="/account/sessions/end-others" class="inline-form">
            <CsrfField token={chrome.csrfToken} />
            <button type="submit">Sign out everywhere else</button>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="heading-data">
        <h2 id="heading-data">Your data</h2>
        <p>
          Everything we hold about you, in one file (JSON): your account details, what you agreed to and when, your email choices and where
          you are signed in.
        </p>
        <p>
          <a href="/account/data.json">Download my data</a>
        </p>
        <p>
          <a href="/account/delete">Delete my account</a>
        </p>
      </section>
    </SettingsLayout>
  );
}
