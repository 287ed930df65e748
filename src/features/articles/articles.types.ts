// View-model types: what pages, feeds and structured data may see of an article.
// Pages receive these, never database rows.
import type { AccessLevel } from '../../core/db/schema.js';
import type { ArticleBody } from './article-body.js';

export interface ImageRef {
  publicId: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
}

export interface AuthorRef {
  slug: string;
  name: string;
  jobTitle: string;
}

export interface SectionRef {
  path: string;
  name: string;
}

export interface TopicRef {
  slug: string;
  name: string;
}

export interface ArticleCard {
  id: number;
  slug: string;
  sectionPath: string;
  sectionName: string;
  kicker: string;
  headline: string;
  standfirst: string;
  accessLevel: AccessLevel;
  publishedAt: string;
  updatedAt: string | null;
  hero: ImageRef | null;
  authors: AuthorRef[];
}

export interface Article extends ArticleCard {
  body: ArticleBody;
  agencyCredit: string;
  commentsEnabled: boolean;
  modifiedAt: string;
  version: number;
  section: SectionRef & { parent: SectionRef | null };
  topics: TopicRef[];
  /** Images used by figure blocks, by public id. */
  figureImages: Record<string, ImageRef>;
}

export interface Section extends SectionRef {
  id: number;
  slug: string;
  description: string;
  parent: SectionRef | null;
  children: SectionRef[];
}

export interface Topic extends TopicRef {
  id: number;
  description: string;
}

export interface Author extends AuthorRef {
  id: number;
  bio: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageCount: number;
  total: number;
}
