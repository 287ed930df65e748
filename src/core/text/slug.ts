// URL slugs from titles and names: "Crème brûlée: the 5 best" → "creme-brulee-the-5-best".
// Letters outside Latin keep their script (a slug in Greek or Arabic is a
// valid URL path); marks are dropped after decomposition, so accents go.

export const MAX_SLUG_LENGTH = 80;

/** A slug as the site writes one: lowercase letters and digits, single dashes between words. */
export const SLUG = /^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u;

export function slugFrom(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{Ll}\p{Lo}\p{N}]+/u)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) break;
    slug = next;
  }
  return slug || words[0]?.slice(0, MAX_SLUG_LENGTH) || '';
}

export function isSlug(text: string): boolean {
  return text.length <= MAX_SLUG_LENGTH && SLUG.test(text);
}
