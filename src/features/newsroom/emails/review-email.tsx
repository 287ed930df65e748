// The email an editor who asked for it gets when a story is submitted for review.
import type { EmailMessage } from '../../../core/email/mailer.js';

export interface NewsroomEmailContext {
  publicationName: string;
  publicUrl: string;
}

export function reviewRequestEmail(
  context: NewsroomEmailContext,
  options: { to: string; firstName: string; headline: string; submittedBy: string; editUrl: string },
): EmailMessage {
  const subject = `For review: ${options.headline}`;
  const lines = [
    `Hello ${options.firstName},`,
    `${options.submittedBy} submitted “${options.headline}” for review.`,
    `Review it in the newsroom: ${options.editUrl}`,
    `You get these emails because you asked for them in the newsroom's notifications. Turn them off there: ${context.publicUrl}/newsroom/notifications`,
  ];
  const html = (
    <html lang="en">
      <body style="font-family: Georgia, serif; color: #121212; max-width: 36rem; margin: 0 auto; padding: 1rem;">
        <p style="font-size: 1.25rem; font-weight: bold;">{context.publicationName} newsroom</p>
        <p>Hello {options.firstName},</p>
        <p>
          {options.submittedBy} submitted “{options.headline}” for review.
        </p>
        <p>
          <a href={options.editUrl} style="color: #0b4f8a; font-weight: bold;">
            Review it in the newsroom
          </a>
        </p>
        <p style="font-size: 0.875rem;">
          You get these emails because you asked for them. <a href={`${context.publicUrl}/newsroom/notifications`}>Turn them off</a>.
        </p>
      </body>
    </html>
  ).value;
  return { to: options.to, subject, text: lines.join('\n\n'), html: `<!doctype html>${html}` };
}
