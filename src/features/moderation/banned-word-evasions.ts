// Reading a comment the way a person reads it, to find a banned word written to
// slip past an exact match: spaced out ("b a d", "b.a.d"), in leetspeak ("b4d",
// "@$$"), stretched ("baaad"), with look-alike letters from another script
// (Cyrillic "а", Greek "ο"), or with invisible characters inside. The exact
// match in comment-text.ts still runs; this only adds what it cannot see.
//
// Innocent text must stay innocent, so each reading is narrow: a banned word
// still has to be a whole word (or the whole of a run of spaced letters), digits
// are read as letters only inside a word that is not just a number ("455 people"
// stays a number), and a doubled letter is a different word ("good" is not
// "god"); only three or more of a letter read as one.
//
// One pass over the text, then a lookup per word: time grows linearly with the
// text, whatever it holds (no regular expression that can backtrack).
import type { BannedWordAction } from '../../core/db/schema.js';

/** Zero-width spaces and joiners, soft hyphens, byte-order marks, direction marks: read as nothing. */
const INVISIBLE = /\p{Cf}/gu;

export function removeInvisibleCharacters(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * Letters of other scripts drawn like a Latin letter (after lower-casing), read as that letter.
 * Phrases are read the same way, so a Cyrillic phrase still matches Cyrillic text.
 */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  // Latin letters that pass for others
  ı: 'i',
  ɑ: 'a',
};

/**
 * Digits and symbols written for letters, read as those letters. "1" stands for "i" or "l":
 * a reading with "|" is either of its letters.
 */
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i|l',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

/** What may be part of a word: letters, marks, digits, and the symbols leetspeak uses as letters. */
const WORD = /[\p{L}\p{M}\p{N}@$]+/gu;
const WORD_CHARACTER = /[\p{L}\p{M}\p{N}@$]/u;
const MARK = /\p{M}/u;
const DIGIT = /\p{N}/u;
const ONLY_LETTERS_AND_MARKS = /^[\p{L}\p{M}]+$/u;

/** How a character is read: skipped (separators, marks), a digit, or a letter-like character, and its key. */
type CharacterKind = 'skip' | 'digit' | 'letter';

// ASCII, nearly every character of most comments, is read from a table; the rest through Unicode classes.
const ASCII_KINDS: readonly CharacterKind[] = Array.from({ length: 128 }, (_, code) => {
  const character = String.fromCharCode(code);
  if (/[0-9]/.test(character)) return 'digit';
  return /[a-zA-Z@$]/.test(character) ? 'letter' : 'skip';
});
const ASCII_CHARACTERS: readonly string[] = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));

function kindOf(code: number, character: string): CharacterKind {
  if (code < 128) return ASCII_KINDS[code]!;
  if (MARK.test(character)) return 'skip';
  if (DIGIT.test(character)) return 'digit';
  return WORD_CHARACTER.test(character) ? 'letter' : 'skip';
}

/** Consecutive characters read the same way (`key`: a letter, or letters joined by "|"), and how many. */
interface Run {
  key: string;
  count: number;
}

/** Letters a run may stand for. */
const lettersOf = (key: string) => (key.includes('|') ? key.split('|') : [key]);

/**
 * A word as read: marks dropped (so combining strokes over letters hide nothing), look-alikes
 * folded, and its digits and symbols read as letters unless the word is all digits ("b4d" is
 * "bad", "455" stays a number). What is not part of a word is skipped, so spaced-out letters
 * read straight from the text ("b.a.d" as "bad"). Stops at `maxRuns` runs, which no phrase has
 * more of: `runs` is then null, and a word of thousands of letters costs no more than reading it.
 */
