// The newsletter desk's forms, read and shown: a newsletter's settings, and an
// issue — its subject, preview line, the body (the article editor's fields:
// the Tiptap document from the editor script, or the no-script textarea with
// its hash, read by the same rules as articles) and the ids of articles to add
// to it. Pure, so it is tested without the app.
import { z } from 'zod';
import { MAX_ID, fields, inputs } from '../../core/http/route-input.js';
import type { ArticleBody } from '../articles/articles.types.js';
import { paragraphsToDoc, plainBodyText, plainTextHash, readBodyFields } from './article-form.js';
import type { TaxonomyField } from './views/taxonomy-pages.js';

export type Errors = Record<string, string | undefined>;

const text = (max: number) => fields.text(max).transform((value) => value.replaceAll('\u0000', ''));

export const NEWSLETTER_FORM = z.object({
  name: text(200),
  slug: text(200),
  description: text(2000),
  frequency: text(200),
  senderName: text(200),
  access: inputs.choice(['registered', 'premium'], 'registered'),
  sendTime: text(10),
  isBriefing: fields.checkbox(),
});
export type NewsletterValues = z.output<typeof NEWSLETTER_FORM>;

// Cut generously past the service's limits: the service then says "too long" rather than the text vanishing.
export const ISSUE_FORM = z.object({
  subject: text(400),
  preheader: text(400),
  body: text(500_000),
  bodyPlainHash: text(100),
  bodyDoc: text(2_000_000),
  articles: text(2000),
});

/** The issue form as the page shows it. */
export interface IssueFormValues {
  subject: string;
  preheader: string;
  /** The body as plain paragraphs (the no-script textarea). */
  body: string;
  bodyPlainHash: string;
  /** The document the editor script starts from. */
  bodyDoc: ArticleBody;
  articles: string;
}

export const EMPTY_BODY: ArticleBody = { type: 'doc', content: [] };

/** The service's "field: message" problems, by field ('input' and unknown fields go to the first field). */
export function errorsOf(problems: string[], known: string[]): Errors {
  const errors: Errors = {};
  for (const problem of problems) {
    const match = /^([A-Za-z]+)[.:]/.exec(problem);
    const field = match && known.includes(match[1]!) ? match[1]! : known[0]!;
    const message = problem.replace(/^[A-Za-z.0-9]+: /, '');
    errors[field] = errors[field] ? `${errors[field]} ${message}` : message.charAt(0).toUpperCase() + message.slice(1);
  }
  return errors;
}

/** Where the service's issue problems land on the issue form (HTML is the API's way in; here it is the body). */
export function issueErrorsOf(problems: string[]): Errors {
  return errorsOf(
    problems.map((problem) => problem.replace(/^html:/, 'body:')),
    ['subject', 'preheader', 'body', 'articles'],
  );
}

export function newsletterFields(values: NewsletterValues): TaxonomyField[] {
  return [
    { name: 'name', label: 'Name', value: values.name, maxlength: 120 },
    { name: 'slug', label: 'Slug', value: values.slug, maxlength: 64, hint: 'Lowercase letters, digits and dashes: /newsletters/<slug>.' },
    { name: 'description', label: 'Description', value: values.description, kind: 'textarea', maxlength: 1000 },
    { name: 'frequency', label: 'Frequency', value: values.frequency, maxlength: 120, hint: 'As readers see it: "Every weekday morning".' },
    { name: 'senderName', label: 'Sender name', value: values.senderName, maxlength: 120 },
    {
      name: 'access',
      label: 'Who may get it',
      value: values.access,
      kind: 'select',
      options: [
        { value: 'registered', label: 'Registered readers (free)' },
        { value: 'premium', label: 'Premium subscribers only' },
      ],
    },
    {
      name: 'sendTime',
      label: 'Send time',
      value: values.sendTime,
      maxlength: 5,
      hint: 'HH:MM (24-hour) in the publication’s time zone: when the daily briefing goes. Empty for none.',
    },
    {
      name: 'isBriefing',
      label: 'Daily briefing from the home front',
      value: values.isBriefing ? 'on' : '',
      kind: 'select',
      options: [
        { value: '', label: 'Off: issues are composed by hand' },
        { value: 'on', label: 'On: every day at the send time, an issue of the front’s stories is made and sent' },
      ],
    },
  ];
}

