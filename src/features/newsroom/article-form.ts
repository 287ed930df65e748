// The editor form, read: what a browser posts (with or without the editor
// script) becomes the fields the article editing service takes, plus the
// action and the version the form started from. Pure, so it is tested alone.
//
// The body has three ways in. The editor script sends the document itself
// (`bodyDoc`, ProseMirror JSON). Without the script the form carries a
// plain-text rendering of the body in a textarea, with a hash of that text as
// it was sent: text that comes back unchanged keeps the stored body as it is
// (headings, figures and quotes the author did not touch are not flattened);
// changed text becomes paragraphs (blank lines between them).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fields as formFields, type FieldErrors } from '../../core/http/route-input.js';
import type { FormBody } from '../../core/http/request-values.js';
import { articleBodySchema, bodyToPlainText } from '../articles/articles.service.js';
import type { AccessLevel } from '../../core/db/schema.js';
import type { ArticleBody, ArticleFields, EditableArticle, FieldProblem } from '../articles/articles.types.js';
import { utcToZonedLocal, zonedLocalToUtc } from './publication-time.js';

export const FORM_ACTIONS = ['save', 'submit', 'publish', 'schedule', 'unpublish'] as const;
export type FormAction = (typeof FORM_ACTIONS)[number];
export const ACCESS_LEVELS: readonly AccessLevel[] = ['free', 'registered', 'premium'];

/** The form's fields as text, as the page shows them (from the article, or as posted when they need fixing). */
export interface EditorFormValues {
  kicker: string;
  headline: string;
  standfirst: string;
  section: string;
  topics: string;
  authors: string;
  access: string;
  commentsEnabled: boolean;
  slug: string;
  heroImageId: string;
  heroCaption: string;
  heroCredit: string;
  heroAlt: string;
  agencyCredit: string;
  editorialNote: string;
  body: string;
  bodyPlainHash: string;
  /** The stored document, for the editor script (absent before the first save). */
  bodyDoc: ArticleBody;
  publishAt: string;
  significantUpdate: boolean;
  version: string;
}

/** The labels the page shows, by form field: the error summary names fields by them. */
export const FIELD_LABELS: Record<string, string> = {
  kicker: 'Kicker',
  headline: 'Headline',
  standfirst: 'Standfirst',
  section: 'Section',
  topics: 'Topics',
  authors: 'Authors',
  access: 'Access',
  commentsEnabled: 'Comments',
  slug: 'Slug',
  heroFile: 'Hero image',
  heroImageId: 'Image id',
  heroCaption: 'Caption',
  heroCredit: 'Credit',
  heroAlt: 'Alt text',
  agencyCredit: 'Agency credit',
  editorialNote: 'Editorial note',
  body: 'Body',
  publishAt: 'Publication time',
  version: 'Version',
};

/** Where the service's and the media library's field names land on this form. */
const FORM_FIELD_OF: Record<string, string> = {
  'hero.alt': 'heroAlt',
  'hero.caption': 'heroCaption',
  'hero.credit': 'heroCredit',
  'hero.imageId': 'heroImageId',
  publishedAt: 'publishAt',
  status: 'form',
};
const FORM_FIELD_OF_UPLOAD: Record<string, string> = { alt: 'heroAlt', caption: 'heroCaption', credit: 'heroCredit', file: 'heroFile' };

export function formErrorsOf(problems: readonly FieldProblem[], from: 'article' | 'upload' = 'article'): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of problems) {
    const field = (from === 'upload' ? FORM_FIELD_OF_UPLOAD : FORM_FIELD_OF)[problem.field] ?? problem.field;
    errors[field in FIELD_LABELS ? field : 'form'] ??= problem.message;
  }
  return errors;
}

const normaliseText = (text: string) => text.replace(/\r\n?/g, '\n').trim();

/** The body as the textarea shows it: its paragraphs' text, a blank line between blocks. */
export function plainBodyText(body: ArticleBody): string {
  return bodyToPlainText(body);
}

