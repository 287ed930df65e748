import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { FIXTURE_NOW } from '../articles/testing/fixture-newspaper.js';
import { insertImage } from './media.repository.js';
import { IMAGE_FORMATS, IMAGE_WIDTHS, imagePath } from './media.types.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A 1200×600 JPEG original: wider than two rendition widths, narrower than the third. */
async function landscapeJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 600, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .toBuffer();
}

describeEachEngine('media routes', (engine) => {
  let testApp: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) => testApp.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await insertImage(testApp.database.db, {
      publicId: 'harbour-at-dusk',
      alt: 'The harbour at dusk',
      caption: '',
      credit: 'Fixture',
      width: 1200,
      height: 600,
      mime: 'image/jpeg',
      data: await landscapeJpeg(),
      createdAt: FIXTURE_NOW.toISOString(),
    });
  });
  afterAll(() => testApp.destroy());

  it('serves every width in both formats with its content type, resized without enlarging, immutable', async () => {
    for (const width of IMAGE_WIDTHS) {
      for (const format of ['webp', 'jpg'] as const) {
        const url = imagePath('harbour-at-dusk', width, format);
        const response = await get(url);
        expect(response.statusCode, url).toBe(200);
        expect(response.headers['content-type']).toBe(IMAGE_FORMATS[format]);
        expect(response.headers['cache-control']).toBe(IMMUTABLE);
        expect(response.headers.etag).toMatch(/^"[\w-]+"$/);
        // Images are not compressed again: a client asking for gzip gets the same bytes.
        expect(response.headers['content-encoding']).toBeUndefined();
        const metadata = await sharp(response.rawPayload).metadata();
        expect(metadata.format).toBe(format === 'jpg' ? 'jpeg' : 'webp');
        expect([metadata.width, metadata.height]).toEqual(width < 1200 ? [width, width / 2] : [1200, 600]);
      }
    }
  });

  it('answers the same bytes again, a 304 to its ETag and HEAD without a body', async () => {
    const url = '/media/harbour-at-dusk/960.webp';
    const first = await get(url);
    const again = await get(url, { 'accept-encoding': 'gzip, br' });
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(again.headers['content-encoding']).toBeUndefined();
    const revalidated = await get(url, { 'if-none-match': String(first.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
    const head = await testApp.app.inject({ method: 'HEAD', url });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('image/webp');
    expect(head.body).toBe('');
  });

  it('answers 404 for unknown images, widths and formats, and for malformed paths', async () => {
    const notFound = [
      '/media/no-such-image/480.webp',
      '/media/harbour-at-dusk/500.webp',
      '/media/harbour-at-dusk/0480.webp',
      '/media/harbour-at-dusk/48.webp',
      '/media/harbour-at-dusk/16000.jpg',
      '/media/harbour-at-dusk/480.png',
      '/media/harbour-at-dusk/480.jpeg',
      '/media/harbour-at-dusk/480.WEBP',
      '/media/harbour-at-dusk/480.gif',
      '/media/harbour-at-dusk/480.',
      '/media/harbour-at-dusk/480',
      '/media/harbour-at-dusk/.webp',
      '/media/harbour-at-dusk/480.webp.jpg',
      '/media/harbour-at-dusk/480.webp/extra',
      '/media/harbour-at-dusk/',
      '/media/harbour-at-dusk',
      '/media/',
      '/media',
      '/media/Harbour-At-Dusk/480.webp',
      '/media/harbour_at_dusk/480.webp',
      `/media/${'a'.repeat(65)}/480.webp`,
      '/media/%2e%2e/480.webp',
      '/media/..%2f..%2fetc/480.webp',
      '/media/harbour-at-dusk%00/480.webp',
      '/media/harbour-at-dusk/480%00.webp',
      '/media/toString/480.webp',
      '/media/harbour-at-dusk/480.toString',
      '/media/harbour-at-dusk/480.constructor',
      '/media/harbour-at-dusk/480.__proto__',
    ];
    for (const url of notFound) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['cache-control'], url).not.toBe(IMMUTABLE);
    }
  });

  it('never answers 5xx to junk in a media URL', async () => {
    const part = fc.oneof(
      fc.constantFrom('harbour-at-dusk', '480.webp', '960.jpg', '1600', 'webp', '..', '.', '', '%00', '%ZZ', '%2F', 'a'.repeat(300)),
      fc.stringMatching(/^[a-zA-Z0-9._~%-]{0,24}$/),
      fc.string({ maxLength: 16 }).map((text) => encodeURIComponent(text)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(part, { minLength: 0, maxLength: 4 }),
        fc.constantFrom('', '?w=480', '?%ZZ', '#x'),
        async (parts, query) => {
          const response = await get(`/media/${parts.join('/')}${query}`);
          expect(response.statusCode).toBeLessThan(500);
          expect([200, 301, 304, 400, 404]).toContain(response.statusCode);
        },
      ),
      { numRuns: 150 },
    );
  });
});