export const EMPTY_NEWSLETTER: NewsletterValues = {
  name: '',
  slug: '',
  description: '',
  frequency: '',
  senderName: '',
  access: 'registered',
  sendTime: '',
  isBriefing: false,
};

/** What the issue form shows for an issue (or a new one): its body as the editor and the textarea start from. */
export function issueFormValues(issue: { subject: string; preheader: string } | null, storedBody: ArticleBody | null): IssueFormValues {
  const body = storedBody ?? EMPTY_BODY;
  const plain = plainBodyText(body);
  return {
    subject: issue?.subject ?? '',
    preheader: issue?.preheader ?? '',
    body: plain,
    bodyPlainHash: plainTextHash(plain),
    bodyDoc: body,
    articles: '',
  };
}

export interface IssueFormReading {
  /** As posted, to show again when something needs fixing. */
  values: IssueFormValues;
  /** The body as posted; null when the form left the stored body as it was. */
  body: ArticleBody | null;
  /** Articles to add at the end of the body, in order; null for none. */
  articleIds: number[] | null;
  errors: Errors;
}

const normalise = (text: string) => text.replace(/\r\n?/g, '\n').trim();

/**
 * Without the script, text typed above or below the stored body's own text (an intro over a list of
 * stories, a sign-off) becomes paragraphs around the stored blocks, which keep their headings and
 * pictures. Any other change is the article editor's rule: the text becomes paragraphs.
 */
function textAroundStored(typed: string, storedBody: ArticleBody): ArticleBody | null {
  const text = normalise(typed);
  const stored = normalise(plainBodyText(storedBody));
  if (!stored || text === stored) return null;
  // Apart from the stored text by a blank line (two line breaks in the white space between).
  const isApart = (space: string) => (space.match(/\n/g) ?? []).length >= 2;
  const before = text.slice(0, text.length - stored.length);
  if (text.endsWith(stored) && isApart(before.slice(before.trimEnd().length))) return appendBlocks(paragraphsToDoc(before), storedBody);
  const after = text.slice(stored.length);
  if (text.startsWith(stored) && isApart(after.slice(0, after.length - after.trimStart().length)))
    return appendBlocks(storedBody, paragraphsToDoc(after));
  return null;
}

/** Reads a posted issue form; `storedBody` is the issue's body now (null for a new issue). */
export function readIssueForm(posted: z.output<typeof ISSUE_FORM>, storedBody: ArticleBody | null): IssueFormReading {
  const errors: Errors = {};
  const reading = readBodyFields(posted, storedBody);
  if (reading.kind === 'unreadable') errors.body = 'The body could not be read: reload the page and try again.';
  const around = reading.kind === 'changed' && !posted.bodyDoc.trim() && storedBody ? textAroundStored(posted.body, storedBody) : null;
  const body = around ?? (reading.kind === 'changed' ? reading.body : null);
  let articleIds: number[] | null = null;
  const parts = posted.articles.split(/[\s,]+/).filter(Boolean);
  // Ids are PostgreSQL integers: a larger number names no article and must not reach a query (a 5xx there).
  if (parts.length && !parts.every((part) => /^[1-9]\d{0,9}$/.test(part) && Number(part) <= MAX_ID))
    errors.articles = 'Give article ids as whole numbers separated by commas.';
  else if (parts.length) articleIds = parts.map(Number);
  const values: IssueFormValues = {
    ...posted,
    // The editor starts again from what was posted (or what is stored, when the body was not touched).
    bodyDoc: body ?? storedBody ?? EMPTY_BODY,
  };
  return { values, body, articleIds, errors };
}

/** The body with the articles' blocks after it: an intro written above a list of stories. */
export function appendBlocks(body: ArticleBody | null, added: ArticleBody): ArticleBody {
  return { type: 'doc', content: [...(body?.content ?? []), ...added.content] };
}
