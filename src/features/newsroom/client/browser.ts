// The slice of the browser the article editor touches, typed here: the
// project's TypeScript program is for Node (no lib "dom"), so server code
// cannot call browser APIs unnoticed (as in accounts/client/browser.ts).
// Tiptap's own DOM-typed values are untyped in this program; they are given
// these types where the editor's code takes them.
export interface PageEvent {
  readonly target: unknown;
  readonly key?: string;
  preventDefault(): void;
  stopPropagation(): void;
}

export interface FileLike {
  readonly name: string;
  readonly type: string;
  readonly size: number;
}

export interface TransferEvent extends PageEvent {
  readonly dataTransfer?: { readonly files: ArrayLike<FileLike> } | null;
  readonly clipboardData?: { readonly files: ArrayLike<FileLike> } | null;
  readonly clientX?: number;
  readonly clientY?: number;
}

export interface PageElement {
  id: string;
  className: string;
  textContent: string | null;
  hidden: boolean;
  tabIndex: number;
  contentEditable: string;
  readonly tagName: string;
  readonly parentElement: PageElement | null;
  readonly classList: { add(...tokens: string[]): void; toggle(token: string, force?: boolean): boolean };
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  hasAttribute(name: string): boolean;
  querySelector<T extends PageElement = PageElement>(selector: string): T | null;
  querySelectorAll<T extends PageElement = PageElement>(selector: string): Iterable<T>;
  cloneNode(deep: boolean): PageElement;
  contains(other: unknown): boolean;
  append(...children: (PageElement | string)[]): void;
  replaceChildren(...children: (PageElement | string)[]): void;
  before(...children: PageElement[]): void;
  after(...children: PageElement[]): void;
  remove(): void;
  focus(): void;
  click(): void;
  addEventListener(type: string, listener: (event: PageEvent) => void): void;
}

export interface InputElement extends PageElement {
  value: string;
  type: string;
  name: string;
  required: boolean;
  maxLength: number;
  accept: string;
  readonly files: ArrayLike<FileLike> | null;
}

export interface ButtonElement extends PageElement {
  type: string;
  disabled: boolean;
}

export interface FormElement extends PageElement {
  reset(): void;
}

export interface DialogElement extends PageElement {
  showModal(): void;
  close(): void;
}

export interface AnchorElement extends PageElement {
  href: string;
}

export interface LinkElement extends PageElement {
  rel: string;
  href: string;
}

export interface FormDataLike {
  append(name: string, value: string | FileLike, fileName?: string): void;
  set(name: string, value: string): void;
}

export interface FetchResponse {
  readonly status: number;
  json(): Promise<unknown>;
}

interface PageDocument {
  readonly head: PageElement;
  readonly body: PageElement;
  getElementById(id: string): PageElement | null;
  querySelector<T extends PageElement = PageElement>(selector: string): T | null;
  createElement(tag: 'input'): InputElement;
  createElement(tag: 'button'): ButtonElement;
  createElement(tag: 'form'): FormElement;
  createElement(tag: 'dialog'): DialogElement;
  createElement(tag: 'a'): AnchorElement;
  createElement(tag: 'link'): LinkElement;
  createElement(tag: string): PageElement;
}

interface BrowserGlobals {
  document: PageDocument;
  FormData: new (form?: FormElement) => FormDataLike & Iterable<[string, string | FileLike]>;
  URLSearchParams: new (init: Iterable<[string, string | FileLike]>) => { toString(): string };
  fetch(
    url: string,
    init: { method: 'POST'; headers: Record<string, string>; body: unknown; credentials: 'same-origin' },
  ): Promise<FetchResponse>;
  addEventListener(type: 'beforeunload', listener: (event: PageEvent & { returnValue: unknown }) => void): void;
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(handle: number): void;
  setInterval(callback: () => void, ms: number): number;
}

export const browser = globalThis as unknown as BrowserGlobals;
