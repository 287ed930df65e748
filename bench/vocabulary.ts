// A synthetic vocabulary for generated articles, so that searching them
// measures something real: the template sentences of generate-articles.ts use
// a few hundred words, each in a large share of the archive, where a real
// newspaper's words follow Zipf's law — a handful everywhere, most rare. Here
// VOCABULARY_SIZE invented words (syllables, no real words) are drawn with
// probability ∝ 1/rank^ZIPF_EXPONENT (about 1 for natural language), so a
// word's selectivity spans "in most articles" to "in a handful", as in text.
// Seeded: the same word list and the same draws every run.
import { createRandom, type Random } from './generate-articles.js';

export const VOCABULARY_SIZE = 20_000;
export const ZIPF_EXPONENT = 1.05;

const ONSETS = [
  'b',
  'br',
  'c',
  'ch',
  'd',
  'dr',
  'f',
  'g',
  'gr',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  'pl',
  'r',
  's',
  'st',
  't',
  'tr',
  'v',
  'w',
  'z',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou'];
const CODAS = ['', 'n', 'r', 'l', 's', 'th', 'nd', 'm', 'x', 'rk'];

function buildWords(size: number): string[] {
  const random = createRandom(7_919);
  const words = new Set<string>();
  while (words.size < size) {
    const syllables = 2 + Math.floor(random() * 2);
    let word = '';
    for (let index = 0; index < syllables; index++)
      word +=
        ONSETS[Math.floor(random() * ONSETS.length)]! +
        VOWELS[Math.floor(random() * VOWELS.length)]! +
        CODAS[Math.floor(random() * CODAS.length)]!;
    words.add(word);
  }
  return [...words];
}

let cached: { words: string[]; cumulative: Float64Array } | null = null;
function vocabulary() {
  if (!cached) {
    const words = buildWords(VOCABULARY_SIZE);
    const cumulative = new Float64Array(words.length);
    let total = 0;
    for (let rank = 0; rank < words.length; rank++) {
      total += 1 / (rank + 1) ** ZIPF_EXPONENT;
      cumulative[rank] = total;
    }
    for (let rank = 0; rank < words.length; rank++) cumulative[rank]! /= total;
    cached = { words, cumulative };
  }
  return cached;
}

/** One word, Zipf-distributed over the vocabulary (rank 1 the commonest). */
export function zipfWord(random: Random): string {
  const { words, cumulative } = vocabulary();
  const target = random();
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return words[low]!;
}

/** A "sentence" of `count` vocabulary words: what a paragraph adds to the archive's vocabulary. */
export function zipfSentence(random: Random, count: number): string {
  const words: string[] = [];
  for (let index = 0; index < count; index++) words.push(zipfWord(random));
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The word at a rank (1-based), for reports. */
export function wordAtRank(rank: number): string {
  return vocabulary().words[rank - 1]!;
}

let vocabularySet: Set<string> | null = null;
/** Whether a (lower-case) word is one of the vocabulary's, not the templates'. */
export function isVocabularyWord(word: string): boolean {
  vocabularySet ??= new Set(vocabulary().words);
  return vocabularySet.has(word);
}