function readWord(text: string, maxRuns: number): { runs: Run[] | null; letters: number } {
  let isNumber = true;
  for (let index = 0; index < text.length;) {
    const code = text.codePointAt(index)!;
    const width = code > 0xffff ? 2 : 1;
    if (kindOf(code, code < 128 ? ASCII_CHARACTERS[code]! : text.slice(index, index + width)) === 'letter') {
      isNumber = false;
      break;
    }
    index += width;
  }
  const runs: Run[] = [];
  let last: Run | undefined;
  let letters = 0;
  for (let index = 0; index < text.length;) {
    const code = text.codePointAt(index)!;
    const width = code > 0xffff ? 2 : 1;
    const character = code < 128 ? ASCII_CHARACTERS[code]! : text.slice(index, index + width);
    index += width;
    const kind = kindOf(code, character);
    if (kind === 'skip') continue;
    letters += 1;
    // A lower-case ASCII letter is itself; anything else may be leetspeak or a look-alike.
    const key = code >= 97 && code <= 122 ? character : ((isNumber ? undefined : LEET[character]) ?? LOOK_ALIKES[character] ?? character);
    if (last?.key === key) {
      last.count += 1;
      continue;
    }
    if (runs.length === maxRuns) return { runs: null, letters };
    last = { key, count: 1 };
    runs.push(last);
  }
  return { runs, letters };
}

/**
 * Whether a run of the text can be a run of the phrase: the same number of the letter, or
 * three or more of it (stretched: "baaad"). Two are not stretched: "good" is not "god".
 */
function canRead(text: Run, phrase: Run): boolean {
  if (text.key !== phrase.key && !lettersOf(text.key).includes(phrase.key)) return false;
  return text.count === phrase.count || (text.count >= 3 && text.count >= phrase.count);
}

function readsAs(text: readonly Run[] | null, phrase: readonly Run[]): boolean {
  if (text === null || text.length !== phrase.length) return false;
  return text.every((run, index) => canRead(run, phrase[index]!));
}

interface CompiledPhrase {
  action: BannedWordAction;
  /** Each word's runs. */
  words: Run[][];
  /** Every letter of the phrase as one word, for spaced-out letters ("b u y c h e a p"). */
  joined: Run[];
}

/** Candidates are looked up by their first letter and their number of runs, so each word costs a lookup. */
const indexKey = (firstLetter: string, runCount: number) => `${firstLetter}\u0000${runCount}`;

function addTo(index: Map<string, CompiledPhrase[]>, key: string, phrase: CompiledPhrase) {
  const entries = index.get(key);
  if (entries) entries.push(phrase);
  else index.set(key, [phrase]);
}

const NONE: readonly CompiledPhrase[] = [];

function candidates(index: Map<string, CompiledPhrase[]>, runs: readonly Run[] | null): readonly CompiledPhrase[] {
  const first = runs?.[0];
  if (runs === null || first === undefined) return NONE;
  if (!first.key.includes('|')) return index.get(indexKey(first.key, runs.length)) ?? NONE;
  return lettersOf(first.key).flatMap((letter) => index.get(indexKey(letter, runs.length)) ?? NONE);
}

/** Spaced-out letters must spell at least this many, so "a i" and the like stay ordinary text. */
const MIN_SPACED_LETTERS = 3;

interface Word {
  text: string;
  /** Null: more runs than any phrase word has. */
  runs: Run[] | null;
  /** Letters, digits and symbols, marks not counted (at least 2 when `runs` is null). */
  letters: number;
  /** What stands between this word and the one before it, whitespace as one space. */
  separatorBefore: string;
}

/** Between the words of a phrase: spaces, or one unbroken separator ("buy.cheap", "buy-cheap"), not a sentence's punctuation. */
const isPhraseGap = (separator: string) => separator === ' ' || !separator.includes(' ');

export interface EvasionMatcher {
  /** The strongest action a text's evasions trigger, or null. */
  match(text: string): BannedWordAction | null;
}

/**
 * Compiles the phrases that are letters only (after NFKC and lower case, as stored); a phrase
 * with digits or punctuation ("c++ rules") is left to the exact match.
 */
