// The editor's schema: exactly the stored body format (articles/article-body.ts)
// and nothing more, so what a journalist can make is what a reader page can
// show. StarterKit gives paragraph, heading (2 and 3), bold, italic, link,
// the lists, horizontal rule, hard break, undo/redo and the drop and gap
// cursors; its code, code block, strike and underline are off. Masthead's
// own nodes: `blockquote` (paragraphs only, with an attribution),
// `listItem` (one paragraph: the body has no nested lists), `pullQuote`
// and `figure` (a library image by id; see editor-node-views.ts).
import { Extension, Node, wrappingInputRule, type Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import type { PageElement } from './browser.js';
import { attributedQuoteView, figureView, type FigureAttributes } from './editor-node-views.js';
import { isSafeHref } from './stored-body.js';

/** What the editor asks the page for: dialogs live outside the schema. */
export interface EditorHooks {
  editLink(): void;
  editFigure(attributes: FigureAttributes): Promise<FigureAttributes | null>;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    articleBlocks: {
      toggleBlockquote: () => ReturnType;
      togglePullQuote: () => ReturnType;
      insertFigure: (attributes: FigureAttributes) => ReturnType;
    };
  }
}

/** A quote's attribution as pasted HTML or the reader page writes it: a data attribute, a <footer>, or a <cite>. */
function attributionIn(element: PageElement): string {
  const stated = element.getAttribute('data-attribution');
  if (stated !== null) return stated.slice(0, 200);
  const source = element.querySelector(':scope > footer, :scope > cite, :scope > p > cite:only-child, .pull-quote-attribution');
  return (source?.textContent ?? '')
    .replace(/^[\s—–-]+/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** The quote without its attribution, for the schema to parse as the quote's content. */
function withoutAttribution(element: PageElement): PageElement {
  const copy = element.cloneNode(true);
  for (const source of copy.querySelectorAll(':scope > footer, :scope > cite, .pull-quote-attribution')) source.remove();
  for (const cite of copy.querySelectorAll(':scope > p > cite:only-child')) cite.parentElement?.remove();
  return copy;
}

const attribution = {
  default: '',
  parseHTML: (element: PageElement) => attributionIn(element),
  renderHTML: (attributes: { attribution?: string }) => (attributes.attribution ? { 'data-attribution': attributes.attribution } : {}),
};

const Blockquote = Node.create({
  name: 'blockquote',
  group: 'block',
  content: 'paragraph+',
  defining: true,
  addAttributes: () => ({ attribution }),
  parseHTML: () => [{ tag: 'blockquote', contentElement: (element: unknown) => withoutAttribution(element as PageElement) as never }],
  renderHTML: ({ HTMLAttributes }) => ['blockquote', HTMLAttributes, 0],
  addNodeView: () => attributedQuoteView({ tag: 'blockquote', className: 'editor-quote', label: 'Quote attribution' }),
  addCommands() {
    return {
      toggleBlockquote:
        () =>
        ({ commands }) =>
          commands.toggleWrap(this.name),
    };
  },
  addKeyboardShortcuts() {
    return { 'Mod-Shift-b': () => this.editor.commands.toggleBlockquote() };
  },
  addInputRules() {
    return [wrappingInputRule({ find: /^\s*>\s$/, type: this.type })];
  },
});

const PullQuote = Node.create({
  name: 'pullQuote',
  group: 'block',
  content: 'inline*',
  defining: true,
  addAttributes: () => ({ attribution }),
  parseHTML: () => [
    // Reader pages render a figure (older pages an aside): pasting one back keeps it a pull quote.
    ...['figure.pull-quote', 'aside.pull-quote'].map((tag) => ({
      tag,
      contentElement: (element: unknown) => {
        const quote = withoutAttribution(element as PageElement);
        return (quote.querySelector('p') ?? quote) as never;
      },
    })),
  ],
  renderHTML: ({ HTMLAttributes }) => ['aside', { ...HTMLAttributes, class: 'pull-quote' }, ['p', 0]],
  addNodeView: () => attributedQuoteView({ tag: 'div', className: 'editor-pull-quote', label: 'Pull quote attribution' }),
  addCommands() {
    return {
      togglePullQuote:
        () =>
        ({ commands }) =>
          commands.toggleNode(this.name, 'paragraph'),
    };
  },
  addKeyboardShortcuts() {
    return { 'Mod-Alt-q': () => this.editor.commands.togglePullQuote() };
  },
});

const ListItem = Node.create({
  name: 'listItem',
  content: 'paragraph',
  defining: true,
  parseHTML: () => [{ tag: 'li' }],
  renderHTML: () => ['li', 0],
  addKeyboardShortcuts() {
    return {
      Enter: () => this.editor.commands.splitListItem(this.name),
      'Shift-Tab': () => this.editor.commands.liftListItem(this.name),
    };
  },
});

const text = (element: PageElement | null) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

function createFigure(hooks: EditorHooks) {
  return Node.create({
    name: 'figure',
    group: 'block',
    atom: true,
    draggable: true,
    selectable: true,
    addAttributes: () => ({
      imageId: { default: '' },
      alt: { default: '' },
      caption: { default: '' },
      credit: { default: '' },
    }),
    parseHTML: () => [
      {
        // Only figures of library images (the editor's own, copied and pasted) are figures.
        tag: 'figure[data-image-id]',
        getAttrs: (node) => {
          const element = node as PageElement;
          const caption = element.querySelector('figcaption');
          const credit = caption?.querySelector('small') ?? null;
          const captionCopy = caption?.cloneNode(true);
          captionCopy?.querySelector('small')?.remove();
          return {
            imageId: element.getAttribute('data-image-id') ?? '',
            alt: element.querySelector('img')?.getAttribute('alt') ?? '',
            caption: text(captionCopy ?? null),
            credit: text(credit),
          };
        },
      },
    ],
    renderHTML: ({ node }) => {
      const attributes = node.attrs as FigureAttributes;
      return [
        'figure',
        { 'data-image-id': attributes.imageId },
        ['img', { src: `/media/${encodeURIComponent(attributes.imageId)}/960.webp`, alt: attributes.alt }],
        ['figcaption', {}, attributes.caption, ['small', {}, attributes.credit]],
      ];
    },
    addNodeView: () => figureView(hooks.editFigure),
    addCommands() {
      return {
        insertFigure:
          (attributes) =>
          ({ commands }) =>
            commands.insertContent({ type: this.name, attrs: attributes }),
      };
    },
  });
}

/** Every extension the article editor runs with. */
export function createEditorExtensions(hooks: EditorHooks): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [2, 3] },
      link: {
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: 'https',
        // The body format's rule, for typed, pasted and autolinked addresses alike: no javascript:, data: or protocol-relative links.
        isAllowedUri: (url) => isSafeHref(url),
        shouldAutoLink: (url) => isSafeHref(url),
        HTMLAttributes: { target: null, rel: null, class: null },
      },
      blockquote: false,
      listItem: false,
      listKeymap: false,
      code: false,
      codeBlock: false,
      strike: false,
      underline: false,
    }),
    Blockquote,
    PullQuote,
    ListItem,
    createFigure(hooks),
    Extension.create({
      name: 'articleShortcuts',
      addKeyboardShortcuts: () => ({
        'Mod-k': () => {
          hooks.editLink();
          return true;
        },
      }),
    }),
  ];
}
