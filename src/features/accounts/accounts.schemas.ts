// What the account routes read from a request: their queries and forms, as zod
// schemas (core/http/route-input.ts). The rules for what a reader may type —
// and the publisher's messages — stay with the services (field-rules.ts,
// account-rules.ts), which the registration form's script shares with the
// browser: these schemas only say which fields a form has and in what shape
// they reach the service.
import { z } from 'zod';
import { nextPathInput } from '../../core/http/next-path.js';
import { fields, inputs } from '../../core/http/route-input.js';

/** How much of a rejected field a page shows back in its form. */
const SHOWN_LENGTH = 300;

/**
 * A field the service checks itself, handed over whole (no field outgrows the
 * 64 KB body limit); anything but text arrives as '', which every rule refuses
 * with the same message it gives a missing field.
 */
const checkedByService = () => fields.text(Number.POSITIVE_INFINITY);

/** A field that must be one value if present: repeated or structured values are a malformed post (400). */
const singleText = () =>
  z
    .string()
    .optional()
    .transform((value) => value ?? '');

/** `?next=` and the forms' hidden `next`: a path on this site, or '/'. */
export const nextQuery = (publicUrl: string) => z.object({ next: nextPathInput(publicUrl) });

export const registrationForm = (publicUrl: string) =>
  z
    // Loose: bot protection reads its own fields (altcha, form_started, the honeypot) and registration the marketing choice, as sent.
    .looseObject({
      next: nextPathInput(publicUrl),
      email: checkedByService(),
      password: checkedByService(),
      firstName: checkedByService(),
      lastName: checkedByService(),
      dateOfBirth: checkedByService(),
    })
    .transform((form) => ({
      form,
      // What the form shows again when it is refused (never the password).
      shown: {
        email: form.email.slice(0, SHOWN_LENGTH),
        firstName: form.firstName.slice(0, SHOWN_LENGTH),
        lastName: form.lastName.slice(0, SHOWN_LENGTH),
        dateOfBirth: form.dateOfBirth.slice(0, 20),
        marketingOptOut: form.marketingOptOut === 'on' ? 'on' : '',
      },
    }));

// The address is read as the page shows it back; rate limits key on its normalised form.
// Loose: past an account's failure ceiling, bot protection reads its own fields (altcha, form_started, the honeypot).
export const signInForm = (publicUrl: string) =>
  z.looseObject({ next: nextPathInput(publicUrl), email: fields.text(SHOWN_LENGTH), password: checkedByService() });

export const forgotPasswordForm = z.object({ email: fields.text(SHOWN_LENGTH) });

export const challengeQuery = z.object({ form: inputs.optionalText(40) });

/** A link's token: the service refuses anything that is not one (too long, missing, repeated). */
export const verificationQuery = z.object({ token: inputs.optionalText(200) });
export const verificationForm = z.object({ token: checkedByService() });

export const resetLinkQuery = z.object({ token: fields.text(100) });
export const resetPasswordForm = z.object({ token: fields.text(100), password: checkedByService() });

// Account settings: the service gives each field's errors (422); a field sent in a shape no form sends is a 400.
export const profileForm = z.object({ firstName: singleText(), lastName: singleText() }).transform((input) => ({
  input,
  shown: { firstName: input.firstName.slice(0, SHOWN_LENGTH), lastName: input.lastName.slice(0, SHOWN_LENGTH) },
}));

const NEWSLETTER_ID = /^[1-9]\d{0,8}$/;

export const preferencesForm = z.object({
  marketingOptOut: z
    .literal('on')
    .optional()
    .transform((value) => value === 'on'),
  // One checkbox per newsletter: absent, one id, or several.
  newsletter: z
    .union([z.string(), z.array(z.string()).max(500)])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.string().regex(NEWSLETTER_ID, 'newsletter is not a newsletter id').transform(Number))),
});

export const endSessionForm = z.object({ session: z.string().min(1).max(100) });

export const changePasswordForm = z.object({ currentPassword: singleText(), newPassword: singleText() });

export const changeEmailForm = z
  .object({ newEmail: singleText(), currentPassword: singleText() })
  .transform((input) => ({ input, shown: { newEmail: input.newEmail.slice(0, SHOWN_LENGTH) } }));

export const emailChangeLinkQuery = z.object({ token: inputs.optionalText(200) });
export const confirmEmailChangeForm = z.object({ token: singleText() });

export const deleteAccountForm = z.object({ password: singleText() });

/** For forms whose only field is the CSRF token. */
export const buttonForm = z.object({});

/** The second factor's forms: the code (a TOTP code or a recovery code, checked by the service) and where to go next. */
export const codeForm = (publicUrl: string) => z.object({ next: nextPathInput(publicUrl), code: fields.text(40) });