export function compileEvasionMatcher(phrases: ReadonlyArray<{ phrase: string; action: BannedWordAction }>): EvasionMatcher {
  const byLastWord = new Map<string, CompiledPhrase[]>();
  const byJoinedLetters = new Map<string, CompiledPhrase[]>();
  let maxWordRuns = 0;
  let maxJoinedRuns = 0;
  let maxWords = 0;
  for (const { phrase, action } of phrases) {
    const words = removeInvisibleCharacters(phrase).split(' ').filter(Boolean);
    if (words.length === 0 || !words.every((word) => ONLY_LETTERS_AND_MARKS.test(word))) continue;
    const wordRuns = words.map((word) => readWord(word, Number.POSITIVE_INFINITY).runs!);
    const joined = readWord(words.join(''), Number.POSITIVE_INFINITY);
    const compiled: CompiledPhrase = { action, words: wordRuns, joined: joined.runs! };
    const lastWord = wordRuns.at(-1)!;
    addTo(byLastWord, indexKey(lastWord[0]!.key, lastWord.length), compiled);
    maxWordRuns = Math.max(maxWordRuns, ...wordRuns.map((runs) => runs.length));
    maxWords = Math.max(maxWords, words.length);
    if (joined.letters >= MIN_SPACED_LETTERS) {
      addTo(byJoinedLetters, indexKey(compiled.joined[0]!.key, compiled.joined.length), compiled);
      maxJoinedRuns = Math.max(maxJoinedRuns, compiled.joined.length);
    }
  }

  /** Whether the phrase's words are the last words read (`recent`, oldest first). */
  function endsWith(recent: readonly Word[], phrase: CompiledPhrase): boolean {
    const first = recent.length - phrase.words.length;
    if (first < 0) return false;
    return phrase.words.every((runs, offset) => {
      const word = recent[first + offset]!;
      return (offset === 0 || isPhraseGap(word.separatorBefore)) && readsAs(word.runs, runs);
    });
  }

  function spelledOut(letters: string): CompiledPhrase[] {
    const runs = readWord(letters, maxJoinedRuns).runs;
    return candidates(byJoinedLetters, runs).filter((phrase) => readsAs(runs, phrase.joined));
  }

  return {
    // One pass, word by word, keeping only the last few words and the current run of single
    // letters: the text's size changes how long this takes, not how much it holds.
    match(text) {
      if (byLastWord.size === 0) return null;
      const normalised = removeInvisibleCharacters(text).normalize('NFKC').toLowerCase();
      let strongest: BannedWordAction | null = null;
      const foundReject = (matched: readonly CompiledPhrase[]) => {
        for (const { action } of matched) if (strongest === null || action === 'reject') strongest = action;
        return strongest === 'reject';
      };

      const recent: Word[] = [];
      // Single letters in a row with the same separator each time ("b a d", "b.a.d"), read
      // as one word. A letter where the separator changes ends one run and starts the next
      // ("a b.a.d": "ab", then "bad"). Only a whole run can spell a phrase: "a b a d" is not "bad".
      // Where the current run of single letters starts and ends in the text: read from there
      // when it ends, so a long run holds nothing while it grows.
      const spaced = { start: 0, end: 0, count: 0, separator: '' };
      const spacedPhrases = () =>
        spaced.count >= 2 && byJoinedLetters.size > 0 ? spelledOut(normalised.slice(spaced.start, spaced.end)) : NONE;
      let end = 0;
      for (const found of normalised.matchAll(WORD)) {
        // Most words follow one space: no string to make for it.
        const separatorBefore =
          found.index === end + 1 && normalised.charCodeAt(end) === 32 ? ' ' : normalised.slice(end, found.index).replace(/\s+/gu, ' ');
        const previousStart = recent.length === 0 ? 0 : end - recent.at(-1)!.text.length;
        end = found.index + found[0].length;
        const { runs, letters } = readWord(found[0], maxWordRuns);
        recent.push({ text: found[0], runs, letters, separatorBefore });
        if (recent.length > maxWords) recent.shift();
        for (const phrase of candidates(byLastWord, runs)) {
          if (endsWith(recent, phrase) && foundReject([phrase])) return strongest;
        }

        if (letters !== 1) {
          if (foundReject(spacedPhrases())) return strongest;
          spaced.count = 0;
          continue;
        }
        if (spaced.count === 0) {
          spaced.start = found.index;
        } else if (spaced.count >= 2 && separatorBefore !== spaced.separator) {
          if (foundReject(spacedPhrases())) return strongest;
          spaced.start = previousStart;
          spaced.count = 1;
        }
        spaced.end = end;
        spaced.count += 1;
        spaced.separator = separatorBefore;
      }
      foundReject(spacedPhrases());
      return strongest;
    },
  };
}
