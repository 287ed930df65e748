// What changed between two revisions, field by field, for the compare page:
// one-line fields by word, the body by paragraph then by word (text-diff.ts).
// Unchanged fields are named, not shown.
import type { ArticleSnapshot } from '../articles/articles.types.js';
import { diffParagraphs, diffWords, type DiffPart, type ParagraphDiff } from './text-diff.js';

export type FieldChange =
  | { field: string; label: string; kind: 'words'; parts: DiffPart[] }
  | { field: string; label: string; kind: 'paragraphs'; rows: ParagraphDiff[] };

export interface SnapshotComparison {
  changes: FieldChange[];
  unchanged: string[];
}

/** One-line fields in the order the editor shows them, as text. */
const LINE_FIELDS: Array<{ field: string; label: string; text: (snapshot: ArticleSnapshot) => string }> = [
  { field: 'kicker', label: 'Kicker', text: (s) => s.kicker },
  { field: 'headline', label: 'Headline', text: (s) => s.headline },
  { field: 'standfirst', label: 'Standfirst', text: (s) => s.standfirst },
  { field: 'slug', label: 'Slug', text: (s) => s.slug },
  { field: 'section', label: 'Section', text: (s) => s.section },
  { field: 'topics', label: 'Topics', text: (s) => s.topics.join(', ') },
  { field: 'authors', label: 'Authors', text: (s) => s.authors.join(', ') },
  { field: 'access', label: 'Access', text: (s) => s.access },
  { field: 'commentsEnabled', label: 'Comments', text: (s) => (s.commentsEnabled ? 'on' : 'off') },
  { field: 'agencyCredit', label: 'Agency credit', text: (s) => s.agencyCredit },
  { field: 'hero.imageId', label: 'Hero image', text: (s) => s.hero?.imageId ?? '' },
  { field: 'hero.caption', label: 'Hero caption', text: (s) => s.hero?.caption ?? '' },
  { field: 'hero.credit', label: 'Hero credit', text: (s) => s.hero?.credit ?? '' },
  { field: 'hero.alt', label: 'Hero alt text', text: (s) => s.hero?.alt ?? '' },
  { field: 'publishedAt', label: 'Publication time', text: (s) => s.publishedAt ?? '' },
];

/** Paragraphs of a plain-text body (blocks apart by a blank line). */
export function paragraphsOfText(text: string): string[] {
  return text.split(/\n{2,}/u).filter((paragraph) => paragraph !== '');
}

export function compareSnapshots(
  from: ArticleSnapshot,
  to: ArticleSnapshot,
  bodyText: (snapshot: ArticleSnapshot) => string,
): SnapshotComparison {
  const changes: FieldChange[] = [];
  const unchanged: string[] = [];
  for (const line of LINE_FIELDS) {
    const [before, after] = [line.text(from), line.text(to)];
    if (before === after) unchanged.push(line.label);
    else changes.push({ field: line.field, label: line.label, kind: 'words', parts: diffWords(before, after) });
  }
  for (const [field, label, text] of [
    ['body', 'Body', bodyText],
    ['editorialNote', 'Editorial note', (snapshot: ArticleSnapshot) => snapshot.editorialNote],
  ] as const) {
    const [before, after] = [text(from), text(to)];
    if (before === after) unchanged.push(label);
    else changes.push({ field, label, kind: 'paragraphs', rows: diffParagraphs(paragraphsOfText(before), paragraphsOfText(after)) });
  }
  return { changes, unchanged };
}
