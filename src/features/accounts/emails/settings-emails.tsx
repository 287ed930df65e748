// Emails sent from the account settings pages. Same look and wording rules as
// account-emails.tsx: name the publication, say why the email was sent.
import type { EmailMessage } from '../../../core/email/mailer.js';
import { composeEmail, type EmailContext } from './compose-email.js';

/** To the new address: the link that completes the change. */
export function confirmEmailChangeEmail(context: EmailContext, to: string, token: string): EmailMessage {
  const href = `${context.publicUrl}/account/email/confirm?token=${encodeURIComponent(token)}`;
  return composeEmail(context, {
    to,
    subject: `Confirm your new email address for ${context.publicationName}`,
    heading: 'Confirm your new email address',
    paragraphs: [
      `You asked to use this address for your ${context.publicationName} account. Please confirm it:`,
      { href, label: 'Confirm my new email address' },
      'The link works once and expires in 24 hours. If you did not ask for this, ignore this email: nothing will change.',
    ],
  });
}

/** To the old address, whatever happens next, so the owner hears of every attempt. */
export function emailChangeRequestedEmail(context: EmailContext, to: string, newEmail: string): EmailMessage {
  return composeEmail(context, {
    to,
    subject: `A change of email address was requested for your ${context.publicationName} account`,
    heading: 'A change of email address was requested',
    paragraphs: [
      `Someone signed in to your account asked to change its email address to ${newEmail}. The change happens only when the link we sent to that address is followed.`,
      'If this was you, there is nothing more to do here.',
      'If it was not you, someone may know your password. Choose a new one now: that also signs out every other device.',
      { href: `${context.publicUrl}/forgot-password`, label: 'Choose a new password' },
    ],
  });
}

/** To the new address when it already belongs to another account: the requester is not told. */
export function emailAlreadyInUseEmail(context: EmailContext, to: string): EmailMessage {
  return composeEmail(context, {
    to,
    subject: `Your ${context.publicationName} account`,
    heading: 'This address already has an account',
    paragraphs: [
      `Someone asked to move another ${context.publicationName} account to this email address. This address already has its own account, so nothing was changed.`,
      'If it was you, sign in with this address instead.',
      { href: `${context.publicUrl}/signin`, label: 'Sign in' },
      'If it was not you, you can ignore this email.',
    ],
  });
}
