import type { Child } from '#jsx/jsx-runtime';
import { CSRF_FIELD } from '../../../core/http/csrf.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { REPORT_REASONS, type CommentSort, type CommentView, type SubtreePage, type ThreadPage } from '../comments.types.js';
import { CommentForm } from './comment-form.js';
import { CommentItem, readerProfilePath, type CommentContext } from './comment-item.js';

/** The viewer's standing on this page, as the join section explains it. */
export type JoinState =
  | { kind: 'can-post' }
  | { kind: 'anonymous'; signInHref: string; registerHref: string }
  | { kind: 'unverified' }
  | { kind: 'closed' }
  | { kind: 'refused'; message: string };

export const NOTICES = {
  held: 'Thank you. Your comment will appear once a moderator has approved it.',
  deleted: 'Your comment has been deleted.',
  edited: 'Your comment has been updated.',
  'edited-held': 'Your comment has been updated and will appear again once a moderator has approved it.',
} as const;
export type NoticeKey = keyof typeof NOTICES;

const SORT_LABELS: Record<CommentSort, string> = { oldest: 'Oldest first', newest: 'Newest first', top: 'Most recommended' };

export interface ThreadPageProps {
  site: SiteContext;
  thread: ThreadPage;
  articleHref: string;
  threadHref: string;
  context: CommentContext;
  join: JoinState;
  notice?: string;
  /** A refused top-level comment: its message and text, back in the form. */
  formError?: { message: string; text: string };
  /** The live-updates script (comments-live), loaded as a module. */
  scripts?: string[];
}

/**
 * Where live comments go (client/comments-live.ts): at the end of the oldest-first
 * thread's last page, at the top of the newest-first first page, and otherwise only
 * as a "new comments" notice, so a reader's place in the list never jumps.
 */
function liveInsertFor(thread: ThreadPage): 'append' | 'prepend' | 'notice' {
  if (thread.sort === 'oldest' && thread.page >= thread.pageCount) return 'append';
  if (thread.sort === 'newest' && thread.page === 1) return 'prepend';
  return 'notice';
}

function threadHrefWith(threadHref: string, query: { sort?: CommentSort; page?: number }): string {
  const params = new URLSearchParams();
  if (query.sort && query.sort !== 'oldest') params.set('sort', query.sort);
  if (query.page && query.page > 1) params.set('page', String(query.page));
  const text = params.toString();
  return text ? `${threadHref}?${text}` : threadHref;
}

function Notice(props: { text?: string }) {
  return props.text ? (
    <p class="site-notice" role="status">
      {props.text}
    </p>
  ) : null;
}

function JoinSection(props: { join: JoinState; children?: Child }) {
  const { join } = props;
  if (join.kind === 'can-post') return <>{props.children}</>;
  return (
    <section class="comment-join" aria-labelledby="join-heading">
      <h2 id="join-heading">Join the conversation</h2>
      {join.kind === 'anonymous' ? (
        <p>
          <a href={join.signInHref}>Sign in</a> or <a href={join.registerHref}>register</a> to join the conversation.
        </p>
      ) : join.kind === 'unverified' ? (
        <p>Please confirm your email address to join the conversation: follow the link in the email we sent you when you registered.</p>
      ) : join.kind === 'closed' ? (
        <p>Comments are closed for this article.</p>
      ) : (
        <p>{join.message}</p>
      )}
    </section>
  );
}

