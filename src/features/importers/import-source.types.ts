// What an export says, whatever tool wrote it: the Ghost and WordPress
// readers (ghost-export.ts, wordpress-export.ts) turn their files into these,
// and the importer (importer.service.ts) only ever sees these.
import type { AccessLevel } from '../../core/db/schema.js';

export type SourceFormat = 'ghost' | 'wordpress';

export interface SourceAuthor {
  sourceId: string;
  name: string;
  bio: string;
}

export interface SourceImage {
  /** As the export names it: an absolute URL, a path, or Ghost's `__GHOST_URL__/content/images/…`. */
  src: string;
  alt: string;
  caption: string;
}

export type SourceStatus = 'published' | 'draft' | 'scheduled';

export interface SourcePost {
  sourceId: string;
  title: string;
  slug: string;
  /** The body as the old site rendered it; converted by the Admin API's sanitiser (body-from-html.ts). */
  html: string;
  excerpt: string;
  status: SourceStatus;
  /** ISO 8601 (UTC), or null for a draft never published. */
  publishedAt: string | null;
  access: AccessLevel;
  /** Author ids (resolved against the export's authors). */
  authorIds: string[];
  /** The section's name and slug: Ghost's primary tag, WordPress's first category. */
  section: { name: string; slug: string } | null;
  topics: string[];
  featureImage: SourceImage | null;
  commentsEnabled: boolean;
  /** The old site's reader paths for this post (`/harbour-reopens/`, `/2019/04/harbour-reopens/`, `/?p=12`). */
  legacyPaths: string[];
}

/**
 * What the old site had decided about a comment: `approved` is published here,
 * `held` waits for moderation, `hidden` (removed by a moderator) is kept out of
 * sight, `deleted` stays a tombstone that holds its replies; `spam`, `trash` and
 * `pingback` (another site's notice, not a reader's words) are left out.
 */
export type SourceCommentStatus = 'approved' | 'held' | 'hidden' | 'deleted' | 'spam' | 'trash' | 'pingback';

export interface SourceComment {
  sourceId: string;
  postSourceId: string;
  parentSourceId: string | null;
  /** Ghost: the member who wrote it (an id among the export's members); WordPress: null. */
  memberSourceId: string | null;
  authorName: string;
  authorEmail: string;
  /** As HTML (WordPress's text with its paragraphs made HTML); converted by the body sanitiser, then kept as plain text. */
  html: string;
  /** ISO 8601 (UTC), or null when the export has no readable date. */
  createdAt: string | null;
  status: SourceCommentStatus;
}

export interface SourceMember {
  sourceId: string;
  email: string;
  name: string;
  createdAt: string;
  /** Whether the member had agreed to receive the newsletter. */
  subscribed: boolean;
}

/**
 * One thing read from an export, in file order; a post that cannot be read is
 * a problem, never an exception. A comment always comes after its post, its
 * parent and (Ghost) its member.
 */
export type SourceEntry =
  | { kind: 'post'; post: SourcePost }
  | { kind: 'comment'; comment: SourceComment }
  | { kind: 'member'; member: SourceMember }
  | { kind: 'problem'; sourceId: string; title: string; reason: string };

export interface SourceExport {
  format: SourceFormat;
  /** Says which site the ids belong to: `ghost:<site>` or `wordpress:<site>` (the import records' key). */
  source: string;
  /** Counted before reading: the progress bar's total. */
  postCount: number;
  authors: Map<string, SourceAuthor>;
  entries(): AsyncIterable<SourceEntry>;
}

/** Something of the export that was not imported, and why (for the report). */
export interface SkippedItem {
  sourceId: string;
  title: string;
  reason: string;
}

/** Raised when the file as a whole cannot be read (not JSON, not a WXR file): nothing is imported. */
export class UnreadableExportError extends Error {}
