// What the newsroom and the Admin API see of an article being written: the
// editable fields, the workflow state, and who may do what. The article
// editing service (article-editing.service.ts) is the only writer.
import type { AccessLevel } from '../../core/db/schema.js';
import type { RevisionAction } from '../../core/db/schema-editing.js';
import type { ArticleBody } from './article-body.js';
import type { Correction } from './articles.types.js';

/**
 * Where an article stands. Stored as `status` plus two facts: a draft with
 * `submitted_at` is in review; a published article whose time has not come
 * is scheduled; a withdrawn one is unpublished (410 for readers).
 */
export type WorkflowState = 'draft' | 'review' | 'scheduled' | 'published' | 'unpublished';

export const WORKFLOW_STATES: readonly WorkflowState[] = ['draft', 'review', 'scheduled', 'published', 'unpublished'];

/** Staff roles that write (moderators work on comments only). */
export type WriterRole = 'contributor' | 'author' | 'editor' | 'admin';

/** Who is acting: a signed-in staff member, or an Admin API key (its name is what revisions record). */
export type Actor =
  { kind: 'staff'; userId: number; name: string; role: WriterRole } | { kind: 'api-key'; apiKeyId: number; name: string; role: WriterRole };

export interface HeroInput {
  /** The image's public id in the library (media). */
  imageId: string;
  caption: string;
  credit: string;
  alt: string;
}

/**
 * The editable fields, as a save sends them. Topics and authors are names
 * (an unknown name creates the topic or author profile); the section is a path.
 */
export interface ArticleFields {
  kicker: string;
  headline: string;
  standfirst: string;
  slug: string;
  section: string;
  topics: string[];
  authors: string[];
  access: AccessLevel;
  commentsEnabled: boolean;
  agencyCredit: string;
  hero: HeroInput | null;
  body: ArticleBody;
  editorialNote: string;
}

/** What every revision keeps: the fields, and the publication time when one was set. */
export interface ArticleSnapshot extends ArticleFields {
  publishedAt: string | null;
}

export type { Correction };

/** An article as the newsroom and the Admin API see it. */
export interface EditableArticle extends ArticleFields {
  id: number;
  /** The reader's address (path); only meaningful once published. */
  path: string;
  state: WorkflowState;
  version: number;
  publishedAt: string | null;
  /** Shown to readers as "Updated" when an editor marked an update significant. */
  updatedAt: string | null;
  modifiedAt: string;
  createdAt: string;
  submittedAt: string | null;
  corrections: Correction[];
  createdBy: { userId: number | null; apiKeyId: number | null };
}

export interface RevisionSummary {
  id: number;
  version: number;
  action: RevisionAction;
  actorName: string;
  createdAt: string;
}

export interface Revision extends RevisionSummary {
  articleId: number;
  snapshot: ArticleSnapshot;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** What changing an article can answer. Every refusal is a value, never a 500. */
export type EditOutcome =
  | { kind: 'saved'; article: EditableArticle }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'forbidden'; message: string }
  | { kind: 'not-found' }
  /** The save started from an older version: kept as a `conflict` revision, not applied. */
  | { kind: 'conflict'; current: EditableArticle; keptRevisionId: number | null };

export interface ArticleListFilter {
  state?: WorkflowState;
  section?: string;
  author?: string;
  slug?: string;
  /** Words of the headline. */
  search?: string;
  /** Only what this actor created ("my drafts"). */
  createdBy?: Actor;
}

export interface ArticleListItem {
  id: number;
  slug: string;
  headline: string;
  state: WorkflowState;
  sectionPath: string;
  sectionName: string;
  authors: string[];
  publishedAt: string | null;
  modifiedAt: string;
  submittedAt: string | null;
  version: number;
}
