// Pure text rules the policy applies to a comment: banned-word matching and
// link counting. Both work on the NFKC-normalised, lower-cased text, so
// full-width letters, ligatures and letter case do not slip past the list;
// banned-word-evasions.ts adds the spellings made to slip past an exact match.
import type { BannedWordAction } from '../../core/db/schema.js';
import { compileEvasionMatcher, removeInvisibleCharacters } from './banned-word-evasions.js';

export const MAX_PHRASE_LENGTH = 100;

/** NFKC, lower case, every run of whitespace one space, trimmed: how phrases are stored and text is compared. */
export function normaliseForMatching(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** A phrase as staff type it, ready to store; or why it cannot be. */
export function checkPhrase(input: string): { kind: 'valid'; phrase: string } | { kind: 'invalid'; message: string } {
  if (/[\u0000-\u001f\u007f]/u.test(input.replace(/[\t\n\r]/g, ' ')))
    return { kind: 'invalid', message: 'The word or phrase contains characters that cannot be stored.' };
  const phrase = normaliseForMatching(input);
  if (phrase.length === 0) return { kind: 'invalid', message: 'Enter a word or phrase.' };
  if (phrase.length > MAX_PHRASE_LENGTH)
    return { kind: 'invalid', message: `A word or phrase can be at most ${MAX_PHRASE_LENGTH} characters.` };
  if (!/[\p{L}\p{N}]/u.test(phrase)) return { kind: 'invalid', message: 'A word or phrase needs at least one letter or digit.' };
  return { kind: 'valid', phrase };
}

const WORD_CHARACTER = String.raw`[\p{L}\p{N}\p{M}_]`;

function patternFor(phrase: string): string {
  const escaped = phrase
    .split(' ')
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(String.raw`\s+`);
  // Whole words only: "ass" must not hold "class", a phrase must not match inside a longer word.
  return `(?<!${WORD_CHARACTER})${escaped}(?!${WORD_CHARACTER})`;
}

export interface BannedPhrase {
  phrase: string;
  action: BannedWordAction;
}

export interface BannedWordsMatcher {
  /** The strongest action a text triggers ('reject' beats 'hold'), or null. Never says which phrase matched. */
  match(text: string): BannedWordAction | null;
  size: number;
}

/**
 * The exact match (whole words, any phrase) and, for phrases of letters only, the evasions
 * of banned-word-evasions.ts. Invisible characters are read as nothing by both.
 */
export function compileBannedWords(phrases: readonly BannedPhrase[]): BannedWordsMatcher {
  const normalised = phrases
    .map((entry) => ({ phrase: normaliseForMatching(removeInvisibleCharacters(entry.phrase)), action: entry.action }))
    .filter((entry) => entry.phrase.length > 0);
  const build = (action: BannedWordAction) => {
    const patterns = normalised.filter((entry) => entry.action === action).map((entry) => patternFor(entry.phrase));
    return patterns.length === 0 ? null : new RegExp(patterns.join('|'), 'u');
  };
  const reject = build('reject');
  const hold = build('hold');
  const evasions = compileEvasionMatcher(normalised);
  return {
    size: phrases.length,
    match(text) {
      if (!reject && !hold) return null;
      const visible = normaliseForMatching(removeInvisibleCharacters(text));
      if (reject?.test(visible)) return 'reject';
      const evaded = evasions.match(text);
      if (evaded === 'reject') return 'reject';
      if (hold?.test(visible)) return 'hold';
      return evaded;
    },
  };
}

// What the comments feature will auto-link: http(s) URLs and bare www. addresses.
const URL_PATTERN = /(?:\bhttps?:\/\/|\bwww\.)[^\s<>"]+/giu;

export function countLinks(text: string): number {
  return text.normalize('NFKC').match(URL_PATTERN)?.length ?? 0;
}
