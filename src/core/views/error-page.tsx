import { Layout } from './layout.js';
import type { SiteContext } from './site-context.js';

export function ErrorPage(props: { site: SiteContext; status: number; heading: string; message: string }) {
  return (
    <Layout site={props.site} meta={{ title: props.heading, description: props.message, robots: 'noindex' }}>
      <section class="error-page">
        <p class="kicker">Error {props.status}</p>
        <h1>{props.heading}</h1>
        <p>{props.message}</p>
        <p>
          <a href="/">Go to the front page</a>
        </p>
      </section>
    </Layout>
  );
}
