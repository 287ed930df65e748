// Image uploads through the Admin API, on both engines: a multipart post with
// the picture and its words in any order; what is stored carries no metadata.
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { multipartBody, type Part } from '../../core/http/testing/multipart.js';
import { createApiKeysService } from './api-keys.service.js';

describeEachEngine('Admin API image uploads', (engine) => {
  let testApp: TestApp;
  let key: string;
  let photo: Buffer;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: new Date('2026-12-01T09:00:00.000Z'), environment: { IMAGE_UPLOAD_MAX_MB: '1' } });
    const created = await createApiKeysService({ db: testApp.database.db, clock: testApp.clock }).create({
      name: 'Desk',
      role: 'contributor',
    });
    if (created.kind !== 'created') throw new Error(created.kind);
    key = created.key;
    photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#38a' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'Harbour Cam', Copyright: 'Someone' } })
      .toBuffer();
  });
  afterAll(() => testApp.destroy());

  const upload = (parts: Part[], headers: Record<string, string> = { authorization: `Bearer ${key}` }) => {
    const { payload, contentType } = multipartBody(parts);
    return testApp.app.inject({ method: 'POST', url: '/api/admin/images', payload, headers: { 'content-type': contentType, ...headers } });
  };
  const imageCount = async () =>
    Number(
      (
        await testApp.database.db
          .selectFrom('images')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const file = (data: Buffer, name = 'file'): Part => ({ name, filename: 'harbour at dawn.jpg', type: 'image/jpeg', data });

  it('stores an upload (words before or after the file) and serves its renditions, without the camera metadata', async () => {
    const response = await upload([
      { name: 'caption', value: 'Fishing boats at first light.' },
      file(photo),
      { name: 'alt', value: 'Three fishing boats moored in a calm harbour' },
      { name: 'credit', value: 'Test Gazette' },
    ]);
    expect(response.statusCode).toBe(201);
    const image = response.json();
    expect(image).toMatchObject({
      id: expect.stringMatching(/^harbour-at-dawn-[a-z0-9]{12}$/),
      width: 64,
      height: 48,
      alt: 'Three fishing boats moored in a calm harbour',
      caption: 'Fishing boats at first light.',
      credit: 'Test Gazette',
    });
    expect(image.url).toBe(`https://news.example.test/media/${image.id}/1600.jpg`);
    const rendition = await testApp.app.inject({ method: 'GET', url: new URL(image.url).pathname });
    expect(rendition.statusCode).toBe(200);
    expect(rendition.headers['content-type']).toBe('image/jpeg');
    const stored = await testApp.database.db
      .selectFrom('images')
      .where('public_id', '=', image.id)
      .select('original_data')
      .executeTakeFirstOrThrow();
    expect((await sharp(Buffer.from(stored.original_data)).metadata()).exif).toBeUndefined();
    expect(Buffer.from(stored.original_data).includes(Buffer.from('Harbour Cam'))).toBe(false);
  });

  it('refuses with the field named, storing nothing: no alt text, not a picture, too large, no file, a file in another field', async () => {
    const before = await imageCount();
    const cases: [Part[], string, RegExp][] = [
      [[file(photo)], 'alt', /alt text is required/],
      [[file(Buffer.from('plain text')), { name: 'alt', value: 'A thing' }], 'file', /not a picture/],
      [[file(Buffer.alloc(1024 * 1024 + 10, 1)), { name: 'alt', value: 'A thing' }], 'file', /larger than 1 MB/],
      [[{ name: 'alt', value: 'A thing' }], 'file', /Attach the picture/],
      [[file(photo, 'picture'), { name: 'alt', value: 'A thing' }], 'picture', /field named "file"/],
      // PostgreSQL text cannot hold a NUL: a 422, not a failed insert.
      [[file(photo), { name: 'alt', value: 'A\u0000thing' }], 'alt', /NUL character/],
      [[{ name: 'caption', value: '\u0000' }, file(photo), { name: 'alt', value: 'A thing' }], 'caption', /NUL character/],
    ];
    for (const [parts, field, message] of cases) {
      const response = await upload(parts);
      expect(response.statusCode, field).toBe(422);
      const errors = response.json().errors as Array<{ field: string; message: string }>;
      expect(errors.find((error) => error.field === field)?.message).toMatch(message);
    }
    expect(await imageCount()).toBe(before);
  });

  it('never answers 5xx to a broken or hostile multipart body, and stores nothing (property)', async () => {
    const before = await imageCount();
    const { payload: valid } = multipartBody([file(photo), { name: 'alt', value: 'Boats' }]);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
          // Cut before the closing delimiter ends: a body missing only its final `--` is still a whole upload.
          fc.nat({ max: valid.length - 48 }).map((cut) => valid.subarray(0, cut)),
          fc.string().map((text) => Buffer.from(`------masthead-test-boundary\r\n${text}`)),
        ),
        fc.constantFrom('----masthead-test-boundary', '', 'x'.repeat(80), '"quoted"'),
        async (payload, boundary) => {
          const response = await testApp.app.inject({
            method: 'POST',
            url: '/api/admin/images',
            payload,
            headers: { authorization: `Bearer ${key}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
          });
          expect(response.statusCode).toBeLessThan(500);
          expect(response.statusCode).not.toBe(201);
        },
      ),
      { numRuns: 120 },
    );
    expect(await imageCount()).toBe(before);
  });

  it('authenticates first and takes only multipart', async () => {
    expect((await upload([file(photo)], {})).statusCode).toBe(401);
    const json = await testApp.app.inject({
      method: 'POST',
      url: '/api/admin/images',
      payload: '{}',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    });
    expect(json.statusCode).toBe(415);
  });
});
