// The article editor: one form that works without JavaScript (a textarea for
// the body, a file field for the hero image, buttons for each step of the
// workflow) and carries what the editor script (client/article-editor.ts,
// loaded when registered) builds on: the form's data-* addresses, the stored
// body document in #body-doc, the hidden version.
import { trustedHtml, type Child } from '#jsx/jsx-runtime';
import type { FieldErrors } from '../../../core/http/route-input.js';
import { formatDateline } from '../../../core/views/format.js';
import { CsrfField } from '../../../core/views/forms.js';
import type { EditableArticle } from '../../articles/articles.types.js';
import { imagePath } from '../../media/media.types.js';
import { ACCESS_LEVELS, FIELD_LABELS, type EditorFormValues, type FormAction } from '../article-form.js';
import { STATE_LABELS } from './article-list-page.js';
import { ArticleToolsNav } from './article-tools.js';
import { NewsroomNav, StaffLayout, type StaffPageProps } from './staff-layout.js';

export const ACTION_LABELS: Record<FormAction, string> = {
  save: 'Save draft',
  submit: 'Submit for review',
  publish: 'Publish',
  schedule: 'Schedule',
  unpublish: 'Unpublish',
};

/** A live article's save changes what readers see at once, and says so; a draft's or a scheduled one's does not. */
function saveLabel(action: keyof typeof ACTION_LABELS, state: EditableArticle['state'] | undefined): string {
  if (action !== 'save' || state === undefined || state === 'draft' || state === 'review') return ACTION_LABELS[action];
  return state === 'published' ? 'Update live article' : 'Save changes';
}

const ACCESS_LABELS: Record<string, string> = { free: 'Free', registered: 'Registered readers', premium: 'Premium (subscribers)' };

export interface EditorPageProps extends StaffPageProps {
  scripts: string[];
  csrfToken: string;
  article: EditableArticle | null;
  values: EditorFormValues;
  errors: FieldErrors;
  /** The buttons this staff member's role allows for the article's state. */
  actions: FormAction[];
  /** Why the fields cannot be changed (a contributor's published story), or null. */
  readOnly: string | null;
  /** Whether the slug may change (before publication, or an editor). */
  slugEditable: boolean;
  sections: Array<{ path: string; name: string }>;
  authorNames: string[];
  topicNames: string[];
  othersEditing: string[];
  notice: string | null;
  /** Whether to link to the corrections page (editors, published articles). */
  canCorrect: boolean;
}

/** Where the error summary sends the reader for each field. */
const targetOf = (field: string) => (field === 'body' ? 'body' : field === 'access' ? 'field-access-free' : `field-${field}`);

