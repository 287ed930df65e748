// The slice of the browser the live-comments script touches, typed here: the
// project's TypeScript program is for Node (no lib "dom"), so server code
// cannot call browser APIs unnoticed (as in accounts/client/browser.ts).
export interface LiveElement {
  id: string;
  className: string;
  textContent: string | null;
  hidden: boolean;
  readonly tagName: string;
  readonly isConnected: boolean;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): LiveElement | null;
  querySelectorAll(selector: string): Iterable<LiveElement>;
  append(...children: (LiveElement | string)[]): void;
  before(...children: LiveElement[]): void;
  remove(): void;
}

export interface AnchorElement extends LiveElement {
  href: string;
}

export interface TemplateElement extends LiveElement {
  innerHTML: string;
  readonly content: { readonly firstElementChild: LiveElement | null; readonly childElementCount: number };
}

export interface MessageEventLike {
  readonly data: string;
}

export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEventLike) => void): void;
  close(): void;
}

interface FetchResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

interface BrowserGlobals {
  document: {
    querySelector(selector: string): LiveElement | null;
    querySelectorAll(selector: string): Iterable<LiveElement>;
    getElementById(id: string): LiveElement | null;
    createElement(tag: 'template'): TemplateElement;
    createElement(tag: 'a'): AnchorElement;
    createElement(tag: string): LiveElement;
  };
  location: { href: string };
  EventSource: new (url: string) => EventSourceLike;
  fetch(url: string, init: { credentials: 'same-origin'; headers: Record<string, string> }): Promise<FetchResponse>;
  addEventListener(type: string, listener: (event: { persisted?: boolean }) => void): void;
  setTimeout(callback: () => void, ms: number): number;
}

export const browser = globalThis as unknown as BrowserGlobals;
