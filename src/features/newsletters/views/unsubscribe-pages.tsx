// The pages at a newsletter email's unsubscribe address. The GET shows a
// button and changes nothing (mail scanners follow links); the button POSTs
// to the same address, as a mail client's one-click does (RFC 8058).
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';

export function UnsubscribeConfirmPage(props: { site: SiteContext; newsletterName: string; action: string }) {
  return (
    <Layout site={props.site} meta={{ title: 'Unsubscribe', description: `Stop receiving ${props.newsletterName}.`, robots: 'noindex' }}>
      <section class="narrow-page">
        <h1>Unsubscribe from {props.newsletterName}?</h1>
        <p>You will stop receiving {props.newsletterName} at this address. You can sign up again at any time.</p>
        <form method="post" action={props.action}>
          <button type="submit" class="button">
            Unsubscribe
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function UnsubscribedPage(props: { site: SiteContext; newsletterName: string }) {
  return (
    <Layout
      site={props.site}
      meta={{ title: 'Unsubscribed', description: `You are unsubscribed from ${props.newsletterName}.`, robots: 'noindex' }}
    >
      <section class="narrow-page">
        <h1>You are unsubscribed</h1>
        <p>You will not receive {props.newsletterName} any more.</p>
        <p>
          <a href="/newsletters">See all our newsletters</a>
        </p>
      </section>
    </Layout>
  );
}

export function UnsubscribeLinkInvalidPage(props: { site: SiteContext }) {
  return (
    <Layout site={props.site} meta={{ title: 'Link not valid', description: 'This unsubscribe link is not valid.', robots: 'noindex' }}>
      <section class="narrow-page">
        <h1>This unsubscribe link is not valid</h1>
        <p>It may have been copied incompletely. Sign in to manage your newsletters, or use the link in a more recent email.</p>
        <p>
          <a href="/account">Manage your newsletters</a>
        </p>
      </section>
    </Layout>
  );
}
