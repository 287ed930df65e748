// Accessible form building blocks. Conventions the client-side enhancement
// relies on: a field's input has id `field-<name>`, its error paragraph has id
// `error-<name>` and is referenced by aria-describedby; the error summary at
// the top links to each invalid field.
import type { Child } from '#jsx/jsx-runtime';
import { CSRF_FIELD } from '../http/csrf.js';

export interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'search';
  value?: string;
  error?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
  inputmode?: 'text' | 'email' | 'numeric';
}

export function TextField(props: FieldProps) {
  const id = `field-${props.name}`;
  const hintId = props.hint ? `hint-${props.name}` : undefined;
  const errorId = `error-${props.name}`;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="field-hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      <p class="field-error" id={errorId} hidden={!props.error} aria-live="polite">
        {props.error ?? ''}
      </p>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        maxlength={props.maxlength}
        inputmode={props.inputmode}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ')}
      />
    </div>
  );
}

export function CheckboxField(props: { name: string; label: Child; checked?: boolean; hint?: string }) {
  const id = `field-${props.name}`;
  return (
    <div class="field field-checkbox">
      <input
        id={id}
        type="checkbox"
        name={props.name}
        checked={props.checked ?? false}
        aria-describedby={props.hint ? `hint-${props.name}` : undefined}
      />
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="field-hint" id={`hint-${props.name}`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/** Every error at once, at the top, each linking to its field (GOV.UK pattern). */
export function ErrorSummary(props: { errors: Record<string, string | undefined>; labels: Record<string, string>; formError?: string }) {
  const entries = Object.entries(props.errors).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  if (entries.length === 0 && !props.formError) return null;
  return (
    <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
      <h2>There is a problem</h2>
      <ul>
        {props.formError ? <li>{props.formError}</li> : null}
        {entries.map(([name, message]) => (
          <li>
            <a href={`#field-${name}`}>
              {props.labels[name] ?? name}: {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

export function NextField(props: { next: string }) {
  return <input type="hidden" name="next" value={props.next} />;
}
