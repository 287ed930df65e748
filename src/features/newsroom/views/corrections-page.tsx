import type { SafeHtml } from '#jsx/jsx-runtime';
import { formatDateline } from '../../../core/views/format.js';
import { CsrfField } from '../../../core/views/forms.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { EditableArticle } from '../../articles/articles.types.js';

export function CorrectionsPage(props: {
  site: SiteContext;
  account: SafeHtml;
  csrfToken: string;
  article: EditableArticle;
  error?: string;
  text?: string;
  notice?: string;
}) {
  const { site, article } = props;
  return (
    <Layout
      site={site}
      account={props.account}
      meta={{ title: `Corrections: ${article.headline}`, description: 'Corrections to an article', robots: 'noindex, nofollow' }}
    >
      <section class="newsroom-page">
        <p class="kicker">
          <a href="/newsroom">Newsroom</a>
        </p>
        <h1>Corrections</h1>
        <p>
          To <a href={`/newsroom/articles/${article.id}/edit`}>{article.headline}</a>
          {article.state === 'published' ? (
            <>
              {' '}
              (<a href={article.path}>read it as readers do</a>)
            </>
          ) : null}
          .
        </p>
        {props.notice ? (
          <p class="notice" role="status">
            {props.notice}
          </p>
        ) : null}
        {article.corrections.length === 0 ? (
          <p class="empty">No corrections yet.</p>
        ) : (
          <ol class="correction-list">
            {article.corrections.map((correction) => (
              <li>
                <time datetime={correction.correctedAt}>{formatDateline(correction.correctedAt, site.timeZone)}</time>: {correction.text}
              </li>
            ))}
          </ol>
        )}
        <h2>Add a correction</h2>
        <p>
          Readers see it at the foot of the article with today's date, and search engines in its structured data. It cannot be edited later.
        </p>
        <form method="post" action={`/newsroom/articles/${article.id}/corrections`} novalidate>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="version" value={String(article.version)} />
          <div class={props.error ? 'field field-invalid' : 'field'}>
            <label for="field-text">Correction</label>
            <p class="field-error" id="error-text" hidden={!props.error} aria-live="polite">
              {props.error ?? ''}
            </p>
            <textarea
              id="field-text"
              name="text"
              rows="4"
              maxlength={2000}
              aria-invalid={props.error ? 'true' : undefined}
              aria-describedby="error-text"
            >
              {props.text ?? ''}
            </textarea>
          </div>
          <button type="submit">Publish correction</button>
        </form>
      </section>
    </Layout>
  );
}
