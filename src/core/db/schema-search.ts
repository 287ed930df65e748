// Reader search's documents (migration 0024), apart from schema.ts.
import type { Generated } from 'kysely';

export interface SearchDocumentsTable {
  id: Generated<number>;
  article_id: number;
  /** 'full:<level>' or 'teaser:<level>' (features/search/search-scope.ts). */
  scope_key: string;
  section_id: number;
  published_at: string;
  /** WALL_TEASER_BLOCKS when the teaser was cut. */
  teaser_blocks: number;
  headline: string;
  standfirst: string;
  body: string;
  /** The scope as one FTS5 word (SQLite). */
  scope_word: string;
  /** PostgreSQL only: the weighted tsvector (written as SQL, never read back). */
  document?: string;
}

export interface SearchTables {
  search_documents: SearchDocumentsTable;
}
