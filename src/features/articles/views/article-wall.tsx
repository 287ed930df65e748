// The registration and subscribe walls under a teaser, and the meter note
// above a metered article. Words are the publisher's (docs/product.md, "The wall and access").
import { trustedHtml } from '#jsx/jsx-runtime';
import type { ArticleVisibility, WallReason } from '../articles.types.js';

/**
 * The registration form under the wall carries per-request tokens (CSRF,
 * form stamp), so cached wall pages hold a link to /register between these
 * markers and each response fills in the form (core/http/page-sender.ts).
 */
export const WALL_FORM_SLOT_START = '<!--wall-form-->';
export const WALL_FORM_SLOT_END = '<!--/wall-form-->';

const REASONS: Record<WallReason, string> = {
  'registered-only': 'This article is for registered readers.',
  'meter-spent': 'You have read all your free articles for now.',
  'premium-needs-account': 'This is a Premium article. Registered readers get a number of Premium articles free every month.',
  'premium-allowance-spent': 'You have read all the Premium articles included with your free account for now.',
};

function withNext(path: string, next: string): string {
  return `${path}?next=${encodeURIComponent(next)}`;
}

export function ArticleWall(props: { visibility: Extract<ArticleVisibility, { view: 'wall' }>; articlePath: string }) {
  const { visibility, articlePath } = props;
  if (visibility.wall === 'subscribe') {
    return (
      <section class="wall" id="wall" aria-labelledby="wall-heading" data-wall="subscribe">
        <h2 id="wall-heading">Subscribe to continue reading</h2>
        <p class="wall-reason">{REASONS[visibility.reason]}</p>
        <p>Subscribers get:</p>
        <ul class="wall-benefits">
          <li>Every Premium article, without a limit</li>
          <li>
            <a href="/newsletters">Exclusive newsletters</a>
          </li>
          <li>Commenting and virtual events</li>
        </ul>
        <p>
          <a class="button-primary" href={withNext('/subscribe', articlePath)}>
            Subscribe
          </a>
        </p>
      </section>
    );
  }
  return (
    <section class="wall" id="wall" aria-labelledby="wall-heading" data-wall="register">
      <h2 id="wall-heading">Register for free to continue reading</h2>
      <p class="wall-reason">{REASONS[visibility.reason]}</p>
      <p>Registered readers get:</p>
      <ul class="wall-benefits">
        <li>Limited access to Premium articles</li>
        <li>
          <a href="/newsletters">Exclusive newsletters</a>
        </li>
        <li>Commenting on articles</li>
        <li>Virtual events</li>
      </ul>
      {trustedHtml(WALL_FORM_SLOT_START)}
      <p>
        <a class="button-primary" href={`${withNext('/register', articlePath)}&wall=link`}>
          Register for free
        </a>
      </p>
      {trustedHtml(WALL_FORM_SLOT_END)}
      <p class="wall-sign-in">
        Already have an account? <a href={withNext('/signin', articlePath)}>Sign in</a>
      </p>
    </section>
  );
}

/** "You have 2 free articles left this month", with the way to read on. */
export function AllowanceNote(props: { visibility: Extract<ArticleVisibility, { view: 'full' }>; articlePath: string }) {
  const { visibility, articlePath } = props;
  if (!visibility.allowanceNote) return null;
  return (
    <p class="allowance-note">
      {visibility.allowanceNote}{' '}
      {visibility.allowanceKind === 'premium' ? (
        <a href={withNext('/subscribe', articlePath)}>Subscribe for unlimited Premium articles.</a>
      ) : (
        <a href={withNext('/register', articlePath)}>Register for free to keep reading.</a>
      )}
    </p>
  );
}
