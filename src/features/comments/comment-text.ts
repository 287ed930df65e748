// Comment text is plain text: paragraphs separated by blank lines, line
// breaks inside them, and http(s) URLs that become links. Nothing a reader
// types is ever HTML; this module only normalises and splits text, and the
// view (views/comment-body.tsx) escapes every piece it emits.

import { hasVisibleCharacters } from '../../core/text/visible-text.js';

export type CommentTextCheck = { ok: true; text: string } | { ok: false; message: string };

// C0 controls other than tab and newline, DEL, and the Unicode line/paragraph
// separators: PostgreSQL refuses NUL in text (a 500 otherwise), and the rest
// only ever serve to disguise text.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u2028\u2029]/g;

/** Newlines normalised, controls dropped, trailing spaces on lines and runs of blank lines collapsed, trimmed. */
export function normaliseCommentText(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL_CHARACTERS, '')
    .split('\n')
    .map(withoutTrailingSpaces)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// By hand, not /[ \t]+$/gm: a regex retries that from every space of a long
// run that ends in a letter, which is quadratic in the run's length (ReDoS).
function withoutTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return end === line.length ? line : line.slice(0, end);
}

/** The text a reader submitted, checked and normalised, or why it cannot be posted (for the reader). */
export function checkCommentText(raw: unknown, maxLength: number): CommentTextCheck {
  if (typeof raw !== 'string') return { ok: false, message: 'Please write your comment.' };
  // Generous before normalising (which only shrinks text), so a huge paste is refused without work.
  if (raw.length > maxLength * 2 + 1000) return { ok: false, message: tooLong(maxLength) };
  const text = normaliseCommentText(raw);
  // Zero-width characters alone would post an empty-looking comment.
  if (!hasVisibleCharacters(text)) return { ok: false, message: 'Please write your comment.' };
  if (text.length > maxLength) return { ok: false, message: tooLong(maxLength) };
  return { ok: true, text };
}

function tooLong(maxLength: number): string {
  return `Comments can be at most ${maxLength.toLocaleString('en-GB')} characters long. Please shorten yours.`;
}

export type CommentTextPiece = { kind: 'text'; text: string } | { kind: 'link'; url: string } | { kind: 'break' };

// A URL runs to the next space, quote or angle bracket; those never belong to
// a link here, so an attribute can never be closed from inside one.
const URL_PATTERN = /https?:\/\/[a-z0-9[][^\s<>"'`]*/gi;
const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', '*']);
const CLOSING_BRACKETS: Record<string, string> = { ')': '(', ']': '[' };

/** Splits stored comment text into paragraphs of text, line breaks and links. */
export function parseCommentText(text: string): CommentTextPiece[][] {
  return normaliseCommentText(text)
    .split(/\n\n+/)
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => {
      const pieces: CommentTextPiece[] = [];
      paragraph.split('\n').forEach((line, index) => {
        if (index > 0) pieces.push({ kind: 'break' });
        pushLine(pieces, line);
      });
      return pieces;
    });
}

function pushLine(pieces: CommentTextPiece[], line: string): void {
  let cursor = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    const safe = safeHttpUrl(url);
    if (!safe) continue;
    if (start > cursor) pieces.push({ kind: 'text', text: line.slice(cursor, start) });
    pieces.push({ kind: 'link', url: safe });
    cursor = start + url.length;
  }
  if (cursor < line.length) pieces.push({ kind: 'text', text: line.slice(cursor) });
}

/**
 * Drops sentence punctuation and unbalanced closing brackets a reader wrote
 * after a URL. One pass from the end, with the brackets counted once: the
 * regex and recount per character this replaced were quadratic on a URL
 * followed by thousands of dots (one reader could stall every thread view).
 */
function trimUrl(candidate: string): string {
  const unmatchedClosing: Record<string, number> = { ')': 0, ']': 0 };
  for (const character of candidate) {
    if (character === ')' || character === ']') unmatchedClosing[character]!++;
    else if (character === '(') unmatchedClosing[')']!--;
    else if (character === '[') unmatchedClosing[']']!--;
  }
  let end = candidate.length;
  while (end > 0) {
    const last = candidate[end - 1]!;
    if (TRAILING_PUNCTUATION.has(last)) end--;
    else if (last in CLOSING_BRACKETS && unmatchedClosing[last]! > 0) {
      unmatchedClosing[last]!--;
      end--;
    } else break;
  }
  return candidate.slice(0, end);
}

/** The URL as written when it parses as http(s) with a host; anything else stays text. */
export function safeHttpUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) return null;
    return url;
  } catch {
    return null;
  }
}

/** How many links a comment would show (the moderation policy may hold link-heavy ones). */
export function countLinks(text: string): number {
  return parseCommentText(text).reduce((total, paragraph) => total + paragraph.filter((piece) => piece.kind === 'link').length, 0);
}
