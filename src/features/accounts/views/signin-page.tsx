import { BotCheckFields } from './bot-check-fields.js';
import { CsrfField, ErrorSummary, NextField, TextField } from '../../../core/views/forms.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { AccountLayout } from './account-layout.js';

export const SIGN_IN_FAILED = "That email and password don't match an account. Please try again, or reset your password.";
export const SIGN_IN_CHECK_NEEDED =
  "Many attempts to sign in to this account have failed recently, so we need a quick check that you're a person. Please enter your password again and sign in.";
export const SIGN_IN_CHECK_FAILED = "We couldn't confirm that you're a person. Please enter your password again and sign in.";

export interface SignInFormModel {
  next: string;
  csrfToken: string;
  email?: string;
  formError?: string;
  /** Past the account's failure ceiling: the proof-of-work, or without JavaScript a minimum time on the form. */
  botCheck?: { formStamp: string; noScriptDelaySeconds: number };
}

export function SignInPage(props: { site: SiteContext; model: SignInFormModel; scripts?: string[] }) {
  const { model } = props;
  const registerHref = model.next !== '/' ? `/register?next=${encodeURIComponent(model.next)}` : '/register';
  return (
    <AccountLayout site={props.site} title="Sign in" scripts={props.scripts}>
      <h1>Sign in</h1>
      <form method="post" action="/signin" class="account-form">
        <ErrorSummary errors={{}} labels={{}} formError={model.formError} />
        <CsrfField token={model.csrfToken} />
        <NextField next={model.next} />
        <TextField name="email" label="Email" type="email" autocomplete="username" inputmode="email" maxlength={254} value={model.email} />
        <TextField name="password" label="Password" type="password" autocomplete="current-password" maxlength={1024} />
        {model.botCheck ? (
          <BotCheckFields
            form="signin"
            formStamp={model.botCheck.formStamp}
            noScriptHint={`Without JavaScript, please wait at least ${model.botCheck.noScriptDelaySeconds} seconds before you sign in: it helps us tell people from bots.`}
          />
        ) : null}
        <button type="submit" class="button-primary">
          Sign in
        </button>
      </form>
      <p>
        <a href="/forgot-password">Forgotten your password?</a>
      </p>
      <p>
        New here? <a href={registerHref}>Register for free</a>
      </p>
    </AccountLayout>
  );
}
