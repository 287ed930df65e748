// Shared pieces of the community pages: the page frame (the account corner is
// spliced in per request by pages.personalise), reader links with the staff
// badge, comment cards and paging links.
import type { Child } from '#jsx/jsx-runtime';
import { formatDateline } from '../../../core/views/format.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { CommentCard, Paged, ReaderSummary } from '../community.types.js';
import { CommentText } from './comment-text.js';

export function CommunityLayout(props: { site: SiteContext; title: string; description?: string; children?: Child }) {
  return (
    <Layout site={props.site} meta={{ title: props.title, description: props.description ?? props.title, robots: 'noindex, follow' }}>
      <div class="community-page">{props.children}</div>
    </Layout>
  );
}

export function StaffBadge() {
  return <span class="access-badge staff-badge">Staff</span>;
}

export function ReaderLink(props: { reader: ReaderSummary }) {
  return (
    <>
      <a href={`/readers/${props.reader.id}`}>{props.reader.displayName}</a>
      {props.reader.isStaff ? <> {StaffBadge()}</> : null}
    </>
  );
}

export function Timestamp(props: { iso: string; timeZone: string }) {
  return <time datetime={props.iso}>{formatDateline(props.iso, props.timeZone)}</time>;
}

/** The comment's words, or why they are not shown here (the article decides who may read them). */
export function CommentBody(props: { comment: CommentCard }) {
  const { comment } = props;
  if (comment.body !== null) return <CommentText body={comment.body} />;
  return (
    <p class="comment-withheld">
      This comment is on a {comment.article.accessLevel === 'premium' ? 'Premium' : 'registered readers’'} article:{' '}
      <a href={comment.href}>read it with the article</a>.
    </p>
  );
}

export function CommentCardView(props: { comment: CommentCard; timeZone: string; lead: Child; context?: Child }) {
  const { comment } = props;
  return (
    <li class="comment-card" id={`comment-${comment.id}`}>
      <p class="comment-meta">
        {props.lead} on <a href={comment.article.path}>{comment.article.headline}</a>,{' '}
        <Timestamp iso={comment.createdAt} timeZone={props.timeZone} />
      </p>
      {props.context}
      <CommentBody comment={comment} />
      <p class="comment-link">
        <a href={comment.href}>{comment.isReply ? 'View the reply in its thread' : 'View the comment in its thread'}</a>
      </p>
    </li>
  );
}

/** Newer / older links; `basePath` has no query string. */
export function Pager(props: { paged: Paged<unknown>; basePath: string; label: string }) {
  const { page, hasNext } = props.paged;
  if (page === 1 && !hasNext) return null;
  const href = (target: number) => (target === 1 ? props.basePath : `${props.basePath}?page=${target}`);
  return (
    <nav class="pager" aria-label={props.label}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              Newer
            </a>
          </li>
        ) : null}
        <li aria-current="page">Page {page}</li>
        {hasNext ? (
          <li>
            <a href={href(page + 1)} rel="next">
              Older
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
