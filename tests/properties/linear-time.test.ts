// Every function that formats or checks text a reader sends must take time in
// proportion to the text's length: one quadratic regex on a comment body let a
// single reader stall every page on the node (ReDoS). For each formatter and
// each adversarial shape (a run of one troublesome character between a prefix
// and a rejecting suffix), the time for 4n characters must stay under 8x the
// time for n — linear work gives ~4x, quadratic ~16x. A ratio, not a time
// limit, so a busy machine cannot make it flaky; the lint rules
// regexp/no-super-linear-* catch the regex half of the class statically.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/core/http/next-path.js';
import { bodyFromHtml } from '../../src/features/articles/body-from-html.js';
import { checkEmail, checkName, normaliseEmail } from '../../src/features/accounts/field-rules.js';
import { checkCommentText, countLinks, normaliseCommentText, parseCommentText } from '../../src/features/comments/comment-text.js';
import { renderCommentBody } from '../../src/features/comments/views/comment-body.js';
import { compileBannedWords, normaliseForMatching } from '../../src/features/moderation/comment-text.js';

const N = 6_000;
const REPEATS = 5;

const bannedWords = compileBannedWords([
  { phrase: 'rotten', action: 'reject' },
  { phrase: 'bad egg', action: 'hold' },
]);

const FORMATTERS: Record<string, (text: string) => unknown> = {
  normaliseCommentText,
  checkCommentText: (text) => checkCommentText(text, 1_000_000),
  parseCommentText,
  renderCommentBody: (text) => renderCommentBody(text).value,
  countLinks,
  checkName: (text) => checkName(text, 'first'),
  checkEmail,
  normaliseEmail,
  safeNextPath: (text) => safeNextPath(text, 'https://news.example'),
  normaliseForMatching,
  bannedWords: (text) => bannedWords.match(text),
  bodyFromHtml: (text) => bodyFromHtml(text),
};

const runs = [
  '.',
  ' ',
  '\t',
  '\n',
  ')',
  ']',
  '(',
  '*',
  '!',
  '<',
  'a',
  '-',
  '/',
  '\u200b',
  'é',
  '\r\n',
  ' \n',
  'a.',
  'b a ',
  '.)',
  'http://',
  '@',
  '<b>',
  '</p>',
  '<li>',
  '<br>',
  '<p><i>',
];
const prefixes = ['', 'http://a', 'https://x.y/', 'word ', 'a@', '/'];
const suffixes = ['', 'x', '!', ' ', '\u0000', '@b', '"', '\n\nend'];

function bestTime(work: () => unknown): number {
  let best = Infinity;
  for (let attempt = 0; attempt < REPEATS; attempt++) {
    const started = process.hrtime.bigint();
    work();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return best;
}

describe('text formatters run in linear time on adversarial input', () => {
  for (const [name, format] of Object.entries(FORMATTERS)) {
    // Timing on a shared machine: a neighbour's burst can stretch one measurement past the bound.
    // Quadratic work fails every try (the ratio is ~16 at 4× the input, twice the bound); noise does not.
    it(name, { retry: 2 }, () => {
      fc.assert(
        fc.property(fc.constantFrom(...prefixes), fc.constantFrom(...runs), fc.constantFrom(...suffixes), (prefix, run, suffix) => {
          const text = (length: number) => prefix + run.repeat(Math.ceil(length / run.length)) + suffix;
          const small = text(N);
          const large = text(4 * N);
          format(small); // warm up the code path before timing it
          const smallMs = bestTime(() => format(small));
          const largeMs = bestTime(() => format(large));
          // Below a few milliseconds for 24,000 characters, nothing quadratic is at work and timer noise dominates.
          if (largeMs < 3) return;
          expect(
            largeMs / Math.max(smallMs, 0.05),
            `${JSON.stringify(prefix)} + ${JSON.stringify(run)}×n + ${JSON.stringify(suffix)}`,
          ).toBeLessThan(8);
        }),
        { numRuns: 40, endOnFailure: true },
      );
    });
  }
});
