// The issue form read without the app: the body's three ways in (the editor's
// document, untouched text, changed text), text typed around the stored body
// without the script, and article ids.
import { describe, expect, it } from 'vitest';
import type { ArticleBody } from '../articles/articles.types.js';
import { issueErrorsOf, issueFormValues, readIssueForm } from './newsletter-desk.forms.js';

const paragraph = (text: string) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] });
const figure = { type: 'figure' as const, attrs: { imageId: 'pier', alt: 'The pier', caption: '', credit: '' } };
const STORED: ArticleBody = { type: 'doc', content: [paragraph('The ferry runs late.'), figure, paragraph('Tides turn at noon.')] };

const posted = (changes: Partial<Record<'body' | 'bodyDoc' | 'articles' | 'bodyPlainHash', string>>) => {
  const shown = issueFormValues({ subject: 'Tides', preheader: '' }, STORED);
  return { subject: 'Tides', preheader: '', body: shown.body, bodyPlainHash: shown.bodyPlainHash, bodyDoc: '', articles: '', ...changes };
};

describe('readIssueForm', () => {
  it('keeps the stored body (figure and all) when the text comes back unchanged', () => {
    const reading = readIssueForm(posted({}), STORED);
    expect(reading.body).toBeNull();
    expect(reading.values.bodyDoc).toEqual(STORED);
  });

  it('puts text typed above or below the stored text around the stored blocks', () => {
    const shown = posted({}).body;
    expect(readIssueForm(posted({ body: `Hello.\r\n\r\n${shown}` }), STORED).body?.content).toEqual([
      paragraph('Hello.'),
      ...STORED.content,
    ]);
    expect(readIssueForm(posted({ body: `${shown}\n\nGoodbye.` }), STORED).body?.content).toEqual([
      ...STORED.content,
      paragraph('Goodbye.'),
    ]);
  });

  it('makes other changed text paragraphs, as the article editor does', () => {
    const reading = readIssueForm(posted({ body: 'Only this now.' }), STORED);
    expect(reading.body).toEqual({ type: 'doc', content: [paragraph('Only this now.')] });
    // Typed straight onto the first paragraph (no blank line): a change, not an intro.
    expect(readIssueForm(posted({ body: `Hello ${posted({}).body}` }), STORED).body?.content).not.toContainEqual(figure);
  });

  it('takes the editor script’s document, and refuses one that is not a body', () => {
    const doc = { type: 'doc', content: [figure] };
    expect(readIssueForm(posted({ bodyDoc: JSON.stringify(doc) }), STORED).body).toEqual(doc);
    for (const bodyDoc of [
      '{',
      '{"type":"doc","content":[{"type":"script"}]}',
      JSON.stringify({ type: 'doc', content: [{ type: 'figure', attrs: {} }] }),
    ])
      expect(readIssueForm(posted({ bodyDoc }), STORED).errors.body).toMatch(/could not be read/);
  });

  it('reads article ids in order, and refuses anything else', () => {
    expect(readIssueForm(posted({ articles: ' 12, 5 9' }), STORED).articleIds).toEqual([12, 5, 9]);
    for (const articles of ['12, x', '-1', '0', '1.5', '99999999999', '2147483648'])
      expect(readIssueForm(posted({ articles }), STORED).errors.articles, articles).toBe(
        'Give article ids as whole numbers separated by commas.',
      );
  });

  it('puts the service’s html problems on the body', () => {
    expect(issueErrorsOf(['html: the issue has no text', 'articles: no published article with id 4'])).toEqual({
      body: 'The issue has no text',
      articles: 'No published article with id 4',
    });
  });
});
