// Whatever a client puts in the media library's addresses and forms, the
// answer is never a 5xx, and a refused post changes nothing: no image stored
// or deleted, no words or focal point changed.
import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { hiddenValue, type FormFields } from '../accounts/testing/session-helpers.js';
import { useNewsroomDesk } from './testing/newsroom-desk.js';
import { postMultipart, type Part } from './testing/multipart.js';

const word = awkwardText(
  ['0', '1', '0.5', '1.0', '.5', '-0', '2', 'NaN', 'Infinity', '1e-1', '%', '_', '\\', 'a'.repeat(700), 'Quay\u0000side', 'gull\u0007'],
  { maxLength: 60 },
);

describeEachEngine('newsroom media library fuzzing', (engine) => {
  const { desk } = useNewsroomDesk(engine);
  let csrf: string;
  let photo: Buffer;

  const snapshot = async () =>
    desk.db
      .selectFrom('images')
      .select(['public_id', 'alt', 'caption', 'credit', 'focal_x', 'focal_y', 'search_text'])
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    csrf = hiddenValue((await desk.staff.editor.get('/newsroom/media')).body, '_csrf');
    photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#369' } })
      .png()
      .toBuffer();
  });

  it('answers every address without a 5xx', async () => {
    const address = fc.oneof(
      word.map((value) => `/newsroom/media?q=${encodeURIComponent(value)}`),
      fc.tuple(word, word).map(([q, before]) => `/newsroom/media?q=${encodeURIComponent(q)}&before=${encodeURIComponent(before)}`),
      word.map((value) => `/newsroom/media/${encodeURIComponent(value)}`),
      word.map((value) => `/newsroom/media/${encodeURIComponent(value)}/status`),
      word.map((value) => `/newsroom/media/fixture-hero?notice=${encodeURIComponent(value)}`),
    );
    await fc.assert(
      fc.asyncProperty(address, async (url) => {
        const response = await desk.staff.author.get(url);
        expect(response.statusCode, url).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses bad form posts without a 5xx and changes nothing', async () => {
    const fields = fc.record(
      {
        alt: formValue(word, { canBeMissing: true }),
        caption: formValue(word, { canBeMissing: true }),
        credit: formValue(word, { canBeMissing: true }),
        focalX: formValue(word, { canBeMissing: true }),
        focalY: formValue(word, { canBeMissing: true }),
      },
      { requiredKeys: [] },
    );
    const path = fc.constantFrom(
      '/newsroom/media/fixture-hero/text',
      '/newsroom/media/fixture-hero/focal-point',
      '/newsroom/media/fixture-hero/delete',
      '/newsroom/media/no-such-image/text',
      '/newsroom/media/no-such-image/delete',
    );
    await fc.assert(
      fc.asyncProperty(path, fields, fc.boolean(), async (url, form, withToken) => {
        const before = await snapshot();
        const response = await desk.staff.editor.post(url, { ...(form as FormFields), ...(withToken ? { _csrf: csrf } : {}) });
        expect(response.statusCode, url).toBeLessThan(500);
        if (response.statusCode >= 400) expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 120 },
    );
  });

  it('refuses bad uploads without a 5xx and stores nothing', async () => {
    const file = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      fc.constant(Buffer.alloc(0)),
      fc.nat({ max: 300 }).map((cut) => photo.subarray(0, cut)),
      fc.constant(photo),
    );
    const parts = fc.record({
      alt: fc.option(word, { nil: undefined }),
      caption: fc.option(word, { nil: undefined }),
      file: fc.option(file, { nil: undefined }),
      withToken: fc.boolean(),
      filename: word,
    });
    await fc.assert(
      fc.asyncProperty(parts, async (input) => {
        const before = await snapshot();
        const body: Part[] = [
          ...(input.withToken ? [{ name: '_csrf', value: csrf }] : []),
          ...(input.alt === undefined ? [] : [{ name: 'alt', value: input.alt }]),
          ...(input.caption === undefined ? [] : [{ name: 'caption', value: input.caption }]),
          ...(input.file === undefined
            ? []
            : [{ name: 'file', filename: input.filename.replace(/["\r\n]/g, ''), type: 'image/png', data: input.file }]),
        ];
        const response = await postMultipart(desk.staff.author, '/newsroom/media', body);
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode >= 400) expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });
});
