// Image URL scheme: /media/<public id>/<width>.<format>, immutable once made.
export const IMAGE_WIDTHS = [480, 960, 1600] as const;
export type ImageWidth = (typeof IMAGE_WIDTHS)[number];
export const IMAGE_FORMATS = { webp: 'image/webp', jpg: 'image/jpeg' } as const;
export type ImageFormat = keyof typeof IMAGE_FORMATS;

export function imagePath(publicId: string, width: ImageWidth, format: ImageFormat): string {
  return `/media/${publicId}/${width}.${format}`;
}

export function imageSrcset(publicId: string, format: ImageFormat, originalWidth: number): string {
  return IMAGE_WIDTHS.filter((width) => width <= Math.max(originalWidth, IMAGE_WIDTHS[0]))
    .map((width) => `${imagePath(publicId, width, format)} ${width}w`)
    .join(', ');
}

const RENDITION_PATH = /^\/media\/([a-z0-9-]{1,64})\/([1-9]\d{1,3})\.([a-z]{3,4})$/;

/**
 * The public id an image URL names: one of our renditions, as an absolute URL
 * on this site (`<publicUrl>/media/<id>/<width>.<format>`) or as a path alone.
 * Anything else (another site, a width we do not make, a query) names no image.
 */
export function imagePublicIdFromUrl(src: string, publicUrl: string): string | null {
  const origin = publicUrl.endsWith('/') ? publicUrl.slice(0, -1) : publicUrl;
  const path = src.startsWith('/') ? src : src.startsWith(`${origin}/`) ? src.slice(origin.length) : null;
  const match = path === null ? null : RENDITION_PATH.exec(path);
  if (!match) return null;
  const [, publicId, width, format] = match;
  const isOurs = (IMAGE_WIDTHS as readonly number[]).includes(Number(width)) && Object.hasOwn(IMAGE_FORMATS, format!);
  return isOurs ? publicId! : null;
}

/** An article that shows a library image, as the image's page lists it. */
export interface ImageUse {
  articleId: number;
  headline: string;
  status: 'draft' | 'published' | 'withdrawn';
  role: 'hero' | 'figure';
}

/** What a library change reaches: heroes showing the library's words, or every hero (its crop). */
export type ImageChangeReach = 'hero-text' | 'hero';

/**
 * The focal point as two classes (`focal-x-35 focal-y-70`, steps of 5%): the stylesheet turns them
 * into `object-position` for cropped pictures. Classes, not a style attribute: the site's CSP
 * allows no inline styles. The middle needs none.
 */
export function focalClasses(focal: { x: number; y: number } | undefined): string {
  if (!focal) return '';
  const step = (value: number) => Math.round(Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0.5)) * 20) * 5;
  const [x, y] = [step(focal.x), step(focal.y)];
  return x === 50 && y === 50 ? '' : `focal-x-${x} focal-y-${y}`;
}
