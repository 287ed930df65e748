// What sits above a previewed article: for staff, which reader the page is
// shown as and links to the other reader states; for a share link, that this
// is an unpublished preview not to pass on.
import type { PreviewReaderState } from '../../access/access.service.js';
import { articleToolPath } from './article-tools.js';

export const READER_STATE_LABELS: Record<PreviewReaderState, string> = {
  'anonymous-first': 'an anonymous reader on a first visit',
  'anonymous-metered': 'an anonymous reader past the meter',
  registered: 'a registered reader within the Premium allowance',
  'registered-premium-spent': 'a registered reader past the Premium allowance',
  subscriber: 'a subscriber',
};

export function PreviewBanner(props: { articleId: number; state: PreviewReaderState; states: readonly PreviewReaderState[] }) {
  const path = articleToolPath(props.articleId, 'preview');
  return (
    <section class="preview-banner" aria-label="Staff preview" data-preview-state={props.state}>
      <p class="preview-banner-title">
        <strong>Preview: as {READER_STATE_LABELS[props.state]}</strong>
      </p>
      <p>Readers see this page only once the article is published. Show it as:</p>
      <ul class="preview-states">
        {props.states.map((state) => (
          <li>
            <a href={`${path}?as=${state}`} aria-current={state === props.state ? 'page' : undefined}>
              {READER_STATE_LABELS[state]}
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a href={articleToolPath(props.articleId, 'edit')}>Back to the editor</a> ·{' '}
        <a href={articleToolPath(props.articleId, 'share-links')}>Share links</a> ·{' '}
        <a href={articleToolPath(props.articleId, 'revisions')}>Revisions</a>
      </p>
    </section>
  );
}

export function SharedPreviewNotice(props: { expiresAt: string; formattedExpiry: string }) {
  return (
    <section class="preview-banner" aria-label="Shared preview">
      <p class="preview-banner-title">
        <strong>A preview shared with you before publication.</strong>
      </p>
      <p>
        Please do not pass this link on. It stops working on <time datetime={props.expiresAt}>{props.formattedExpiry}</time>, or sooner if
        the newsroom withdraws it.
      </p>
    </section>
  );
}
