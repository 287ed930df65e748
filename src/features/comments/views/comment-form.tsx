import { CSRF_FIELD } from '../../../core/http/csrf.js';

export interface CommentFormProps {
  /** Unique on the page: the form's anchor and the prefix of its field ids. */
  id: string;
  heading: string;
  headingLevel: 2 | 3;
  action?: string;
  articleId?: number;
  parentId?: number;
  csrfToken: string | null;
  returnTo?: { sort: string; page: number };
  maxLength: number;
  submitLabel: string;
  label?: string;
  error?: string;
  value?: string;
}

/** Posting, replying and editing share one plain form: works without JavaScript, posts then comes back. */
export function CommentForm(props: CommentFormProps) {
  const fieldId = `${props.id}-body`;
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  const headingId = `${props.id}-heading`;
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <form method="post" action={props.action ?? '/comments'} class="comment-form" id={props.id} aria-labelledby={headingId}>
      <Heading id={headingId}>{props.heading}</Heading>
      {props.csrfToken ? <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} /> : null}
      {props.articleId !== undefined ? <input type="hidden" name="articleId" value={String(props.articleId)} /> : null}
      {props.parentId !== undefined ? <input type="hidden" name="parentId" value={String(props.parentId)} /> : null}
      {props.returnTo ? (
        <>
          <input type="hidden" name="sort" value={props.returnTo.sort} />
          <input type="hidden" name="page" value={String(props.returnTo.page)} />
        </>
      ) : null}
      <div class={props.error ? 'field field-invalid' : 'field'}>
        <label for={fieldId}>{props.label ?? 'Your comment'}</label>
        <p class="field-hint" id={hintId}>
          Plain text; leave a blank line between paragraphs. Web addresses starting with http:// or https:// become links. At most{' '}
          {props.maxLength.toLocaleString('en-GB')} characters.
        </p>
        <p class="field-error" id={errorId} hidden={!props.error} aria-live="polite">
          {props.error ?? ''}
        </p>
        <textarea
          id={fieldId}
          name="body"
          rows="6"
          maxlength={props.maxLength}
          required
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={`${hintId} ${errorId}`}
        >
          {props.value ?? ''}
        </textarea>
      </div>
      <button type="submit" class="button-primary">
        {props.submitLabel}
      </button>
    </form>
  );
}
