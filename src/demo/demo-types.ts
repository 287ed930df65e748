// Shapes of the demo newspaper's content. All demo text is original writing
// for Masthead about fictional places and people.
import type { AccessLevel } from '../core/db/schema.js';
import type { Block } from '../features/articles/articles.types.js';

/** A picture the project draws itself (SVG rendered by sharp): no stock photos. */
export interface DemoImage {
  key: string;
  scene: DemoScene;
  /** Any integer: varies colours and shapes so no two images look alike. */
  seed: number;
  alt: string;
  caption: string;
  credit: string;
}

export type DemoScene =
  'harbour' | 'city' | 'hills' | 'river' | 'parliament' | 'stadium' | 'market' | 'forest' | 'portrait' | 'chart' | 'stage' | 'snow';

export interface DemoAuthor {
  slug: string;
  name: string;
  jobTitle: string;
  bio: string;
}

export interface DemoSection {
  path: string; // 'world' or 'world/europe'
  name: string;
  description: string;
}

export interface DemoTopic {
  slug: string;
  name: string;
  description: string;
}

export interface DemoArticle {
  slug: string;
  sectionPath: string;
  kicker: string;
  headline: string;
  standfirst: string;
  authorSlugs: string[];
  topicSlugs: string[];
  access: AccessLevel;
  agencyCredit: string;
  /** Published this many hours before the seed runs (so "latest" stays fresh). */
  publishedHoursAgo: number;
  /** If set, the article was updated this many hours after publication. */
  updatedHoursAfterPublication?: number;
  commentsEnabled?: boolean;
  hero: DemoImage;
  /** Figure blocks name their picture by `imageId` = an image key from `inlineImages`. */
  inlineImages?: DemoImage[];
  body: Block[];
}
