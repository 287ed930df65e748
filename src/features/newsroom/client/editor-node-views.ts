// How the editor draws Masthead's own nodes while editing:
//   - a quote or pull quote with its attribution as a labelled text field
//     under the quoted words (outside the editable text: the attribution is an
//     attribute of the node, not part of the quote);
//   - a figure as the library image (`/media/<imageId>/960.webp`) with its
//     caption and credit, and a button that edits alt text, caption and
//     credit in a dialog.
// ProseMirror is told to leave those controls alone (stopEvent,
// ignoreMutation): their events and DOM changes are theirs.
import type { NodeViewRenderer } from '@tiptap/core';
import { browser } from './browser.js';

export interface FigureAttributes {
  imageId: string;
  alt: string;
  caption: string;
  credit: string;
}

type ViewProps = Parameters<NodeViewRenderer>[0];

function positionOf(props: ViewProps): number | undefined {
  const position = props.getPos();
  return typeof position === 'number' ? position : undefined;
}

/** `tag`: the editor's element for the node (a pull quote is a plain `div` here: several `<aside>` landmarks in one text box would be noise). */
export function attributedQuoteView(options: { tag: 'blockquote' | 'div'; className: string; label: string }): NodeViewRenderer {
  return (props) => {
    const { document } = browser;
    let node = props.node;
    const dom = document.createElement(options.tag);
    dom.className = options.className;
    const content = document.createElement(options.tag === 'div' ? 'p' : 'div');
    const footer = document.createElement('div');
    footer.contentEditable = 'false';
    footer.className = 'editor-attribution';
    const label = document.createElement('label');
    const labelText = document.createElement('span');
    labelText.textContent = options.label;
    const input = document.createElement('input');
    input.type = 'text';
    input.maxLength = 200;
    input.value = String(node.attrs.attribution ?? '');
    label.append(labelText, input);
    footer.append(label);
    dom.append(content, footer);
    input.addEventListener('input', () => {
      const position = positionOf(props);
      if (position === undefined) return;
      const { view } = props.editor;
      view.dispatch(view.state.tr.setNodeAttribute(position, 'attribution', input.value));
    });
    return {
      dom,
      contentDOM: content,
      update(updated) {
        if (updated.type !== node.type) return false;
        node = updated;
        const attribution = String(updated.attrs.attribution ?? '');
        if (input.value !== attribution) input.value = attribution;
        return true;
      },
      stopEvent: (event) => footer.contains(event.target),
      ignoreMutation: (mutation) => footer.contains(mutation.target),
    };
  };
}

export function figureView(editFigure: (attributes: FigureAttributes) => Promise<FigureAttributes | null>): NodeViewRenderer {
  return (props) => {
    const { document } = browser;
    let attributes = props.node.attrs as FigureAttributes;
    const dom = document.createElement('figure');
    dom.className = 'editor-figure';
    dom.contentEditable = 'false';
    const image = document.createElement('img');
    const caption = document.createElement('figcaption');
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.className = 'editor-figure-edit';
    edit.textContent = 'Edit image details';
    dom.append(image, caption, edit);

    function draw(): void {
      image.setAttribute('src', `/media/${encodeURIComponent(attributes.imageId)}/960.webp`);
      image.setAttribute('alt', attributes.alt);
      const credit = document.createElement('small');
      credit.textContent = attributes.credit;
      caption.replaceChildren(attributes.caption, ...(attributes.credit ? [' ', credit] : []));
      // An image without alt text is flagged where the journalist sees it, not only on the reader page.
      dom.classList.toggle('editor-figure-needs-alt', !attributes.alt);
    }
    draw();

    edit.addEventListener('click', () => {
      void editFigure(attributes).then((updated) => {
        const position = positionOf(props);
        if (!updated || position === undefined) return;
        const { view } = props.editor;
        view.dispatch(view.state.tr.setNodeMarkup(position, undefined, { ...attributes, ...updated }));
        view.focus();
      });
    });

    return {
      dom,
      update(updated) {
        if (updated.type !== props.node.type) return false;
        attributes = updated.attrs as FigureAttributes;
        draw();
        return true;
      },
      stopEvent: (event) => edit.contains(event.target),
      ignoreMutation: () => true,
    };
  };
}
