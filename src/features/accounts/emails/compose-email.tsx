// One look for every account email: the publication's name, a heading, short
// paragraphs and links, as HTML and as plain text from the same words.
import type { EmailMessage } from '../../../core/email/mailer.js';

export interface EmailContext {
  publicationName: string;
  publicUrl: string;
}

export type Paragraph = string | { href: string; label: string };

export function composeEmail(
  context: EmailContext,
  options: { to: string; subject: string; heading: string; paragraphs: Paragraph[] },
): EmailMessage {
  const { heading, paragraphs } = options;
  const text = [
    context.publicationName,
    '',
    heading,
    '',
    ...paragraphs.map((paragraph) => (typeof paragraph === 'string' ? paragraph : `${paragraph.label}: ${paragraph.href}`)),
  ].join('\n\n');
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
