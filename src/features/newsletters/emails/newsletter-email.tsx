// A newsletter issue as an email, rendered ONCE per issue: the HTML with its
// CSS inlined by juice (never per message: it is the costly step), a plain
// text part, and per-recipient placeholders filled in by string joins for
// each message (fillEmailTemplate). Only what the issue itself holds leaves:
// articles in a list are headline, standfirst and link, never their bodies —
// the gated part of an article goes to no one by email.
import juice from 'juice';
import { trustedHtml } from '#jsx/jsx-runtime';
import { articleBodyHtml } from '../../articles/articles.service.js';
import type { ArticleBody } from '../../articles/articles.types.js';
import { imagePath } from '../../media/media.types.js';
import { bodyToEmailText, withAbsoluteLinks } from './email-body.js';

/** Placeholders swapped per recipient; made only of characters escaping leaves alone. */
export const PLACEHOLDERS = { unsubscribeUrl: '@@MASTHEAD_UNSUBSCRIBE_URL@@', manageUrl: '@@MASTHEAD_MANAGE_URL@@' } as const;

export interface EmailArticle {
  headline: string;
  standfirst: string;
  /** Absolute URL of the article page (which applies the article's own wall). */
  url: string;
  isPremium: boolean;
}

export interface IssueEmailInput {
  publicationName: string;
  publicUrl: string;
  newsletterName: string;
  newsletterSlug: string;
  subject: string;
  preheader: string;
  /** A composed issue, or a list of articles (or both: the body first). */
  body: ArticleBody | null;
  /** The library's words for the body's figures, by image id; a figure whose picture is not here is left out. */
  figureImages: Record<string, { alt: string; caption: string; credit: string }>;
  articles: EmailArticle[];
}

export interface RenderedIssueEmail {
  html: string;
  text: string;
}

const STYLES = `
body { margin: 0; padding: 0; background: #f4f1ea; color: #1d1d1b; font-family: Georgia, 'Times New Roman', serif; }
.wrapper { max-width: 640px; margin: 0 auto; padding: 24px 16px; background: #ffffff; }
.masthead { font-size: 14px; letter-spacing: 0.04em; text-transform: uppercase; color: #5a5a55; margin: 0 0 4px; }
.title { font-size: 26px; line-height: 1.2; margin: 0 0 16px; color: #1d1d1b; }
.body p, .body li { font-size: 17px; line-height: 1.55; }
.body a, .article a { color: #0b5394; }
.body img { max-width: 100%; height: auto; }
.figure { font-size: 14px; color: #5a5a55; }
.credit { font-size: 12px; text-transform: uppercase; }
.article { border-top: 1px solid #d8d4ca; padding: 12px 0; }
.article h2 { font-size: 20px; margin: 0 0 6px; }
.article p { font-size: 16px; line-height: 1.5; margin: 0 0 6px; color: #3a3a36; }
.premium { font-size: 12px; text-transform: uppercase; color: #7a5b00; }
.footer { border-top: 1px solid #d8d4ca; margin-top: 24px; padding-top: 12px; font-size: 13px; color: #5a5a55; }
.footer a { color: #0b5394; }
.preheader { display: none; max-height: 0; overflow: hidden; }
@media (prefers-color-scheme: dark) {
  body, .wrapper { background: #161615 !important; color: #ecebe6 !important; }
  .title, .article h2 { color: #ecebe6 !important; }
  .article p, .masthead, .footer { color: #c9c7bf !important; }
  .body a, .article a, .footer a { color: #8ab4f8 !important; }
}
`;

/** A figure's alt text: its own, else the library's, else its caption; null when the picture is gone. */
function figureAlt(input: IssueEmailInput, imageId: string, alt: string): string | null {
  const stored = input.figureImages[imageId];
  if (!stored) return null;
  return alt || stored.alt || stored.caption || 'Picture';
}

function EmailBody(props: { input: IssueEmailInput; body: ArticleBody }) {
  const { input } = props;
  // Figures become plain <img> with their alt text (mail clients ignore <picture>); other blocks render as on the site.
  return (
    <>
      {props.body.content.map((block) => {
        if (block.type !== 'figure') return trustedHtml(articleBodyHtml({ type: 'doc', content: [block] }, {}));
        const alt = figureAlt(input, block.attrs.imageId, block.attrs.alt);
        if (alt === null) return null;
        const stored = input.figureImages[block.attrs.imageId]!;
        const caption = block.attrs.caption || stored.caption;
        const credit = block.attrs.credit || stored.credit;
        return (
          <p class="figure">
            <img src={input.publicUrl + imagePath(block.attrs.imageId, 960, 'jpg')} alt={alt} width="600" />
            {caption || credit ? <br /> : null}
            {caption}
            {credit ? <span class="credit"> {credit}</span> : null}
          </p>
        );
      })}
    </>
  );
}

