// Test support: what a browser without JavaScript would post from the
// newsroom editor page: every field of the article form as the page filled
// it in (text and hidden inputs, checked boxes and radios, selected options,
// textareas), to be changed by the test and posted back.
import type { FormFields } from '../../accounts/testing/session-helpers.js';
import { decodeHtml } from '../../accounts/testing/session-helpers.js';

function attributes(tag: string): Record<string, string | true> {
  const found: Record<string, string | true> = {};
  for (const match of tag.matchAll(/\s([a-zA-Z][\w:-]*)(?:="([^"]*)")?/g))
    found[match[1]!] = match[2] === undefined ? true : decodeHtml(match[2]);
  return found;
}

/** The article form's fields as the page holds them (the form with data-article-form). */
export function editorFormFields(html: string): FormFields {
  const start = html.indexOf('<form');
  const formStart = html.indexOf('data-article-form') > -1 ? html.lastIndexOf('<form', html.indexOf('data-article-form')) : start;
  const form = html.slice(formStart, html.indexOf('</form>', formStart));
  const fields: FormFields = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const attrs = attributes(tag);
    const name = attrs.name;
    if (typeof name !== 'string' || attrs.disabled) continue;
    const type = typeof attrs.type === 'string' ? attrs.type : 'text';
    if (type === 'file') continue;
    if (type === 'checkbox' || type === 'radio') {
      if (attrs.checked) fields[name] = typeof attrs.value === 'string' ? attrs.value : 'on';
      continue;
    }
    fields[name] = typeof attrs.value === 'string' ? attrs.value : '';
  }
  for (const match of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const attrs = attributes(match[1]!);
    if (typeof attrs.name === 'string') fields[attrs.name] = decodeHtml(match[2]!);
  }
  for (const match of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const attrs = attributes(match[1]!);
    if (typeof attrs.name !== 'string') continue;
    const selected =
      /<option\b[^>]*\bvalue="([^"]*)"[^>]*\bselected[^>]*>/.exec(match[2]!) ?? /<option\b[^>]*\bvalue="([^"]*)"/.exec(match[2]!);
    fields[attrs.name] = selected ? decodeHtml(selected[1]!) : '';
  }
  return fields;
}

/** The workflow buttons the page offers, by their labels. */
export function actionButtons(html: string): string[] {
  return [...html.matchAll(/<button type="submit" name="action" value="[a-z]+"[^>]*>([^<]*)<\/button>/g)].map((match) => match[1]!.trim());
}

/** The stored body document the page hands the editor script. */
export function bodyDocIn(html: string): unknown {
  const match = /<script type="application\/json" id="body-doc">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no body-doc script in the page');
  return JSON.parse(match[1]!);
}
