// Tables of the newsroom's writing and publishing (migration 0017), apart from
// schema.ts so neither file grows past reading in one go.
import type { Generated } from 'kysely';

/** What a revision records: the save that made it. `conflict` is a stale tab's save, kept and not applied. */
export type RevisionAction =
  'create' | 'save' | 'autosave' | 'submit' | 'publish' | 'schedule' | 'unpublish' | 'restore' | 'correct' | 'conflict';

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  /** The article's version this revision made (for `conflict`: the version it started from). */
  version: number;
  action: RevisionAction;
  /** The person's name or the API key's, as it was then. */
  actor_name: string;
  user_id: number | null;
  api_key_id: number | null;
  /** JSON of the article's editable fields (features/articles/article-editing.types.ts `ArticleSnapshot`). */
  snapshot: string;
  created_at: string;
}

export interface ArticleSlugRedirectsTable {
  old_slug: string;
  article_id: number;
  created_at: string;
}

export interface ArticleShareLinksTable {
  id: Generated<number>;
  article_id: number;
  /** SHA-256 of the link's token, base64url. */
  token_hash: string;
  created_by_name: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface ArticlePresenceTable {
  article_id: number;
  user_id: number;
  seen_at: string;
}

export interface NewsroomNotificationsTable {
  id: Generated<number>;
  user_id: number;
  article_id: number;
  kind: 'submitted';
  actor_name: string;
  created_at: string;
  read_at: string | null;
}

export interface EditingTables {
  article_revisions: ArticleRevisionsTable;
  article_slug_redirects: ArticleSlugRedirectsTable;
  article_share_links: ArticleShareLinksTable;
  article_presence: ArticlePresenceTable;
  newsroom_notifications: NewsroomNotificationsTable;
}
