// Account emails: plain text and HTML from the same words. Every email names
// the publication and says why it was sent.
import type { EmailMessage } from '../../../core/email/mailer.js';
import { composeEmail, type EmailContext, type Paragraph } from './compose-email.js';

export type { EmailContext } from './compose-email.js';

function email(context: EmailContext, to: string, subject: string, heading: string, paragraphs: Paragraph[]): EmailMessage {
  return composeEmail(context, { to, subject, heading, paragraphs });
}

export function verificationEmail(context: EmailContext, to: string, firstName: string, token: string): EmailMessage {
  const href = `${context.publicUrl}/account/verify?token=${encodeURIComponent(token)}`;
  return email(context, to, `Confirm your email address for ${context.publicationName}`, `Welcome, ${firstName}`, [
    `Thank you for registering with ${context.publicationName}. Please confirm that this is your email address:`,
    { href, label: 'Confirm my email address' },
    'The link works once and expires in 48 hours. If you did not register, you can ignore this email.',
  ]);
}

export function alreadyRegisteredEmail(context: EmailContext, to: string): EmailMessage {
  return email(context, to, `You already have a ${context.publicationName} account`, 'You already have an account', [
    'Someone, probably you, just tried to register with this email address, which already has an account.',
    { href: `${context.publicUrl}/signin`, label: 'Sign in' },
    { href: `${context.publicUrl}/forgot-password`, label: 'Forgotten your password? Choose a new one' },
    'If it was not you, you can ignore this email: nothing has changed on your account.',
  ]);
}

export function passwordResetEmail(context: EmailContext, to: string, token: string): EmailMessage {
  const href = `${context.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
  return email(context, to, `Choose a new password for ${context.publicationName}`, 'Choose a new password', [
    'We received a request to reset the password for this email address.',
    { href, label: 'Choose a new password' },
    'The link works once and expires in one hour. If you did not ask for it, ignore this email: your password has not changed.',
  ]);
}

export function passwordChangedEmail(context: EmailContext, to: string): EmailMessage {
  return email(context, to, `Your ${context.publicationName} password was changed`, 'Your password was changed', [
    'The password for your account was just changed, and every other device was signed out.',
    'If this was not you, reset your password now and contact us.',
    { href: `${context.publicUrl}/forgot-password`, label: 'Reset my password' },
  ]);
}

export function staffInvitationEmail(context: EmailContext, to: string, firstName: string, href: string, role: string): EmailMessage {
  return email(context, to, `You're invited to the ${context.publicationName} newsroom`, `Welcome, ${firstName}`, [
    `An administrator has invited you to the ${context.publicationName} newsroom as ${role === 'admin' || role === 'author' || role === 'editor' ? `an ${role}` : `a ${role}`}. Choose your password to sign in:`,
    { href, label: 'Choose my password' },
    'The link works once and expires in 24 hours. If you were not expecting this, you can ignore this email.',
  ]);
}
