// The frame of every moderation page: staff chrome, the moderation menu, the
// notice left by the last action, and small shared pieces (times, comment
// text, action buttons). Everything a reader wrote is escaped by the runtime.
import type { Child, SafeHtml } from '#jsx/jsx-runtime';
import { CsrfField } from '../../../core/views/forms.js';
import { formatDateline } from '../../../core/views/format.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { MODERATION_ACTIONS, type ModerationNotice } from '../moderation.types.js';

export interface ModerationChrome {
  site: SiteContext;
  /** The signed-in account corner. */
  account: SafeHtml;
  csrfToken: string;
  notice?: ModerationNotice;
  /** This page's path and query: actions return here. */
  currentPath: string;
}

export const NOTICES: Record<ModerationNotice, string> = {
  'comment-approved': 'The comment is published.',
  'comment-rejected': 'The comment is rejected.',
  'comment-featured': 'The comment is now an Editor’s pick.',
  'comment-unfeatured': 'The comment is no longer an Editor’s pick.',
  'reports-resolved': 'The reports are resolved.',
  'article-comments-closed': 'Comments on the article are closed.',
  'article-comments-opened': 'Comments on the article are open.',
  'article-premoderation-on': 'New comments on the article are held for moderation.',
  'article-premoderation-off': 'New comments on the article are published straight away.',
  'reader-premoderation-on': 'The reader’s new comments are held for moderation.',
  'reader-premoderation-off': 'The reader’s new comments are published straight away.',
  'reader-suspended': 'The reader is suspended.',
  'reader-banned': 'The reader is banned.',
  'reader-restored': 'The reader may comment again.',
  'banned-word-added': 'The word or phrase is on the list.',
  'banned-word-removed': 'The word or phrase is off the list.',
};

export function isNotice(value: unknown): value is ModerationNotice {
  return typeof value === 'string' && Object.hasOwn(MODERATION_ACTIONS, value);
}

const MENU = [
  { path: '/newsroom/moderation', label: 'Pending' },
  { path: '/newsroom/moderation/reported', label: 'Reported' },
  { path: '/newsroom/moderation/recent', label: 'Recent' },
  { path: '/newsroom/moderation/banned-words', label: 'Banned words' },
  { path: '/newsroom/moderation/log', label: 'Audit log' },
];

export function ModerationLayout(props: { chrome: ModerationChrome; title: string; section: string; children?: Child }) {
  const { chrome } = props;
  return (
    <Layout
      site={chrome.site}
      account={chrome.account}
      meta={{ title: props.title, description: props.title, robots: 'noindex, nofollow' }}
    >
      <section class="newsroom-page moderation-page">
        <p class="kicker">Newsroom · Moderation</p>
        <nav aria-label="Moderation">
          <ul class="subsection-list">
            {MENU.map((item) => (
              <li>
                <a href={item.path} aria-current={item.path === props.section ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {chrome.notice ? (
          <p class="site-notice" role="status">
            {NOTICES[chrome.notice]}
          </p>
        ) : null}
        {props.children}
      </section>
    </Layout>
  );
}

export function Time(props: { site: SiteContext; at: string }) {
  return <time datetime={props.at}>{formatDateline(props.at, props.site.timeZone)}</time>;
}

/** A comment as plain text: blank lines separate paragraphs, single line breaks stay. URLs are not linked here. */
export function CommentText(props: { body: string }) {
  const paragraphs = props.body
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
  return (
    <div class="comment-body">
      {paragraphs.map((paragraph) => (
        <p>{paragraph.split('\n').map((line, index) => (index === 0 ? line : [<br />, line]))}</p>
      ))}
    </div>
  );
}

/** A one-button form posting to a moderation action, returning to this page. */
export function ActionButton(props: {
  chrome: ModerationChrome;
  action: string;
  label: string;
  isDanger?: boolean;
  fields?: Record<string, string>;
  accessibleLabel?: string;
}) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.chrome.csrfToken} />
      <input type="hidden" name="returnTo" value={props.chrome.currentPath} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.isDanger ? 'button-danger' : 'button-primary'} aria-label={props.accessibleLabel}>
        {props.label}
      </button>
    </form>
  );
}

export function Pagination(props: { basePath: string; page: number; hasNextPage: boolean; label: string; newer?: string; older?: string }) {
  const href = (page: number) => (page === 1 ? props.basePath : `${props.basePath}?page=${page}`);
  if (props.page === 1 && !props.hasNextPage) return null;
  return (
    <nav class="pagination" aria-label={props.label}>
      {props.page > 1 ? <a href={href(props.page - 1)}>{props.newer ?? 'Previous page'}</a> : null}
      {props.hasNextPage ? <a href={href(props.page + 1)}>{props.older ?? 'Next page'}</a> : null}
    </nav>
  );
}

export function ProblemPage(props: { chrome: ModerationChrome; message: string; backTo: string }) {
  return (
    <ModerationLayout chrome={props.chrome} title="There is a problem" section="">
      <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
        <h1>There is a problem</h1>
        <p>{props.message}</p>
      </div>
      <p>
        <a href={props.backTo}>Go back</a>
      </p>
    </ModerationLayout>
  );
}