function ErrorSummary(props: { errors: FieldErrors }) {
  const entries = Object.entries(props.errors).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
      <h2>There is a problem</h2>
      <ul>
        {entries.map(([field, message]) =>
          field === 'form' ? (
            <li>{message}</li>
          ) : (
            <li>
              <a href={`#${targetOf(field)}`}>
                {FIELD_LABELS[field] ?? field}: {message}
              </a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

/** The attributes that tie a control to its hint and error. */
function described(name: string, errors: FieldErrors, hint?: boolean) {
  return {
    'aria-describedby': [hint ? `hint-${name}` : null, `error-${name}`].filter(Boolean).join(' '),
    'aria-invalid': errors[name] ? 'true' : undefined,
  };
}

function Field(props: { name: string; label: string; errors: FieldErrors; hint?: string; for?: string; children?: Child }) {
  const error = props.errors[props.name];
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={props.for ?? `field-${props.name}`}>{props.label}</label>
      {props.hint ? (
        <p class="field-hint" id={`hint-${props.name}`}>
          {props.hint}
        </p>
      ) : null}
      <p class="field-error" id={`error-${props.name}`} hidden={!error}>
        {error ?? ''}
      </p>
      {props.children}
    </div>
  );
}

function TextInput(props: {
  name: keyof EditorFormValues;
  label: string;
  values: EditorFormValues;
  errors: FieldErrors;
  hint?: string;
  list?: string;
  readonly?: boolean;
}) {
  return (
    <Field name={props.name} label={props.label} errors={props.errors} hint={props.hint}>
      <input
        id={`field-${props.name}`}
        name={props.name}
        type="text"
        value={String(props.values[props.name])}
        list={props.list}
        readonly={props.readonly}
        autocomplete="off"
        {...described(props.name, props.errors, !!props.hint)}
      />
    </Field>
  );
}

/** The stored document for the editor script; `<` escaped so no text in it can end the script element. */
export function BodyDocument(props: { doc: unknown }) {
  const json = JSON.stringify(props.doc).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return trustedHtml(`<script type="application/json" id="body-doc">${json}</script>`);
}

function othersLine(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is also editing`;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are also editing`;
}

export function ArticleEditorPage(props: EditorPageProps) {
  const { article, values, errors, site } = props;
  const id = article?.id;
  const title = article ? `Edit: ${article.headline}` : 'New article';
  return (
    <StaffLayout {...props} title={title} scripts={props.scripts}>
      <NewsroomNav current={article ? null : 'new'} />
      <ErrorSummary errors={errors} />
      {props.notice ? (
        <div class="site-notice" role="status">
          {props.notice}
        </div>
      ) : null}
      <h1>{article ? 'Edit article' : 'New article'}</h1>
      {article ? <ArticleToolsNav articleId={article.id} /> : null}
      {article && props.canCorrect ? (
        <p>
          <a href={`/newsroom/articles/${article.id}/corrections`}>Add a correction</a>
        </p>
      ) : null}
      {article ? (
        <p class="editor-state">
          Status: <strong>{STATE_LABELS[article.state]}</strong>
          {article.publishedAt && article.state !== 'draft' && article.state !== 'review' ? (
            <>
              {' '}
              · {article.state === 'scheduled' ? 'goes out' : 'published'}{' '}
              <time datetime={article.publishedAt}>{formatDateline(article.publishedAt, site.timeZone)}</time>
            </>
          ) : null}{' '}
          · version {article.version}
          {article.state === 'published' ? (
            <>
              {' '}
              · <a href={article.path}>View on the site</a>
            </>
          ) : null}
        </p>
      ) : null}
      {props.readOnly ? <p class="site-notice">{props.readOnly}</p> : null}
      <form
        method="post"
        action={id ? `/newsroom/articles/${id}` : '/newsroom/articles'}
        enctype="multipart/form-data"
        class="article-editor"
        data-article-form
        data-autosave-url={id ? `/newsroom/articles/${id}/autosave` : undefined}
        data-presence-url={id ? `/newsroom/articles/${id}/presence` : undefined}
        data-upload-url="/newsroom/images"
        novalidate
      >
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="version" value={values.version} />
        {/* Inside the form: the editor script keeps this line current from the presence heartbeat. */}
        <p class="presence" id="presence" role="status" data-presence>
          {othersLine(props.othersEditing)}
        </p>
        <input type="hidden" name="bodyPlainHash" value={values.bodyPlainHash} />
        <fieldset class="editor-fields" disabled={!!props.readOnly}>
          <legend class="visually-hidden">The article</legend>
          <TextInput name="kicker" label="Kicker" values={values} errors={errors} hint="A word or two above the headline." />
          <TextInput name="headline" label="Headline" values={values} errors={errors} />
          <Field name="standfirst" label="Standfirst" errors={errors}>
            <textarea id="field-standfirst" name="standfirst" rows="3" {...described('standfirst', errors)}>
              {values.standfirst}
            </textarea>
          </Field>
          <Field name="section" label="Section" errors={errors}>
            <select id="field-section" name="section" {...described('section', errors)}>
              <option value="" selected={!values.section}>
                Choose a section
              </option>
              {props.sections.map((section) => (
                <option value={section.path} selected={values.section === section.path}>
                  {section.name} (/{section.path})
                </option>
              ))}
            </select>
          </Field>
          <TextInput
            name="topics"
            label="Topics"
            values={values}
            errors={errors}
            list="topic-names"
            hint="Separated by commas. A new name makes a new topic."
          />
          <datalist id="topic-names">
            {props.topicNames.map((name) => (
              <option value={name}></option>
            ))}
          </datalist>
          <TextInput
            name="authors"
            label="Authors"
            values={values}
            errors={errors}
            list="author-names"
            hint="Separated by commas, in byline order. A new name makes a new author profile."
          />
          <datalist id="author-names">
            {props.authorNames.map((name) => (
              <option value={name}></option>
            ))}
          </datalist>
          <fieldset class={errors.access ? 'field field-invalid' : 'field'} aria-describedby="error-access">
            <legend>Access</legend>
            <p class="field-error" id="error-access" hidden={!errors.access}>
              {errors.access ?? ''}
            </p>
            {ACCESS_LEVELS.map((level) => (
              <div class="field-radio">
                <input id={`field-access-${level}`} type="radio" name="access" value={level} checked={values.access === level} />
                <label for={`field-access-${level}`}>{ACCESS_LABELS[level]}</label>
              </div>
            ))}
          </fieldset>
          <div class="field field-checkbox">
            <input id="field-commentsEnabled" type="checkbox" name="commentsEnabled" checked={values.commentsEnabled} />
            <label for="field-commentsEnabled">Comments on</label>
          </div>
          <TextInput
            name="slug"
            label="Slug"
            values={values}
            errors={errors}
            readonly={!props.slugEditable}
            hint={
              props.slugEditable
                ? article
                  ? 'The last part of the address. Changing it once published keeps the old address working.'
                  : 'The last part of the address: leave empty to make it from the headline.'
                : 'Only an editor can change the address of a published article.'
            }
          />
          <fieldset class="field editor-hero">
            <legend>Hero image</legend>
            {values.heroImageId ? (
              <figure class="editor-hero-preview">
                <img src={imagePath(values.heroImageId, 480, 'jpg')} alt="" width="240" />
                <figcaption>The image now chosen ({values.heroImageId}).</figcaption>
              </figure>
            ) : null}
            <Field name="heroFile" label="Upload an image" errors={errors} hint="JPEG, PNG, WebP or AVIF. It is added when you save.">
              <input
                id="field-heroFile"
                type="file"
                name="heroFile"
                accept="image/jpeg,image/png,image/webp,image/avif"
                {...described('heroFile', errors, true)}
              />
            </Field>
            <TextInput
              name="heroImageId"
              label="Image id"
              values={values}
              errors={errors}
              hint="Or the id of an image already in the library. Empty, with no upload, means no hero image."
            />
            <p class="field-hint">
              <a href="/newsroom/media" target="_blank" rel="noopener">
                Find an image in the media library (opens in a new tab)
              </a>
              : its id is on its page.
            </p>
            <TextInput name="heroCaption" label="Caption" values={values} errors={errors} />
            <TextInput name="heroCredit" label="Credit" values={values} errors={errors} />
            <TextInput
              name="heroAlt"
              label="Alt text"
              values={values}
              errors={errors}
              hint="Required with an image: what it shows, for readers who cannot see it."
            />
          </fieldset>
          <TextInput name="agencyCredit" label="Agency credit" values={values} errors={errors} />
          <Field name="editorialNote" label="Editorial note" errors={errors} hint="Staff only: never shown to readers.">
            <textarea id="field-editorialNote" name="editorialNote" rows="3" {...described('editorialNote', errors, true)}>
              {values.editorialNote}
            </textarea>
          </Field>
          <Field name="body" label="Body" errors={errors} for="body" hint="Paragraphs separated by a blank line.">
            <textarea id="body" name="body" rows="20" class="editor-body" {...described('body', errors, true)}>
              {values.body}
            </textarea>
          </Field>
          <BodyDocument doc={values.bodyDoc} />
          <Field
            name="publishAt"
            label="Publication time"
            errors={errors}
            hint={`In ${site.timeZone} time. Needed to schedule; empty publishes now.`}
          >
            <input
              id="field-publishAt"
              type="datetime-local"
              name="publishAt"
              value={values.publishAt}
              {...described('publishAt', errors, true)}
            />
          </Field>
          {article?.state === 'published' ? (
            <div class="field field-checkbox">
              <input id="field-significantUpdate" type="checkbox" name="significantUpdate" checked={values.significantUpdate} />
              <label for="field-significantUpdate">Significant update</label>
              <p class="field-hint">Readers are shown the time of this update.</p>
            </div>
          ) : null}
        </fieldset>
        {props.actions.length ? (
          <div class="editor-actions">
            {props.actions.map((action) => (
              <button type="submit" name="action" value={action} class={action === 'save' ? 'button-primary' : 'button-secondary'}>
                {saveLabel(action, article?.state)}
              </button>
            ))}
          </div>
        ) : null}
      </form>
    </StaffLayout>
  );
}