function IssueEmail(props: { input: IssueEmailInput }) {
  const { input } = props;
  return (
    <>
      {trustedHtml('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <meta name="supported-color-schemes" content="light dark" />
          <title>{input.subject}</title>
          <style>{trustedHtml(STYLES)}</style>
        </head>
        <body>
          {input.preheader ? <div class="preheader">{input.preheader}</div> : null}
          <div class="wrapper">
            <p class="masthead">
              {input.publicationName} · {input.newsletterName}
            </p>
            <h1 class="title">{input.subject}</h1>
            {input.body ? (
              <div class="body">
                <EmailBody input={input} body={withAbsoluteLinks(input.body, input.publicUrl)} />
              </div>
            ) : null}
            {input.articles.map((article) => (
              <div class="article">
                <h2>
                  <a href={article.url}>{article.headline}</a>
                </h2>
                {article.isPremium ? <span class="premium">Premium</span> : null}
                {article.standfirst ? <p>{article.standfirst}</p> : null}
                <p>
                  <a href={article.url}>Read the story</a>
                </p>
              </div>
            ))}
            <div class="footer">
              <p>
                You receive {input.newsletterName} from {input.publicationName} because you signed up for it.
              </p>
              <p>
                <a href={PLACEHOLDERS.unsubscribeUrl}>Unsubscribe</a> · <a href={PLACEHOLDERS.manageUrl}>Manage your newsletters</a> ·{' '}
                <a href={`${input.publicUrl}/newsletters/${input.newsletterSlug}`}>Past issues</a>
              </p>
            </div>
          </div>
        </body>
      </html>
    </>
  );
}

function plainText(input: IssueEmailInput): string {
  const parts = [`${input.publicationName} · ${input.newsletterName}`, input.subject.toUpperCase()];
  if (input.body)
    parts.push(bodyToEmailText(withAbsoluteLinks(input.body, input.publicUrl), (imageId, alt) => figureAlt(input, imageId, alt)));
  for (const article of input.articles) {
    parts.push([article.headline + (article.isPremium ? ' (Premium)' : ''), article.standfirst, article.url].filter(Boolean).join('\n'));
  }
  parts.push(
    [
      `You receive ${input.newsletterName} from ${input.publicationName} because you signed up for it.`,
      `Unsubscribe: ${PLACEHOLDERS.unsubscribeUrl}`,
      `Manage your newsletters: ${PLACEHOLDERS.manageUrl}`,
    ].join('\n'),
  );
  return `${parts.join('\n\n')}\n`;
}

/** Once per issue: the costly part (rendering and CSS inlining). */
export function renderIssueEmail(input: IssueEmailInput): RenderedIssueEmail {
  const html = IssueEmail({ input }).value;
  // Media queries (dark mode) stay in a <style> block; every other rule becomes inline styles.
  const inlined = juice(html, { preserveMediaQueries: true, removeStyleTags: true, applyWidthAttributes: false });
  return { html: inlined, text: plainText(input) };
}

/** Per message: split once, join with the recipient's values (URLs made of safe characters). */
export interface EmailTemplate {
  htmlParts: string[];
  textParts: string[];
  placeholderOrderHtml: (keyof typeof PLACEHOLDERS)[];
  placeholderOrderText: (keyof typeof PLACEHOLDERS)[];
}

function split(source: string): { parts: string[]; order: (keyof typeof PLACEHOLDERS)[] } {
  const pattern = new RegExp(`(${Object.values(PLACEHOLDERS).join('|')})`, 'g');
  const pieces = source.split(pattern);
  const parts: string[] = [];
  const order: (keyof typeof PLACEHOLDERS)[] = [];
  pieces.forEach((piece, index) => {
    if (index % 2 === 0) parts.push(piece);
    else order.push(piece === PLACEHOLDERS.unsubscribeUrl ? 'unsubscribeUrl' : 'manageUrl');
  });
  return { parts, order };
}

export function compileEmailTemplate(rendered: RenderedIssueEmail): EmailTemplate {
  const html = split(rendered.html);
  const text = split(rendered.text);
  return { htmlParts: html.parts, textParts: text.parts, placeholderOrderHtml: html.order, placeholderOrderText: text.order };
}

function join(parts: string[], order: (keyof typeof PLACEHOLDERS)[], values: Record<keyof typeof PLACEHOLDERS, string>) {
  let out = parts[0]!;
  for (let index = 0; index < order.length; index++) out += values[order[index]!] + parts[index + 1]!;
  return out;
}

export function fillEmailTemplate(template: EmailTemplate, values: { unsubscribeUrl: string; manageUrl: string }) {
  // The values go into href attributes: HTML-escape the ampersand just in case a URL ever carries a query.
  const htmlValues = { unsubscribeUrl: values.unsubscribeUrl.replace(/&/g, '&amp;'), manageUrl: values.manageUrl.replace(/&/g, '&amp;') };
  return {
    html: join(template.htmlParts, template.placeholderOrderHtml, htmlValues),
    text: join(template.textParts, template.placeholderOrderText, values),
  };
}
