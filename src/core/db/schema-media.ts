// Tables of the newsroom's media library (migration 0019), apart from
// schema.ts so neither file grows past reading in one go. The columns 0019
// adds to `images` are on `ImagesTable` in schema.ts.
import type { Generated } from 'kysely';

/** Whether an image's renditions have been made by the background job ('ready' for images older than the queue). */
export type RenditionsStatus = 'processing' | 'ready' | 'failed';

/** How an article shows an image. */
export type ArticleImageRole = 'hero' | 'figure';

export interface ArticleImagesTable {
  article_id: number;
  image_id: number;
  role: ArticleImageRole;
}

export interface ImageRenditionJobsTable {
  id: Generated<number>;
  image_id: number;
  status: Generated<'pending' | 'running' | 'done' | 'failed'>;
  attempts: Generated<number>;
  available_at: string;
  claimed_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface MediaTables {
  article_images: ArticleImagesTable;
  image_rendition_jobs: ImageRenditionJobsTable;
}
