// Pasted HTML from Word and Google Docs, cleaned before Tiptap parses it
// (the editor's `transformPastedHTML`). The editor's schema already drops
// whatever it has no node or mark for; what it cannot do alone is read the
// structure Word and Docs hide in styles and comments:
//   - Word writes list items as `<p style="mso-list:l0 level1 lfo1">` with
//     the bullet or number as text in `<![if !supportLists]>` — they become
//     `<ul>`/`<ol>` items, the marker dropped;
//   - bold and italic arrive as `<span style="font-weight:700">` and
//     `font-style:italic` (both), and Docs wraps the whole paste in a
//     `<b style="font-weight:normal" id="docs-internal-guid-…">` that is not
//     bold at all;
//   - Word's `<p class="MsoQuote">` is a quotation;
//   - `<h1>` (Word's Heading 1, Docs' Title) and `<h4>`–`<h6>` are mapped onto
//     the two levels articles have.
// Everything else goes: comments and conditional comments, `<style>`,
// `<xml>`, `<o:p>` and other Office tags, spans, fonts, classes, styles,
// ids and empty spacer paragraphs. Only `href` survives, on links the body
// format allows.
//
// Plain string work, one linear pass per step, so it runs (and is tested)
// without a DOM. A paste from the editor itself (ProseMirror marks its own
// clipboard with `data-pm-slice`) is left alone: its figures and quotes carry
// attributes this cleaner would strip; the schema still parses it.
import { isSafeHref } from './stored-body.js';

/**
 * A tag with its attributes; quoted values may contain `>`. Each alternative
 * starts differently, and no match crosses a `<`, so an unclosed tag costs a
 * scan to the next `<`, not to the end of the paste for every opening.
 */
