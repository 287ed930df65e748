// The media library's pages: the list (search, thumbnails, the upload form)
// and an image's page (its words, focal point, where it is used, deletion).
// Both work without JavaScript; the progress script only updates the
// "processing" notice of an image whose renditions are still being made.
import type { SafeHtml } from '#jsx/jsx-runtime';
import { formatDateline } from '../../../core/views/format.js';
import { CsrfField, ErrorSummary, TextField } from '../../../core/views/forms.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { LibraryImageDetails, LibraryListItem } from '../../media/media.service.js';
import { focalClasses, imagePath, type ImageUse } from '../../media/media.types.js';
import { NewsroomNav, StaffLayout } from './staff-layout.js';

type Errors = Record<string, string | undefined>;

export const imagePageHref = (publicId: string) => `/newsroom/media/${publicId}`;

const TEXT_LABELS = { alt: 'Alt text', caption: 'Caption', credit: 'Credit', file: 'Picture' };
const FOCAL_LABELS = { focalX: 'Across', focalY: 'Down' };

function Thumbnail(props: { image: LibraryListItem }) {
  const { image } = props;
  if (image.status === 'processing') return <p class="media-thumb media-thumb-processing">Processing…</p>;
  return (
    <img
      class={`media-thumb ${focalClasses(image.focal)}`.trim()}
      src={imagePath(image.publicId, 480, 'jpg')}
      alt={image.alt}
      width={image.width}
      height={image.height}
      loading="lazy"
      decoding="async"
    />
  );
}

function Processing(props: { publicId: string }) {
  return (
    <div class="notice media-processing" role="status" data-rendition-status={`${imagePageHref(props.publicId)}/status`}>
      <p>
        <strong>Processing:</strong> the sizes readers get are being made. The picture can be used in articles already.{' '}
        <span data-progress-text>Reload this page to see how far it has got.</span>
      </p>
      <progress aria-label="Sizes made" />
    </div>
  );
}

