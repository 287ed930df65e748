import type { Child } from '#jsx/jsx-runtime';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';

/** Account pages: never indexed, never cached, narrow column. */
export function AccountLayout(props: { site: SiteContext; title: string; description?: string; scripts?: string[]; children?: Child }) {
  return (
    <Layout
      site={props.site}
      meta={{ title: props.title, description: props.description ?? props.title, robots: 'noindex', scripts: props.scripts }}
    >
      <div class="account-page">{props.children}</div>
    </Layout>
  );
}

export function MessagePage(props: { site: SiteContext; title: string; children?: Child }) {
  return (
    <AccountLayout site={props.site} title={props.title}>
      <h1>{props.title}</h1>
      {props.children}
    </AccountLayout>
  );
}
