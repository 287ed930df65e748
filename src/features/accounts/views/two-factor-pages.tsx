// The second factor's pages: the code step of sign-in, re-verification after
// idle time, enrolment (QR code, the secret as text, the first code), the
// recovery codes shown once, and the status page.
import type { SafeHtml } from '#jsx/jsx-runtime';
import { CsrfField, ErrorSummary, NextField, TextField } from '../../../core/views/forms.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { AccountLayout } from './account-layout.js';

/** The label of the code field everywhere it is asked for. */
export const CODE_LABEL = 'Authentication code';

export const CODE_MESSAGES = {
  wrong: "That code didn't work. Enter the 6-digit code your authenticator app shows now, or a recovery code.",
  reused: 'That code has already been used. Wait for the next code in your authenticator app and enter that one.',
  wrongAtEnrolment: "That code didn't work. Check that your phone's clock is right and enter the code the app shows now.",
  locked: (minutes: number) =>
    `Too many wrong codes. For your security, codes for this account are refused for ${minutes} minute${minutes === 1 ? '' : 's'}; then try again.`,
} as const;

function CodeField(props: { error?: string; hint: string }) {
  return (
    <TextField
      name="code"
      label={CODE_LABEL}
      hint={props.hint}
      autocomplete="one-time-code"
      inputmode="numeric"
      maxlength={40}
      error={props.error}
    />
  );
}

export interface CodeStepModel {
  /** `sign-in`: after the password; `reverify`: a signed-in session idle for too long. */
  mode: 'sign-in' | 'reverify';
  csrfToken: string;
  next: string;
  error?: string;
}

export function CodeStepPage(props: { site: SiteContext; model: CodeStepModel }) {
  const { model } = props;
  const title = model.mode === 'sign-in' ? 'Enter your authentication code' : 'Confirm it’s you';
  return (
    <AccountLayout site={props.site} title={title}>
      <h1>{title}</h1>
      {model.mode === 'reverify' ? (
        <p>You haven’t used the newsroom for a while. To carry on, enter a code from your authenticator app.</p>
      ) : null}
      <form method="post" action={model.mode === 'sign-in' ? '/signin/code' : '/signin/verify'} class="account-form">
        <ErrorSummary errors={{ code: model.error }} labels={{ code: CODE_LABEL }} />
        <CsrfField token={model.csrfToken} />
        {model.mode === 'reverify' ? <NextField next={model.next} /> : null}
        <CodeField error={model.error} hint="The 6-digit code from your authenticator app, or one of your recovery codes." />
        <button type="submit" class="button-primary">
          Continue
        </button>
      </form>
      {model.mode === 'sign-in' ? (
        <p>
          <a href="/signin">Start again</a>
        </p>
      ) : null}
    </AccountLayout>
  );
}

export interface EnrolmentModel {
  csrfToken: string;
  next: string;
  secret: string;
  qrCode: SafeHtml | null;
  required: boolean;
  error?: string;
}

/** "MZXW 6YTB …": groups of four, easier to type from the screen. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export function EnrolmentPage(props: { site: SiteContext; model: EnrolmentModel }) {
  const { model } = props;
  return (
    <AccountLayout site={props.site} title="Set up two-step verification">
      <h1>Set up two-step verification</h1>
      {model.required ? <p>Your role in the newsroom needs a second step at sign-in. Set it up to carry on.</p> : null}
      <ol class="enrolment-steps">
        <li>
          <p>Open an authenticator app on your phone and add an account by scanning this QR code.</p>
          {model.qrCode ? <figure class="qr-figure">{model.qrCode}</figure> : null}
          <p>
            Can’t scan it? Choose to enter a setup key and type in this key (time-based):{' '}
            <code class="totp-secret" id="totp-secret">
              {groupedSecret(model.secret)}
            </code>
          </p>
        </li>
        <li>
          <form method="post" action="/account/two-factor" class="account-form">
            <ErrorSummary errors={{ code: model.error }} labels={{ code: CODE_LABEL }} />
            <CsrfField token={model.csrfToken} />
            <NextField next={model.next} />
            <CodeField error={model.error} hint="Enter the 6-digit code the app now shows for this account." />
            <button type="submit" class="button-primary">
              Turn on two-step verification
            </button>
          </form>
        </li>
      </ol>
    </AccountLayout>
  );
}

export function RecoveryCodesPage(props: { site: SiteContext; codes: string[]; next: string; isNew: boolean }) {
  return (
    <AccountLayout site={props.site} title="Your recovery codes">
      <h1>Your recovery codes</h1>
      {props.isNew ? (
        <p role="status">Two-step verification is on.</p>
      ) : (
        <p role="status">New recovery codes made; the old ones no longer work.</p>
      )}
      <p>
        If you lose your phone, each of these codes lets you sign in once instead of a code from the app. Keep them somewhere safe: this is
        the only time they are shown.
      </p>
      <ul class="recovery-codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href={props.next} class="button-primary">
          I’ve saved them: continue
        </a>
      </p>
    </AccountLayout>
  );
}

export function TwoFactorStatusPage(props: { site: SiteContext; csrfToken: string; codesLeft: number }) {
  return (
    <AccountLayout site={props.site} title="Two-step verification">
      <h1>Two-step verification</h1>
      <p>Two-step verification is on: signing in asks for a code from your authenticator app.</p>
      <p>
        You have {props.codesLeft} unused recovery code{props.codesLeft === 1 ? '' : 's'}.
      </p>
      <form method="post" action="/account/two-factor/recovery-codes">
        <CsrfField token={props.csrfToken} />
        <button type="submit">Make new recovery codes</button>
      </form>
      <p>Lost your phone? An administrator can reset two-step verification from the newsroom’s staff page.</p>
      <p>
        <a href="/newsroom">Back to the newsroom</a>
      </p>
    </AccountLayout>
  );
}