export function CommentThreadPage(props: ThreadPageProps) {
  const { thread, context } = props;
  const { article } = thread;
  return (
    <Layout
      site={props.site}
      meta={{
        title: `Comments: ${article.headline}`,
        description: `Readers’ comments on “${article.headline}”.`,
        canonicalPath: props.threadHref,
        robots: 'noindex, follow',
        scripts: props.scripts,
      }}
    >
      <div class="comments-page">
        <p class="comments-back">
          <a href={props.articleHref}>Back to the article</a>
        </p>
        <h1>Comments on “{article.headline}”</h1>
        <p class="comment-total">
          Comments: <span data-comment-count>{thread.publishedCount}</span>
        </p>
        <Notice text={props.notice} />
        <nav class="comment-sort" aria-label="Sort comments">
          <ul>
            {(Object.keys(SORT_LABELS) as CommentSort[]).map((sort) => (
              <li>
                <a href={threadHrefWith(props.threadHref, { sort })} aria-current={sort === thread.sort ? 'page' : undefined}>
                  {SORT_LABELS[sort]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <section aria-labelledby="conversation-heading">
          <h2 id="conversation-heading" class="visually-hidden">
            Conversation
          </h2>
          {thread.comments.length === 0 ? <p class="comment-empty">No comments yet.</p> : null}
          <ol
            class="comment-list"
            data-live-url={`/comments/live/${article.id}?after=${thread.liveAfter}`}
            data-article-id={String(article.id)}
            data-live-insert={liveInsertFor(thread)}
          >
            {thread.comments.map((comment) => (
              <CommentItem comment={comment} context={context} />
            ))}
          </ol>
        </section>
        {thread.pageCount > 1 ? (
          <nav class="pagination" aria-label="Comment pages">
            {thread.page > 1 ? (
              <a rel="prev" href={threadHrefWith(props.threadHref, { sort: thread.sort, page: thread.page - 1 })}>
                Previous comments
              </a>
            ) : null}
            <span>
              Page {thread.page} of {thread.pageCount}
            </span>
            {thread.page < thread.pageCount ? (
              <a rel="next" href={threadHrefWith(props.threadHref, { sort: thread.sort, page: thread.page + 1 })}>
                More comments
              </a>
            ) : null}
          </nav>
        ) : null}
        <JoinSection join={props.join}>
          <CommentForm
            id="join"
            heading="Join the conversation"
            headingLevel={2}
            articleId={article.id}
            csrfToken={context.csrfToken}
            returnTo={context.returnTo}
            maxLength={context.maxLength}
            submitLabel="Post comment"
            error={props.formError?.message}
            value={props.formError?.text}
          />
        </JoinSection>
      </div>
    </Layout>
  );
}

export function CommentSubtreePage(props: {
  site: SiteContext;
  subtree: SubtreePage;
  articleHref: string;
  threadHref: string;
  context: CommentContext;
  notice?: string;
}) {
  const { subtree } = props;
  return (
    <Layout
      site={props.site}
      meta={{
        title: `A conversation on “${subtree.article.headline}”`,
        description: `Readers’ comments on “${subtree.article.headline}”.`,
        robots: 'noindex, follow',
      }}
    >
      <div class="comments-page">
        <p class="comments-back">
          <a href={props.threadHref}>All comments on this article</a> · <a href={props.articleHref}>Back to the article</a>
        </p>
        <h1>A conversation on “{subtree.article.headline}”</h1>
        <Notice text={props.notice} />
        <ol class="comment-list comment-subtree">
          <CommentItem comment={subtree.comment} context={props.context} isFirstOnPage />
        </ol>
      </div>
    </Layout>
  );
}

/** One comment alone (GET /comments/{id}/fragment): the `<li>` the live thread inserts. */
export function CommentFragment(props: { comment: CommentView; context: CommentContext }) {
  return <CommentItem comment={props.comment} context={props.context} />;
}

export function CommentMessagePage(props: {
  site: SiteContext;
  title: string;
  message: string;
  links?: { href: string; label: string }[];
}) {
  return (
    <Layout site={props.site} meta={{ title: props.title, description: props.title, robots: 'noindex' }}>
      <div class="comments-page">
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        {props.links?.length ? (
          <ul class="comment-message-links">
            {props.links.map((link) => (
              <li>
                <a href={link.href}>{link.label}</a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Layout>
  );
}

export function EditCommentPage(props: {
  site: SiteContext;
  commentId: number;
  text: string;
  csrfToken: string;
  maxLength: number;
  backHref: string;
  error?: string;
}) {
  return (
    <Layout site={props.site} meta={{ title: 'Edit your comment', description: 'Edit your comment', robots: 'noindex' }}>
      <div class="comments-page">
        <h1>Edit your comment</h1>
        <CommentForm
          id="edit"
          heading="Your comment"
          headingLevel={2}
          action={`/comments/${props.commentId}/edit`}
          csrfToken={props.csrfToken}
          maxLength={props.maxLength}
          submitLabel="Save changes"
          label="Comment text"
          error={props.error}
          value={props.text}
        />
        <p>
          <a href={props.backHref}>Cancel</a>
        </p>
      </div>
    </Layout>
  );
}

export function ReportCommentPage(props: {
  site: SiteContext;
  comment: CommentView;
  context: CommentContext;
  csrfToken: string;
  backHref: string;
  error?: string;
  values?: { reason?: string; details?: string };
}) {
  return (
    <Layout site={props.site} meta={{ title: 'Report a comment', description: 'Report a comment to the moderators', robots: 'noindex' }}>
      <div class="comments-page">
        <h1>Report a comment</h1>
        <ol class="comment-list comment-subtree">
          <CommentItem
            comment={{ ...props.comment, replies: [], hasHiddenReplies: false }}
            context={{ ...props.context, canWrite: false }}
            isFirstOnPage
          />
        </ol>
        <form method="post" action={`/comments/${props.comment.id}/report`} class="comment-form">
          <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
          <p class="field-error" id="report-error" hidden={!props.error} aria-live="polite">
            {props.error ?? ''}
          </p>
          <fieldset class="field" aria-describedby="report-error">
            <legend>Why should our moderators look at this comment?</legend>
            {Object.entries(REPORT_REASONS).map(([code, label]) => (
              <div class="field-radio">
                <input type="radio" id={`reason-${code}`} name="reason" value={code} checked={props.values?.reason === code} required />
                <label for={`reason-${code}`}>{label}</label>
              </div>
            ))}
          </fieldset>
          <div class="field">
            <label for="report-details">Anything else the moderators should know (required for “Something else”)</label>
            <textarea id="report-details" name="details" rows="3" maxlength="500">
              {props.values?.details ?? ''}
            </textarea>
          </div>
          <button type="submit" class="button-primary">
            Send report
          </button>
        </form>
        <p>
          <a href={props.backHref}>Cancel</a>
        </p>
      </div>
    </Layout>
  );
}

export { readerProfilePath };
