// Hostile text through every article field readers see, sent by an Admin API
// key: headline, kicker, standfirst, hero caption, credit and alt text, author
// names, the body's HTML (markup and figure captions) and a correction. The
// reader's page, and the API's own `html`, must carry it as text: no element,
// event handler or script URL made from it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { escapeText } from '../../core/views/jsx-runtime.js';
import { XSS_CORPUS } from '../comments/testing/xss-corpus.js';
import { createAdminApiHarness, type AdminApiHarness } from './testing/admin-api-harness.js';

/** The elements an article page is made of. */
const PAGE_ELEMENTS = new Set(
  (
    'html head meta title link script body a header div p nav ul ol li main article section footer h1 h2 h3 time ' +
    'figure picture source img figcaption span strong em blockquote cite aside hr br small'
  ).split(' '),
);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background']);

/** Every element one the page makes, no handler attribute, every URL ours or http(s), every script ours. */
function expectInert(html: string, where: string): void {
  // The header's search box is the page's own form (the one form every page has); the article cannot put one there.
  const withoutSearchBox = html.replace(/^<!doctype html>/i, '').replace(/<form class="site-search"[^>]*>[\s\S]*?<\/form>/, '');
  for (const match of withoutSearchBox.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>/g)) {
    const [tag, name, attributes] = match as unknown as [string, string, string];
    expect(PAGE_ELEMENTS.has(name.toLowerCase()), `${where}: element ${tag}`).toBe(true);
    for (const attribute of attributes.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) {
      const attributeName = attribute[1]!.toLowerCase();
      expect(attributeName.startsWith('on'), `${where}: attribute ${attributeName} in ${tag}`).toBe(false);
      expect(attributeName, `${where}: ${tag}`).not.toBe('style');
      if (URL_ATTRIBUTES.has(attributeName)) {
        const value = (attribute[2] ?? '').replace(/&amp;/g, '&');
        expect(/^(?:https?:\/\/|\/(?!\/)|#|\?)/i.test(value) || value === '', `${where}: ${attributeName}="${value}"`).toBe(true);
      }
    }
    if (name.toLowerCase() === 'script' && !tag.startsWith('</'))
      expect(/type="application\/ld\+json"|src="\/assets\//.test(attributes), `${where}: ${tag}`).toBe(true);
  }
  // Structured data is JSON inside <script>: not one raw "<" may close it early.
  for (const [, json] of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g))
    expect(json, `${where}: JSON-LD`).not.toContain('<');
}

describeEachEngine('Admin API articles: the XSS corpus reaches readers as text', (engine) => {
  let api: AdminApiHarness;
  let image: { id: string; url: string };

  beforeAll(async () => {
    api = await createAdminApiHarness(engine, new Date('2026-12-01T09:00:00.000Z'));
    image = await api.uploadImage();
  });
  afterAll(() => api.testApp.destroy());

  it('keeps every hostile string inert on the reader’s page and in the API’s html', async () => {
    for (const [index, original] of XSS_CORPUS.entries()) {
      if (original.includes('\u0000')) {
        // PostgreSQL text cannot hold a NUL: refused as input, wherever it is (the rest of the string is tried below).
        const refused = await api.call('POST', '/articles', { key: api.keys.editor, body: { headline: original, section: 'world' } });
        expect(refused.json()).toEqual({ errors: [{ field: 'headline', message: 'Text cannot contain the NUL character (U+0000).' }] });
      }
      const hostile = original.replaceAll('\u0000', '');
      const fields = {
        kicker: hostile.slice(0, 60),
        headline: hostile,
        standfirst: hostile,
        section: 'world',
        authors: [`${hostile.slice(0, 50)} ${index}`],
        status: 'published',
        hero: { imageId: image.id, caption: hostile, credit: hostile.slice(0, 200), alt: hostile },
      };
      const asMarkup = `<p>${hostile}</p>${hostile}<figure><img src="${image.url}" alt="${hostile.replaceAll('"', '&quot;')}"><figcaption>${hostile}</figcaption></figure>`;
      let response = await api.call('POST', '/articles', { key: api.keys.editor, body: { ...fields, html: asMarkup } });
      if (response.statusCode === 422) {
        // Markup naming a picture that is not ours is refused, not dropped: send the same words as text instead.
        expect(response.json().errors, hostile).toEqual([{ field: 'html', message: expect.stringContaining('not one of ours') }]);
        const asText = `<p>${escapeText(hostile)}</p><figure><img src="${image.url}"><figcaption>${escapeText(hostile)}</figcaption></figure>`;
        response = await api.call('POST', '/articles', { key: api.keys.editor, body: { ...fields, html: asText } });
      }
      expect(response.statusCode, `${hostile}: ${response.body}`).toBe(201);
      const article = response.json();
      expectInert(article.html, `api html for ${hostile}`);
      const corrected = await api.call('POST', `/articles/${article.id}/corrections`, {
        key: api.keys.editor,
        body: { version: article.version, text: hostile },
      });
      expect(corrected.statusCode, hostile).toBe(201);

      const page = await api.testApp.app.inject({ method: 'GET', url: new URL(article.url).pathname });
      expect(page.statusCode, hostile).toBe(200);
      expectInert(page.body, `page for ${hostile}`);
      for (const shown of [article.headline, article.authors[0], article.hero.caption, hostile.trim()])
        expect(page.body, `${hostile}: ${shown}`).toContain(escapeText(shown));
    }
  });
});
