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
