// Which document of each article a reader searches: the full text of the
// levels they are entitled to, the teaser of the others (migration 0024).
import type { AccessLevel } from '../../core/db/schema.js';

export const ACCESS_LEVELS: readonly AccessLevel[] = ['free', 'registered', 'premium'];
export type DocumentKind = 'full' | 'teaser';

export function scopeKey(kind: DocumentKind, level: AccessLevel): string {
  return `${kind}:${level}`;
}

/** The scope as one FTS5 word: letters only, so the tokenizer keeps it whole ('fullpremium'). */
export function scopeWord(kind: DocumentKind, level: AccessLevel): string {
  return `${kind}${level}`;
}

/** One document per level: exactly one of each article's two documents is searched. */
export function searchedScopes(fullTextLevels: readonly AccessLevel[]): { keys: string[]; words: string[] } {
  const pairs = ACCESS_LEVELS.map((level) => [fullTextLevels.includes(level) ? 'full' : 'teaser', level] as const);
  return { keys: pairs.map(([kind, level]) => scopeKey(kind, level)), words: pairs.map(([kind, level]) => scopeWord(kind, level)) };
}

// PostgreSQL's built-in snowball configurations, by the language's primary subtag.
const POSTGRES_CONFIGS: Record<string, string> = {
  ar: 'arabic',
  ca: 'catalan',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  eu: 'basque',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hi: 'hindi',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  nb: 'norwegian',
  ne: 'nepali',
  nl: 'dutch',
  nn: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

/** The text-search configuration for PUBLICATION_LANGUAGE ('en-GB' → 'english'); 'simple' (no stemming) when PostgreSQL has none. */
export function postgresTextSearchConfig(language: string): string {
  return POSTGRES_CONFIGS[language.split('-')[0]!.toLowerCase()] ?? 'simple';
}
