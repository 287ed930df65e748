// The newsroom's article editor (Tiptap), loaded only by newsroom pages.
//
// DOM contract with the server-rendered editor page (also in ../README.md):
//
//   <form method="post" data-article-form
//         data-autosave-url="…" data-presence-url="…" data-upload-url="…">
//     <input type="hidden" name="_csrf" value="…">
//     <input type="hidden" name="version" value="…">
//     … the other fields …
//     <label for="body">Body</label>
//     <textarea id="body" name="body">plain paragraphs, separated by blank lines</textarea>
//     <script type="application/json" id="body-doc">{"type":"doc",…} (the stored body; `<` written as \u003c)</script>
//     [<p data-save-status></p>] [<p data-presence></p>]   (optional: created when absent)
//   </form>
//
// Without JavaScript the textarea is the body. With it, this script hides the
// textarea (still posted, kept in step as plain text), mounts the editor in its
// place (named by the "Body" label), and adds `<input type="hidden"
// name="bodyDoc">`: the stored body JSON (stored-body.ts), updated on every
// change. The server takes `bodyDoc` when present, `body` otherwise. The
// toolbar, autosave, presence and image uploads are in the modules beside this.
import { Editor } from '@tiptap/core';
import type { ArticleBody } from '../../articles/articles.types.js';
import { browser, type FileLike, type FormElement, type InputElement, type PageElement, type TransferEvent } from './browser.js';
import { startAutosave, startPresence } from './editor-autosave.js';
import { openFormDialog } from './editor-dialog.js';
import { createEditorExtensions } from './editor-extensions.js';
import type { FigureAttributes } from './editor-node-views.js';
import { createToolbar } from './editor-toolbar.js';
import { createImageUploader, figureFields, isImageFile } from './image-upload.js';
import { cleanPastedHtml } from './paste-cleaner.js';
import { bodyFromPlainText, isSafeHref, toStoredBody } from './stored-body.js';

declare const EDITOR_STYLESHEET_URL: string;

const { document } = browser;

function linkStylesheet(): void {
  // A <link> to our own origin is allowed by style-src 'self'; an injected <style> would not be.
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = EDITOR_STYLESHEET_URL;
  document.head.append(link);
}

function initialBody(textarea: InputElement): ArticleBody {
  const stored = document.getElementById('body-doc')?.textContent;
  if (stored) {
    try {
      return toStoredBody(JSON.parse(stored));
    } catch {
      // A damaged document: the textarea's text is the same article in plain paragraphs.
    }
  }
  return bodyFromPlainText(textarea.value);
}

/** A status line (polite live region) the page supplied, or one made beside the editor. */
function statusRegion(form: FormElement, selector: string, attribute: string, place: (region: PageElement) => void): PageElement {
  const existing = form.querySelector(selector);
  if (existing) {
    if (!existing.hasAttribute('role')) existing.setAttribute('role', 'status');
    return existing;
  }
  const region = document.createElement('p');
  region.setAttribute(attribute, '');
  region.setAttribute('role', 'status');
  place(region);
  return region;
}

