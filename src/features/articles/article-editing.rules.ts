// Who may do what to an article, and what makes its fields acceptable: pure
// functions, so the newsroom pages and the Admin API answer the same thing.
//
// Roles: a contributor writes and submits their own drafts; an author also
// publishes and unpublishes their own; an editor (and an admin) edits,
// publishes, schedules and corrects anything, and alone may move a published
// article (change its slug, section or date: old URLs then answer 301).
// "Own" is what the actor created: the staff member, or the API key.
import { isSlug } from '../../core/text/slug.js';
import { hasVisibleCharacters } from '../../core/text/visible-text.js';
import type { ArticleBody } from './article-body.js';
import type { Actor, ArticleFields, FieldProblem, WorkflowState } from './article-editing.types.js';

export type EditAction = 'view' | 'edit' | 'submit' | 'publish' | 'schedule' | 'unpublish' | 'correct' | 'move';

export interface OwnedArticle {
  state: WorkflowState;
  createdBy: { userId: number | null; apiKeyId: number | null };
}

const isEditor = (actor: Actor) => actor.role === 'editor' || actor.role === 'admin';

export function isOwnArticle(actor: Actor, article: OwnedArticle): boolean {
  return actor.kind === 'staff' ? article.createdBy.userId === actor.userId : article.createdBy.apiKeyId === actor.apiKeyId;
}

/** Why `actor` may not do `action` to `article`, or null when they may. */
export function refusal(actor: Actor, action: EditAction, article: OwnedArticle): string | null {
  if (isEditor(actor)) return null;
  if (!isOwnArticle(actor, article)) return 'Only editors can work on articles other people wrote.';
  switch (action) {
    case 'view':
    case 'submit':
      return null;
    case 'edit':
      if (actor.role === 'contributor' && (article.state === 'draft' || article.state === 'review')) return null;
      return actor.role === 'author' ? null : 'Once an article is published only an author or an editor can change it.';
    case 'publish':
    case 'unpublish':
      return actor.role === 'author' ? null : 'Contributors cannot publish: submit the story for review.';
    case 'schedule':
      return 'Only editors can schedule publication.';
    case 'correct':
      return 'Only editors can add corrections.';
    case 'move':
      return 'Only editors can change the address or date of a published article.';
  }
}

/** The state a stored article is in, at `now`. */
export function workflowStateOf(
  row: { status: string; submittedAt: string | null; publishedAt: string | null },
  now: string,
): WorkflowState {
  if (row.status === 'withdrawn') return 'unpublished';
  if (row.status === 'published') return row.publishedAt !== null && row.publishedAt > now ? 'scheduled' : 'published';
  return row.submittedAt ? 'review' : 'draft';
}

export const LIMITS = {
  kicker: 60,
  headline: 200,
  standfirst: 500,
  agencyCredit: 200,
  editorialNote: 5000,
  name: 60,
  names: 20,
  heroText: 1000,
  alt: 500,
  correction: 2000,
} as const;

/**
 * Every string in a value with NUL characters dropped: PostgreSQL text cannot
 * hold them (a 500 otherwise), and no writer means one.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '') as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutNul(item)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutNul(item)])) as T;
  return value;
}

const tooLong = (label: string, max: number) => `${label} must be ${max} characters or fewer.`;

/** Trims and checks one line of text; an empty optional field is fine. */
function checkText(problems: FieldProblem[], field: string, label: string, value: string, max: number, whenMissing?: string): string {
  const text = value.normalize('NFC').trim();
  if (whenMissing && !hasVisibleCharacters(text)) problems.push({ field, message: whenMissing });
  else if (text.length > max) problems.push({ field, message: tooLong(label, max) });
  return text;
}

function checkNames(problems: FieldProblem[], field: 'topics' | 'authors', names: string[]): string[] {
  const label = field === 'topics' ? 'Each topic' : "Each author's name";
  const cleaned: string[] = [];
  for (const raw of names) {
    const name = raw.normalize('NFC').trim();
    if (!name) continue;
    if (!hasVisibleCharacters(name) || name.length > LIMITS.name) {
      problems.push({ field, message: `${label} must be 1 to ${LIMITS.name} characters.` });
      continue;
    }
    if (!cleaned.some((seen) => seen.toLowerCase() === name.toLowerCase())) cleaned.push(name);
  }
  if (cleaned.length > LIMITS.names) problems.push({ field, message: `At most ${LIMITS.names} ${field}.` });
  return cleaned;
}

function checkBodyImages(problems: FieldProblem[], body: ArticleBody): void {
  body.content.forEach((block, index) => {
    if (block.type === 'figure' && !hasVisibleCharacters(block.attrs.alt)) {
      problems.push({ field: 'body', message: `Describe the image in figure ${index + 1} for readers who cannot see it (alt text).` });
    }
  });
}

/**
 * The fields' own rules (lengths, required text, slug shape, alt text), with
 * the values cleaned. What needs the database (the section exists, the slug
 * is free, the images exist) is the service's.
 */
export function checkFields(given: ArticleFields, goingLive: boolean): { fields: ArticleFields; problems: FieldProblem[] } {
  const fields = withoutNul(given);
  const problems: FieldProblem[] = [];
  const cleaned: ArticleFields = {
    ...fields,
    kicker: checkText(problems, 'kicker', 'The kicker', fields.kicker, LIMITS.kicker),
    headline: checkText(problems, 'headline', 'The headline', fields.headline, LIMITS.headline, 'Enter a headline.'),
    standfirst: checkText(problems, 'standfirst', 'The standfirst', fields.standfirst, LIMITS.standfirst),
    agencyCredit: checkText(problems, 'agencyCredit', 'The agency credit', fields.agencyCredit, LIMITS.agencyCredit),
    editorialNote: fields.editorialNote.normalize('NFC').trim(),
    section: fields.section.trim(),
    slug: fields.slug.trim(),
    topics: checkNames(problems, 'topics', fields.topics),
    authors: checkNames(problems, 'authors', fields.authors),
  };
  if (cleaned.editorialNote.length > LIMITS.editorialNote)
    problems.push({ field: 'editorialNote', message: tooLong('The editorial note', LIMITS.editorialNote) });
  if (!cleaned.section) problems.push({ field: 'section', message: 'Choose a section.' });
  if (!isSlug(cleaned.slug))
    problems.push({
      field: 'slug',
      message: 'The slug must be lowercase letters and digits joined by single dashes, 80 characters or fewer.',
    });
  if (goingLive && cleaned.authors.length === 0) problems.push({ field: 'authors', message: 'Add at least one author.' });
  if (cleaned.hero) {
    const hero = {
      imageId: cleaned.hero.imageId.trim(),
      caption: checkText(problems, 'hero.caption', 'The caption', cleaned.hero.caption, LIMITS.heroText),
      credit: checkText(problems, 'hero.credit', 'The credit', cleaned.hero.credit, LIMITS.agencyCredit),
      alt: checkText(problems, 'hero.alt', 'Alt text', cleaned.hero.alt, LIMITS.alt),
    };
    if (!hasVisibleCharacters(hero.alt))
      problems.push({ field: 'hero.alt', message: 'Describe the hero image for readers who cannot see it (alt text).' });
    cleaned.hero = hero;
  }
  checkBodyImages(problems, cleaned.body);
  return { fields: cleaned, problems };
}

export function checkCorrection(text: string): { text: string; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const cleaned = checkText(problems, 'correction', 'The correction', withoutNul(text), LIMITS.correction, 'Write the correction.');
  return { text: cleaned, problems };
}