export function plainTextHash(text: string): string {
  return createHash('sha256').update(normaliseText(text)).digest('base64url');
}

/** Text typed without the editor as a document: a paragraph for each run of lines between blank lines. */
export function paragraphsToDoc(text: string): ArticleBody {
  const paragraphs = normaliseText(text)
    .split(/\n[ \t]*\n\s*/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  return {
    type: 'doc',
    content: paragraphs.map((paragraph) => ({
      type: 'paragraph' as const,
      content: paragraph
        .split('\n')
        .flatMap((line, index) => [
          ...(index > 0 ? [{ type: 'hardBreak' as const }] : []),
          ...(line.trim() ? [{ type: 'text' as const, text: line.trim() }] : []),
        ]),
    })),
  };
}

/** What the page shows for an article, or for a new one. */
export function formValuesOf(article: EditableArticle | null, timeZone: string): EditorFormValues {
  const body = article?.body ?? { type: 'doc' as const, content: [] };
  const plain = plainBodyText(body);
  return {
    kicker: article?.kicker ?? '',
    headline: article?.headline ?? '',
    standfirst: article?.standfirst ?? '',
    section: article?.section ?? '',
    topics: article?.topics.join(', ') ?? '',
    authors: article?.authors.join(', ') ?? '',
    access: article?.access ?? 'free',
    commentsEnabled: article?.commentsEnabled ?? true,
    slug: article?.slug ?? '',
    heroImageId: article?.hero?.imageId ?? '',
    heroCaption: article?.hero?.caption ?? '',
    heroCredit: article?.hero?.credit ?? '',
    heroAlt: article?.hero?.alt ?? '',
    agencyCredit: article?.agencyCredit ?? '',
    editorialNote: article?.editorialNote ?? '',
    body: plain,
    bodyPlainHash: plainTextHash(plain),
    bodyDoc: body,
    publishAt: article?.publishedAt ? utcToZonedLocal(article.publishedAt, timeZone) : '',
    significantUpdate: false,
    version: article ? String(article.version) : '',
  };
}

// Cut generously past the service's limits: the service then says "too long" rather than the text vanishing.
const editorFormSchema = z.object({
  kicker: formFields.text(1000),
  headline: formFields.text(2000),
  standfirst: formFields.text(5000),
  section: formFields.text(300),
  topics: formFields.text(5000),
  authors: formFields.text(5000),
  access: formFields.text(20),
  commentsEnabled: formFields.checkbox(),
  slug: formFields.text(300),
  heroImageId: formFields.text(100),
  heroCaption: formFields.text(5000),
  heroCredit: formFields.text(1000),
  heroAlt: formFields.text(2000),
  agencyCredit: formFields.text(1000),
  editorialNote: formFields.text(20_000),
  body: formFields.text(500_000),
  bodyPlainHash: formFields.text(100),
  bodyDoc: formFields.text(2_000_000),
  publishAt: formFields.text(40),
  significantUpdate: formFields.checkbox(),
  version: formFields.text(12),
  action: formFields.text(20),
});

/** The body's fields as a form posts them (the article editor's, the newsletter desk's). */
export interface PostedBodyFields {
  /** The no-script textarea: plain paragraphs. */
  body: string;
  /** A hash of the textarea's text as the page sent it. */
  bodyPlainHash: string;
  /** The editor script's document (JSON), '' without the script. */
  bodyDoc: string;
}

export type BodyFieldsReading = { kind: 'changed'; body: ArticleBody } | { kind: 'unchanged' } | { kind: 'unreadable' };

/**
 * What the posted body says: the script's document when present (checked against the body schema),
 * else the textarea's text — unchanged (its hash or its text matches what was stored) keeps the stored
 * body as it is, so figures and headings survive a save without the script; changed text becomes paragraphs.
 */
export function readBodyFields(posted: PostedBodyFields, storedBody: ArticleBody | null): BodyFieldsReading {
  if (posted.bodyDoc.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(posted.bodyDoc);
    } catch {
      return { kind: 'unreadable' };
    }
    const checked = articleBodySchema.safeParse(parsed);
    return checked.success ? { kind: 'changed', body: checked.data } : { kind: 'unreadable' };
  }
  const text = normaliseText(posted.body);
  const untouched =
    storedBody !== null && (plainTextHash(text) === posted.bodyPlainHash || text === normaliseText(plainBodyText(storedBody)));
  return untouched ? { kind: 'unchanged' } : { kind: 'changed', body: paragraphsToDoc(text) };
}

