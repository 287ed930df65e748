// The newsroom's front page (what is in progress, in four lists) and the
// list of articles with its search and filters.
import { formatDateline } from '../../../core/views/format.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { ArticleListItem, WorkflowState } from '../../articles/articles.types.js';
import { NewsroomNav, StaffLayout, type StaffPageProps } from './staff-layout.js';

export const STATE_LABELS: Record<WorkflowState, string> = {
  draft: 'Draft',
  review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
};

export interface ListFilters {
  state: WorkflowState | 'all';
  section: string | undefined;
  author: string | undefined;
  q: string | undefined;
  mine: boolean;
}

export interface FilterChoices {
  sections: Array<{ path: string; name: string }>;
  authors: Array<{ slug: string; name: string }>;
}

/** The list page's address for these filters (and page), leaving out what is not set. */
export function listHref(filters: Partial<ListFilters>, page = 1): string {
  const query = new URLSearchParams();
  if (filters.state && filters.state !== 'all') query.set('state', filters.state);
  if (filters.section) query.set('section', filters.section);
  if (filters.author) query.set('author', filters.author);
  if (filters.q) query.set('q', filters.q);
  if (filters.mine) query.set('mine', '1');
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/newsroom/articles?${text}` : '/newsroom/articles';
}

function When(props: { site: SiteContext; item: ArticleListItem }) {
  const { item, site } = props;
  const [label, at] =
    item.state === 'scheduled'
      ? ['Goes out', item.publishedAt]
      : item.state === 'published'
        ? ['Published', item.publishedAt]
        : item.state === 'review'
          ? ['Submitted', item.submittedAt]
          : ['Changed', item.modifiedAt];
  return at ? (
    <>
      {label} <time datetime={at}>{formatDateline(at, site.timeZone)}</time>
    </>
  ) : null;
}

function ArticleRows(props: { site: SiteContext; items: ArticleListItem[]; caption: string }) {
  return (
    <table class="newsroom-articles">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Headline</th>
          <th scope="col">Status</th>
          <th scope="col">Section</th>
          <th scope="col">Authors</th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((item) => (
          <tr>
            <td>
              <a href={`/newsroom/articles/${item.id}/edit`}>{item.headline}</a>
            </td>
            <td>{STATE_LABELS[item.state]}</td>
            <td>{item.sectionName}</td>
            <td>{item.authors.join(', ')}</td>
            <td>
              <When site={props.site} item={item} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface DashboardList {
  heading: string;
  items: ArticleListItem[];
  /** The full list's address. */
  href: string;
  empty: string;
}

export function NewsroomDashboardPage(props: StaffPageProps & { lists: DashboardList[]; canSeeOthers: boolean }) {
  return (
    <StaffLayout {...props} title="Newsroom">
      <NewsroomNav current="dashboard" />
      <h1>Newsroom</h1>
      <p>
        <a class="button-primary" href="/newsroom/articles/new">
          New article
        </a>
      </p>
      {props.canSeeOthers ? (
        // Editors and admins only (features/insight's DASHBOARD_ROLES): the same people who see everyone's articles.
        <p>
          <a href="/newsroom/dashboard">Readers and registrations</a>: page views, the wall and registrations by day.
        </p>
      ) : (
        <p class="field-hint">You see the articles you started.</p>
      )}
      {props.lists.map((list) => (
        <section class="newsroom-list" aria-labelledby={`list-${list.href.replace(/[^a-z0-9]+/gi, '-')}`}>
          <h2 id={`list-${list.href.replace(/[^a-z0-9]+/gi, '-')}`}>{list.heading}</h2>
          {list.items.length === 0 ? (
            <p class="empty">{list.empty}</p>
          ) : (
            <ArticleRows site={props.site} items={list.items} caption={list.heading} />
          )}
          <p>
            <a href={list.href}>All of “{list.heading}”</a>
          </p>
        </section>
      ))}
    </StaffLayout>
  );
}

export function ArticleListPage(
  props: StaffPageProps & {
    filters: ListFilters;
    choices: FilterChoices;
    items: ArticleListItem[];
    page: number;
    hasNext: boolean;
  },
) {
  const { filters, choices } = props;
  return (
    <StaffLayout {...props} title="Articles">
      <NewsroomNav current="articles" />
      <h1>Articles</h1>
      <form method="get" action="/newsroom/articles" class="newsroom-filters" role="search" aria-label="Find articles">
        <div class="field">
          <label for="filter-q">Search headlines</label>
          <input id="filter-q" type="search" name="q" value={filters.q ?? ''} maxlength={200} />
        </div>
        <div class="field">
          <label for="filter-state">Status</label>
          <select id="filter-state" name="state">
            <option value="all" selected={filters.state === 'all'}>
              Any status
            </option>
            {(Object.keys(STATE_LABELS) as WorkflowState[]).map((state) => (
              <option value={state} selected={filters.state === state}>
                {STATE_LABELS[state]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-section">Section</label>
          <select id="filter-section" name="section">
            <option value="" selected={!filters.section}>
              Any section
            </option>
            {choices.sections.map((section) => (
              <option value={section.path} selected={filters.section === section.path}>
                {section.name} (/{section.path})
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-author">Author</label>
          <select id="filter-author" name="author">
            <option value="" selected={!filters.author}>
              Any author
            </option>
            {choices.authors.map((author) => (
              <option value={author.slug} selected={filters.author === author.slug}>
                {author.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-checkbox">
          <input id="filter-mine" type="checkbox" name="mine" value="1" checked={filters.mine} />
          <label for="filter-mine">Only articles I started</label>
        </div>
        <button type="submit">Show articles</button>
      </form>
      {props.items.length === 0 ? (
        <p class="empty">No articles match.</p>
      ) : (
        <ArticleRows site={props.site} items={props.items} caption="Articles, newest first" />
      )}
      <nav class="pagination" aria-label="Article pages">
        {props.page > 1 ? <a href={listHref(filters, props.page - 1)}>Previous page</a> : null}
        {props.hasNext ? <a href={listHref(filters, props.page + 1)}>Next page</a> : null}
      </nav>
    </StaffLayout>
  );
}
