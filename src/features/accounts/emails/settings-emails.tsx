// Emails sent from the account settings pages. Same look and wording rules as
// account-emails.tsx: name the publication, say why the email was sent.
import type { EmailMessage } from '../../../core/email/mailer.js';
import type { EmailContext } from './account-emails.js';

type Paragraph = string | { href: string; label: string };

function email(context: EmailContext, options: { to: string; subject: string; heading: string; paragraphs: Paragraph[] }): EmailMessage {
  const { heading, paragraphs } = options;
  const text = [context.publicationName, '', heading, '', ...paragraphs.map((paragraph) => (typeof paragraph === 'string' ? paragraph : `${paragraph.label}: ${paragraph.href}`))].join('\n\n');
  const html = (
    <html lang="en">
      <body style="font-family: Georgia, serif; color: #121212; max-width: 36rem; margin: 0 auto; padding: 1rem;">
        <p style="font-size: 1.25rem; font-weight: bold;">{context.publicationName}</p>
        <h1 style="font-size: 1.4rem;">{heading}</h1>
        {paragraphs.map((paragraph) =>
          typeof paragraph === 'string' ? (
            <p>{paragraph}</p>
          ) : (
            <p>
              <a href={paragraph.href} style="color: #0b4f8a; font-weight: bold;">
                {paragraph.label}
              </a>
            </p>
          ),
        )}
      </body>
    </html>
  ).value;
  return { to: options.to, subject: options.subject, text, html: `<!doctype html>${html}` };
}

/** To the new address: the link that completes the change. */
export function confirmEmailChangeEmail(context: EmailContext, to: string, token: string): EmailMessage {
  const href = `${context.publicUrl}/account/email/confirm?token=${encodeURIComponent(token)}`;
  return email(context, {
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
  return email(context, {
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
  return email(context, {
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
