// Uploaded pictures: what is kept (the picture, upright, its colour profile) and
// what never is (location and camera metadata); what is refused, with a message.
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { normaliseUpload } from './image-import.js';

const LIMITS = { maxBytes: 5 * 1024 * 1024, maxPixels: 4_000_000 };

/** A 40×20 photo taken sideways (EXIF orientation 6: the camera was turned) with GPS coordinates in its EXIF. */
async function sidewaysPhotoWithLocation(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Test Camera' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

describe('normaliseUpload', () => {
  it('keeps the picture upright and drops its EXIF, location included', async () => {
    const original = await sidewaysPhotoWithLocation();
    const before = await sharp(original).metadata();
    expect(before.exif?.toString('latin1')).toContain('Test Camera');
    expect(before.orientation).toBe(6);

    const result = await normaliseUpload(original, LIMITS);
    if (result.kind !== 'image') throw new Error(result.message);
    expect(result.mime).toBe('image/jpeg');
    // Turned upright: the 40×20 sensor image is 20 wide and 40 tall.
    expect([result.width, result.height]).toEqual([20, 40]);
    const after = await sharp(result.data).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(result.data.includes(Buffer.from('Test Camera'))).toBe(false);
  });

  it.each([
    ['png', (image: Sharp) => image.png(), 'image/png'],
    ['webp', (image: Sharp) => image.webp(), 'image/webp'],
    ['avif', (image: Sharp) => image.avif({ effort: 0 }), 'image/avif'],
  ] as const)('takes %s and keeps its format', async (_name, encode, mime) => {
    const data = await encode(sharp({ create: { width: 16, height: 12, channels: 3, background: '#2a6' } })).toBuffer();
    const result = await normaliseUpload(data, LIMITS);
    expect(result).toMatchObject({ kind: 'image', mime, width: 16, height: 12 });
  });

  it('refuses what is not a picture, a damaged one, a decompression bomb, an empty or too large file, and other formats', async () => {
    const photo = await sidewaysPhotoWithLocation();
    const huge = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(huge.length).toBeLessThan(LIMITS.maxBytes); // small on disk, 9 million pixels decoded
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .gif()
      .toBuffer();
    const cases: [Buffer, RegExp][] = [
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), /not a picture we can read|JPEG, PNG, WebP or AVIF/],
      [Buffer.from('just some text, not an image at all'), /not a picture we can read/],
      [photo.subarray(0, Math.floor(photo.length / 2)), /damaged|not a picture we can read/],
      [huge, /million pixels|not a picture we can read/],
      [Buffer.alloc(0), /empty/],
      [Buffer.alloc(LIMITS.maxBytes + 1), /larger than 5 MB/],
      [gif, /JPEG, PNG, WebP or AVIF/],
    ];
    for (const [data, message] of cases) {
      const result = await normaliseUpload(data, LIMITS);
      expect(result.kind, message.source).toBe('refused');
      if (result.kind === 'refused') expect(result.message).toMatch(message);
    }
  });
});
