// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- @kitajs/html ships its JSX element types only as a global declaration file
/// <reference path="../../../node_modules/@kitajs/html/jsx.d.ts" />
// Masthead's JSX runtime: safe by default.
//
// @kitajs/html concatenates children verbatim unless each one is marked `safe`,
// so one forgotten attribute is an XSS hole. Here every string child and every
// attribute value is escaped; only `SafeHtml` values (produced by this runtime,
// or by `trustedHtml` for HTML the server itself generated) pass through.
// See docs/decisions/001-views-safe-jsx.md.
import { escapeHtml } from '@kitajs/html';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks HTML built by the server (never reader input) as safe to emit verbatim. */
export function trustedHtml(html: string): SafeHtml {
  return new SafeHtml(html);
}

export type Child = SafeHtml | string | number | bigint | boolean | null | undefined | readonly Child[];

type Props = { children?: Child; [attribute: string]: unknown };
type Component = (props: any) => SafeHtml;

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;', "'": '&#39;' };

export function escapeAttribute(value: string): string {
  return /[&"<>']/.test(value) ? value.replace(/[&"<>']/g, (character) => ATTRIBUTE_ESCAPES[character]!) : value;
}

export function escapeText(value: string): string {
  return escapeHtml(value);
}

function renderChild(child: Child): string {
  if (child === null || child === undefined || child === false || child === true) return '';
  if (child instanceof SafeHtml) return child.value;
  if (typeof child === 'string') return escapeHtml(child);
  if (typeof child === 'number' || typeof child === 'bigint') return String(child);
  if (Array.isArray(child)) {
    let html = '';
    for (const item of child) html += renderChild(item);
    return html;
  }
  // An object that is not SafeHtml would otherwise print "[object Object]" or,
  // worse, a toString() that returns markup: refuse it loudly in development and tests.
  throw new TypeError(`Cannot render ${Object.prototype.toString.call(child)} as HTML`);
}

function renderAttributes(props: Props): string {
  let html = '';
  for (const name in props) {
    if (name === 'children') continue;
    const value = props[name];
    if (value === null || value === undefined || value === false) continue;
    const attributeName = name === 'className' ? 'class' : name;
    if (!/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/.test(attributeName)) throw new TypeError(`Invalid attribute name ${attributeName}`);
    if (value === true) {
      html += ' ' + attributeName;
    } else if (value instanceof SafeHtml) {
      html += ` ${attributeName}="${escapeAttribute(value.value)}"`;
    } else {
      html += ` ${attributeName}="${escapeAttribute(String(value))}"`;
    }
  }
  return html;
}

export function jsx(tag: string | Component, props: Props): SafeHtml {
  if (typeof tag === 'function') return tag(props);
  const attributes = renderAttributes(props);
  if (VOID_ELEMENTS.has(tag)) return new SafeHtml(`<${tag}${attributes}>`);
  return new SafeHtml(`<${tag}${attributes}>${renderChild(props.children)}</${tag}>`);
}

export const jsxs = jsx;
export const jsxDEV = jsx;

export function Fragment(props: { children?: Child }): SafeHtml {
  return new SafeHtml(renderChild(props.children));
}

/** Renders any child (string, array, SafeHtml) to an HTML string with escaping applied. */
export function renderToString(child: Child): string {
  return renderChild(child);
}

type KitaElements = globalThis.JSX.IntrinsicElements;
// Attributes @kitajs/html's element types lack but pages need.
interface ModernAttributes {
  sizes?: string;
  fetchpriority?: 'high' | 'low' | 'auto';
  decoding?: 'async' | 'sync' | 'auto';
  inert?: boolean;
}
type MastheadElements = {
  [Tag in keyof KitaElements]: Omit<KitaElements[Tag], 'children' | 'safe' | 'attrs' | keyof ModernAttributes> &
    ModernAttributes & {
      children?: Child;
      [dataOrAria: `data-${string}` | `aria-${string}`]: unknown;
    };
};

// TypeScript finds a JSX runtime's types only in a namespace named JSX.
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace JSX {
  type Element = SafeHtml;
  interface ElementChildrenAttribute {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the shape TypeScript asks for: only the property name matters
    children: {};
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no attributes are common to every element and component
  interface IntrinsicAttributes {}
  interface IntrinsicElements extends MastheadElements {
    /** The ALTCHA proof-of-work widget, v3 attributes (a custom element, loaded as a site script). */
    'altcha-widget': {
      challenge: string;
      name: string;
      auto?: 'onload' | 'onfocus' | 'onsubmit' | 'off';
      configuration?: string;
      children?: Child;
    };
  }
}
