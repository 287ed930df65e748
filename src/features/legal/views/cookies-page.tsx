import type { SiteContext } from '../../../core/views/site-context.js';
import { LegalPage } from './legal-layout.js';

export interface CookieFacts {
  sessionDays: number;
  /** Free articles per period and the period (the meter). */
  meter: { freeArticles: number; periodDays: number };
  /** Whether the site is served over HTTPS (cookies are then marked Secure). */
  isHttps: boolean;
}

// Every cookie Masthead sets, as core/http/{sessions,csrf,page-sender}.ts and
// features/access/article-gate.ts set it.
// A new cookie means a new row here and a new COOKIE_POLICY_VERSION.
function cookieRows(facts: CookieFacts) {
  // On https the session and form cookies carry the __Host- prefix (core/http/cookies.ts).
  const hostOnly = (name: string) => (facts.isHttps ? `__Host-${name}` : name);
  return [
    {
      name: hostOnly('mh_session'),
      purpose: 'Keeps you signed in. It holds a random code that matches a session we store; it says nothing about you by itself.',
      setWhen: 'When you register or sign in.',
      lifetime: `${facts.sessionDays} days, or until you sign out. Signing out, changing your password or "sign out everywhere" ends it at once.`,
    },
    {
      name: hostOnly('mh_form'),
      purpose: 'Protects our forms (registration, sign-in, password reset) from being submitted by another website on your behalf.',
      setWhen: 'When you open one of those forms while signed out.',
      lifetime: 'Until you close your browser.',
    },
    {
      name: 'mh_device',
      purpose:
        'Remembers that this browser has signed in to your account before, so that if someone elsewhere floods your account with wrong passwords, you can still sign in from here.',
      setWhen: 'When you sign in.',
      lifetime: '1 year.',
    },
    {
      name: 'mh_meter',
      purpose: `Counts the free articles this browser has read, so we can give you ${facts.meter.freeArticles} every ${facts.meter.periodDays} days before asking you to register. It holds only article numbers and the dates you first read them, signed so it cannot be altered; it is never shared.`,
      setWhen: 'When you read an article that counts towards the free allowance while signed out.',
      lifetime: `${facts.meter.periodDays} days from the last article counted.`,
    },
    {
      name: 'mh_notice',
      purpose: 'Shows a one-off confirmation such as "Thank you for registering" on the next page you see.',
      setWhen: 'Just after you register or sign in.',
      lifetime: 'Removed as soon as the message has been shown, and after 5 minutes at the latest.',
    },
  ];
}

export function CookiesPage(props: { site: SiteContext; version: string; facts: CookieFacts }) {
  const { site, facts } = props;
  return (
    <LegalPage
      site={site}
      document="cookies"
      version={props.version}
      summary={`${site.publicationName} uses five small cookies, all needed for the site to work. None of them tracks you across sites, and no other company sets cookies through our pages.`}
    >
      <h2>What cookies are</h2>
      <p>
        A cookie is a small piece of text a website asks your browser to keep and send back on later visits. Similar technologies, such as
        local storage, are covered by this policy too.
      </p>

      <h2>The cookies we set</h2>
      <p>
        These are all the cookies {site.publicationName} sets. Reading a free article sets only the meter cookie; the others are set when
        you use a form or your account.
      </p>
      <table class="cookie-table">
        <caption>Cookies set by {site.publicationName}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">What it is for</th>
            <th scope="col">When it is set</th>
            <th scope="col">How long it lasts</th>
          </tr>
        </thead>
        <tbody>
          {cookieRows(facts).map((cookie) => (
            <tr>
              <th scope="row">
                <code>{cookie.name}</code>
              </th>
              <td>{cookie.purpose}</td>
              <td>{cookie.setWhen}</td>
              <td>{cookie.lifetime}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        All of them are first-party cookies: only our own site can read them. They are marked <code>HttpOnly</code>, so scripts in the page
        cannot read them, and <code>SameSite=Lax</code>, so other websites cannot make your browser send them along with their own forms
        {facts.isHttps ? (
          <>
            {'; they are also marked '}
            <code>Secure</code>, so they only travel over encrypted connections
          </>
        ) : null}
        .
      </p>

      <h2>Why we do not ask for consent</h2>
      <p>
        The law (the Privacy and Electronic Communications Regulations in the UK, and the ePrivacy rules in the European Union) requires
        consent for cookies unless they are strictly necessary for a service you have asked for. Ours are: you cannot stay signed in, or
        safely submit a form, without them, and the meter cookie is how we give you free articles at all without asking you to register
        first. That is why we show no cookie banner. If we ever add a cookie that is not strictly necessary, such as one for analytics, we
        will ask you first and update this policy.
      </p>

      <h2>What we do not use</h2>
      <ul>
        <li>No advertising or tracking cookies, and no cookies from other companies (no "third-party" cookies).</li>
        <li>No analytics service that follows you across pages or sites.</li>
        <li>
          Our check that a form is filled in by a person and not a robot runs in your own browser and on our own server. It sets no cookie
          and does not involve any other company.
        </li>
      </ul>

      <h2>Controlling cookies</h2>
      <p>
        You can delete cookies or block them in your browser's settings. If you block ours, you can still read free articles, but you will
        not be able to register, sign in or use your account. Deleting <code>mh_session</code> signs you out on that browser.
      </p>

      <h2>More about your data</h2>
      <p>
        Our <a href="/privacy">Privacy notice</a> explains what we store about you when you register or sign in, for how long, and your
        rights.
      </p>
    </LegalPage>
  );
}
