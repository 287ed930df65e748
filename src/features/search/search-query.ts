// A reader's query, parsed by us and never handed to an engine as typed: the
// engines' own syntaxes (FTS5's quotes, NEAR, column filters and `*`;
// tsquery's & | ! <-> and :*) are each one error away from a 500, or a way
// round the reader's scope. What survives is words (letters and digits),
// "phrases" and prefixes (`harb*`, at least 3 characters); every other
// character separates words. Each engine builds its query from these tokens,
// quoted (search.queries.ts).

export type SearchTerm = { kind: 'word'; word: string } | { kind: 'phrase'; words: string[] } | { kind: 'prefix'; prefix: string };

/** A prefix shorter than this would match too much of the archive to be worth asking for. */
export const MIN_PREFIX_LENGTH = 3;
/** Terms past this are dropped: every term is one more posting list to intersect. */
export const MAX_TERMS = 8;
/** Words in a phrase past this are dropped. */
export const MAX_PHRASE_WORDS = 8;
/** Longer "words" are not words (and would be cut by the engines' tokenizers anyway). */
export const MAX_WORD_LENGTH = 40;
/** Characters of the raw query read at all. */
export const MAX_QUERY_LENGTH = 200;

const WORD = /[\p{L}\p{N}]+/gu;

function wordsOf(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(WORD) ?? []).filter((word) => word.length <= MAX_WORD_LENGTH);
}

function termKey(term: SearchTerm): string {
  if (term.kind === 'word') return `w:${term.word}`;
  if (term.kind === 'prefix') return `p:${term.prefix}`;
  return `q:${term.words.join(' ')}`;
}

/** The terms of a query, deduplicated, at most MAX_TERMS; [] when nothing searchable is left. */
export function parseSearchQuery(raw: string): SearchTerm[] {
  const text = raw.slice(0, MAX_QUERY_LENGTH);
  const terms: SearchTerm[] = [];
  // Split on double quotes: odd pieces are phrases (an unclosed quote runs to the end).
  const pieces = text.split('"');
  pieces.forEach((piece, index) => {
    if (index % 2 === 1) {
      const words = wordsOf(piece).slice(0, MAX_PHRASE_WORDS);
      if (words.length === 1) terms.push({ kind: 'word', word: words[0]! });
      else if (words.length > 1) terms.push({ kind: 'phrase', words });
      return;
    }
    // Outside quotes: a word directly followed by `*` is a prefix, when long enough.
    for (const match of piece.normalize('NFKC').matchAll(/([\p{L}\p{N}]+)(\*?)/gu)) {
      const word = match[1]!.toLowerCase();
      if (word.length > MAX_WORD_LENGTH) continue;
      if (match[2] === '*' && word.length >= MIN_PREFIX_LENGTH) terms.push({ kind: 'prefix', prefix: word });
      else terms.push({ kind: 'word', word });
    }
  });
  const seen = new Set<string>();
  return terms
    .filter((term) => {
      const key = termKey(term);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_TERMS);
}

/** Every word the terms name (for highlighting and "did you mean" help). */
export function termWords(terms: readonly SearchTerm[]): string[] {
  return terms.flatMap((term) => (term.kind === 'word' ? [term.word] : term.kind === 'prefix' ? [term.prefix] : term.words));
}

/** A query as the reader could have typed it, normalised (shown back in the search box's help). */
export function describeTerms(terms: readonly SearchTerm[]): string {
  return terms
    .map((term) => (term.kind === 'word' ? term.word : term.kind === 'prefix' ? `${term.prefix}*` : `"${term.words.join(' ')}"`))
    .join(' ');
}

const quoteFts5 = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * FTS5's porter stemmer also stems a prefix query's token, and drops the
 * final "s" of a three-character one: `res*` would search `re*` — every "re…"
 * word ("real", "report"), merged from hundreds of lists because no prefix
 * index holds two characters (100–400 ms at 100,000 articles, against about
 * 1 ms for `rec*`). Such a prefix is asked as its one-character-longer
 * prefixes instead (`"resa" * OR "resb" * …`), each read from the
 * four-character prefix index; only the three-letter word itself is lost.
 */
const FTS5_PREFIX_EXTENSIONS = [...'abcdefghijklmnopqrstuvwxyz0123456789'];
function fts5Prefix(prefix: string): string {
  if (!/^[a-z0-9]{2}s$/.test(prefix) || prefix[1] === 's') return `${quoteFts5(prefix)} *`;
  return `(${FTS5_PREFIX_EXTENSIONS.map((next) => `${quoteFts5(prefix + next)} *`).join(' OR ')})`;
}

/**
 * The FTS5 MATCH expression: every term must appear in the headline,
 * standfirst or body, and the document's scope word must be one of `scopeWords`.
 * Every token is a quoted string, so no FTS5 operator can come from the reader.
 */
export function toFts5Query(terms: readonly SearchTerm[], scopeWords: readonly string[]): string {
  const parts = terms.map((term) =>
    term.kind === 'word' ? quoteFts5(term.word) : term.kind === 'prefix' ? fts5Prefix(term.prefix) : quoteFts5(term.words.join(' ')),
  );
  const scopes = scopeWords.map(quoteFts5).join(' OR ');
  return `{headline standfirst body} : (${parts.join(' AND ')}) AND scope_word : (${scopes})`;
}

const quoteTsquery = (word: string) => `'${word.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;

/**
 * The text for PostgreSQL's `to_tsquery(config, …)`: quoted lexemes joined by
 * `&`, phrases with `<->`, prefixes with `:*`. The configuration stems each one
 * (and drops stop words) as it stems the documents.
 */
export function toTsqueryText(terms: readonly SearchTerm[]): string {
  return terms
    .map((term) =>
      term.kind === 'word'
        ? quoteTsquery(term.word)
        : term.kind === 'prefix'
          ? `${quoteTsquery(term.prefix)}:*`
          : `(${term.words.map(quoteTsquery).join(' <-> ')})`,
    )
    .join(' & ');
}
