// /search: the form (works without JavaScript: a GET form), one page of
// results, help when nothing matched. Every string is escaped by the JSX
// runtime; matched words are <mark> elements, never HTML built from text.
import { formatShortDate } from '../../../core/views/format.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { MarkedText, SearchForm, SearchPageModel } from '../search.types.js';

function Marked(props: { text: MarkedText }) {
  return <>{props.text.map((piece, index) => (index % 2 === 1 ? <mark>{piece}</mark> : piece))}</>;
}

const LEVEL_LABELS = { free: null, registered: 'For registered readers', premium: 'Premium' } as const;

/** The search's address with some of its fields changed (empty ones left out). */
export function searchHref(form: SearchForm, changes: Partial<SearchForm> & { page?: number } = {}): string {
  const { page, ...fields } = changes;
  const merged: Record<string, string> = { ...form, ...fields };
  if (merged.sort === 'relevance') merged.sort = '';
  const params = new URLSearchParams();
  for (const name of ['q', 'section', 'topic', 'author', 'from', 'to', 'sort']) if (merged[name]) params.set(name, merged[name]!);
  if (page && page > 1) params.set('page', String(page));
  return `/search?${params.toString()}`;
}

function NoResults(props: { model: SearchPageModel }) {
  const { form } = props.model;
  const narrowed = form.section || form.topic || form.author || form.from || form.to;
  return (
    <div class="search-empty" role="status">
      <h2>No articles found</h2>
      <ul>
        <li>Check the spelling, or try fewer or different words.</li>
        <li>Use a word's start with an asterisk to match every ending: harb* finds harbour and harbours (at least 3 letters).</li>
        <li>Put words in double quotes to find them together, as a phrase.</li>
        {narrowed ? (
          <li>
            <a href={searchHref(form, { section: '', topic: '', author: '', from: '', to: '' })}>Search everything instead</a>: the filters
            may be too narrow.
          </li>
        ) : null}
      </ul>
    </div>
  );
}

export function SearchPage(props: { site: SiteContext; model: SearchPageModel }) {
  const { site, model } = props;
  const { form } = model;
  const title = model.isEmptyQuery ? 'Search' : `Search: ${form.q}`;
  return (
    <Layout site={site} meta={{ title, description: `Search ${site.publicationName}`, robots: 'noindex, follow' }}>
      <div class="search-page">
        <h1>Search</h1>
        <form class="search-form" method="get" action="/search" role="search" aria-label="Search the archive">
          <p>
            <label for="search-q">Words to find</label>
            <input id="search-q" type="search" name="q" value={form.q} maxlength="200" />
            <button type="submit">Search</button>
          </p>
          <fieldset class="search-filters">
            <legend>Narrow the search</legend>
            <p>
              <label for="search-section">Section</label>
              <select id="search-section" name="section">
                <option value="">Every section</option>
                {model.sections.map((section) => (
                  <option value={section.path} selected={section.path === form.section}>
                    {section.name}
                  </option>
                ))}
              </select>
            </p>
            <p>
              <label for="search-from">From (date)</label>
              <input id="search-from" type="date" name="from" value={form.from} />
            </p>
            <p>
              <label for="search-to">To (date)</label>
              <input id="search-to" type="date" name="to" value={form.to} />
            </p>
            <p>
              <label for="search-sort">Order</label>
              <select id="search-sort" name="sort">
                <option value="relevance" selected={form.sort === 'relevance'}>
                  Best match first
                </option>
                <option value="date" selected={form.sort === 'date'}>
                  Newest first
                </option>
              </select>
            </p>
            {form.topic ? <input type="hidden" name="topic" value={form.topic} /> : null}
            {form.author ? <input type="hidden" name="author" value={form.author} /> : null}
          </fieldset>
        </form>
        {model.topicName || model.authorName ? (
          <ul class="search-active-filters">
            {model.topicName ? (
              <li>
                Topic: {model.topicName} (<a href={searchHref(form, { topic: '' })}>remove</a>)
              </li>
            ) : null}
            {model.authorName ? (
              <li>
                Author: {model.authorName} (<a href={searchHref(form, { author: '' })}>remove</a>)
              </li>
            ) : null}
          </ul>
        ) : null}
        {model.notices.map((notice) => (
          <p class="search-notice">{notice}</p>
        ))}
        {model.isEmptyQuery ? (
          <p>Type one or more words. Every word must appear in an article for it to be found.</p>
        ) : model.hits.length === 0 ? (
          <NoResults model={model} />
        ) : (
          <>
            <h2 class="visually-hidden">Results</h2>
            <ol class="search-results" start={String((model.page - 1) * model.pageSize + 1)}>
              {model.hits.map((hit) => (
                <li class="search-result">
                  <h3>
                    <a href={hit.url}>
                      <Marked text={hit.headline} />
                    </a>
                  </h3>
                  <p class="search-result-meta">
                    {hit.sectionName} · <time datetime={hit.publishedAt}>{formatShortDate(hit.publishedAt, site.timeZone)}</time>
                    {LEVEL_LABELS[hit.accessLevel] ? <> · {LEVEL_LABELS[hit.accessLevel]}</> : null}
                  </p>
                  <p class="search-result-standfirst">
                    <Marked text={hit.standfirst} />
                  </p>
                  {hit.snippet.join('').trim() ? (
                    <p class="search-result-snippet">
                      <Marked text={hit.snippet} />
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
            <nav class="pagination" aria-label="More results">
              {model.page > 1 ? (
                <a rel="prev" href={searchHref(form, { page: model.page - 1 })}>
                  Previous results
                </a>
              ) : null}
              {model.hasNextPage ? (
                <a rel="next" href={searchHref(form, { page: model.page + 1 })}>
                  More results
                </a>
              ) : null}
            </nav>
          </>
        )}
      </div>
    </Layout>
  );
}
