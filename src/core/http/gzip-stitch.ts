// Gzip bodies assembled from pieces compressed at different times: the shared
// parts of a page once per revision, the personal parts (account corner, the
// wall's form) per request. Each piece is a raw deflate stream ended with a
// sync flush — byte-aligned and not final — so pieces can be concatenated and
// closed with an empty final block (the technique behind zlib's gzjoin and
// WebSocket permessage-deflate). A personal page then costs compressing a few
// hundred bytes and a CRC pass, not compressing the whole page.
// docs/benchmarks.md has the before/after figures.
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface DeflatedPiece {
  text: Buffer;
  deflated: Buffer;
}

const SYNC_FLUSH = { finishFlush: constants.Z_SYNC_FLUSH };
// BFINAL=1, fixed Huffman, end-of-block: an empty last block.
const EMPTY_FINAL_BLOCK = Buffer.from([0x03, 0x00]);
// Magic, deflate, no flags, no mtime, no extra flags, OS unknown.
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);

/** Compresses a shared piece once (thoroughly: it is reused for every reader). */
export function deflatePiece(text: string | Buffer, level = 9): DeflatedPiece {
  const buffer = typeof text === 'string' ? Buffer.from(text) : text;
  return { text: buffer, deflated: buffer.length ? deflateRawSync(buffer, { ...SYNC_FLUSH, level }) : Buffer.alloc(0) };
}

const STORED_BLOCK_MAX = 65_535;
// Below this, setting up a zlib stream costs more than the bytes it saves.
const STORE_BELOW = 2048;

/** Deflate "stored" blocks: the bytes as they are, framed (RFC 1951 §3.2.4); byte-aligned like a sync flush. */
function storedBlocks(buffer: Buffer): Buffer {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < buffer.length; offset += STORED_BLOCK_MAX) {
    const data = buffer.subarray(offset, offset + STORED_BLOCK_MAX);
    const header = Buffer.alloc(5);
    header[0] = 0x00; // BFINAL=0, BTYPE=00, padding to the byte boundary
    header.writeUInt16LE(data.length, 1);
    header.writeUInt16LE(~data.length & 0xffff, 3);
    chunks.push(header, data);
  }
  return Buffer.concat(chunks);
}

/** A per-request piece: a small one is stored as is, a larger one compressed at a mid level. */
export function deflatePersonalPiece(text: string): DeflatedPiece {
  const buffer = Buffer.from(text);
  if (buffer.length >= STORE_BELOW) return deflatePiece(buffer, 6);
  return { text: buffer, deflated: storedBlocks(buffer) };
}

/** One gzip member holding the pieces in order. */
export function stitchGzip(pieces: readonly DeflatedPiece[]): Buffer {
  let crc = 0;
  let length = 0;
  const chunks: Buffer[] = [GZIP_HEADER];
  for (const piece of pieces) {
    crc = crc32(piece.text, crc);
    length += piece.text.length;
    if (piece.deflated.length) chunks.push(piece.deflated);
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length >>> 0, 4);
  chunks.push(EMPTY_FINAL_BLOCK, trailer);
  return Buffer.concat(chunks);
}
