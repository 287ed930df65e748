// The newsroom's media library: search, an image's page (its words, focal
// point, uses), deletion when unused, and the progress of its background
// renditions. Changes that readers' pages show go through the articles'
// `changeImage`, which drops exactly the pages they reach (article-images.ts).
import type { Transaction } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import type { RenditionsStatus } from '../../core/db/schema-media.js';
import * as library from './media-library.repository.js';
import { checkImageText, type ImageText, type MediaService } from './media.service.js';
import { IMAGE_FORMATS, IMAGE_WIDTHS, type ImageChangeReach, type ImageUse } from './media.types.js';

export interface LibraryListItem {
  publicId: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
  focal: { x: number; y: number };
  status: RenditionsStatus;
}

export interface LibraryImageDetails extends LibraryListItem {
  mime: string;
  createdAt: string;
  updatedAt: string | null;
  uses: ImageUse[];
}

export interface LibraryPage {
  images: LibraryListItem[];
  /** The cursor of the next (older) page, or null at the end. */
  nextBefore: number | null;
  /** With words: the page stopped at the edge of the window it searched, not at the end of the library. */
  searchedWindowOnly: boolean;
}

export type Problems = Array<{ field: string; message: string }>;
export type LibraryChangeOutcome = { kind: 'saved' } | { kind: 'invalid'; problems: Problems } | { kind: 'not-found' };
export type LibraryDeleteOutcome = { kind: 'deleted' } | { kind: 'in-use'; uses: ImageUse[] } | { kind: 'not-found' };

export interface MediaLibraryDependencies {
  db: Db;
  clock: Clock;
  media: MediaService;
  /** How many images one search page reads at most (media-library.repository.ts SEARCH_WINDOW by default). */
  searchWindow?: number;
  /** The articles' side (articles.service.ts `createArticleImages`). */
  articleImages: {
    usesOf(imageId: number, limit?: number): Promise<ImageUse[]>;
    changeImage(imageId: number, reach: ImageChangeReach, change: (trx: Transaction<Database>) => Promise<void>): Promise<void>;
  };
}

const RENDITION_COUNT = IMAGE_WIDTHS.length * Object.keys(IMAGE_FORMATS).length;

/** Search words as stored for search: one line, lower-cased, without control characters (PostgreSQL refuses NUL). */
export function searchWordsOf(words: string | undefined): string {
  return (words ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .slice(0, 100);
}

/** A focal coordinate from a form: a number from 0 to 1, or null. */
export function focalCoordinate(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\s*(0(\.\d{1,6})?|1(\.0{1,6})?|\.\d{1,6})\s*$/.test(value)) return null;
  return Number(value);
}

type Row = NonNullable<Awaited<ReturnType<typeof library.findLibraryImage>>>;
const itemOf = (row: Omit<Row, 'original_mime' | 'updated_at'>): LibraryListItem => ({
  publicId: row.public_id,
  alt: row.alt,
  caption: row.caption,
  credit: row.credit,
  width: row.width,
  height: row.height,
  focal: { x: Number(row.focal_x), y: Number(row.focal_y) },
  status: row.renditions_status,
});

export function createMediaLibrary(deps: MediaLibraryDependencies) {
  const { db } = deps;
  const now = () => deps.clock.now().toISOString();

  async function search(options: { words?: string; before?: number | null; limit?: number }): Promise<LibraryPage> {
    const limit = Math.min(Math.max(options.limit ?? 24, 1), 100);
    const words = searchWordsOf(options.words);
    const { rows, windowEnd } = await library.searchImages(db, { words, before: options.before ?? null, limit, window: deps.searchWindow });
    const images = rows.slice(0, limit).map(itemOf);
    if (rows.length > limit) return { images, nextBefore: rows[limit - 1]!.id, searchedWindowOnly: false };
    return { images, nextBefore: windowEnd, searchedWindowOnly: windowEnd !== null };
  }

  async function find(publicId: string): Promise<LibraryImageDetails | null> {
    const row = await library.findLibraryImage(db, publicId);
    if (!row) return null;
    return {
      ...itemOf(row),
      mime: row.original_mime,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      uses: await deps.articleImages.usesOf(row.id),
    };
  }

  /** Replaces the image's words; heroes that show the library's words follow, and their pages are dropped. */
  async function updateText(publicId: string, text: ImageText): Promise<LibraryChangeOutcome> {
    const { values, problems } = checkImageText(text);
    if (problems.length) return { kind: 'invalid', problems };
    const row = await library.findLibraryImage(db, publicId);
    if (!row) return { kind: 'not-found' };
    await deps.articleImages.changeImage(row.id, 'hero-text', (trx) => library.updateImageText(trx, row.id, values, now()));
    return { kind: 'saved' };
  }

  /** Sets the focal point that cropped pictures keep in view; the pages showing it as a hero are dropped. */
  async function setFocalPoint(publicId: string, focal: { x: unknown; y: unknown }): Promise<LibraryChangeOutcome> {
    const [x, y] = [focalCoordinate(focal.x), focalCoordinate(focal.y)];
    const problems: Problems = [];
    if (x === null) problems.push({ field: 'focalX', message: 'Across must be a number from 0 (left edge) to 1 (right edge).' });
    if (y === null) problems.push({ field: 'focalY', message: 'Down must be a number from 0 (top edge) to 1 (bottom edge).' });
    if (x === null || y === null) return { kind: 'invalid', problems };
    const row = await library.findLibraryImage(db, publicId);
    if (!row) return { kind: 'not-found' };
    await deps.articleImages.changeImage(row.id, 'hero', (trx) => library.updateFocalPoint(trx, row.id, { x, y }, now()));
    return { kind: 'saved' };
  }

  /** Deletes an image no article shows; otherwise says where it is used. */
  async function remove(publicId: string): Promise<LibraryDeleteOutcome> {
    const row = await library.findLibraryImage(db, publicId);
    if (!row) return { kind: 'not-found' };
    try {
      const deleted = await db.transaction().execute(async (trx) => {
        if (await library.isImageUsed(trx, row.id)) return false;
        await library.deleteImage(trx, row.id);
        return true;
      });
      if (deleted) {
        deps.media.forget(publicId);
        return { kind: 'deleted' };
      }
    } catch (error) {
      // An article saved with it between the check and the delete: the foreign keys refused; it is in use.
      if (!(await library.isImageUsed(db, row.id))) throw error;
    }
    return { kind: 'in-use', uses: await deps.articleImages.usesOf(row.id) };
  }

  /** How far the background renditions have got. */
  async function progress(publicId: string): Promise<{ status: RenditionsStatus; made: number; total: number } | null> {
    const row = await library.findLibraryImage(db, publicId);
    if (!row) return null;
    const made = Math.min(await library.countRenditions(db, row.id), RENDITION_COUNT);
    return { status: row.renditions_status, made, total: RENDITION_COUNT };
  }

  return { search, find, updateText, setFocalPoint, remove, progress };
}

export type MediaLibrary = ReturnType<typeof createMediaLibrary>;
