// What an uploaded picture becomes before it is stored: checked to be a JPEG,
// PNG, WebP or AVIF that decodes to a sane number of pixels (a small file can
// claim a huge canvas: a decompression bomb), turned upright (EXIF orientation
// applied), and re-encoded without its metadata — camera EXIF, XMP and, above
// all, GPS location, which could reveal where a source or a photographer was.
// Only the colour profile is kept. sharp runs on libuv's thread pool, so the
// event loop never waits on a decode.

export const UPLOAD_FORMATS = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', heif: 'image/avif' } as const;

export interface ImportLimits {
  maxBytes: number;
  maxPixels: number;
}

export type NormalisedImage =
  { kind: 'image'; data: Buffer; mime: string; width: number; height: number } | { kind: 'refused'; message: string };

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export async function normaliseUpload(data: Buffer, limits: ImportLimits): Promise<NormalisedImage> {
  if (data.length === 0) return { kind: 'refused', message: 'The file is empty.' };
  if (data.length > limits.maxBytes) return { kind: 'refused', message: `The file is larger than ${megabytes(limits.maxBytes)}.` };
  const { default: sharp } = await import('sharp');
  const options = { limitInputPixels: limits.maxPixels, failOn: 'error' as const };
  let metadata;
  try {
    metadata = await sharp(data, options).metadata();
  } catch {
    return { kind: 'refused', message: 'That file is not a picture we can read. Upload a JPEG, PNG, WebP or AVIF image.' };
  }
  const format = metadata.format as string | undefined;
  // HEIF is AVIF only when its compression is AV1 (a HEIC photo from a phone is not).
  const isAvif = format === 'heif' && metadata.compression === 'av1';
  if (!format || !(format in UPLOAD_FORMATS) || (format === 'heif' && !isAvif))
    return { kind: 'refused', message: 'Upload a JPEG, PNG, WebP or AVIF image.' };
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > limits.maxPixels)
    return { kind: 'refused', message: `The picture has more than ${Math.round(limits.maxPixels / 1_000_000)} million pixels.` };
  try {
    const pipeline = sharp(data, options).rotate().keepIccProfile();
    const encoded =
      format === 'jpeg'
        ? pipeline.jpeg({ quality: 92, chromaSubsampling: '4:4:4' })
        : format === 'png'
          ? pipeline.png({ compressionLevel: 6 })
          : format === 'webp'
            ? pipeline.webp({ quality: 92 })
            : pipeline.avif({ quality: 70, effort: 3 });
    const { data: output, info } = await encoded.toBuffer({ resolveWithObject: true });
    return {
      kind: 'image',
      data: output,
      mime: UPLOAD_FORMATS[format as keyof typeof UPLOAD_FORMATS],
      width: info.width,
      height: info.height,
    };
  } catch {
    return { kind: 'refused', message: 'That picture could not be read to the end: it may be damaged.' };
  }
}
