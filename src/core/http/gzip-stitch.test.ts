import fc from 'fast-check';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deflatePersonalPiece, deflatePiece, stitchGzip } from './gzip-stitch.js';

describe('stitched gzip', () => {
  it('decompresses to the pieces in order, whatever they hold', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 3000 }), { maxLength: 6 }), fc.boolean(), (texts, personal) => {
        const pieces = texts.map((text) => (personal ? deflatePersonalPiece(text) : deflatePiece(text)));
        expect(gunzipSync(stitchGzip(pieces)).toString('utf8')).toBe(texts.join(''));
      }),
      { numRuns: 200 },
    );
  });

  it('frames pieces of any size, stored or compressed, including past the 64 KiB of one stored block', () => {
    for (const size of [0, 1, 2047, 2048, 70_000]) {
      const text = 'x'.repeat(size);
      expect(gunzipSync(stitchGzip([deflatePiece('<a>'), deflatePersonalPiece(text), deflatePiece('</a>')])).toString('utf8')).toBe(
        `<a>${text}</a>`,
      );
    }
  });

  it('reuses a shared piece across many responses without changing it', () => {
    const shared = deflatePiece('<html><body>'.repeat(500));
    const before = Buffer.from(shared.deflated);
    for (const name of ['Ada', 'Zoë', '']) {
      const body = gunzipSync(stitchGzip([shared, deflatePersonalPiece(`<p>${name}</p>`), shared])).toString('utf8');
      expect(body).toBe(`${'<html><body>'.repeat(500)}<p>${name}</p>${'<html><body>'.repeat(500)}`);
    }
    expect(shared.deflated.equals(before)).toBe(true);
  });
});
