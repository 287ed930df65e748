// Chrome of the signed-in account pages: unlike the sign-in and registration
// pages, they show the reader's own account corner (and any notice) in the header.
import type { Child } from '#jsx/jsx-runtime';
import { AccountNav } from '../../../core/views/account-nav.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';

export interface SettingsChrome {
  site: SiteContext;
  reader: { id: number; firstName: string; isStaff: boolean };
  csrfToken: string;
  notice?: string;
}

export function SettingsLayout(props: { chrome: SettingsChrome; title: string; children?: Child }) {
  const { chrome } = props;
  return (
    <Layout
      site={chrome.site}
      meta={{ title: props.title, description: props.title, robots: 'noindex' }}
      account={AccountNav({ user: chrome.reader, csrfToken: chrome.csrfToken, notice: chrome.notice })}
    >
      <div class="account-page">{props.children}</div>
    </Layout>
  );
}

/** A back link to the overview, for the pages reached from it. */
export function BackToAccount() {
  return (
    <p>
      <a href="/account">Back to your account</a>
    </p>
  );
}
