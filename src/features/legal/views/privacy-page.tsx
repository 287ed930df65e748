import type { SiteContext } from '../../../core/views/site-context.js';
import { LegalPage } from './legal-layout.js';

export interface PrivacyFacts {
  sessionDays: number;
}

export function PrivacyPage(props: { site: SiteContext; version: string; facts: PrivacyFacts }) {
  const { site, facts } = props;
  const name = site.publicationName;
  return (
    <LegalPage
      site={site}
      document="privacy"
      version={props.version}
      summary={`What ${name} stores about you when you register and use your account, why, for how long, and how to see, download or delete it.`}
    >
      <h2>Who we are</h2>
      <p>
        {name} ({site.publicUrl}) is responsible for the personal data described here: in the language of the UK and EU General Data
        Protection Regulation, we are its controller. You can reach us by replying to any email we have sent you, or through the contact
        details on our website.
      </p>

      <h2>Reading without an account</h2>
      <p>
        You can read our free articles without telling us anything about yourself. Like every website, our servers briefly see your IP
        address and browser details in order to send you the page; we do not build profiles from them or sell them. See our{' '}
        <a href="/cookies">Cookie policy</a> for the few cookies we use.
      </p>

      <h2>What we store when you register</h2>
      <ul>
        <li>Your email address, to identify your account, sign you in and write to you about it.</li>
        <li>Your first and last name, to address you and, later, to show with comments you choose to post.</li>
        <li>
          Your date of birth, because our services are for adults: we check you are over 18 and keep the date with your account so we can
          show that we did.
        </li>
        <li>Your password, stored only as a one-way hash (Argon2id). We cannot read it, and nobody at {name} will ever ask you for it.</li>
        <li>Your choice about marketing emails, and whether and when you confirmed your email address.</li>
      </ul>

      <h2>Records of what you agreed to</h2>
      <p>
        When you register, we record which version of our <a href="/terms">Terms of use</a>, this Privacy notice and our Cookie policy you
        agreed to, the date and time, and the IP address and browser you used. We record your marketing choice, and every later change to
        it, in the same way. These records let us show what you agreed to and when.
      </p>

      <h2>When you use your account</h2>
      <ul>
        <li>
          Signed-in sessions: when each started and was last used, with the IP address and browser, so you can see where you are signed in
          and sign out everywhere.
        </li>
        <li>
          Protection against abuse: to stop password guessing and automated registrations, we count recent attempts per IP address and per
          email address. These counts are kept in memory for at most an hour.
        </li>
        <li>
          Emails we send you (confirming your address, resetting your password, security notices, newsletters you choose) are kept in our
          mail queue so they can be delivered and delivery problems investigated. Links in them that sign you in or change your password
          work once and expire: after one hour for password resets, after 48 hours for confirming your address.
        </li>
        <li>
          Premium articles you read: which ones and when, so we can give you the Premium articles included with a free account; reads from
          an earlier period are deleted the next time you read a Premium article. Your subscription, if you have one: when it started and
          ends, and, if you paid through Stripe, the reference of that subscription (Stripe handles your payment details; we never see your
          card).
        </li>
      </ul>

      <h2>Why we use your data (lawful bases)</h2>
      <ul>
        <li>To provide your account and the services you signed up for: this is necessary for our contract with you.</li>
        <li>To keep the site and your account secure and to prevent abuse: our legitimate interest, and yours, in a safe service.</li>
        <li>
          To keep records of consent and of what you agreed to: our legal obligations and our legitimate interest in being able to show
          them.
        </li>
        <li>
          To send you news, offers and event invitations from {name}: the law allows us to email registered readers about our own similar
          services unless they opt out. You can opt out when you register, at any time in your account, or with the unsubscribe link in
          every such email.
        </li>
      </ul>

      <h2>Who else sees it</h2>
      <p>
        We do not sell your personal data or share it with advertisers. Companies that run parts of our service for us, such as our hosting
        and email delivery providers, and Stripe for subscription payments, process it only on our instructions and under contracts that
        protect it. We disclose data to authorities only where the law requires us to. If a provider stores data outside the UK or the
        European Economic Area, we use the safeguards the law requires, such as adequacy decisions or standard contractual clauses.
      </p>

      <h2>How long we keep it</h2>
      <ul>
        <li>Your account details: for as long as you have an account.</li>
        <li>Sessions: until you sign out, and at most {facts.sessionDays} days after you signed in.</li>
        <li>Emails in our mail queue: for up to 90 days after sending.</li>
        <li>
          When you delete your account, we delete your name, email address, date of birth, password, sessions, newsletter choices and
          pending links straight away. We keep an anonymous placeholder so that records which must survive (such as what was agreed to) stay
          consistent, and we keep the consent records themselves, without the IP address and browser, for up to six years, the period in
          which we may need to show what was agreed.
        </li>
      </ul>

      <h2>Your rights</h2>
      <ul>
        <li>
          See and download everything we hold about you: use "Download my data" on your <a href="/account">account page</a>, or ask us.
        </li>
        <li>Correct your details: change your name and email address on your account page.</li>
        <li>Delete your account and personal data: use "Delete my account" on your account page.</li>
        <li>
          Object to marketing at any time, and to other uses based on our legitimate interests; ask us to restrict how we use your data.
        </li>
        <li>
          Complain to a data protection authority: in the UK, the Information Commissioner's Office (ico.org.uk); in the EU, the authority
          in the country where you live. We would appreciate the chance to put things right first.
        </li>
      </ul>
      <p>We answer requests within one month and do not charge for them.</p>

      <h2>Children</h2>
      <p>
        Accounts are for people aged 18 or over. We do not knowingly keep data about anyone younger; registration under 18 is refused and
        nothing is stored.
      </p>

      <h2>Changes to this notice</h2>
      <p>
        The version and date at the top change whenever this notice does. If a change affects how we use data you have already given us, we
        will tell registered readers by email before it applies.
      </p>
    </LegalPage>
  );
}
