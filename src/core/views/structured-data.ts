import { trustedHtml, type SafeHtml } from '#jsx/jsx-runtime';

/**
 * JSON for a <script type="application/ld+json"> block. `<`, `>` and `&` are
 * written as \u escapes so text such as "</script>" in a headline cannot end
 * the script element early; JSON parsers read the escapes back unchanged.
 */
export function jsonLdScript(data: unknown): SafeHtml {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return trustedHtml(`<script type="application/ld+json">${json}</script>`);
}
