// The frame of every newsroom page: the site's layout, never indexed, with
// the signed-in account corner and (for the editor) the newsroom's scripts.
import type { Child, SafeHtml } from '#jsx/jsx-runtime';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';

export interface StaffPageProps {
  site: SiteContext;
  /** The signed-in account corner. */
  account: SafeHtml;
}

export function StaffLayout(props: StaffPageProps & { title: string; scripts?: string[]; children?: Child }) {
  return (
    <Layout
      site={props.site}
      account={props.account}
      meta={{ title: props.title, description: props.title, robots: 'noindex, nofollow', scripts: props.scripts ?? [] }}
    >
      <section class="newsroom-page">{props.children}</section>
    </Layout>
  );
}

/** Links between the newsroom's article pages. */
export function NewsroomNav(props: {
  current: 'dashboard' | 'articles' | 'new' | 'media' | 'fronts' | 'sections' | 'topics' | 'authors' | 'newsletters' | 'events' | null;
}) {
  const current = (page: string) => (props.current === page ? 'page' : undefined);
  return (
    <nav class="newsroom-nav" aria-label="Newsroom">
      <ul>
        <li>
          <a href="/newsroom" aria-current={current('dashboard')}>
            Newsroom
          </a>
        </li>
        <li>
          <a href="/newsroom/articles" aria-current={current('articles')}>
            All articles
          </a>
        </li>
        <li>
          <a href="/newsroom/articles/new" aria-current={current('new')}>
            New article
          </a>
        </li>
        <li>
          <a href="/newsroom/media" aria-current={current('media')}>
            Media library
          </a>
        </li>
        <li>
          <a href="/newsroom/notifications">Notifications</a>
        </li>
        <li>
          <a href="/newsroom/fronts" aria-current={current('fronts')}>
            Fronts
          </a>
        </li>
        <li>
          <a href="/newsroom/sections" aria-current={current('sections')}>
            Sections
          </a>
        </li>
        <li>
          <a href="/newsroom/topics" aria-current={current('topics')}>
            Topics
          </a>
        </li>
        <li>
          <a href="/newsroom/authors" aria-current={current('authors')}>
            Authors
          </a>
        </li>
        <li>
          <a href="/newsroom/newsletters" aria-current={current('newsletters')}>
            Newsletters
          </a>
        </li>
        <li>
          <a href="/newsroom/events" aria-current={current('events')}>
            Events
          </a>
        </li>
      </ul>
    </nav>
  );
}
