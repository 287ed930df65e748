import type { SiteContext } from '../../../core/views/site-context.js';
import { LegalPage } from './legal-layout.js';

export function TermsPage(props: { site: SiteContext; version: string }) {
  const { site } = props;
  const name = site.publicationName;
  return (
    <LegalPage
      site={site}
      document="terms"
      version={props.version}
      summary={`The agreement between you and ${name} when you read our journalism or use an account.`}
    >
      <h2>About these terms</h2>
      <p>
        These terms apply when you use {name} at {site.publicUrl}, with or without an account. By registering you confirm that you have read
        and agree to them, together with our <a href="/privacy">Privacy notice</a> and <a href="/cookies">Cookie policy</a>. If you do not
        agree, please do not register; you can still read our free articles.
      </p>

      <h2>Your account</h2>
      <ul>
        <li>You must be 18 or over to register.</li>
        <li>
          An account is for one person. Give us accurate details and keep your email address up to date, so we can reach you about your
          account.
        </li>
        <li>
          Keep your password to yourself and do not use it on other websites. If you think someone else knows it, change it at once or use
          "Forgotten your password?" on the sign-in page, and tell us.
        </li>
        <li>You can delete your account at any time from your account page.</li>
      </ul>

      <h2>Using the site fairly</h2>
      <p>When you use {name}, please do not:</p>
      <ul>
        <li>get around registration, subscription or other access limits, or help anyone else to do so;</li>
        <li>register accounts automatically, or in bulk, or in someone else's name;</li>
        <li>try to break, overload or probe the security of the site, or access accounts that are not yours;</li>
        <li>copy our pages automatically (scraping or crawling) beyond what our robots.txt file allows;</li>
        <li>use the site to harass anyone, to break the law, or to spread malware or spam.</li>
      </ul>
      <p>
        When we offer comments and other ways to take part, our community guidelines will apply as well. You remain responsible for what you
        post, and you give us a non-exclusive, royalty-free licence to publish it on {name} and in our newsletters and to edit it for length
        and legality.
      </p>

      <h2>Our journalism</h2>
      <p>
        Articles, photographs, graphics and other material on {name} belong to us or to the people who license them to us, and are protected
        by copyright. You are welcome to read them, share links to them and quote short extracts with credit and a link. Please ask us
        before republishing anything, and do not use our material commercially without a licence.
      </p>
      <p>
        We reserve the right to use our content for text and data mining, including the training of artificial intelligence: nobody may mine
        it without our permission. This reservation is made for the purposes of the text and data mining exceptions in UK and EU copyright
        law.
      </p>

      <h2>Accuracy and corrections</h2>
      <p>
        We work hard to get things right and correct our mistakes promptly and openly. If you think we have got something wrong, please tell
        us. Our articles are journalism, not professional advice: please do not rely on them as financial, legal or medical advice for your
        own situation.
      </p>

      <h2>Changes to the service</h2>
      <p>
        We may change, suspend or withdraw parts of {name}, for example to improve it or for legal or security reasons. We may suspend or
        close an account that seriously or repeatedly breaks these terms; where it is reasonable, we will tell you first and explain why.
      </p>

      <h2>Our responsibility to you</h2>
      <p>
        Nothing in these terms limits our liability for death or personal injury caused by our negligence, for fraud, or for anything else
        the law does not allow us to limit, and nothing affects your rights as a consumer. Otherwise, as our free service is provided as it
        is, we are not responsible for losses that were not a foreseeable result of our breaking these terms, or for losses to a business.
      </p>

      <h2>Changes to these terms</h2>
      <p>
        When we change these terms, the version and date at the top change, and we keep a record of which version each registered reader
        agreed to. We will tell registered readers by email about changes that matter before they take effect.
      </p>

      <h2>Law and disputes</h2>
      <p>
        These terms are governed by the law of England and Wales. If you live elsewhere in the United Kingdom or in the European Union, you
        also keep the protection of the mandatory consumer laws of the place where you live, and you may bring a claim in your local courts.
      </p>

      <h2>Contact</h2>
      <p>You can reach us by replying to any email we have sent you, or through the contact details on our website.</p>
    </LegalPage>
  );
}
