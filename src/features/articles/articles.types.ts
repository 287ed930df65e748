// View-model types: what pages, feeds and structured data may see of an article.
// Pages receive these, never database rows.
import type { AccessLevel } from '../../core/db/schema.js';
import type { ArticleBody } from './article-body.js';

/** The stored body's shape (article-body.ts), for whoever writes bodies: the demo, importers. */
export type { ArticleBody, Block, InlineNode, Mark } from './article-body.js';

export interface ImageRef {
  publicId: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
  /** The library's focal point (0..1 across and down), for pictures shown cropped. */
  focal?: { x: number; y: number };
}

export interface AuthorRef {
  slug: string;
  name: string;
  jobTitle: string;
}

export interface Correction {
  text: string;
  correctedAt: string;
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

/**
 * An article as stored, with its whole body. Only `articleViewFor`
 * (article-view.ts) turns it into something a page may render; no channel
 * reads `body` any other way.
 */
export interface Article extends ArticleCard {
  body: ArticleBody;
  agencyCredit: string;
  commentsEnabled: boolean;
  modifiedAt: string;
  version: number;
  /** Dated notes appended by editors, oldest first: shown at the foot and as schema.org `correction`. */
  corrections: Correction[];
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

/** Why a reader sees the wall instead of the rest of an article (decided by the access feature). */
export type WallReason = 'registered-only' | 'meter-spent' | 'premium-needs-account' | 'premium-allowance-spent';

/**
 * What a reader may see of an article, as decided per request by the access
 * feature: the whole text (with where they stand on the meter, in words), or
 * the teaser and a wall.
 */
export type ArticleVisibility =
  | { view: 'full'; allowanceNote: string | null; allowanceKind: 'free' | 'premium' | null }
  | { view: 'wall'; wall: 'register' | 'subscribe'; reason: WallReason };

/** The facts the access decision needs; no text. */
export interface ArticleAccessFacts {
  id: number;
  accessLevel: AccessLevel;
  sectionPath: string;
}

/**
 * The one view-model of "what may this reader see of this article": the
 * article without its stored body, and `visibleBody` holding only the blocks
 * this reader is entitled to. Pages, metadata and every other channel render
 * this, never `Article`.
 */
export interface ArticleView extends Omit<Article, 'body' | 'figureImages'> {
  visibleBody: ArticleBody;
  /** Images of the visible figure blocks only (captions are text too). */
  figureImages: Record<string, ImageRef>;
  visibility: ArticleVisibility;
  /** True when the body shown is the whole article. */
  isComplete: boolean;
}

/** Writing and publishing (article-editing.service.ts): what the newsroom and the Admin API hand in and get back. */
export type * from './article-editing.types.js';

/** Share links (share-links.service.ts): preview addresses for people without an account. */
export type * from './share-links.types.js';
