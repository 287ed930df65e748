// The article editing service's pure parts: the empty article, what each
// action needs, the row as the newsroom sees it, revision snapshots, and the
// publication fields an action leads to. No database, no clock: tested by
// the service's tests and easy to read in one go.
import type { EditAction } from './article-editing.rules.js';
import { workflowStateOf } from './article-editing.rules.js';
import type * as editing from './article-editing.repository.js';
import type { Actor, ArticleFields, ArticleSnapshot, Correction, EditableArticle, FieldProblem } from './article-editing.types.js';
import { parseArticleBody } from './article-body.js';
import { articlePath } from './article-urls.js';

/** What a save does besides writing the fields. */
export type SaveAction = 'save' | 'autosave' | 'submit' | 'publish' | 'schedule' | 'unpublish';

export const EMPTY_FIELDS: Omit<ArticleFields, 'headline' | 'section'> = {
  kicker: '',
  standfirst: '',
  slug: '',
  topics: [],
  authors: [],
  access: 'free',
  commentsEnabled: true,
  agencyCredit: '',
  hero: null,
  body: { type: 'doc', content: [] },
  editorialNote: '',
};

export const ACTION_NEEDS: Record<SaveAction, EditAction> = {
  save: 'edit',
  autosave: 'edit',
  submit: 'submit',
  publish: 'publish',
  schedule: 'schedule',
  unpublish: 'unpublish',
};

export const creatorOf = (actor: Actor) =>
  actor.kind === 'staff' ? { userId: actor.userId, apiKeyId: null } : { userId: null, apiKeyId: actor.apiKeyId };

export function toEditable(row: editing.EditableRow, timeZone: string, now: string): EditableArticle {
  const publishedAt = row.publishedAt;
  return {
    id: row.id,
    slug: row.slug,
    path: articlePath({ slug: row.slug, sectionPath: row.sectionPath, publishedAt: publishedAt ?? row.createdAt }, timeZone),
    state: workflowStateOf(row, now),
    version: row.version,
    kicker: row.kicker,
    headline: row.headline,
    standfirst: row.standfirst,
    section: row.sectionPath,
    topics: row.topics,
    authors: row.authors,
    access: row.accessLevel,
    commentsEnabled: row.commentsEnabled,
    agencyCredit: row.agencyCredit,
    hero: row.heroPublicId ? { imageId: row.heroPublicId, caption: row.heroCaption, credit: row.heroCredit, alt: row.heroAlt } : null,
    body: parseArticleBody(row.bodyJson),
    editorialNote: row.editorialNote,
    publishedAt,
    updatedAt: row.updatedAt,
    modifiedAt: row.modifiedAt,
    createdAt: row.createdAt,
    submittedAt: row.submittedAt,
    corrections: JSON.parse(row.correctionsJson) as Correction[],
    createdBy: { userId: row.createdByUserId, apiKeyId: row.createdByApiKeyId },
  };
}

export function snapshotOf(article: ArticleFields & { publishedAt: string | null }): ArticleSnapshot {
  return {
    kicker: article.kicker,
    headline: article.headline,
    standfirst: article.standfirst,
    slug: article.slug,
    section: article.section,
    topics: article.topics,
    authors: article.authors,
    access: article.access,
    commentsEnabled: article.commentsEnabled,
    agencyCredit: article.agencyCredit,
    hero: article.hero,
    body: article.body,
    editorialNote: article.editorialNote,
    publishedAt: article.publishedAt,
  };
}

/** Whether readers have (or had, before it was unpublished) seen it at its address. */
export const hasBeenLive = (article: EditableArticle) => article.state === 'published' || article.state === 'unpublished';

/** The publication fields a save leads to, or a problem with its time. */
export function nextPublication(
  current: { status: 'draft' | 'published' | 'withdrawn'; publishedAt: string | null; submittedAt: string | null } | null,
  request: { action: SaveAction; publishAt?: string },
  timestamp: string,
): { status: 'draft' | 'published' | 'withdrawn'; publishedAt: string | null; submittedAt: string | null } | FieldProblem {
  const state = current ?? { status: 'draft' as const, publishedAt: null, submittedAt: null };
  const at = request.publishAt === undefined ? undefined : new Date(request.publishAt).toISOString();
  switch (request.action) {
    case 'save':
    case 'autosave':
      return state;
    case 'submit':
      if (state.status !== 'draft') return { field: 'status', message: 'Only a draft can be submitted for review.' };
      return { ...state, submittedAt: state.submittedAt ?? timestamp };
    case 'schedule':
      if (at === undefined || at <= timestamp) return { field: 'publishedAt', message: 'Choose a publication time in the future.' };
      return { status: 'published', publishedAt: at, submittedAt: null };
    case 'publish':
      if (at !== undefined && at > timestamp)
        return { field: 'publishedAt', message: 'A time in the future is a schedule: choose Schedule.' };
      // Republishing an unpublished article keeps its date (and so its address); a scheduled one goes out now.
      return {
        status: 'published',
        publishedAt: at ?? (state.status === 'withdrawn' && state.publishedAt ? state.publishedAt : timestamp),
        submittedAt: null,
      };
    case 'unpublish':
      if (state.status !== 'published') return { field: 'status', message: 'Only a published or scheduled article can be unpublished.' };
      return { ...state, status: 'withdrawn' };
  }
}

export function storedStatus(article: EditableArticle): 'draft' | 'published' | 'withdrawn' {
  if (article.state === 'unpublished') return 'withdrawn';
  return article.state === 'published' || article.state === 'scheduled' ? 'published' : 'draft';
}
