import { focalClasses, imagePath, imageSrcset } from '../../media/media.types.js';
import type { ImageRef } from '../articles.types.js';

/** A responsive picture: WebP with a JPEG fallback, sized so the layout never shifts. */
export function Picture(props: {
  image: ImageRef;
  sizes: string;
  loading?: 'lazy' | 'eager';
  fetchpriority?: 'high' | 'auto';
  className?: string;
}) {
  const { image } = props;
  return (
    <picture class={props.className}>
      <source type="image/webp" srcset={imageSrcset(image.publicId, 'webp', image.width)} sizes={props.sizes} />
      <img
        class={focalClasses(image.focal) || undefined}
        src={imagePath(image.publicId, 960, 'jpg')}
        srcset={imageSrcset(image.publicId, 'jpg', image.width)}
        sizes={props.sizes}
        width={image.width}
        height={image.height}
        alt={image.alt}
        loading={props.loading ?? 'lazy'}
        decoding="async"
        fetchpriority={props.fetchpriority}
      />
    </picture>
  );
}

export function Figure(props: {
  image: ImageRef;
  caption: string;
  credit: string;
  sizes: string;
  loading?: 'lazy' | 'eager';
  fetchpriority?: 'high' | 'auto';
  className?: string;
}) {
  return (
    <figure class={props.className}>
      <Picture image={props.image} sizes={props.sizes} loading={props.loading} fetchpriority={props.fetchpriority} />
      {props.caption || props.credit ? (
        <figcaption>
          {props.caption}
          {props.credit ? <span class="credit"> {props.credit}</span> : null}
        </figcaption>
      ) : null}
    </figure>
  );
}
