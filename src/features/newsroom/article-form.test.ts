import { expect, it } from 'vitest';
import { formErrorsOf, formValuesOf, paragraphsToDoc, plainTextHash, readEditorForm } from './article-form.js';

const stored = {
  type: 'doc' as const,
  content: [
    { type: 'heading' as const, attrs: { level: 2 as const }, content: [{ type: 'text' as const, text: 'Tides' }] },
    { type: 'figure' as const, attrs: { imageId: 'quay-1', alt: 'A quay', caption: '', credit: '' } },
    { type: 'paragraph' as const, content: [{ type: 'text' as const, text: 'High water at noon.' }] },
  ],
};
const read = (fields: Record<string, unknown>, storedBody = stored) => readEditorForm(fields, { storedBody, timeZone: 'Europe/London' });

it('turns typed text into paragraphs: blank lines between them, line breaks inside them', () => {
  expect(paragraphsToDoc('One.\r\n\r\nTwo,\r\nstill two.\n \t\n\n\nThree.')).toEqual({
    type: 'doc',
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: 'One.' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Two,' }, { type: 'hardBreak' }, { type: 'text', text: 'still two.' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Three.' }] },
    ],
  });
  expect(paragraphsToDoc('  \n\n ')).toEqual({ type: 'doc', content: [] });
});

it('keeps the stored body when the text comes back as it was sent, and replaces it when it changed', () => {
  const shown = formValuesOf(null, 'Europe/London');
  expect(shown.body).toBe('');
  const plain = 'Tides\n\nHigh water at noon.';
  expect(read({ body: plain, bodyPlainHash: plainTextHash(plain) }).fields.body).toBeUndefined();
  // Without the hash (an old form), the text itself is compared.
  expect(read({ body: `${plain.replace(/\n/g, '\r\n')}\r\n` }).fields.body).toBeUndefined();
  expect(read({ body: `${plain}\n\nLow water at six.`, bodyPlainHash: plainTextHash(plain) }).fields.body?.content).toHaveLength(3);
  // A new article has no stored body: the text is the body.
  expect(read({ body: plain }, null as never).fields.body?.content).toHaveLength(2);
});

it('takes the editor script’s document when it sends one, refusing one that is not the body format', () => {
  const doc = { type: 'doc', content: [{ type: 'horizontalRule' }] };
  expect(read({ bodyDoc: JSON.stringify(doc), body: 'ignored' }).fields.body).toEqual(doc);
  for (const bodyDoc of [
    '{',
    '[]',
    '{"type":"doc","content":[{"type":"iframe"}]}',
    '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"link","attrs":{"href":"javascript:alert(1)"}}]}]}]}',
  ]) {
    const reading = read({ bodyDoc, access: 'free' });
    expect(
      reading.problems.map((problem) => problem.field),
      bodyDoc,
    ).toEqual(['body']);
    expect(reading.fields.body).toBeUndefined();
  }
});

it('reads names, access, the hero, the action, the version and the publication time', () => {
  const reading = read({
    topics: ' Harbours ,, Tides,',
    authors: 'Nadia Quay, Sol Harbour',
    access: 'premium',
    heroImageId: ' quay-1 ',
    heroAlt: 'A quay',
    action: 'schedule',
    version: '7',
    publishAt: '2026-07-01T09:00',
    commentsEnabled: 'on',
  });
  expect(reading.problems).toEqual([]);
  expect(reading.fields).toMatchObject({
    topics: ['Harbours', 'Tides'],
    authors: ['Nadia Quay', 'Sol Harbour'],
    access: 'premium',
    commentsEnabled: true,
    hero: { imageId: 'quay-1', alt: 'A quay', caption: '', credit: '' },
  });
  expect(reading.action).toBe('schedule');
  expect(reading.baseVersion).toBe(7);
  expect(reading.publishAt).toBe('2026-07-01T08:00:00.000Z');

  const odd = read({ access: 'everyone', action: 'delete', version: '07', publishAt: 'noon', heroImageId: ' ' });
  expect(odd.action).toBe('save');
  expect(odd.baseVersion).toBeNull();
  expect(odd.fields.hero).toBeNull();
  expect(odd.fields.commentsEnabled).toBe(false);
  expect(formErrorsOf(odd.problems)).toEqual({
    access: 'Choose free, registered or premium.',
    publishAt: 'Enter the publication time as a date and a time.',
  });
});

it('names the service’s and the library’s fields as the form does', () => {
  expect(
    formErrorsOf([
      { field: 'hero.alt', message: 'a' },
      { field: 'status', message: 'b' },
      { field: 'publishedAt', message: 'c' },
      { field: 'somethingElse', message: 'd' },
    ]),
  ).toEqual({ heroAlt: 'a', form: 'b', publishAt: 'c' });
  expect(
    formErrorsOf(
      [
        { field: 'file', message: 'e' },
        { field: 'alt', message: 'f' },
      ],
      'upload',
    ),
  ).toEqual({ heroFile: 'e', heroAlt: 'f' });
});
