// Image renditions: resized WebP/JPEG made from the stored original on first
// request, kept in the database (shared by every node) and in a bounded memory
// cache. URLs are content-addressed by public id, so responses are immutable.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../core/db/database.js';
import { buildCachedResponse, type CachedResponse } from '../../core/http/cached-response.js';
import { IMAGE_FORMATS, IMAGE_WIDTHS, type ImageFormat, type ImageWidth } from './media.types.js';
import {
  findImageOriginal,
  findImageOriginalById,
  findImageRendition,
  findImagesByPublicId,
  insertImage,
  saveImageRendition,
} from './media.repository.js';
import { enqueueRenditions } from './rendition-jobs.js';
import { normaliseUpload, type ImportLimits } from './image-import.js';
import { hasVisibleCharacters } from '../../core/text/visible-text.js';
import type { Clock } from '../../core/clock.js';

/**
 * A new image's public id: a readable slug of its name and a random part. The
 * random part makes the address unguessable, so a picture that appears only in
 * an article's gated part is reached only through a page that was entitled to
 * show it (docs/security.md); its renditions can then stay public and immutable.
 */
export function newImagePublicId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48);
  const random = randomBytes(10)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 12);
  return `${slug || 'image'}-${random.padEnd(12, '0')}`;
}

export function isImageWidth(width: number): width is ImageWidth {
  return (IMAGE_WIDTHS as readonly number[]).includes(width);
}

export function isImageFormat(format: string): format is ImageFormat {
  return Object.hasOwn(IMAGE_FORMATS, format);
}

async function resize(original: Uint8Array, width: number, format: ImageFormat): Promise<Buffer> {
  // Loaded on first use: sharp costs ~100 ms at start-up (docs/benchmarks.md, cold start).
  const { default: sharp } = await import('sharp');
  const pipeline = sharp(original).resize({ width, withoutEnlargement: true });
  return format === 'webp'
    ? pipeline.webp({ quality: 78 }).toBuffer()
    : pipeline.jpeg({ quality: 80, progressive: true, mozjpeg: true }).toBuffer();
}

/** A picture's words: alt text for people who cannot see it (required), the caption under it, who took it. */
export interface ImageText {
  alt: string;
  caption?: string;
  credit?: string;
}

export interface ImportedImage {
  publicId: string;
  width: number;
  height: number;
  mime: string;
  alt: string;
  caption: string;
  credit: string;
}

/** An image in the library, as pages and the Admin API describe it. */
export interface LibraryImage {
  publicId: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
}

export type ImportImageOutcome =
  { kind: 'stored'; image: ImportedImage } | { kind: 'invalid'; problems: Array<{ field: string; message: string }> };

const TEXT_LIMITS = { alt: 300, caption: 600, credit: 200 } as const;
const DEFAULT_LIMITS: ImportLimits = { maxBytes: 25 * 1024 * 1024, maxPixels: 60_000_000 };

export function checkImageText(text: ImageText) {
  const problems: Array<{ field: string; message: string }> = [];
  // Control characters never belong in a caption (and PostgreSQL refuses NUL in text outright).
  const clean = (value: string | undefined) =>
    (value ?? '')
      .normalize('NFC')
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  const values = { alt: clean(text.alt), caption: clean(text.caption), credit: clean(text.credit) };
  if (!hasVisibleCharacters(values.alt))
    problems.push({ field: 'alt', message: 'Describe the picture for readers who cannot see it (alt text is required).' });
  for (const field of ['alt', 'caption', 'credit'] as const)
    if (values[field].length > TEXT_LIMITS[field])
      problems.push({ field, message: `Keep the ${field === 'alt' ? 'alt text' : field} to ${TEXT_LIMITS[field]} characters or fewer.` });
  return { values, problems };
}

