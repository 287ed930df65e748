// Tables of imports from other platforms (migration 0026), apart from
// schema.ts so neither file grows past reading in one go.

export type ImportRecordKind = 'article' | 'image' | 'author' | 'reader' | 'comment';

export interface ImportRecordsTable {
  /** Where it came from: `ghost`, `wordpress:<site>`, `masthead:<site>`. */
  source: string;
  kind: ImportRecordKind;
  /** Its id in the export (a Ghost id, a WordPress post id, an image URL). */
  source_id: string;
  /** What it became here (an article id, an image's public id, a user id). */
  target_id: string;
  created_at: string;
}

export interface LegacyRedirectsTable {
  /** The old site's path without a trailing slash (`/2019/04/harbour`), or `/?p=123`. */
  old_path: string;
  article_id: number;
  created_at: string;
}

export interface ImportTables {
  import_records: ImportRecordsTable;
  legacy_redirects: LegacyRedirectsTable;
}