export interface EditorFormReading {
  /** As posted, to show again when something needs fixing. */
  values: EditorFormValues;
  action: FormAction;
  /** The version the form was opened at; null for a new article (or a form without one). */
  baseVersion: number | null;
  fields: Partial<ArticleFields> & { headline: string; section: string };
  publishAt: string | undefined;
  significantUpdate: boolean;
  /** What this form alone can tell is wrong (the service checks the rest). */
  problems: FieldProblem[];
}

const names = (text: string) =>
  text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);

/** Reads a posted editor form; `storedBody` is the article's body now (null for a new article). */
export function readEditorForm(body: FormBody, options: { storedBody: ArticleBody | null; timeZone: string }): EditorFormReading {
  // Every field is lenient text: this cannot fail.
  const posted = editorFormSchema.parse(body);
  const problems: FieldProblem[] = [];
  const action = (FORM_ACTIONS as readonly string[]).includes(posted.action) ? (posted.action as FormAction) : 'save';
  const versionNumber = /^[1-9][0-9]{0,9}$/.test(posted.version) ? Number(posted.version) : null;
  if (!ACCESS_LEVELS.includes(posted.access as AccessLevel))
    problems.push({ field: 'access', message: 'Choose free, registered or premium.' });

  let articleBody: ArticleBody | undefined;
  let shownDoc = options.storedBody ?? { type: 'doc' as const, content: [] };
  const bodyReading = readBodyFields(posted, options.storedBody);
  if (bodyReading.kind === 'changed') articleBody = shownDoc = bodyReading.body;
  else if (bodyReading.kind === 'unreadable')
    problems.push({ field: 'body', message: 'The body could not be read: reload the page and try again.' });

  let publishAt: string | undefined;
  if (posted.publishAt.trim()) {
    const reading = zonedLocalToUtc(posted.publishAt, options.timeZone);
    if (reading.kind === 'ok') publishAt = reading.iso;
    else problems.push({ field: 'publishedAt', message: reading.message });
  }

  const heroImageId = posted.heroImageId.trim();
  const fields: EditorFormReading['fields'] = {
    kicker: posted.kicker,
    headline: posted.headline,
    standfirst: posted.standfirst,
    section: posted.section,
    topics: names(posted.topics),
    authors: names(posted.authors),
    access: ACCESS_LEVELS.includes(posted.access as AccessLevel) ? (posted.access as AccessLevel) : 'free',
    commentsEnabled: posted.commentsEnabled,
    slug: posted.slug,
    agencyCredit: posted.agencyCredit,
    editorialNote: posted.editorialNote,
    hero: heroImageId ? { imageId: heroImageId, caption: posted.heroCaption, credit: posted.heroCredit, alt: posted.heroAlt } : null,
    ...(articleBody ? { body: articleBody } : {}),
  };
  const values: EditorFormValues = {
    ...posted,
    heroImageId,
    bodyDoc: shownDoc,
    // Shown again as typed; the hash stays the original's, so text left as it was is still recognised.
    bodyPlainHash: posted.bodyPlainHash,
  };
  return { values, action, baseVersion: versionNumber, fields, publishAt, significantUpdate: posted.significantUpdate, problems };
}