const TAG = /<(\/?)([a-zA-Z][\w:-]*)(?![\w:-])((?:[^<>"']|"[^<"]*"|'[^<']*')*)>/g;

function attributeOf(attributes: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attributes);
  return match ? (match[1] ?? match[2] ?? match[3] ?? '') : null;
}

function styleOf(attributes: string): string {
  return (attributeOf(attributes, 'style') ?? '').toLowerCase().replace(/\s+/g, '');
}

const decodeBasicEntities = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;|&#160;/g, '\u00a0')
    .replace(/&amp;/g, '&');
const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Bold or italic said by a style: the properties themselves, not Word's `mso-bidi-font-weight` look-alikes. */
function styleMarks(style: string): { bold: boolean | null; italic: boolean } {
  let bold: boolean | null = null;
  if (/(?:^|;)font-weight:(?:bold|bolder|[6-9]00)/.test(style)) bold = true;
  else if (/(?:^|;)font-weight:(?:normal|[1-5]00)/.test(style)) bold = false;
  return { bold, italic: /(?:^|;)font-style:italic/.test(style) };
}

const CONDITIONAL_LIST_MARKER = /<!(?:--)?\[if !supportLists\]>?(?:-->)?([\s\S]*?)<!(?:--)?\[endif\](?:--)?>/i;

/** Word's list paragraphs → `<ul>`/`<ol>` items; consecutive items of one kind make one list (levels are flattened: articles have no nested lists). */
function convertWordLists(html: string): string {
  const paragraphStart = /<p\b((?:[^<>"']|"[^<"]*"|'[^<']*')*)>/gi;
  let output = '';
  let position = 0;
  let openList: 'ul' | 'ol' | null = null;
  for (let match = paragraphStart.exec(html); match; match = paragraphStart.exec(html)) {
    const attributes = match[1] ?? '';
    if (!/mso-list:\s*l\d/i.test(attributes)) continue;
    const end = html.indexOf('</p>', paragraphStart.lastIndex);
    if (end < 0) break;
    let inner = html.slice(paragraphStart.lastIndex, end);
    const marker = CONDITIONAL_LIST_MARKER.exec(inner);
    const markerText = marker ? decodeBasicEntities((marker[1] ?? '').replace(/<[^<>]*>/g, '')).replace(/[\s\u00a0]+/g, '') : '';
    inner = marker ? inner.replace(CONDITIONAL_LIST_MARKER, '') : inner;
    const kind = /^(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)]$/i.test(markerText) ? 'ol' : 'ul';
    const between = html.slice(position, match.index);
    const continues = openList === kind && /^\s*$/.test(between);
    if (continues) output += between;
    else output += `${openList ? `</${openList}>` : ''}${between}<${kind}>`;
    output += `<li>${inner}</li>`;
    openList = kind;
    position = end + '</p>'.length;
    paragraphStart.lastIndex = position;
  }
  return output + (openList ? `</${openList}>` : '') + html.slice(position);
}

const KEPT_PLAIN = new Set(['p', 'ul', 'ol', 'li', 'blockquote', 'div', 'cite', 'footer']);
const KEPT_VOID = new Set(['br', 'hr']);
const HEADINGS: Record<string, string> = { h1: 'h2', h2: 'h2', h3: 'h3', h4: 'h3', h5: 'h3', h6: 'h3' };
/** Elements whose opening tag decides what their closing tag becomes. */
const STACKED = new Set(['span', 'font', 'b', 'strong', 'i', 'em', 'a', 'p']);

/** Keeps structure and emphasis; every attribute but a safe link's `href` goes. */
function rewriteTags(html: string): string {
  const closers = new Map<string, string[]>();
  let headingDepth = 0;
  const open = (name: string, opening: string, closer: string) => {
    if (!closers.has(name)) closers.set(name, []);
    closers.get(name)!.push(closer);
    return opening;
  };
  return html.replace(TAG, (_tag, slash: string, rawName: string, attributes: string) => {
    const name = rawName.toLowerCase();
    const isClosing = slash === '/';
    if (isClosing && STACKED.has(name)) return closers.get(name)?.pop() ?? (name === 'p' ? '</p>' : '');
    if (isClosing && HEADINGS[name]) {
      headingDepth = Math.max(0, headingDepth - 1);
      return `</${HEADINGS[name]}>`;
    }
    if (isClosing) return KEPT_PLAIN.has(name) ? `</${name}>` : name === 'td' || name === 'th' ? '</p>' : '';
    if (attributes.trimEnd().endsWith('/') && !KEPT_VOID.has(name)) return '';
    if (HEADINGS[name]) {
      headingDepth++;
      return `<${HEADINGS[name]}>`;
    }
    if (KEPT_VOID.has(name)) return name === 'br' && /Apple-interchange-newline/.test(attributes) ? '' : `<${name}>`;
    const style = styleOf(attributes);
    const marks = styleMarks(style);
    // Emphasis a heading's own style gives it is how the heading looks, not bold text.
    const bold = headingDepth === 0 && marks.bold === true;
    switch (name) {
      case 'p':
        return /\bMso(?:Intense)?Quote\b/.test(attributeOf(attributes, 'class') ?? '')
          ? open('p', '<blockquote><p>', '</p></blockquote>')
          : open('p', '<p>', '</p>');
      case 'b':
      case 'strong':
        // Docs' whole-paste wrapper says font-weight:normal.
        return marks.bold === false ? open(name, '', '') : open(name, '<strong>', '</strong>');
      case 'i':
      case 'em':
        return open(name, '<em>', '</em>');
      case 'span':
      case 'font':
        if (bold && marks.italic) return open(name, '<strong><em>', '</em></strong>');
        if (bold) return open(name, '<strong>', '</strong>');
        if (marks.italic) return open(name, '<em>', '</em>');
        return open(name, '', '');
      case 'a': {
        const href = decodeBasicEntities(attributeOf(attributes, 'href') ?? '').trim();
        return isSafeHref(href) ? open('a', `<a href="${escapeAttribute(href)}">`, '</a>') : open('a', '', '');
      }
      case 'td':
      case 'th':
        return '<p>';
      default:
        return KEPT_PLAIN.has(name) ? `<${name}>` : '';
    }
  });
}

/** The cleaned HTML Tiptap then parses with the editor's schema. */
export function cleanPastedHtml(html: string): string {
  if (/\sdata-pm-slice=/.test(html)) return html;
  let cleaned = convertWordLists(html);
  cleaned = cleaned
    .replace(/<!\[if !supportLists\]>[\s\S]*?<!\[endif\]>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[(?:if[^\]]*|endif)\]>/gi, '')
    .replace(/<(style|script|xml|head|title|template|textarea|select)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<o:p\b[\s\S]*?<\/o:p\s*>/gi, '');
  cleaned = rewriteTags(cleaned);
  return cleaned
    .replace(/<(strong|em)>(?:\s|&nbsp;|&#160;|\u00a0)*<\/\1>/g, ' ')
    .replace(/<p>(?:\s|&nbsp;|&#160;|\u00a0|<br>)*<\/p>/g, '')
    .trim();
}
