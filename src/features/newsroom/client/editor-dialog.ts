// A small modal form in a native <dialog> (focus kept inside, Escape closes,
// the page behind inert): the link address, an image's alt text, caption and
// credit. Appended to <body>, never inside the article form (forms do not
// nest). Each field has a visible label and its own error text, tied to it
// by aria-describedby; the dialog's status line is a polite live region
// (upload progress).
import { browser, type InputElement, type PageElement } from './browser.js';

export interface DialogField {
  name: string;
  label: string;
  value?: string;
  required?: boolean;
  maxLength?: number;
  /** Shown under the label: what a good value is. */
  hint?: string;
}

/** What `submit` answers: nothing (done, the dialog closes) or messages to show, by field name or for the whole form (`''`). */
export type DialogErrors = Record<string, string> | null;

export interface DialogOptions {
  title: string;
  submitLabel: string;
  fields: DialogField[];
  submit(values: Record<string, string>, status: (message: string) => void): Promise<DialogErrors> | DialogErrors;
}

let dialogCount = 0;

/** Shows the form; resolves with the values once `submit` accepts them, or null when cancelled. */
export function openFormDialog(options: DialogOptions): Promise<Record<string, string> | null> {
  const { document } = browser;
  const id = `editor-dialog-${++dialogCount}`;
  const dialog = document.createElement('dialog');
  dialog.className = 'editor-dialog';
  dialog.setAttribute('aria-labelledby', `${id}-title`);
  const form = document.createElement('form');
  form.setAttribute('method', 'dialog');
  const title = document.createElement('h2');
  title.id = `${id}-title`;
  title.textContent = options.title;
  form.append(title);

  const inputs = new Map<string, { input: InputElement; error: PageElement }>();
  for (const field of options.fields) {
    const row = document.createElement('p');
    const label = document.createElement('label');
    label.setAttribute('for', `${id}-${field.name}`);
    label.textContent = field.required ? `${field.label} (required)` : field.label;
    const input = document.createElement('input');
    input.type = 'text';
    input.id = `${id}-${field.name}`;
    input.name = field.name;
    input.value = field.value ?? '';
    input.required = field.required ?? false;
    if (field.maxLength) input.maxLength = field.maxLength;
    const error = document.createElement('span');
    error.id = `${id}-${field.name}-error`;
    error.className = 'editor-dialog-error';
    const describedBy = [error.id];
    row.append(label);
    if (field.hint) {
      const hint = document.createElement('span');
      hint.id = `${id}-${field.name}-hint`;
      hint.className = 'editor-dialog-hint';
      hint.textContent = field.hint;
      row.append(hint);
      describedBy.unshift(hint.id);
    }
    input.setAttribute('aria-describedby', describedBy.join(' '));
    row.append(input, error);
    form.append(row);
    inputs.set(field.name, { input, error });
  }

  const status = document.createElement('p');
  status.className = 'editor-dialog-status';
  status.setAttribute('role', 'status');
  const actions = document.createElement('p');
  actions.className = 'editor-dialog-actions';
  const submitButton = document.createElement('button');
  submitButton.type = 'submit';
  submitButton.textContent = options.submitLabel;
  const cancelButton = document.createElement('button');
  cancelButton.type = 'button';
  cancelButton.textContent = 'Cancel';
  actions.append(submitButton, cancelButton);
  form.append(status, actions);
  dialog.append(form);
  document.body.append(dialog);

  return new Promise((resolve) => {
    let result: Record<string, string> | null = null;
    let busy = false;
    const finish = () => {
      dialog.close();
    };
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    cancelButton.addEventListener('click', finish);
    form.addEventListener('submit', (event) => {
      // The browser has checked `required` and `maxlength` before this event.
      event.preventDefault();
      if (busy) return;
      const values: Record<string, string> = {};
      for (const [name, { input }] of inputs) values[name] = input.value.trim();
      const required = options.fields.find((field) => field.required && !values[field.name]);
      if (required) {
        showErrors({ [required.name]: `Enter the ${required.label.toLowerCase()}.` });
        return;
      }
      busy = true;
      submitButton.disabled = true;
      void Promise.resolve(options.submit(values, (message) => (status.textContent = message)))
        .then((errors) => {
          if (!errors) {
            result = values;
            finish();
          } else showErrors(errors);
        })
        .finally(() => {
          busy = false;
          submitButton.disabled = false;
        });
    });

    function showErrors(errors: Record<string, string>): void {
      let first: InputElement | undefined;
      for (const [name, { input, error }] of inputs) {
        error.textContent = errors[name] ?? '';
        if (errors[name]) {
          input.setAttribute('aria-invalid', 'true');
          first ??= input;
        } else input.removeAttribute('aria-invalid');
      }
      status.textContent = errors[''] ?? '';
      first?.focus();
    }

    dialog.showModal();
  });
}
