// The slice of the browser these scripts touch, typed here. The project's
// TypeScript program is for Node (lib ES2023, no DOM); adding lib "dom" to it
// would let server code call browser APIs unnoticed and changes how other
// files type-check, so the client declares only what it uses.
export interface PageEvent {
  readonly target: PageElement | null;
  preventDefault(): void;
  /** Submit events: the button that submitted the form, if any. */
  readonly submitter?: PageElement | null;
  /** Custom events: their payload. */
  readonly detail?: unknown;
}

export interface PageElement {
  id: string;
  className: string;
  textContent: string | null;
  hidden: boolean;
  tabIndex: number;
  readonly tagName: string;
  readonly classList: { toggle(token: string, force?: boolean): boolean };
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  closest(selector: string): PageElement | null;
  querySelector<T extends PageElement = PageElement>(selector: string): T | null;
  querySelectorAll<T extends PageElement = PageElement>(selector: string): Iterable<T>;
  append(...children: PageElement[]): void;
  prepend(...children: PageElement[]): void;
  remove(): void;
  focus(): void;
  addEventListener(type: string, listener: (event: PageEvent) => void): void;
  removeEventListener(type: string, listener: (event: PageEvent) => void): void;
}

export interface InputElement extends PageElement {
  value: string;
  readonly type: string;
}

export interface FormElement extends PageElement {
  requestSubmit(submitter?: PageElement | null): void;
}

export interface AnchorElement extends PageElement {
  href: string;
}

export interface LinkElement extends PageElement {
  rel: string;
  href: string;
}

export interface PageDocument {
  readonly head: PageElement;
  addEventListener(type: string, listener: (event: PageEvent) => void, capture?: boolean): void;
  getElementById(id: string): PageElement | null;
  querySelector<T extends PageElement = PageElement>(selector: string): T | null;
  querySelectorAll<T extends PageElement = PageElement>(selector: string): Iterable<T>;
  createElement(tag: 'a'): AnchorElement;
  createElement(tag: 'link'): LinkElement;
  createElement(tag: string): PageElement;
}

interface BrowserGlobals {
  document: PageDocument;
  Worker: new (url: string) => unknown;
}

const browser = globalThis as unknown as BrowserGlobals;

export const page: PageDocument = browser.document;

export function startWorker(url: string): unknown {
  return new browser.Worker(url);
}
