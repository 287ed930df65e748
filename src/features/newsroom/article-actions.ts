// Which workflow buttons the editor offers a staff member for an article, and
// what the page says after each. The service decides again on every post;
// this only keeps buttons that would be refused off the page.
import type { Actor, EditableArticle, WorkflowState } from '../articles/articles.types.js';
import { editRefusal } from '../articles/articles.service.js';
import type { FormAction } from './article-form.js';

const EDITOR_ROLES: readonly string[] = ['editor', 'admin'];

const creatorOf = (actor: Actor) =>
  actor.kind === 'staff' ? { userId: actor.userId, apiKeyId: null } : { userId: null, apiKeyId: actor.apiKeyId };

const ACTION_STATES: Record<Exclude<FormAction, 'save'>, readonly WorkflowState[]> = {
  submit: ['draft'],
  publish: ['draft', 'review', 'scheduled', 'unpublished'],
  schedule: ['draft', 'review', 'scheduled'],
  unpublish: ['published', 'scheduled'],
};

export interface EditorPermissions {
  actions: FormAction[];
  /** Why the fields cannot be changed, or null. */
  readOnly: string | null;
  slugEditable: boolean;
}

/** What `actor` may do on the editor page of `article` (null: a new article of theirs). */
export function editorPermissions(actor: Actor, article: EditableArticle | null): EditorPermissions {
  const owned = article ?? { state: 'draft' as const, createdBy: creatorOf(actor) };
  const readOnly = editRefusal(actor, 'edit', owned);
  if (readOnly) return { actions: [], readOnly, slugEditable: false };
  const actions: FormAction[] = ['save'];
  for (const action of ['submit', 'publish', 'schedule', 'unpublish'] as const)
    if (ACTION_STATES[action].includes(owned.state) && editRefusal(actor, action, owned) === null) actions.push(action);
  const live = owned.state === 'published' || owned.state === 'unpublished';
  return { actions, readOnly: null, slugEditable: !live || EDITOR_ROLES.includes(actor.role) };
}

export const NOTICES = ['saved', 'submitted', 'published', 'scheduled', 'unpublished', 'restored'] as const;
export type Notice = (typeof NOTICES)[number];

export const NOTICE_OF_ACTION: Record<FormAction, Notice> = {
  save: 'saved',
  submit: 'submitted',
  publish: 'published',
  schedule: 'scheduled',
  unpublish: 'unpublished',
};

export function noticeText(notice: Notice, article: EditableArticle, formatTime: (iso: string) => string): string {
  switch (notice) {
    case 'saved':
      return 'Saved';
    case 'submitted':
      return 'Submitted for review';
    case 'published':
      return 'Published';
    case 'scheduled':
      return article.publishedAt ? `Scheduled for ${formatTime(article.publishedAt)}` : 'Scheduled';
    case 'unpublished':
      return 'Unpublished';
    case 'restored':
      return 'Your version is the article again';
  }
}
