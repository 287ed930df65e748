// The share links of an article (make one, see them, withdraw one), and the
// page a withdrawn or expired link answers with.
import { CsrfField } from '../../../core/views/forms.js';
import { formatDateline } from '../../../core/views/format.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { EditableArticle, ShareLink, ShareLinkState } from '../../articles/articles.types.js';
import { ArticleToolPage, articleToolPath, type StaffChrome } from './article-tools.js';

const EXPIRY_LABELS: Record<number, string> = { 1: '1 day', 7: '7 days', 30: '30 days' };

const STATE_LABELS: Record<ShareLinkState, string> = { active: 'Active', expired: 'Expired', revoked: 'Withdrawn' };

export interface ShareLinksPageModel {
  article: EditableArticle;
  links: ShareLink[];
  expiryChoices: readonly number[];
  csrfToken: string;
  /** The address of a link just made: shown this once. */
  created?: { url: string; link: ShareLink };
  notice?: string;
}

export function ShareLinksPage(props: StaffChrome & { model: ShareLinksPageModel }) {
  const { site, model } = props;
  const path = articleToolPath(model.article.id, 'share-links');
  const when = (at: string) => <time datetime={at}>{formatDateline(at, site.timeZone)}</time>;
  return (
    <ArticleToolPage {...props} title="Share links" articleId={model.article.id} headline={model.article.headline} current="share-links">
      <p>
        A share link lets someone without an account — a lawyer, a source — read this article as it stands, in full, before it is published.
        Search engines are told not to index it. Withdraw a link when it is no longer needed.
      </p>
      {model.notice ? (
        <p class="notice" role="status">
          {model.notice}
        </p>
      ) : null}
      {model.created ? (
        <div class="share-link-created" role="status">
          <h2>Your new link</h2>
          <p>Copy it now: it is shown only this once. It works until {when(model.created.link.expiresAt)}.</p>
          <p>
            <label for="share-link-url">Share link</label>
            <input id="share-link-url" type="text" readonly value={model.created.url} size="70" />
          </p>
        </div>
      ) : null}
      <h2>Make a link</h2>
      <form method="post" action={path} class="share-link-form">
        <CsrfField token={model.csrfToken} />
        <p>
          <label for="share-link-expiry">Link works for</label>{' '}
          <select id="share-link-expiry" name="expiresInDays">
            {model.expiryChoices.map((days) => (
              <option value={String(days)} selected={days === 7}>
                {EXPIRY_LABELS[days] ?? `${days} days`}
              </option>
            ))}
          </select>
        </p>
        <p>
          <button type="submit" class="button-primary">
            Create share link
          </button>
        </p>
      </form>
      <h2>Links made</h2>
      {model.links.length === 0 ? (
        <p class="empty">No links yet.</p>
      ) : (
        <table class="share-links-table">
          <caption class="visually-hidden">Share links, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Made by</th>
              <th scope="col">Made</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {model.links.map((link) => (
              <tr data-share-link={String(link.id)}>
                <td>{link.createdByName}</td>
                <td>{when(link.createdAt)}</td>
                <td>{when(link.expiresAt)}</td>
                <td>{STATE_LABELS[link.state]}</td>
                <td>
                  {link.state === 'active' ? (
                    <form method="post" action={`${path}/${link.id}/revoke`}>
                      <CsrfField token={model.csrfToken} />
                      <button
                        type="submit"
                        class="button-danger"
                        aria-label={`Withdraw the link made ${formatDateline(link.createdAt, site.timeZone)}`}
                      >
                        Withdraw
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ArticleToolPage>
  );
}

/** 410: the link existed; it says so, and nothing about the article. */
export function ShareLinkGonePage(props: { site: SiteContext }) {
  const heading = 'This preview link has expired or was withdrawn';
  return (
    <Layout site={props.site} meta={{ title: heading, description: heading, robots: 'noindex, nofollow' }}>
      <section class="error-page">
        <h1>{heading}</h1>
        <p>Ask the person who sent it to you for a new one.</p>
      </section>
    </Layout>
  );
}
