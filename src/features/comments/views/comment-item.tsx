import type { Child } from '#jsx/jsx-runtime';
import { CSRF_FIELD } from '../../../core/http/csrf.js';
import { formatDateline } from '../../../core/views/format.js';
import type { CommentView } from '../comments.types.js';
import { renderCommentBody } from './comment-body.js';
import { CommentForm } from './comment-form.js';

/** What every comment on a page shares: who is looking and where links go. */
export interface CommentContext {
  timeZone: string;
  /** The viewer may post, reply, recommend and report (signed in, confirmed, comments open, entitled). */
  canWrite: boolean;
  csrfToken: string | null;
  articleId: number;
  /** The reply form is open under this comment (`?reply=<id>`, no JavaScript needed). */
  replyTo: number | null;
  /** The link that opens the reply form under a comment on this page. */
  replyHref(commentId: number): string;
  /** Replies nest only so deep on a page; beyond, "Continue this thread" links here. */
  continueHref(commentId: number): string;
  /** Where a reader's name links: their public profile. */
  profileHref(userId: number): string;
  /** Hidden fields that bring a form's reader back to the same page and order. */
  returnTo: { sort: string; page: number };
  maxLength: number;
  /** A refused reply, shown in the open reply form. */
  replyError?: { parentId: number; message: string; text: string };
}

export const readerProfilePath = (userId: number) => `/readers/${userId}`;

function pluralRecommendations(count: number): string {
  return count === 1 ? '1 recommendation' : `${count} recommendations`;
}

function HiddenCsrf(props: { token: string | null }) {
  return props.token ? <input type="hidden" name={CSRF_FIELD} value={props.token} /> : null;
}

function CommentActions(props: { comment: CommentView; context: CommentContext }) {
  const { comment, context } = props;
  const actions: Child[] = [];
  if (context.canWrite && !comment.isOwn) {
    actions.push(
      <form method="post" action={`/comments/${comment.id}/recommend`} class="inline-form">
        <HiddenCsrf token={context.csrfToken} />
        <input type="hidden" name="recommended" value={comment.isRecommendedByViewer ? 'off' : 'on'} />
        <button type="submit" class="link-button" aria-pressed={comment.isRecommendedByViewer ? 'true' : 'false'}>
          {comment.isRecommendedByViewer ? 'Recommended' : 'Recommend'}
        </button>
      </form>,
    );
  }
  if (context.canWrite) {
    actions.push(
      <a href={context.replyHref(comment.id)} aria-label={`Reply to ${comment.author?.name ?? 'this comment'}`}>
        Reply
      </a>,
    );
  }
  if (context.canWrite && !comment.isOwn) actions.push(<a href={`/comments/${comment.id}/report`}>Report</a>);
  if (comment.canEdit) actions.push(<a href={`/comments/${comment.id}/edit`}>Edit</a>);
  if (comment.isOwn) {
    actions.push(
      <form method="post" action={`/comments/${comment.id}/delete`} class="inline-form">
        <HiddenCsrf token={context.csrfToken} />
        <button type="submit" class="link-button">
          Delete
        </button>
      </form>,
    );
  }
  return (
    <footer class="comment-actions">
      <span class="comment-recommendations" data-recommend-count={comment.recommendCount}>
        {pluralRecommendations(comment.recommendCount)}
      </span>
      {actions.map((action) => (
        <> {action}</>
      ))}
    </footer>
  );
}

function ReplyForm(props: { comment: CommentView; context: CommentContext }) {
  const { comment, context } = props;
  const error = context.replyError?.parentId === comment.id ? context.replyError : undefined;
  return (
    <CommentForm
      id={`reply-${comment.id}`}
      heading={`Reply to ${comment.author?.name ?? 'this comment'}`}
      headingLevel={3}
      articleId={context.articleId}
      parentId={comment.id}
      csrfToken={context.csrfToken}
      returnTo={context.returnTo}
      maxLength={context.maxLength}
      submitLabel="Post reply"
      error={error?.message}
      value={error?.text}
    />
  );
}

/** One comment and the replies shown under it: `<li class="comment" id="comment-{id}">` (the live thread inserts this). */
export function CommentItem(props: { comment: CommentView; context: CommentContext; isFirstOnPage?: boolean }) {
  const { comment, context } = props;
  const isTombstone = comment.state !== 'visible';
  const classes = [
    'comment',
    isTombstone ? 'comment-tombstone' : '',
    comment.isFeatured ? 'comment-featured' : '',
    comment.author?.isStaff ? 'comment-staff' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li
      class={classes}
      id={`comment-${comment.id}`}
      data-depth={comment.depth}
      data-parent-id={comment.parentId === null ? undefined : String(comment.parentId)}
    >
      <article class="comment-card" aria-label={isTombstone ? 'Deleted comment' : `Comment by ${comment.author!.name}`}>
        {isTombstone ? (
          <p class="comment-tombstone-text">
            {comment.state === 'deleted' ? 'This comment was deleted.' : 'This comment was removed by a moderator.'}
          </p>
        ) : (
          <>
            <header class="comment-meta">
              {comment.isFeatured ? <p class="comment-label">Editor’s pick</p> : null}
              <p>
                <a class="comment-author" href={context.profileHref(comment.author!.id)}>
                  {comment.author!.name}
                </a>
                {comment.author!.isStaff ? (
                  <>
                    {' '}
                    <span class="badge badge-staff">Staff</span>
                  </>
                ) : null}
                {comment.inReplyTo ? (
                  <>
                    {' '}
                    <span class="comment-context">
                      in reply to{' '}
                      <a href={props.isFirstOnPage ? `/comments/${comment.inReplyTo.id}` : `#comment-${comment.inReplyTo.id}`}>
                        {comment.inReplyTo.authorName ?? 'a deleted comment'}
                      </a>
                    </span>
                  </>
                ) : null}
              </p>
              <p class="comment-date">
                <a href={`/comments/${comment.id}`}>
                  <time datetime={comment.createdAt}>{formatDateline(comment.createdAt, context.timeZone)}</time>
                </a>
                {comment.editedAt ? (
                  <>
                    {' '}
                    <span class="comment-edited" title={`Edited ${formatDateline(comment.editedAt, context.timeZone)}`}>
                      (edited)
                    </span>
                  </>
                ) : null}
              </p>
            </header>
            <div class="comment-body">{renderCommentBody(comment.text)}</div>
            <CommentActions comment={comment} context={context} />
            {context.canWrite && context.replyTo === comment.id ? <ReplyForm comment={comment} context={context} /> : null}
          </>
        )}
      </article>
      {comment.replies.length ? (
        <ol class="comment-replies">
          {comment.replies.map((reply) => (
            <CommentItem comment={reply} context={context} />
          ))}
        </ol>
      ) : null}
      {comment.hasHiddenReplies ? (
        <p class="comment-continue">
          <a href={context.continueHref(comment.id)}>Continue this thread</a>
        </p>
      ) : null}
    </li>
  );
}
