// The formatting toolbar: real <button type="button">s whose visible text is
// their accessible name, `aria-pressed` on the toggles (kept in step with the
// selection), `aria-keyshortcuts` naming the shortcut, and undo/redo disabled
// when there is nothing to undo or redo. One tab stop for the whole bar
// (role="toolbar"): arrow keys, Home and End move between buttons.
import type { Editor } from '@tiptap/core';
import { browser, type ButtonElement, type PageElement } from './browser.js';

export interface ToolbarActions {
  link(): void;
  /** Absent when the page gives no upload address: no Image button then. */
  image?: () => void;
}

interface Tool {
  label: string;
  shortcut?: string;
  /** Toggles report whether the selection already has it. */
  isActive?: (editor: Editor) => boolean;
  isEnabled?: (editor: Editor) => boolean;
  run: (editor: Editor) => void;
}

function toolsFor(actions: ToolbarActions): Tool[] {
  const chain = (editor: Editor) => editor.chain().focus();
  return [
    { label: 'Bold', shortcut: 'Control+B', isActive: (e) => e.isActive('bold'), run: (e) => chain(e).toggleBold().run() },
    { label: 'Italic', shortcut: 'Control+I', isActive: (e) => e.isActive('italic'), run: (e) => chain(e).toggleItalic().run() },
    { label: 'Link', shortcut: 'Control+K', isActive: (e) => e.isActive('link'), run: () => actions.link() },
    {
      label: 'Heading',
      shortcut: 'Control+Alt+2',
      isActive: (e) => e.isActive('heading', { level: 2 }),
      run: (e) => chain(e).toggleHeading({ level: 2 }).run(),
    },
    {
      label: 'Subheading',
      shortcut: 'Control+Alt+3',
      isActive: (e) => e.isActive('heading', { level: 3 }),
      run: (e) => chain(e).toggleHeading({ level: 3 }).run(),
    },
    {
      label: 'Bulleted list',
      shortcut: 'Control+Shift+8',
      isActive: (e) => e.isActive('bulletList'),
      run: (e) => chain(e).toggleBulletList().run(),
    },
    {
      label: 'Numbered list',
      shortcut: 'Control+Shift+7',
      isActive: (e) => e.isActive('orderedList'),
      run: (e) => chain(e).toggleOrderedList().run(),
    },
    {
      label: 'Quote',
      shortcut: 'Control+Shift+B',
      isActive: (e) => e.isActive('blockquote'),
      run: (e) => chain(e).toggleBlockquote().run(),
    },
    {
      label: 'Pull quote',
      shortcut: 'Control+Alt+Q',
      isActive: (e) => e.isActive('pullQuote'),
      run: (e) => chain(e).togglePullQuote().run(),
    },
    ...(actions.image ? [{ label: 'Image', run: actions.image }] : []),
    { label: 'Divider', run: (e) => chain(e).setHorizontalRule().run() },
    { label: 'Undo', shortcut: 'Control+Z', isEnabled: (e) => e.can().undo(), run: (e) => chain(e).undo().run() },
    { label: 'Redo', shortcut: 'Control+Shift+Z', isEnabled: (e) => e.can().redo(), run: (e) => chain(e).redo().run() },
  ];
}

/** The toolbar for `editor`, labelled and controlling the element `editorId`. */
export function createToolbar(editor: Editor, actions: ToolbarActions, editorId: string): PageElement {
  const { document } = browser;
  const toolbar = document.createElement('div');
  toolbar.className = 'editor-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', 'Formatting');
  toolbar.setAttribute('aria-controls', editorId);
  const buttons: Array<{ button: ButtonElement; tool: Tool }> = [];
  for (const tool of toolsFor(actions)) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = tool.label;
    button.tabIndex = buttons.length === 0 ? 0 : -1;
    if (tool.shortcut) button.setAttribute('aria-keyshortcuts', tool.shortcut);
    // A mouse click leaves the focus (and the selection) in the text, so typing goes on there at once.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => tool.run(editor));
    toolbar.append(button);
    buttons.push({ button, tool });
  }

  toolbar.addEventListener('keydown', (event) => {
    const current = buttons.findIndex(({ button }) => button === event.target);
    if (current < 0) return;
    const last = buttons.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? current === last
          ? 0
          : current + 1
        : event.key === 'ArrowLeft'
          ? current === 0
            ? last
            : current - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : -1;
    if (next < 0) return;
    event.preventDefault();
    buttons[current]!.button.tabIndex = -1;
    buttons[next]!.button.tabIndex = 0;
    buttons[next]!.button.focus();
  });

  const refresh = () => {
    for (const { button, tool } of buttons) {
      if (tool.isActive) button.setAttribute('aria-pressed', String(tool.isActive(editor)));
      // aria-disabled, not disabled: the button stays reachable by the arrow keys (a disabled one cannot take focus), and does nothing.
      if (tool.isEnabled) button.setAttribute('aria-disabled', String(!tool.isEnabled(editor)));
    }
  };
  editor.on('transaction', refresh);
  editor.on('focus', refresh);
  refresh();
  return toolbar;
}
