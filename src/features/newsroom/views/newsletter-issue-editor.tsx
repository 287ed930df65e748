// An issue's form: subject, preview line, the body in the article editor
// (the same contract as the article page: `form[data-article-form]` with a
// `textarea[name=body]` of plain paragraphs and the stored document in
// #body-doc, which client/article-editor.ts turns into the Tiptap editor; the
// textarea is the body without JavaScript), and ids of articles to add.
import { CsrfField, ErrorSummary } from '../../../core/views/forms.js';
import type { Errors, IssueFormValues } from '../newsletter-desk.forms.js';
import { BodyDocument } from './article-editor-page.js';
import { FieldInput } from './taxonomy-pages.js';

const LABELS: Record<string, string> = { subject: 'Subject', preheader: 'Preview line', body: 'Body', articles: 'Add articles' };

export interface IssueEditorProps {
  action: string;
  submitLabel: string;
  values: IssueFormValues;
  errors: Errors;
  csrfToken: string;
}

export function IssueEditor(props: IssueEditorProps) {
  const { values, errors } = props;
  const bodyError = errors.body;
  return (
    <>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form method="post" action={props.action} class="issue-editor" data-article-form data-upload-url="/newsroom/images" novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="bodyPlainHash" value={values.bodyPlainHash} />
        <FieldInput field={{ name: 'subject', label: LABELS.subject!, value: values.subject, maxlength: 200 }} error={errors.subject} />
        <FieldInput
          field={{
            name: 'preheader',
            label: LABELS.preheader!,
            value: values.preheader,
            maxlength: 200,
            hint: 'Shown by mail clients after the subject.',
          }}
          error={errors.preheader}
        />
        <div class={bodyError ? 'field field-invalid' : 'field'}>
          <label for="field-body">{LABELS.body}</label>
          <p class="field-hint" id="hint-body">
            Paragraphs separated by a blank line. With the editor: headings, lists, quotes, links and pictures from the library.
          </p>
          <p class="field-error" id="error-body" hidden={!bodyError} aria-live="polite">
            {bodyError ?? ''}
          </p>
          <textarea
            id="field-body"
            name="body"
            rows="14"
            class="editor-body"
            aria-invalid={bodyError ? 'true' : undefined}
            aria-describedby="hint-body error-body"
          >
            {values.body}
          </textarea>
          <BodyDocument doc={values.bodyDoc} />
        </div>
        <FieldInput
          field={{
            name: 'articles',
            label: LABELS.articles!,
            value: values.articles,
            maxlength: 500,
            hint: 'Article ids separated by commas, in order: 12, 15, 20. Each is added at the end of the body as its headline, picture, standfirst and a link, to edit like any text.',
          }}
          error={errors.articles}
        />
        <button type="submit">{props.submitLabel}</button>
      </form>
    </>
  );
}
