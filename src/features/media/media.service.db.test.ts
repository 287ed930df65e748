import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { findImageOriginal, findImageRendition, insertImage, saveImageRendition } from './media.repository.js';
import { createMediaService } from './media.service.js';

const CREATED_AT = '2026-03-10T12:00:00.000Z';

function solidJpeg(width: number, height: number, red: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: red, g: 90, b: 140 } } })
    .jpeg()
    .toBuffer();
}

describeEachEngine('media service and repository', (engine) => {
  let database: TestDatabase;
  let original: Buffer;
  const storedRendition = async (publicId: string, width: number, format: string) => {
    const image = await findImageOriginal(database.db, publicId);
    return (await findImageRendition(database.db, image!.id, width, format))?.data;
  };
  /** Replaces a stored rendition's bytes, so a test can tell the database's copy from a fresh resize or memory. */
  const overwriteRendition = async (publicId: string, width: number, format: string, data: Buffer) => {
    const image = await findImageOriginal(database.db, publicId);
    await database.db
      .updateTable('image_renditions')
      .set({ data })
      .where('image_id', '=', image!.id)
      .where('width', '=', width)
      .where('format', '=', format)
      .execute();
  };

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    original = await solidJpeg(1000, 500, 40);
    for (const publicId of ['pier', 'lighthouse', 'dunes']) {
      await insertImage(database.db, {
        publicId,
        alt: `The ${publicId}`,
        caption: '',
        credit: 'Fixture',
        width: 1000,
        height: 500,
        mime: 'image/jpeg',
        data: original,
        createdAt: CREATED_AT,
      });
    }
  });
  afterAll(() => database.destroy());

  it('keeps an original byte for byte, and the first copy of a rendition when two are saved', async () => {
    const stored = await findImageOriginal(database.db, 'pier');
    expect(stored).toMatchObject({ original_mime: 'image/jpeg', width: 1000, height: 500 });
    expect(Buffer.from(stored!.original_data).equals(original)).toBe(true);
    expect(await findImageOriginal(database.db, 'no-such-image')).toBeUndefined();
    const first = Buffer.from([1, 2, 3, 0, 255]);
    await saveImageRendition(database.db, { imageId: stored!.id, width: 480, format: 'test', data: first });
    // A second node racing to store the same rendition must not fail the request.
    await saveImageRendition(database.db, { imageId: stored!.id, width: 480, format: 'test', data: Buffer.from([9]) });
    expect(Buffer.from((await storedRendition('pier', 480, 'test'))!).equals(first)).toBe(true);
  });

  it('makes a rendition on first request and stores it for every node', async () => {
    const media = createMediaService({ db: database.db });
    const response = await media.rendition('lighthouse', 480, 'webp');
    expect(response).toMatchObject({ status: 200, contentType: 'image/webp', cacheControl: 'public, max-age=31536000, immutable' });
    expect(await sharp(response!.identity).metadata()).toMatchObject({ format: 'webp', width: 480, height: 240 });
    expect(Buffer.from((await storedRendition('lighthouse', 480, 'webp'))!).equals(response!.identity)).toBe(true);
    expect(await storedRendition('lighthouse', 480, 'jpg')).toBeUndefined();
  });

  it('serves a stored rendition without making it again, and keeps what it served in memory', async () => {
    const standIn = await solidJpeg(480, 240, 250);
    await overwriteRendition('lighthouse', 480, 'webp', standIn);
    const media = createMediaService({ db: database.db });
    const fromDatabase = await media.rendition('lighthouse', 480, 'webp');
    expect(fromDatabase!.identity.equals(standIn)).toBe(true);
    await overwriteRendition('lighthouse', 480, 'webp', await solidJpeg(480, 240, 10));
    expect(await media.rendition('lighthouse', 480, 'webp')).toBe(fromDatabase);
  });

  it('shares one production among concurrent requests for the same rendition', async () => {
    const media = createMediaService({ db: database.db });
    const responses = await Promise.all(Array.from({ length: 6 }, () => media.rendition('dunes', 960, 'jpg')));
    expect(new Set(responses).size).toBe(1);
    expect(await sharp(responses[0]!.identity).metadata()).toMatchObject({ format: 'jpeg', width: 960 });
  });

  it('drops the oldest renditions from memory beyond its budget, and reads them from the database again', async () => {
    const sizes = createMediaService({ db: database.db });
    const pierSize = (await sizes.rendition('pier', 960, 'webp'))!.identity.length;
    const dunesSize = (await sizes.rendition('dunes', 480, 'webp'))!.identity.length;
    // Room for either rendition, not both.
    const media = createMediaService({
      db: database.db,
      memoryBudgetBytes: Math.max(pierSize, dunesSize) + Math.min(pierSize, dunesSize) - 1,
    });
    const pier = await media.rendition('pier', 960, 'webp');
    expect(await media.rendition('pier', 960, 'webp')).toBe(pier);
    const dunes = await media.rendition('dunes', 480, 'webp');
    const standIn = await solidJpeg(960, 480, 200);
    await overwriteRendition('pier', 960, 'webp', standIn);
    await overwriteRendition('dunes', 480, 'webp', standIn);
    expect(await media.rendition('dunes', 480, 'webp')).toBe(dunes);
    const again = await media.rendition('pier', 960, 'webp');
    expect(again).not.toBe(pier);
    expect(again!.identity.equals(standIn)).toBe(true);
  });

  it('evicts the least recently served rendition first', async () => {
    const sizes = createMediaService({ db: database.db });
    const keys = [
      ['pier', 480],
      ['lighthouse', 960],
      ['dunes', 1600],
    ] as const;
    const size = async ([publicId, width]: (typeof keys)[number]) => (await sizes.rendition(publicId, width, 'jpg'))!.identity.length;
    const [pierSize, lighthouseSize, dunesSize] = [await size(keys[0]), await size(keys[1]), await size(keys[2])];
    // Room for the pier and either of the others, not all three.
    const media = createMediaService({ db: database.db, memoryBudgetBytes: pierSize + Math.max(lighthouseSize, dunesSize) });
    const pier = await media.rendition('pier', 480, 'jpg');
    const lighthouse = await media.rendition('lighthouse', 960, 'jpg');
    expect(await media.rendition('pier', 480, 'jpg')).toBe(pier);
    await media.rendition('dunes', 1600, 'jpg');
    expect(await media.rendition('pier', 480, 'jpg')).toBe(pier);
    expect(await media.rendition('lighthouse', 960, 'jpg')).not.toBe(lighthouse);
  });

  it('answers null for an image that does not exist, and stores nothing', async () => {
    const countRenditions = async () =>
      Number(
        (
          await database.db
            .selectFrom('image_renditions')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      );
    const before = await countRenditions();
    const media = createMediaService({ db: database.db });
    expect(await media.rendition('no-such-image', 480, 'webp')).toBeNull();
    expect(await media.rendition('no-such-image', 480, 'webp')).toBeNull();
    expect(await countRenditions()).toBe(before);
  });
});