function mount(form: FormElement, textarea: InputElement): void {
  const label = form.querySelector(`label[for="${textarea.id}"]`);
  if (label && !label.id) label.id = `${textarea.id}-label`;
  const editorId = `${textarea.id}-editor`;

  const bodyDoc = document.createElement('input');
  bodyDoc.type = 'hidden';
  bodyDoc.name = 'bodyDoc';
  form.append(bodyDoc);

  const frame = document.createElement('div');
  frame.className = 'article-editor';
  const host = document.createElement('div');
  textarea.after(frame);
  textarea.hidden = true;
  // A hidden required field would block the form with an error nobody can see; the editor's text is the body now.
  textarea.required = false;

  const status = document.createElement('p');
  status.className = 'editor-status';
  status.setAttribute('role', 'status');

  // The editor is made below; the uploader reaches it only when an image arrives.
  const uploadUrl = form.getAttribute('data-upload-url');
  const uploader = uploadUrl ? createImageUploader({ editor: () => editor, form, uploadUrl, status }) : undefined;
  const editor: Editor = new Editor({
    element: host as never,
    // Tiptap would inject a <style>; the site's CSP allows none. Its rules are in article-editor.css.
    injectCSS: false,
    extensions: createEditorExtensions({ editLink: () => void editLink(), editFigure }),
    content: initialBody(textarea),
    editorProps: {
      attributes: {
        id: editorId,
        class: 'article-editor-text',
        role: 'textbox',
        'aria-multiline': 'true',
        ...(label ? { 'aria-labelledby': label.id } : { 'aria-label': 'Body' }),
      },
      transformPastedHTML: cleanPastedHtml,
      handleDrop: (view, event) => {
        const file = imageFileIn((event as TransferEvent).dataTransfer?.files);
        if (!file || !uploader) return false;
        event.preventDefault();
        const drop = event as TransferEvent;
        const position = view.posAtCoords({ left: drop.clientX ?? 0, top: drop.clientY ?? 0 })?.pos;
        void uploader.insertImage(file, position);
        return true;
      },
      handlePaste: (_view, event) => {
        const file = imageFileIn((event as TransferEvent).clipboardData?.files);
        if (!file || !uploader) return false;
        event.preventDefault();
        void uploader.insertImage(file);
        return true;
      },
    },
  });

  async function editLink(): Promise<void> {
    const current = String(editor.getAttributes('link').href ?? '');
    await openFormDialog({
      title: current ? 'Edit link' : 'Add link',
      submitLabel: current ? 'Update link' : 'Add link',
      fields: [
        {
          name: 'href',
          label: 'Link address',
          value: current,
          maxLength: 2000,
          hint: 'A web address (https://…), an email (mailto:…) or a page on this site (/…). Leave empty to remove the link.',
        },
      ],
      submit: ({ href = '' }) => {
        if (!href) {
          editor.chain().focus().extendMarkRange('link').unsetLink().run();
          return null;
        }
        if (!isSafeHref(href)) return { href: 'Use an address starting with https://, http://, mailto:, / or #.' };
        editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
        return null;
      },
    });
    editor.commands.focus();
  }

  async function editFigure(current: FigureAttributes): Promise<FigureAttributes | null> {
    const values = await openFormDialog({
      title: 'Image details',
      submitLabel: 'Save details',
      fields: figureFields(current),
      submit: () => null,
    });
    return values ? { ...current, alt: values.alt ?? '', caption: values.caption ?? '', credit: values.credit ?? '' } : null;
  }

  const toolbar = createToolbar(editor, { link: () => void editLink(), image: uploader?.pickImage }, editorId);
  frame.append(toolbar, host, status);
  const saveStatus = statusRegion(form, '[data-save-status]', 'data-save-status', (region) => frame.append(region));
  const presence = statusRegion(form, '[data-presence]', 'data-presence', (region) => frame.before(region));
  // The label still names the editor; clicking it should reach it as it reached the textarea.
  label?.addEventListener('click', () => editor.commands.focus());

  const sync = () => {
    const body = toStoredBody(editor.getJSON());
    bodyDoc.value = JSON.stringify(body);
    textarea.value = editor.getText({ blockSeparator: '\n\n' });
    return body;
  };
  sync();

  const autosaveUrl = form.getAttribute('data-autosave-url');
  const autosave = autosaveUrl ? startAutosave({ form, url: autosaveUrl, status: saveStatus }) : undefined;
  editor.on('update', () => {
    sync();
    autosave?.changed();
  });
  form.addEventListener('submit', () => {
    sync();
    autosave?.stop();
  });
  browser.addEventListener('beforeunload', (event) => {
    if (!autosave?.hasUnsavedChanges()) return;
    // Browsers show their own wording; asking is all a page can do.
    event.preventDefault();
    event.returnValue = '';
  });

  const presenceUrl = form.getAttribute('data-presence-url');
  if (presenceUrl) startPresence({ form, url: presenceUrl, region: presence });
}

function imageFileIn(files: ArrayLike<FileLike> | undefined): FileLike | undefined {
  return Array.from(files ?? []).find(isImageFile);
}

const form = document.querySelector<FormElement>('form[data-article-form]');
const textarea = form?.querySelector<InputElement>('textarea[name="body"]');
if (form && textarea) {
  linkStylesheet();
  mount(form, textarea);
}
