// Notification emails: plain text and HTML from the same words. The comment
// excerpt is reader text: the HTML part escapes it like any other string
// (the safe-by-default JSX runtime), and the text part is plain text. Every
// email carries an unsubscribe link for its kind, in the body and in the
// List-Unsubscribe headers (one-click, RFC 8058).
import type { EmailMessage } from '../../../core/email/mailer.js';
import type { EmailNotificationKind } from '../community.types.js';

export interface CommunityEmailContext {
  publicationName: string;
  publicUrl: string;
}

export interface NotificationEmailInput {
  to: string;
  recipientFirstName: string;
  kind: EmailNotificationKind;
  actorName: string;
  headline: string;
  /** Null when the comment is on an article whose text the email must not quote (premium). */
  excerpt: string | null;
  /** Absolute URL of the comment in its thread. */
  commentUrl: string;
  /** Absolute URL of the unsubscribe page for this reader and kind. */
  unsubscribeUrl: string;
}

export function notificationEmail(context: CommunityEmailContext, input: NotificationEmailInput): EmailMessage {
  const isReply = input.kind === 'replies';
  const subject = isReply ? `${input.actorName} replied to your comment` : `${input.actorName} commented on “${input.headline}”`;
  const lead = isReply
    ? `${input.actorName} replied to your comment on “${input.headline}”.`
    : `${input.actorName}, whom you follow, commented on “${input.headline}”.`;
  const linkLabel = isReply ? 'Read the reply' : 'Read the comment';
  const why = isReply
    ? 'You receive these emails when someone replies to your comments.'
    : 'You receive these emails when readers you follow comment.';
  const preferencesUrl = `${context.publicUrl}/account/notifications`;

  const text = [
    context.publicationName,
    `Hello ${input.recipientFirstName},`,
    lead,
    ...(input.excerpt ? [`“${input.excerpt}”`] : []),
    `${linkLabel}: ${input.commentUrl}`,
    '--',
    `${why} Stop them: ${input.unsubscribeUrl}`,
    `Choose which emails you get: ${preferencesUrl}`,
  ].join('\n\n');

  const html = (
    <html lang="en">
      <body style="font-family: Georgia, serif; color: #121212; max-width: 36rem; margin: 0 auto; padding: 1rem;">
        <p style="font-size: 1.25rem; font-weight: bold;">{context.publicationName}</p>
        <p>Hello {input.recipientFirstName},</p>
        <p>{lead}</p>
        {input.excerpt ? (
          <blockquote style="border-left: 3px solid #ccc; margin: 1rem 0; padding-left: 0.75rem;">{input.excerpt}</blockquote>
        ) : null}
        <p>
          <a href={input.commentUrl} style="color: #0b4f8a; font-weight: bold;">
            {linkLabel}
          </a>
        </p>
        <hr />
        <p style="font-size: 0.875rem; color: #555;">
          {why} <a href={input.unsubscribeUrl}>Unsubscribe from these emails</a> · <a href={preferencesUrl}>Choose which emails you get</a>
        </p>
      </body>
    </html>
  ).value;

  return {
    to: input.to,
    subject,
    text,
    html: `<!doctype html>${html}`,
    headers: { 'List-Unsubscribe': `<${input.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
