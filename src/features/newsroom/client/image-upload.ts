// Images into the article: a file dropped or pasted into the editor, or picked
// with the Image button. Alt text is asked for first (required: a reader who
// cannot see the picture gets these words instead), with caption and credit,
// in a dialog; then the file is uploaded to the form's `data-upload-url`
// as multipart form data — `_csrf` (the form's), `alt`, `caption`, `credit`,
// then `file` — and a `figure` of the new library image goes into the text.
// The server answers 201 { id, url, width, height, alt, caption, credit },
// or 422 { errors: [{ field, message }] }, shown beside the field in the
// dialog so the journalist can correct and retry. Progress and the outcome
// are announced in the dialog's status line and the editor's status region.
import type { Editor } from '@tiptap/core';
import { browser, type FileLike, type FormElement, type InputElement, type PageElement } from './browser.js';
import { openFormDialog, type DialogErrors } from './editor-dialog.js';
import type { FigureAttributes } from './editor-node-views.js';

const FIELDS = new Set(['alt', 'caption', 'credit']);

export const isImageFile = (file: FileLike) => file.type.startsWith('image/');

function sizeText(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1_000))} KB`;
}

/** The alt text, caption and credit fields, filled with what is known. */
export function figureFields(current?: Partial<FigureAttributes>) {
  return [
    {
      name: 'alt',
      label: 'Alt text',
      required: true,
      maxLength: 500,
      value: current?.alt ?? '',
      hint: 'What the picture shows, for readers who cannot see it.',
    },
    { name: 'caption', label: 'Caption', maxLength: 1000, value: current?.caption ?? '' },
    { name: 'credit', label: 'Credit', maxLength: 200, value: current?.credit ?? '' },
  ];
}

function errorsOf(body: unknown): DialogErrors {
  const errors =
    typeof body === 'object' && body !== null && Array.isArray((body as { errors?: unknown }).errors)
      ? (body as { errors: unknown[] }).errors
      : [];
  const shown: Record<string, string> = {};
  for (const error of errors) {
    if (typeof error !== 'object' || error === null) continue;
    const { field, message } = error as { field?: unknown; message?: unknown };
    if (typeof message !== 'string') continue;
    const key = typeof field === 'string' && FIELDS.has(field) ? field : '';
    shown[key] = shown[key] ? `${shown[key]} ${message}` : message;
  }
  return Object.keys(shown).length ? shown : { '': 'The image was not accepted. Try another file.' };
}

export function createImageUploader(options: { editor: () => Editor; form: FormElement; uploadUrl: string; status: PageElement }) {
  const { form, uploadUrl, status } = options;

  async function upload(file: FileLike, values: Record<string, string>, report: (message: string) => void): Promise<DialogErrors> {
    const body = new browser.FormData();
    // `_csrf` first: the server checks it before it reads (and stores) any file.
    body.append('_csrf', form.querySelector<InputElement>('input[name="_csrf"]')?.value ?? '');
    body.append('alt', values.alt ?? '');
    body.append('caption', values.caption ?? '');
    body.append('credit', values.credit ?? '');
    body.append('file', file, file.name);
    const uploading = `Uploading ${file.name} (${sizeText(file.size)})…`;
    report(uploading);
    status.textContent = uploading;
    try {
      const response = await browser.fetch(uploadUrl, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body,
        credentials: 'same-origin',
      });
      const answer = (await response.json().catch(() => null)) as Record<string, unknown> | null;
      if (response.status === 201 && answer && typeof answer.id === 'string' && answer.id) {
        const text = (key: string) => (typeof answer[key] === 'string' ? (answer[key] as string) : (values[key] ?? ''));
        options
          .editor()
          .chain()
          .focus()
          .insertFigure({ imageId: answer.id, alt: text('alt'), caption: text('caption'), credit: text('credit') })
          .run();
        status.textContent = `Image ${file.name} inserted.`;
        return null;
      }
      status.textContent = `Image ${file.name} not uploaded.`;
      if (response.status === 422) return errorsOf(answer);
      return { '': `The image could not be uploaded (error ${response.status}). Try again.` };
    } catch {
      status.textContent = `Image ${file.name} not uploaded.`;
      return { '': 'The image could not be uploaded: no connection. Try again.' };
    }
  }

  /** Asks for alt text, caption and credit, then uploads and inserts; at `position` when the file was dropped there. */
  async function insertImage(file: FileLike, position?: number): Promise<void> {
    if (!isImageFile(file)) {
      status.textContent = `${file.name} is not an image.`;
      return;
    }
    if (position !== undefined) options.editor().commands.setTextSelection(position);
    await openFormDialog({
      title: `Add image: ${file.name}`,
      submitLabel: 'Upload and insert',
      fields: figureFields(),
      submit: (values, report) => upload(file, values, report),
    });
    options.editor().commands.focus();
  }

  /** The Image button: a file picker (outside the article form, so its file is never part of the form's posts). */
  function pickImage(): void {
    const picker = browser.document.createElement('input');
    picker.type = 'file';
    picker.accept = 'image/jpeg,image/png,image/webp,image/gif';
    picker.hidden = true;
    picker.addEventListener('change', () => {
      const file = picker.files?.[0];
      picker.remove();
      if (file) void insertImage(file);
    });
    picker.addEventListener('cancel', () => picker.remove());
    browser.document.body.append(picker);
    picker.click();
  }

  return { insertImage, pickImage };
}
