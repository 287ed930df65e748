import type { DbOrTransaction } from '../../core/db/database.js';
import { searchTextOf } from './media-library.repository.js';

export async function insertImage(
  db: DbOrTransaction,
  image: {
    publicId: string;
    alt: string;
    caption: string;
    credit: string;
    width: number;
    height: number;
    mime: string;
    data: Uint8Array;
    createdAt: string;
    /** 'processing' while a background job makes its renditions (rendition-jobs.ts); 'ready' by default. */
    renditionsStatus?: 'processing' | 'ready';
  },
): Promise<number> {
  const row = await db
    .insertInto('images')
    .values({
      public_id: image.publicId,
      alt: image.alt,
      caption: image.caption,
      credit: image.credit,
      width: image.width,
      height: image.height,
      original_mime: image.mime,
      original_data: image.data,
      created_at: image.createdAt,
      renditions_status: image.renditionsStatus ?? 'ready',
      search_text: searchTextOf(image),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findImageOriginal(db: DbOrTransaction, publicId: string) {
  return db
    .selectFrom('images')
    .where('public_id', '=', publicId)
    .select(['id', 'original_data', 'original_mime', 'width', 'height'])
    .executeTakeFirst();
}

export async function findImageOriginalById(db: DbOrTransaction, imageId: number) {
  return db.selectFrom('images').where('id', '=', imageId).select(['id', 'original_data']).executeTakeFirst();
}

export async function findImageRendition(db: DbOrTransaction, imageId: number, width: number, format: string) {
  return db
    .selectFrom('image_renditions')
    .where('image_id', '=', imageId)
    .where('width', '=', width)
    .where('format', '=', format)
    .select('data')
    .executeTakeFirst();
}

export async function saveImageRendition(
  db: DbOrTransaction,
  rendition: { imageId: number; width: number; format: string; data: Uint8Array },
): Promise<void> {
  await db
    .insertInto('image_renditions')
    .values({ image_id: rendition.imageId, width: rendition.width, format: rendition.format, data: rendition.data })
    .onConflict((conflict) => conflict.columns(['image_id', 'width', 'format']).doNothing())
    .execute();
}

/** The library's images with these public ids (missing ids are simply absent). */
export async function findImagesByPublicId(db: DbOrTransaction, publicIds: readonly string[]) {
  if (!publicIds.length) return [];
  return db
    .selectFrom('images')
    .where('public_id', 'in', [...new Set(publicIds)])
    .select(['public_id', 'alt', 'caption', 'credit', 'width', 'height'])
    .execute();
}
