import { BotCheckFields } from './bot-check-fields.js';
import { CsrfField, ErrorSummary, NextField, TextField, CheckboxField } from '../../../core/views/forms.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { RegistrationField } from '../accounts.service.js';
import { AccountLayout } from './account-layout.js';

export const REGISTRATION_LABELS: Record<RegistrationField, string> = {
  email: 'Email',
  password: 'Password',
  firstName: 'First name',
  lastName: 'Last name',
  dateOfBirth: 'Date of birth',
};

export interface RegisterFormModel {
  next: string;
  csrfToken: string;
  formStamp: string;
  values: Partial<Record<RegistrationField | 'marketingOptOut', string>>;
  errors: Partial<Record<RegistrationField, string>>;
  formError?: string;
  noScriptDelaySeconds: number;
  /** The reader password policy in words (its minimum length is a setting). */
  passwordHint: string;
  /**
   * Where the funnel's counts credit this form: `form` under an article's wall
   * (its first submission is a registration started there), `continued` once
   * started (a refused attempt shown again, /register reached from a wall's link).
   */
  wall?: 'form' | 'continued';
}

/** The fields and the bot protection of the registration form; used on /register and under the wall. */
export function RegistrationForm(props: { model: RegisterFormModel; showSignIn?: boolean }) {
  const { model } = props;
  const signInHref = model.next !== '/' ? `/signin?next=${encodeURIComponent(model.next)}` : '/signin';
  return (
    <form method="post" action="/register" class="account-form" novalidate data-enhance="registration">
      <ErrorSummary errors={model.errors} labels={REGISTRATION_LABELS} formError={model.formError} />
      <CsrfField token={model.csrfToken} />
      <NextField next={model.next} />
      {model.wall ? <input type="hidden" name="wall" value={model.wall} /> : null}
      <TextField
        name="email"
        label="Email"
        type="email"
        autocomplete="email"
        inputmode="email"
        maxlength={254}
        value={model.values.email}
        error={model.errors.email}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autocomplete="new-password"
        maxlength={256}
        hint={model.passwordHint}
        error={model.errors.password}
      />
      <TextField
        name="firstName"
        label="First name"
        autocomplete="given-name"
        maxlength={80}
        value={model.values.firstName}
        error={model.errors.firstName}
      />
      <TextField
        name="lastName"
        label="Last name"
        autocomplete="family-name"
        maxlength={80}
        value={model.values.lastName}
        error={model.errors.lastName}
      />
      <TextField
        name="dateOfBirth"
        label="Date of birth"
        type="date"
        autocomplete="bday"
        hint="You must be over 18 to register."
        value={model.values.dateOfBirth}
        error={model.errors.dateOfBirth}
      />
      <CheckboxField
        name="marketingOptOut"
        checked={model.values.marketingOptOut === 'on'}
        label="I do not want to receive marketing emails about offers, events and news from the publisher."
        hint="You can opt-out at any time by signing in to your account to manage your preferences. Each email has a link to unsubscribe."
      />
      <BotCheckFields
        form="register"
        formStamp={model.formStamp}
        noScriptHint={`Without JavaScript, please take at least ${model.noScriptDelaySeconds} seconds to fill in this form: it helps us tell people from bots.`}
      />
      <p class="consent">
        By clicking Register you confirm that the data you have entered is correct and that you have read and agree to our{' '}
        <a href="/terms">Terms of use</a>, <a href="/cookies">Cookie policy</a> and <a href="/privacy">Privacy notice</a>.
      </p>
      <button type="submit" class="button-primary">
        Register
      </button>
      {props.showSignIn === false ? null : (
        <p>
          Already have an account? <a href={signInHref}>Sign in</a>
        </p>
      )}
    </form>
  );
}

export function RegisterPage(props: { site: SiteContext; model: RegisterFormModel; scripts: string[] }) {
  return (
    <AccountLayout
      site={props.site}
      title="Register"
      description={`Register for free with ${props.site.publicationName}`}
      scripts={props.scripts}
    >
      <h1>Register for free</h1>
      <p class="lede">Registered readers get limited access to Premium articles, exclusive newsletters, commenting and virtual events.</p>
      <RegistrationForm model={props.model} />
    </AccountLayout>
  );
}
