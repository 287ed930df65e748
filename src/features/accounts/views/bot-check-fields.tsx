// The bot check a form carries (core/security/bot-protection.ts): a honeypot,
// the signed "form started" stamp for readers without JavaScript, and the
// ALTCHA widget, which solves the form's proof-of-work as the page loads.
import { ALTCHA_FIELD, FORM_STAMP_FIELD, HONEYPOT_FIELD } from '../../../core/security/bot-protection.js';

export function BotCheckFields(props: { form: 'register' | 'signin'; formStamp: string; noScriptHint: string }) {
  return (
    <>
      {/* People never see this field; bots that fill every input do. */}
      <div class="honeypot" aria-hidden="true">
        <label for="field-website">Leave this empty</label>
        <input id="field-website" type="text" name={HONEYPOT_FIELD} tabindex="-1" autocomplete="off" />
      </div>
      <input type="hidden" name={FORM_STAMP_FIELD} value={props.formStamp} />
      <div class="bot-check">
        <altcha-widget challenge={`/altcha/challenge?form=${props.form}`} name={ALTCHA_FIELD} auto="onload"></altcha-widget>
        <noscript>
          <p class="field-hint">{props.noScriptHint}</p>
        </noscript>
      </div>
    </>
  );
}