export function createMediaService(deps: {
  db: Db;
  clock?: Clock;
  memoryBudgetBytes?: number;
  uploads?: ImportLimits;
  /** Told after an upload queued its renditions (the background worker starts on them). */
  onImported?: () => void;
}) {
  const budget = deps.memoryBudgetBytes ?? 64 * 1024 * 1024;
  const memory = new Map<string, CachedResponse>();
  const pending = new Map<string, Promise<CachedResponse | null>>();
  let memoryBytes = 0;

  function remember(key: string, response: CachedResponse): void {
    memory.set(key, response);
    memoryBytes += response.identity.length;
    for (const [oldestKey, oldest] of memory) {
      if (memoryBytes <= budget) break;
      memory.delete(oldestKey);
      memoryBytes -= oldest.identity.length;
    }
  }

  async function produce(publicId: string, width: ImageWidth, format: ImageFormat): Promise<CachedResponse | null> {
    const original = await findImageOriginal(deps.db, publicId);
    if (!original) return null;
    let data = (await findImageRendition(deps.db, original.id, width, format))?.data;
    if (!data) {
      data = await resize(original.original_data, width, format);
      await saveImageRendition(deps.db, { imageId: original.id, width, format, data });
    }
    return buildCachedResponse({
      body: Buffer.from(data),
      contentType: IMAGE_FORMATS[format],
      cacheControl: 'public, max-age=31536000, immutable',
    });
  }

  /** The rendition, or null when the image does not exist. */
  async function rendition(publicId: string, width: ImageWidth, format: ImageFormat): Promise<CachedResponse | null> {
    const key = `${publicId}/${width}.${format}`;
    const cached = memory.get(key);
    if (cached) {
      // Least recently used goes first: a hit moves the rendition to the end of the eviction order.
      memory.delete(key);
      memory.set(key, cached);
      return cached;
    }
    let inFlight = pending.get(key);
    if (!inFlight) {
      inFlight = produce(publicId, width, format).finally(() => pending.delete(key));
      pending.set(key, inFlight);
    }
    const response = await inFlight;
    if (response && !memory.has(key)) remember(key, response);
    return response;
  }

  /**
   * Stores an uploaded picture, upright and without its metadata (image-import.ts), under a new
   * unguessable public id; a background job makes its renditions (and any is still made on first request).
   */
  async function importImage(file: { data: Buffer; name: string }, text: ImageText): Promise<ImportImageOutcome> {
    const { values, problems } = checkImageText(text);
    const normalised = await normaliseUpload(file.data, deps.uploads ?? DEFAULT_LIMITS);
    if (normalised.kind === 'refused') problems.push({ field: 'file', message: normalised.message });
    if (problems.length || normalised.kind === 'refused') return { kind: 'invalid', problems };
    const publicId = newImagePublicId(file.name.replace(/\.[a-z0-9]{1,5}$/i, ''));
    const now = deps.clock?.now() ?? new Date();
    // The original now, its renditions in the background (rendition-jobs.ts): a large upload answers as soon as it is stored.
    await deps.db.transaction().execute(async (trx) => {
      const imageId = await insertImage(trx, {
        publicId,
        ...values,
        width: normalised.width,
        height: normalised.height,
        mime: normalised.mime,
        data: normalised.data,
        createdAt: now.toISOString(),
        renditionsStatus: 'processing',
      });
      await enqueueRenditions(trx, imageId, now);
    });
    deps.onImported?.();
    return { kind: 'stored', image: { publicId, width: normalised.width, height: normalised.height, mime: normalised.mime, ...values } };
  }

  /** Makes and stores every rendition of an image that is not stored yet (the background job's work). */
  async function prepareRenditions(imageId: number): Promise<void> {
    const original = await findImageOriginalById(deps.db, imageId);
    if (!original) return;
    for (const width of IMAGE_WIDTHS)
      for (const format of Object.keys(IMAGE_FORMATS) as ImageFormat[]) {
        if (await findImageRendition(deps.db, imageId, width, format)) continue;
        await saveImageRendition(deps.db, { imageId, width, format, data: await resize(original.original_data, width, format) });
      }
  }

  /** This node's memory of an image's renditions, dropped (the image was deleted). */
  function forget(publicId: string): void {
    for (const [key, response] of memory)
      if (key.startsWith(`${publicId}/`)) {
        memory.delete(key);
        memoryBytes -= response.identity.length;
      }
  }

  /** The library's images with these public ids, by id (unknown ids are left out). */
  async function findImages(publicIds: readonly string[]): Promise<Map<string, LibraryImage>> {
    const rows = await findImagesByPublicId(deps.db, publicIds.slice(0, 5000));
    return new Map(
      rows.map((row) => [
        row.public_id,
        { publicId: row.public_id, alt: row.alt, caption: row.caption, credit: row.credit, width: row.width, height: row.height },
      ]),
    );
  }

  return { rendition, importImage, findImages, prepareRenditions, forget };
}

export type MediaService = ReturnType<typeof createMediaService>;

export { createRenditionWorker, type RenditionWorker } from './rendition-jobs.js';
export { createMediaLibrary, type MediaLibrary, type LibraryImageDetails, type LibraryListItem } from './media-library.js';
