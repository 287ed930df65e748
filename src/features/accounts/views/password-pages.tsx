import { CsrfField, ErrorSummary, TextField } from '../../../core/views/forms.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { AccountLayout } from './account-layout.js';

export function ForgotPasswordPage(props: { site: SiteContext; csrfToken: string }) {
  return (
    <AccountLayout site={props.site} title="Forgotten your password?">
      <h1>Forgotten your password?</h1>
      <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
      <form method="post" action="/forgot-password" class="account-form">
        <CsrfField token={props.csrfToken} />
        <TextField name="email" label="Email" type="email" autocomplete="email" inputmode="email" maxlength={254} />
        <button type="submit" class="button-primary">
          Send me a link
        </button>
      </form>
    </AccountLayout>
  );
}

export function ResetPasswordPage(props: { site: SiteContext; token: string; csrfToken: string; hint?: string; error?: string }) {
  return (
    <AccountLayout site={props.site} title="Choose a new password">
      <h1>Choose a new password</h1>
      <form method="post" action="/reset-password" class="account-form">
        <ErrorSummary errors={{ password: props.error }} labels={{ password: 'New password' }} />
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <TextField
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          maxlength={256}
          hint={props.hint ?? 'At least 6 characters, with an upper and lower case letter and a number.'}
          error={props.error}
        />
        <button type="submit" class="button-primary">
          Save my new password
        </button>
      </form>
    </AccountLayout>
  );
}
