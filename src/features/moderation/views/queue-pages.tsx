// The three comment queues (pending, reported, recent) and the comment card
// with its actions, also used on a reader's page.
import { CsrfField } from '../../../core/views/forms.js';
import type { CommentStatus } from '../../../core/db/schema.js';
import type { Page, QueueComment } from '../moderation.queries.js';
import { MAX_REASON_LENGTH } from '../moderation.service.js';
import { ActionButton, CommentText, ModerationLayout, Pagination, Time, type ModerationChrome } from './moderation-layout.js';

export type QueueKind = 'pending' | 'reported' | 'recent';

/** Another feature's writing held by the moderation policy: where it is handled, and what it is called. */
export interface HeldElsewhere {
  path: string;
  /** Singular, lower case ("event question"). */
  noun: string;
  count(): Promise<number>;
}

const QUEUES: Record<QueueKind, { path: string; title: string; intro: string; empty: string }> = {
  pending: {
    path: '/newsroom/moderation',
    title: 'Pending comments',
    intro: 'Comments held for moderation, oldest first. Approve to publish, or reject with a reason the author can be told.',
    empty: 'No comments are waiting.',
  },
  reported: {
    path: '/newsroom/moderation/reported',
    title: 'Reported comments',
    intro:
      'Comments readers reported, the longest-reported first, with their reasons. Reject the comment, or resolve the reports to keep it.',
    empty: 'No open reports.',
  },
  recent: {
    path: '/newsroom/moderation/recent',
    title: 'Recent comments',
    intro: 'Every comment, newest first.',
    empty: 'No comments yet.',
  },
};

const STATUS_LABELS: Record<CommentStatus, string> = {
  published: 'Published',
  pending: 'Pending',
  rejected: 'Rejected',
  deleted: 'Deleted by its author',
};

export function CommentCard(props: { chrome: ModerationChrome; comment: QueueComment; headingLevel?: 'h2' | 'h3' }) {
  const { chrome, comment } = props;
  const Heading = props.headingLevel ?? 'h2';
  const base = `/newsroom/moderation/comments/${comment.id}`;
  const headingId = `comment-${comment.id}-heading`;
  const canApprove = comment.status === 'pending' || comment.status === 'rejected';
  const canReject = comment.status === 'pending' || comment.status === 'published';
  return (
    <article class="moderation-comment" aria-labelledby={headingId}>
      {Heading === 'h2' ? (
        <h2 id={headingId}>
          Comment {comment.id} by {comment.authorName}
        </h2>
      ) : (
        <h3 id={headingId}>
          Comment {comment.id} by {comment.authorName}
        </h3>
      )}
      <p class="card-meta">
        On <a href={`/newsroom/moderation/articles/${comment.articleId}`}>{comment.articleHeadline}</a> ·{' '}
        <Time site={chrome.site} at={comment.createdAt} /> · {STATUS_LABELS[comment.status]}
        {comment.isFeatured ? ' · Editor’s pick' : ''} · <a href={`/newsroom/moderation/readers/${comment.authorId}`}>About this reader</a>
      </p>
      {comment.statusReason ? <p class="field-hint">Reason: {comment.statusReason}</p> : null}
      {comment.body === null ? <p class="empty">The author deleted this comment.</p> : <CommentText body={comment.body} />}
      {comment.openReports.count > 0 ? (
        <div class="moderation-reports">
          <p>
            {comment.openReports.count} open {comment.openReports.count === 1 ? 'report' : 'reports'}:
          </p>
          <ul>
            {comment.openReports.reasons.map((reason) => (
              <li>{reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div class="moderation-actions">
        {canApprove ? (
          <ActionButton chrome={chrome} action={`${base}/approve`} label="Approve" accessibleLabel={`Approve comment ${comment.id}`} />
        ) : null}
        {comment.status === 'published' ? (
          comment.isFeatured ? (
            <ActionButton
              chrome={chrome}
              action={`${base}/unfeature`}
              label="Remove Editor’s pick"
              accessibleLabel={`Remove Editor’s pick from comment ${comment.id}`}
            />
          ) : (
            <ActionButton
              chrome={chrome}
              action={`${base}/feature`}
              label="Make Editor’s pick"
              accessibleLabel={`Make Editor’s pick: comment ${comment.id}`}
            />
          )
        ) : null}
        {comment.openReports.count > 0 ? (
          <ActionButton
            chrome={chrome}
            action={`${base}/resolve-reports`}
            label="Resolve reports"
            accessibleLabel={`Resolve reports on comment ${comment.id}`}
          />
        ) : null}
        {canReject ? (
          <form method="post" action={`${base}/reject`} class="moderation-reject">
            <CsrfField token={chrome.csrfToken} />
            <input type="hidden" name="returnTo" value={chrome.currentPath} />
            <div class="field">
              <label for={`reject-reason-${comment.id}`}>Reason for rejecting comment {comment.id}</label>
              <textarea id={`reject-reason-${comment.id}`} name="reason" rows="2" maxlength={MAX_REASON_LENGTH} required></textarea>
            </div>
            <button type="submit" class="button-danger">
              Reject
            </button>
          </form>
        ) : null}
      </div>
    </article>
  );
}

export function QueuePage(props: {
  chrome: ModerationChrome;
  kind: QueueKind;
  comments: Page<QueueComment>;
  counts: { pending: number; reported: number };
  elsewhere?: Array<HeldElsewhere & { waiting: number }>;
}) {
  const { chrome, kind, comments, counts } = props;
  const queue = QUEUES[kind];
  return (
    <ModerationLayout chrome={chrome} title={queue.title} section={queue.path}>
      <h1>{queue.title}</h1>
      <p>{queue.intro}</p>
      <p>
        {counts.pending} pending · {counts.reported} reported
      </p>
      {(props.elsewhere ?? []).map((held) => (
        <p class="moderation-elsewhere">
          Also held by the same policy:{' '}
          <a href={held.path}>
            {held.waiting} {held.noun}
            {held.waiting === 1 ? '' : 's'} waiting
          </a>
          .
        </p>
      ))}
      {comments.items.length === 0 ? (
        <p class="empty">{queue.empty}</p>
      ) : (
        comments.items.map((comment) => <CommentCard chrome={chrome} comment={comment} />)
      )}
      <Pagination basePath={queue.path} page={comments.page} hasNextPage={comments.hasNextPage} label={`${queue.title} pages`} />
    </ModerationLayout>
  );
}
