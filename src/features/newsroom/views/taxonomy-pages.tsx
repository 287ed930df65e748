// The newsroom's sections, topics and authors: a list with a form to add
// one, and an edit form each. Fields are described once (TaxonomyField) so
// the three kinds share the same accessible markup: errors summarised at the
// top and linked to their field, `aria-describedby`/`aria-invalid` on it.
import type { Child, SafeHtml } from '#jsx/jsx-runtime';
import { CsrfField, ErrorSummary } from '../../../core/views/forms.js';
import type { SectionNode } from '../../articles/articles.service.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { NewsroomNav, StaffLayout } from './staff-layout.js';

export type TaxonomyKind = 'sections' | 'topics' | 'authors';

export interface TaxonomyField {
  name: string;
  label: string;
  value: string;
  kind?: 'text' | 'textarea' | 'select';
  hint?: string;
  maxlength?: number;
  options?: { value: string; label: string }[];
}

export interface TaxonomyFormProps {
  action: string;
  submitLabel: string;
  fields: TaxonomyField[];
  errors: Record<string, string | undefined>;
  csrfToken: string;
  /** Hidden inputs (an edit form's fingerprint of what it was opened with). */
  hidden?: Record<string, string>;
}

export function FieldInput(props: { field: TaxonomyField; error?: string | undefined }) {
  const { field } = props;
  const id = `field-${field.name}`;
  const hintId = field.hint ? `hint-${field.name}` : undefined;
  const errorId = `error-${field.name}`;
  const described = [hintId, errorId].filter(Boolean).join(' ');
  const invalid = props.error ? 'true' : undefined;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{field.label}</label>
      {field.hint ? (
        <p class="field-hint" id={hintId}>
          {field.hint}
        </p>
      ) : null}
      <p class="field-error" id={errorId} hidden={!props.error} aria-live="polite">
        {props.error ?? ''}
      </p>
      {field.kind === 'textarea' ? (
        <textarea id={id} name={field.name} rows="4" maxlength={field.maxlength} aria-invalid={invalid} aria-describedby={described}>
          {field.value}
        </textarea>
      ) : field.kind === 'select' ? (
        <select id={id} name={field.name} aria-invalid={invalid} aria-describedby={described}>
          {(field.options ?? []).map((option) => (
            <option value={option.value} selected={option.value === field.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          name={field.name}
          type="text"
          value={field.value}
          maxlength={field.maxlength}
          aria-invalid={invalid}
          aria-describedby={described}
        />
      )}
    </div>
  );
}

export function TaxonomyForm(props: TaxonomyFormProps) {
  const labels = Object.fromEntries(props.fields.map((field) => [field.name, field.label]));
  return (
    <>
      <ErrorSummary errors={props.errors} labels={labels} />
      <form method="post" action={props.action} novalidate class="taxonomy-form">
        <CsrfField token={props.csrfToken} />
        {Object.entries(props.hidden ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        {props.fields.map((field) => (
          <FieldInput field={field} error={props.errors[field.name]} />
        ))}
        <button type="submit">{props.submitLabel}</button>
      </form>
    </>
  );
}

const TITLES: Record<TaxonomyKind, string> = { sections: 'Sections', topics: 'Topics', authors: 'Authors' };

export function TaxonomyListPage(props: {
  site: SiteContext;
  account: SafeHtml;
  kind: TaxonomyKind;
  intro: string;
  notice?: string;
  list: Child;
  createHeading: string;
  form: TaxonomyFormProps;
  status?: number;
}) {
  return (
    <StaffLayout site={props.site} account={props.account} title={TITLES[props.kind]}>
      <NewsroomNav current={props.kind} />
      <h1>{TITLES[props.kind]}</h1>
      <p>{props.intro}</p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.list}
      <h2>{props.createHeading}</h2>
      <TaxonomyForm {...props.form} />
    </StaffLayout>
  );
}

export function TaxonomyEditPage(props: {
  site: SiteContext;
  account: SafeHtml;
  kind: TaxonomyKind;
  title: string;
  readerPath: string;
  note: string;
  form: TaxonomyFormProps;
}) {
  return (
    <StaffLayout site={props.site} account={props.account} title={props.title}>
      <NewsroomNav current={props.kind} />
      <p class="kicker">
        <a href={`/newsroom/${props.kind}`}>{TITLES[props.kind]}</a>
      </p>
      <h1>{props.title}</h1>
      <p>
        Readers see it at <a href={props.readerPath}>{props.readerPath}</a>. {props.note}
      </p>
      <TaxonomyForm {...props.form} />
    </StaffLayout>
  );
}

function MoveButton(props: { id: number; direction: 'up' | 'down'; name: string; disabled: boolean; csrfToken: string }) {
  const label = props.direction === 'up' ? 'Move up' : 'Move down';
  return (
    <form method="post" action={`/newsroom/sections/${props.id}/move`} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <button
        type="submit"
        name="direction"
        value={props.direction}
        class="button-secondary"
        disabled={props.disabled}
        aria-label={`${label}: ${props.name}`}
      >
        {label}
      </button>
    </form>
  );
}

/** The section tree, each section indented under its parent, with its place among its siblings. */
export function SectionTreeTable(props: { tree: SectionNode[]; csrfToken: string }) {
  return (
    <table class="newsroom-articles">
      <thead>
        <tr>
          <th scope="col">Section</th>
          <th scope="col">Address</th>
          <th scope="col">Order</th>
        </tr>
      </thead>
      <tbody>
        {props.tree.map((node) => (
          <tr>
            <td style={`padding-left: ${node.depth * 1.5}rem`}>
              <a href={`/newsroom/sections/${node.id}`}>{node.name}</a>
            </td>
            <td>/{node.path}</td>
            <td>
              <MoveButton id={node.id} direction="up" name={node.name} disabled={node.isFirst} csrfToken={props.csrfToken} />{' '}
              <MoveButton id={node.id} direction="down" name={node.name} disabled={node.isLast} csrfToken={props.csrfToken} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TopicList(props: { topics: { id: number; slug: string; name: string }[] }) {
  if (props.topics.length === 0) return <p class="empty">No topics yet.</p>;
  return (
    <ul class="taxonomy-list">
      {props.topics.map((topic) => (
        <li>
          <a href={`/newsroom/topics/${topic.id}`}>{topic.name}</a> (/topic/{topic.slug})
        </li>
      ))}
    </ul>
  );
}

export function AuthorList(props: { authors: { id: number; slug: string; name: string; jobTitle: string }[] }) {
  if (props.authors.length === 0) return <p class="empty">No authors yet.</p>;
  return (
    <ul class="taxonomy-list">
      {props.authors.map((author) => (
        <li>
          <a href={`/newsroom/authors/${author.id}`}>{author.name}</a>
          {author.jobTitle ? `, ${author.jobTitle}` : ''} (/author/{author.slug})
        </li>
      ))}
    </ul>
  );
}
