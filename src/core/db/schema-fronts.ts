// Tables of curated fronts and renamed reader paths (migration 0020), apart
// from schema.ts so neither file grows past reading in one go.

export interface FrontVersionsTable {
  /** `home`, or `section:<id>` (the section's id: a renamed section keeps its front). */
  front: string;
  version: number;
  updated_at: string;
  updated_by_name: string;
}

export interface PathRedirectsTable {
  /** A reader path a section, topic or author gave up (`/world`, `/topic/coast`). */
  old_path: string;
  new_path: string;
  created_at: string;
}

export interface FrontsTables {
  front_versions: FrontVersionsTable;
  path_redirects: PathRedirectsTable;
}
