// The account pages reached from /account: change password, change email
// address (and confirm it), delete the account.
import type { Child } from '#jsx/jsx-runtime';
import { CsrfField, ErrorSummary, TextField } from '../../../core/views/forms.js';
import type { DeletionField, EmailChangeField, PasswordChangeField } from '../account-settings.service.js';
import type { FieldErrors } from '../accounts.service.js';
import { BackToAccount, SettingsLayout, type SettingsChrome } from './settings-layout.js';

export const PASSWORD_CHANGE_LABELS: Record<PasswordChangeField, string> = {
  currentPassword: 'Current password',
  newPassword: 'New password',
};
export const EMAIL_CHANGE_LABELS: Record<EmailChangeField, string> = { newEmail: 'New email address', currentPassword: 'Current password' };
export const DELETION_LABELS: Record<DeletionField, string> = { password: 'Password' };

export function ChangePasswordPage(props: { chrome: SettingsChrome; errors: FieldErrors<PasswordChangeField>; passwordHint: string }) {
  const { chrome, errors } = props;
  return (
    <SettingsLayout chrome={chrome} title="Change your password">
      <h1>Change your password</h1>
      <p>When you save a new password, every other device signed in to your account is signed out, and we email you to let you know.</p>
      <form method="post" action="/account/password" class="account-form" novalidate>
        <ErrorSummary errors={errors} labels={PASSWORD_CHANGE_LABELS} />
        <CsrfField token={chrome.csrfToken} />
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autocomplete="current-password"
          maxlength={1024}
          error={errors.currentPassword}
        />
        <TextField
          name="newPassword"
          label="New password"
          type="password"
          autocomplete="new-password"
          maxlength={256}
          hint={props.passwordHint}
          error={errors.newPassword}
        />
        <button type="submit" class="button-primary">
          Save my new password
        </button>
      </form>
      <p>
        <a href="/forgot-password">Forgotten your current password?</a>
      </p>
      <BackToAccount />
    </SettingsLayout>
  );
}

export function ChangeEmailPage(props: {
  chrome: SettingsChrome;
  currentEmail: string;
  values: { newEmail: string };
  errors: FieldErrors<EmailChangeField>;
}) {
  const { chrome, errors } = props;
  return (
    <SettingsLayout chrome={chrome} title="Change your email address">
      <h1>Change your email address</h1>
      <p>
        Your account uses <strong>{props.currentEmail}</strong>. We will send a confirmation link to the new address; the change happens
        when you follow it, within 24 hours. We also let your current address know.
      </p>
      <form method="post" action="/account/email" class="account-form" novalidate>
        <ErrorSummary errors={errors} labels={EMAIL_CHANGE_LABELS} />
        <CsrfField token={chrome.csrfToken} />
        <TextField
          name="newEmail"
          label="New email address"
          type="email"
          autocomplete="email"
          inputmode="email"
          maxlength={254}
          value={props.values.newEmail}
          error={errors.newEmail}
        />
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autocomplete="current-password"
          maxlength={1024}
          error={errors.currentPassword}
        />
        <button type="submit" class="button-primary">
          Send the confirmation link
        </button>
      </form>
      <BackToAccount />
    </SettingsLayout>
  );
}

export function ConfirmEmailChangePage(props: { chrome: SettingsChrome; token: string; newEmail: string }) {
  const { chrome } = props;
  return (
    <SettingsLayout chrome={chrome} title="Confirm your new email address">
      <h1>Confirm your new email address</h1>
      <p>
        From now on, sign in and receive our emails at <strong>{props.newEmail}</strong>?
      </p>
      <form method="post" action="/account/email/confirm" class="account-form">
        <CsrfField token={chrome.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <button type="submit" class="button-primary">
          Use this address
        </button>
      </form>
      <BackToAccount />
    </SettingsLayout>
  );
}

export function SettingsMessagePage(props: { chrome: SettingsChrome; title: string; children?: Child }) {
  return (
    <SettingsLayout chrome={props.chrome} title={props.title}>
      <h1>{props.title}</h1>
      {props.children}
      <BackToAccount />
    </SettingsLayout>
  );
}

export function DeleteAccountPage(props: { chrome: SettingsChrome; errors: FieldErrors<DeletionField> }) {
  const { chrome, errors } = props;
  return (
    <SettingsLayout chrome={chrome} title="Delete your account">
      <h1>Delete your account</h1>
      <p>Deleting your account cannot be undone. You may want to download your data first.</p>
      <h2>What we delete</h2>
      <ul>
        <li>Your email address, name, date of birth and password.</li>
        <li>Your newsletter choices and every device signed in to your account: you are signed out everywhere.</li>
        <li>Links we have emailed you, and the emails we still hold for your address.</li>
        <li>The network address and browser details recorded with your consents.</li>
      </ul>
      <h2>What we keep, anonymised</h2>
      <ul>
        <li>
          A record that an account existed, shown as "Deleted reader", so that anything that refers to it (such as the record of what was
          agreed to) stays consistent. Nothing in it identifies you.
        </li>
        <li>Which versions of our terms, privacy notice and cookie policy were agreed to, and when: we must be able to show this.</li>
      </ul>
      <form method="post" action="/account/delete" class="account-form" novalidate>
        <ErrorSummary errors={errors} labels={DELETION_LABELS} />
        <CsrfField token={chrome.csrfToken} />
        <TextField
          name="password"
          label="Your password"
          type="password"
          autocomplete="current-password"
          maxlength={1024}
          hint="To make sure it is you."
          error={errors.password}
        />
        <button type="submit" class="button-danger">
          Delete my account
        </button>
      </form>
      <BackToAccount />
    </SettingsLayout>
  );
}
