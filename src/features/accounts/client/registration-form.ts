// Progressive enhancement of the registration form (views/register-page.tsx):
// checks each field as the reader types, with the server's own rules and
// messages (field-rules.ts), and stops a submission that would only come back
// with errors. The server validates everything anyway: if this script fails to
// load, or throws, the form simply posts.
//
// Markup it relies on (core/views/forms.tsx): input `field-<name>`, error
// paragraph `error-<name>` (hidden when empty), wrapper `.field` that gets
// `.field-invalid`, and the `#error-summary` box.
import {
  checkDateOfBirth,
  checkEmail,
  checkName,
  checkPasswordShape,
  readerPasswordPolicy,
  type CalendarDate,
  type FieldResult,
} from '../field-rules.js';
import { page, type FormElement, type InputElement, type PageElement, type PageEvent } from './browser.js';

type Check = (value: string) => FieldResult<string>;

/**
 * "Today" in the time zone furthest ahead (UTC+14). The server decides age in
 * the publication's zone; judging by the latest date anywhere means the browser
 * never turns away a reader the server would accept, whatever their clock's zone.
 */
function latestToday(): CalendarDate {
  const ahead = new Date(Date.now() + 14 * 3_600_000);
  return { year: ahead.getUTCFullYear(), month: ahead.getUTCMonth() + 1, day: ahead.getUTCDate() };
}

// The reader policy's default minimum: an operator may raise it (never lower
// it), in which case the server has the last word on the few lengths between.
const passwordPolicy = readerPasswordPolicy();

const CHECKS: Record<string, Check> = {
  email: checkEmail,
  password: (value) => checkPasswordShape(value, passwordPolicy),
  firstName: (value) => checkName(value, 'first'),
  lastName: (value) => checkName(value, 'last'),
  dateOfBirth: (value) => checkDateOfBirth(value, latestToday()),
};

const SUBMIT_CONTROLS = 'button:not([type]), button[type="submit"], input[type="submit"]';

interface Field {
  name: string;
  input: InputElement;
  check: Check;
}

/** The proof-of-work widget, as far as this script needs it. */
interface AltchaElement extends PageElement {
  getState?: () => string;
}

function messageFor(field: Field): string | undefined {
  const result = field.check(field.input.value);
  return result.ok ? undefined : result.message;
}

function show(field: Field, message: string | undefined): void {
  const error = page.getElementById(`error-${field.name}`);
  if (error) {
    error.textContent = message ?? '';
    error.hidden = !message;
  }
  if (message) field.input.setAttribute('aria-invalid', 'true');
  else field.input.removeAttribute('aria-invalid');
  field.input.closest('.field')?.classList.toggle('field-invalid', Boolean(message));
}

function labelOf(field: Field): string {
  return page.querySelector(`label[for="${field.input.id}"]`)?.textContent?.trim() ?? field.name;
}

/** Rebuilds the summary box at the top of the form, like the server's ErrorSummary. */
function showSummary(form: FormElement, invalid: Array<[Field, string]>): void {
  page.getElementById('error-summary')?.remove();
  const summary = page.createElement('div');
  summary.className = 'error-summary';
  summary.id = 'error-summary';
  summary.setAttribute('role', 'alert');
  summary.tabIndex = -1;
  const heading = page.createElement('h2');
  heading.textContent = 'There is a problem';
  const list = page.createElement('ul');
  for (const [field, message] of invalid) {
    const link = page.createElement('a');
    link.href = `#${field.input.id}`;
    link.textContent = `${labelOf(field)}: ${message}`;
    const item = page.createElement('li');
    item.append(link);
    list.append(item);
  }
  summary.append(heading, list);
  form.prepend(summary);
}

/** A fixed field leaves the summary quietly (removals are not announced). */
function dropFromSummary(field: Field): void {
  const summary = page.getElementById('error-summary');
  if (!summary) return;
  for (const link of summary.querySelectorAll(`a[href="#${field.input.id}"]`)) link.closest('li')?.remove();
  if (!summary.querySelector('li')) summary.remove();
}

function enhance(form: FormElement): void {
  const fields: Field[] = [];
  for (const [name, check] of Object.entries(CHECKS)) {
    const input = form.querySelector<InputElement>(`input#field-${name}`);
    if (input) fields.push({ name, input, check });
  }
  // Fields the server already marked are checked live straight away.
  const touched = new Set(fields.filter((field) => field.input.getAttribute('aria-invalid') === 'true').map((field) => field.name));

  function validate(field: Field): string | undefined {
    const message = messageFor(field);
    show(field, message);
    if (!message) dropFromSummary(field);
    return message;
  }

  // Pressing Register blurs the field being typed in. A message shown then
  // would push the button down before the press ends, and the click would land
  // beside it, so that blur shows nothing: the submit check shows everything.
  let isPressingSubmit = false;
  form.addEventListener('pointerdown', (event) => {
    isPressingSubmit = Boolean(event.target?.closest(SUBMIT_CONTROLS));
  });
  page.addEventListener('pointerup', () => (isPressingSubmit = false), true);
  page.addEventListener('pointercancel', () => (isPressingSubmit = false), true);

  for (const field of fields) {
    field.input.addEventListener('blur', () => {
      if (isPressingSubmit) return;
      // Leaving an untouched empty field is not a mistake yet.
      if (!touched.has(field.name) && field.input.value === '') return;
      touched.add(field.name);
      validate(field);
    });
    const onEdit = () => {
      if (touched.has(field.name)) validate(field);
    };
    field.input.addEventListener('input', onEdit);
    field.input.addEventListener('change', onEdit);
  }

  form.addEventListener('submit', (event) => {
    let invalid: Array<[Field, string]>;
    try {
      invalid = fields.flatMap((field): Array<[Field, string]> => {
        touched.add(field.name);
        const message = validate(field);
        return message ? [[field, message]] : [];
      });
    } catch {
      return; // our bug must never cost a registration: let the server judge
    }
    if (invalid.length > 0) {
      event.preventDefault();
      showSummary(form, invalid);
      invalid[0]![0].input.focus();
      return;
    }
    // Submitted while the proof-of-work is still running: post once it is done,
    // rather than without it (the server would take the form for a bot's).
    const widget = form.querySelector<AltchaElement>('altcha-widget');
    if (widget?.getState?.() === 'verifying') {
      event.preventDefault();
      const submitter = event.submitter ?? null;
      const onStateChange = (change: PageEvent) => {
        const state = (change.detail as { state?: string } | undefined)?.state;
        if (state === 'verifying') return;
        widget.removeEventListener('statechange', onStateChange);
        form.requestSubmit(submitter);
      };
      widget.addEventListener('statechange', onStateChange);
    }
  });
}

for (const form of page.querySelectorAll<FormElement>('form[data-enhance="registration"]')) enhance(form);