export function MediaLibraryPage(props: {
  site: SiteContext;
  account: SafeHtml;
  csrfToken: string;
  scripts: string[];
  words: string;
  images: LibraryListItem[];
  nextHref: string | null;
  searchedWindowOnly: boolean;
  notice: string | null;
  upload: { values: { alt: string; caption: string; credit: string }; errors: Errors };
  maxUploadMegabytes: number;
}) {
  const { images, upload } = props;
  return (
    <StaffLayout site={props.site} account={props.account} title="Media library" scripts={props.scripts}>
      <NewsroomNav current="media" />
      <h1>Media library</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <form method="get" action="/newsroom/media" role="search" class="media-search">
        <TextField
          name="q"
          type="search"
          label="Search captions, credits and alt text"
          value={props.words}
          required={false}
          maxlength={100}
        />
        <button type="submit">Search</button>
      </form>
      <h2>{props.words ? `Images matching “${props.words}”` : 'Newest images'}</h2>
      {images.length === 0 ? (
        <p class="empty">{props.words ? 'No image matches those words here.' : 'The library is empty: upload a picture below.'}</p>
      ) : (
        <ul class="media-grid">
          {images.map((image) => (
            <li class="media-item">
              <a href={imagePageHref(image.publicId)}>
                <Thumbnail image={image} />
                <span class="media-item-caption">{image.caption || image.alt}</span>
              </a>
              {image.credit ? <span class="media-item-credit">{image.credit}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {props.nextHref ? (
        <p>
          {props.searchedWindowOnly ? 'Searched the newest part of the library. ' : null}
          <a href={props.nextHref} rel="next">
            {props.searchedWindowOnly ? 'Search older images' : 'Older images'}
          </a>
        </p>
      ) : null}
      <h2 id="upload">Upload a picture</h2>
      <ErrorSummary errors={upload.errors} labels={TEXT_LABELS} />
      <form method="post" action="/newsroom/media" enctype="multipart/form-data" class="media-upload">
        <CsrfField token={props.csrfToken} />
        <div class={upload.errors.file ? 'field field-invalid' : 'field'}>
          <label for="field-file">Picture</label>
          <p class="field-hint" id="hint-file">
            A JPEG, PNG, WebP or AVIF image up to {props.maxUploadMegabytes} MB. Location and camera details are removed.
          </p>
          <p class="field-error" id="error-file" hidden={!upload.errors.file} aria-live="polite">
            {upload.errors.file ?? ''}
          </p>
          <input
            id="field-file"
            name="file"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/avif"
            required
            aria-invalid={upload.errors.file ? 'true' : undefined}
            aria-describedby="hint-file error-file"
          />
        </div>
        <TextField
          name="alt"
          label="Alt text"
          hint="What the picture shows, for readers who cannot see it."
          value={upload.values.alt}
          error={upload.errors.alt}
          maxlength={300}
        />
        <TextField
          name="caption"
          label="Caption"
          value={upload.values.caption}
          error={upload.errors.caption}
          required={false}
          maxlength={600}
        />
        <TextField
          name="credit"
          label="Credit"
          value={upload.values.credit}
          error={upload.errors.credit}
          required={false}
          maxlength={200}
        />
        <button type="submit">Upload</button>
      </form>
    </StaffLayout>
  );
}

function UsesList(props: { uses: ImageUse[] }) {
  if (props.uses.length === 0) return <p class="empty">No article uses this picture.</p>;
  return (
    <ul class="media-uses">
      {props.uses.map((use) => (
        <li>
          <a href={`/newsroom/articles/${use.articleId}/edit`}>{use.headline}</a> ({use.role === 'hero' ? 'main picture' : 'in the text'},{' '}
          {use.status})
        </li>
      ))}
    </ul>
  );
}

function NumberField(props: { name: string; label: string; hint: string; value: string; error?: string }) {
  const id = `field-${props.name}`;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <p class="field-hint" id={`hint-${props.name}`}>
        {props.hint}
      </p>
      <p class="field-error" id={`error-${props.name}`} hidden={!props.error} aria-live="polite">
        {props.error ?? ''}
      </p>
      <input
        id={id}
        name={props.name}
        type="number"
        min="0"
        max="1"
        step="0.01"
        inputmode="decimal"
        value={props.value}
        required
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={`hint-${props.name} error-${props.name}`}
      />
    </div>
  );
}

export function MediaImagePage(props: {
  site: SiteContext;
  account: SafeHtml;
  csrfToken: string;
  scripts: string[];
  image: LibraryImageDetails;
  canDelete: boolean;
  notice: string | null;
  text: { values: { alt: string; caption: string; credit: string }; errors: Errors };
  focal: { values: { focalX: string; focalY: string }; errors: Errors };
  /** Set when a delete was refused: the picture is still in use. */
  deleteRefused: boolean;
}) {
  const { image, text, focal } = props;
  const href = imagePageHref(image.publicId);
  return (
    <StaffLayout site={props.site} account={props.account} title={`Picture: ${image.alt}`} scripts={props.scripts}>
      <NewsroomNav current="media" />
      <p class="kicker">
        <a href="/newsroom/media">Media library</a>
      </p>
      <h1>{image.caption || image.alt}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {image.status === 'processing' ? <Processing publicId={image.publicId} /> : null}
      {image.status === 'failed' ? (
        <p class="notice" role="status">
          The background job could not make this picture's sizes; they are made when first requested instead.
        </p>
      ) : null}
      <div class="media-detail">
        <figure class="media-preview">
          <img
            src={imagePath(image.publicId, 960, 'jpg')}
            alt={image.alt}
            width={image.width}
            height={image.height}
            decoding="async"
            data-focal-picker
          />
          <figcaption>
            {image.width} × {image.height} pixels, {image.mime.replace('image/', '').toUpperCase()}, uploaded{' '}
            <time datetime={image.createdAt}>{formatDateline(image.createdAt, props.site.timeZone)}</time>
          </figcaption>
        </figure>
        <div class="media-crop-preview">
          <p>How a card crops it:</p>
          <img
            class={`media-crop ${focalClasses(image.focal)}`.trim()}
            src={imagePath(image.publicId, 480, 'jpg')}
            alt=""
            width={image.width}
            height={image.height}
            decoding="async"
          />
        </div>
      </div>

      <p>
        Image id: <code>{image.publicId}</code>. Give it as an article’s Image id to use it as the main picture of more than one article.
      </p>
      <h2 id="words">Words</h2>
      <p>Articles that use the library's words for their main picture change with them; words an article set itself stay.</p>
      <ErrorSummary errors={text.errors} labels={TEXT_LABELS} />
      <form method="post" action={`${href}/text`}>
        <CsrfField token={props.csrfToken} />
        <TextField name="alt" label="Alt text" value={text.values.alt} error={text.errors.alt} maxlength={300} />
        <TextField
          name="caption"
          label="Caption"
          value={text.values.caption}
          error={text.errors.caption}
          required={false}
          maxlength={600}
        />
        <TextField name="credit" label="Credit" value={text.values.credit} error={text.errors.credit} required={false} maxlength={200} />
        <button type="submit">Save words</button>
      </form>

      <h2 id="focal-point">Focal point</h2>
      <p>
        Where the subject is (click it on the picture with JavaScript on), so cropped pictures (cards on fronts and lists) keep it in view:
        0 is the left or top edge, 1 the right or bottom edge.
      </p>
      <ErrorSummary errors={focal.errors} labels={FOCAL_LABELS} />
      <form method="post" action={`${href}/focal-point`} class="media-focal">
        <CsrfField token={props.csrfToken} />
        <NumberField
          name="focalX"
          label="Across"
          hint="From 0 (left) to 1 (right)."
          value={focal.values.focalX}
          error={focal.errors.focalX}
        />
        <NumberField
          name="focalY"
          label="Down"
          hint="From 0 (top) to 1 (bottom)."
          value={focal.values.focalY}
          error={focal.errors.focalY}
        />
        <button type="submit">Save focal point</button>
      </form>

      <h2 id="uses">Where it is used</h2>
      <UsesList uses={image.uses} />

      {props.canDelete ? (
        <>
          <h2 id="delete">Delete</h2>
          {props.deleteRefused ? (
            <p class="error-summary" role="alert">
              This picture is still used by the articles above: take it out of them first.
            </p>
          ) : null}
          {image.uses.length === 0 ? (
            <form method="post" action={`${href}/delete`}>
              <CsrfField token={props.csrfToken} />
              <button type="submit" class="danger">
                Delete this picture
              </button>
            </form>
          ) : (
            <p>Only a picture no article uses can be deleted.</p>
          )}
        </>
      ) : null}
    </StaffLayout>
  );
}
