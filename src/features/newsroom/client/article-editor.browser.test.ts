// The article editor in a real headless Chromium, under the site's CSP, with
// the real bundled script and stylesheet, on a stand-in editor page that
// follows the DOM contract (article-editor.ts) and stand-in autosave,
// presence, upload and image routes (the real ones belong to the newsroom's
// editor page). What a journalist does — type, format, quote, add an image,
// paste from Word — must end as a body the server accepts.
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccessibility, launchBrowser } from '../../../../tests/support/browser.js';
import { articleBodySchema } from '../../articles/articles.service.js';
import type { ArticleBody } from '../../articles/articles.types.js';
import { CONFLICT_URL, STORED, startStandInEditor, type Posted } from '../testing/stand-in-editor.js';

/** Word's clipboard, trimmed: a heading, a bulleted list, styled spans and Office tags. */
const WORD_PASTE = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body><!--StartFragment-->
<h1 style='margin-top:12pt'><span lang=EN-GB style='color:#2F5496'>Ferry timetable changes<o:p></o:p></span></h1>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]><span lang=EN-GB style='font-size:14pt;color:red'>Bring a ticket<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]><span lang=EN-GB>Arrive <b>early</b><o:p></o:p></span></p>
<!--EndFragment--></body></html>`;

describe('the article editor in the browser', () => {
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;
  let png: Buffer;
  const posted: Posted[] = [];
  const problems: string[] = [];

  const autosaves = (scenario: string) => posted.filter((post) => post.path === `/autosave?scenario=${scenario}`);
  const bodyDocOf = async (target: Page): Promise<ArticleBody> =>
    articleBodySchema.parse(JSON.parse(await target.locator('input[name="bodyDoc"]').inputValue()));

  async function openEditor(scenario: string): Promise<Page> {
    const opened = await browser.newPage();
    opened.on('console', (message) => {
      // The browser logs the stand-in's deliberate 409 and 422 as failed loads; that is the scenario, not a problem.
      if (message.type() === 'error' && !/status of (409|422)/.test(message.text())) problems.push(message.text());
    });
    opened.on('pageerror', (error) => problems.push(error.message));
    await opened.goto(`${baseUrl}/edit?scenario=${scenario}`);
    await opened.locator('.article-editor-text').waitFor();
    return opened;
  }

  beforeAll(async () => {
    png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    ({ app, baseUrl } = await startStandInEditor({ posted, webp: await sharp(png).webp().toBuffer() }));
    browser = await launchBrowser();
    page = await openEditor('ok');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('hides the textarea and puts the editor, named "Body", in its place with the stored document', async () => {
    expect(await page.locator('textarea#body').isHidden()).toBe(true);
    const editor = page.getByRole('textbox', { name: 'Body' });
    expect(await editor.getAttribute('contenteditable')).toBe('true');
    expect(await editor.textContent()).toBe('Existing paragraph.');
    expect(await bodyDocOf(page)).toEqual(STORED);
    const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
    const names = await toolbar.getByRole('button').allTextContents();
    expect(names).toEqual([
      'Bold',
      'Italic',
      'Link',
      'Heading',
      'Subheading',
      'Bulleted list',
      'Numbered list',
      'Quote',
      'Pull quote',
      'Image',
      'Divider',
      'Undo',
      'Redo',
    ]);
    expect(await toolbar.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('makes bold text, a heading, a list, a pull quote and an attributed quote, posted as a valid body', async () => {
    const editor = page.getByRole('textbox', { name: 'Body' });
    const button = (name: string) => page.getByRole('toolbar').getByRole('button', { name, exact: true });
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Lamps are back ');
    await button('Bold').click();
    expect(await button('Bold').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.type('tonight');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('.');
    await page.keyboard.press('Enter');
    await button('Heading').click();
    await page.keyboard.type('Who pays');
    expect(await button('Heading').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Enter');
    await button('Bulleted list').click();
    await page.keyboard.type('North pier');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Lock gates');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await button('Pull quote').click();
    await page.keyboard.type('The sea keeps its own time.');
    await page.getByRole('textbox', { name: 'Pull quote attribution' }).fill('A skipper');
    await editor.locator('.editor-pull-quote > p').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    // Enter at the end of a pull quote leaves it, as at the end of a heading.
    await button('Quote').click();
    await page.keyboard.type('Nets first, then boats.');
    await page.getByRole('textbox', { name: 'Quote attribution', exact: true }).fill('A net mender');

    const body = await bodyDocOf(page);
    expect(body.content).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'Existing paragraph.' }] },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Lamps are back ' },
          { type: 'text', text: 'tonight', marks: [{ type: 'bold' }] },
          { type: 'text', text: '.' },
        ],
      },
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Who pays' }] },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'North pier' }] }] },
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Lock gates' }] }] },
        ],
      },
      { type: 'pullQuote', attrs: { attribution: 'A skipper' }, content: [{ type: 'text', text: 'The sea keeps its own time.' }] },
      {
        type: 'blockquote',
        attrs: { attribution: 'A net mender' },
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Nets first, then boats.' }] }],
      },
    ]);
    // The textarea, still posted, holds the same article as plain text.
    expect(await page.locator('textarea#body').inputValue()).toContain('Who pays');
  });

  it('asks for alt text, uploads the picked image (_csrf first, file last) and inserts a figure of it', async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('toolbar').getByRole('button', { name: 'Image' }).click();
    await (await chooser).setFiles({ name: 'quay.png', mimeType: 'image/png', buffer: png });
    const dialog = page.getByRole('dialog', { name: 'Add image: quay.png' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Upload and insert' }).click();
    // Alt text is required: nothing is uploaded without it.
    expect(posted.filter((post) => post.path === '/upload')).toEqual([]);
    await dialog.getByRole('textbox', { name: 'Alt text (required)' }).fill('Boats at dawn by the quay');
    await dialog.getByRole('textbox', { name: 'Caption' }).fill('Morning on the quay.');
    await dialog.getByRole('textbox', { name: 'Credit' }).fill('Photo: Desk');
    await dialog.getByRole('button', { name: 'Upload and insert' }).click();
    await page.locator('.editor-figure img[src="/media/harbour-new/960.webp"]').waitFor();
    expect(await dialog.count()).toBe(0);
    expect(await page.locator('.editor-figure img').getAttribute('alt')).toBe('Boats at dawn by the quay');
    await expect.poll(() => page.locator('.editor-status').textContent()).toBe('Image quay.png inserted.');

    const upload = posted.find((post) => post.path === '/upload')!;
    expect(upload.partNames).toEqual(['_csrf', 'alt', 'caption', 'credit', 'file']);
    expect(upload.fields).toEqual({
      _csrf: 'csrf-token-1',
      alt: 'Boats at dawn by the quay',
      caption: 'Morning on the quay.',
      credit: 'Photo: Desk',
    });
    const figure = (await bodyDocOf(page)).content.find((block) => block.type === 'figure');
    expect(figure).toEqual({
      type: 'figure',
      attrs: { imageId: 'harbour-new', alt: 'Boats at dawn by the quay', caption: 'Morning on the quay.', credit: 'Photo: Desk' },
    });
  });

  it('autosaves the whole form a few seconds after the edits and takes the new version', async () => {
    await expect.poll(() => autosaves('ok').length, { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-save-status]').textContent()).toMatch(/^Saved at \d\d:\d\d$/);
    const save = autosaves('ok').at(-1)!;
    expect(save.fields._csrf).toBe('csrf-token-1');
    expect(save.fields.headline).toBe('Harbour lights');
    const body = articleBodySchema.parse(JSON.parse(save.fields.bodyDoc!));
    expect(body.content.map((block) => block.type)).toEqual([
      'paragraph',
      'paragraph',
      'heading',
      'bulletList',
      'pullQuote',
      'blockquote',
      'figure',
    ]);
    // All edits so far were made within one wait: one save, never two at once.
    expect(autosaves('ok')).toHaveLength(1);
    expect(save.fields.version).toBe('3');
    expect(await page.locator('input[name="version"]').inputValue()).toBe('4');
    expect(await page.locator('[data-save-status]').getAttribute('role')).toBe('status');
  });

  it('shows who else is editing', async () => {
    await expect.poll(() => page.locator('[data-presence]').textContent()).toBe('Ada is also editing');
    expect(await page.locator('[data-presence]').getAttribute('role')).toBe('status');
    expect(posted.find((post) => post.path === '/presence')?.fields).toEqual({ _csrf: 'csrf-token-1' });
  });

  it('keeps the structure of a paste from Word and drops its styles and spans', async () => {
    const editor = page.locator('.article-editor-text');
    // Pasted on a new line (into the text, the pasted first block would join the paragraph, as in any editor).
    await editor.locator('p').first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await editor.evaluate((element, html) => {
      const scope = globalThis as unknown as {
        DataTransfer: new () => { setData(type: string, value: string): void };
        ClipboardEvent: new (type: string, init: unknown) => unknown;
      };
      const data = new scope.DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'Ferry timetable changes');
      (element as unknown as { dispatchEvent(event: unknown): void }).dispatchEvent(
        new scope.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, WORD_PASTE);
    await editor.locator('h2', { hasText: 'Ferry timetable changes' }).waitFor();
    expect(await editor.locator('li').allTextContents()).toEqual(expect.arrayContaining(['Bring a ticket', 'Arrive early']));
    // (The only spans are the editor's own attribution labels.)
    expect(await editor.locator('span:not(.editor-attribution span), font, [style], [lang], [class^="Mso"]').count()).toBe(0);
    expect(await editor.innerHTML()).not.toMatch(/mso-|o:p|color:|font-size/i);
    const body = await bodyDocOf(page);
    expect(body.content).toContainEqual({
      type: 'heading',
      attrs: { level: 2 },
      content: [{ type: 'text', text: 'Ferry timetable changes' }],
    });
    expect(body.content).toContainEqual({
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Bring a ticket' }] }] },
        {
          type: 'listItem',
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'Arrive ' },
                { type: 'text', text: 'early', marks: [{ type: 'bold' }] },
              ],
            },
          ],
        },
      ],
    });
  });

  it('links selected text through the Link dialog (Control+K), refusing addresses the body format does not allow', async () => {
    const editor = page.locator('.article-editor-text');
    await editor.getByText('Existing paragraph.').click();
    await page.keyboard.press('Home');
    for (const _letter of 'Existing') await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Add link' });
    await dialog.waitFor();
    expect(await checkAccessibility(page)).toEqual([]);
    const address = dialog.getByRole('textbox', { name: 'Link address' });
    await address.fill('javascript:alert(1)');
    await dialog.getByRole('button', { name: 'Add link' }).click();
    expect(await address.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('.editor-dialog-error').first().textContent()).toBe(
      'Use an address starting with https://, http://, mailto:, / or #.',
    );
    await address.fill('https://harbour.example.test/lights');
    await dialog.getByRole('button', { name: 'Add link' }).click();
    await editor.locator('a[href="https://harbour.example.test/lights"]').waitFor();
    expect(await editor.locator('a').textContent()).toBe('Existing');
    expect(await page.getByRole('toolbar').getByRole('button', { name: 'Link' }).getAttribute('aria-pressed')).toBe('true');
    expect((await bodyDocOf(page)).content[0]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Existing', marks: [{ type: 'link', attrs: { href: 'https://harbour.example.test/lights' } }] },
        { type: 'text', text: ' paragraph.' },
      ],
    });
  });

  it('uploads an image file pasted into the text, after asking for its alt text', async () => {
    await page.locator('.article-editor-text p').first().click();
    await page.locator('.article-editor-text').evaluate(
      (element, bytes) => {
        const scope = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
          Uint8Array: typeof Uint8Array;
          ClipboardEvent: new (type: string, init: unknown) => unknown;
        };
        const data = new scope.DataTransfer();
        data.items.add(new scope.File([new scope.Uint8Array(bytes)], 'pier.png', { type: 'image/png' }));
        (element as unknown as { dispatchEvent(event: unknown): void }).dispatchEvent(
          new scope.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      },
      [...png],
    );
    const dialog = page.getByRole('dialog', { name: 'Add image: pier.png' });
    await dialog.getByRole('textbox', { name: 'Alt text (required)' }).fill('The north pier at low tide');
    await dialog.getByRole('button', { name: 'Upload and insert' }).click();
    await expect.poll(() => page.locator('.editor-figure').count()).toBe(2);
    const figures = (await bodyDocOf(page)).content.filter((block) => block.type === 'figure');
    expect(figures.map((figure) => figure.attrs.alt)).toEqual(expect.arrayContaining(['The north pier at low tide']));
  });

  it('asks about an image file dropped into the text, and uploads nothing when the dialog is cancelled', async () => {
    const uploads = posted.filter((post) => post.path === '/upload').length;
    const target = page.locator('.article-editor-text p').first();
    const box = (await target.boundingBox())!;
    await target.evaluate(
      (element, { bytes, x, y }) => {
        const scope = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
          Uint8Array: typeof Uint8Array;
          DragEvent: new (type: string, init: unknown) => unknown;
        };
        const data = new scope.DataTransfer();
        data.items.add(new scope.File([new scope.Uint8Array(bytes)], 'slipway.png', { type: 'image/png' }));
        (element as unknown as { dispatchEvent(event: unknown): void }).dispatchEvent(
          new scope.DragEvent('drop', { dataTransfer: data, clientX: x, clientY: y, bubbles: true, cancelable: true }),
        );
      },
      { bytes: [...png], x: box.x + 5, y: box.y + box.height / 2 },
    );
    const dialog = page.getByRole('dialog', { name: 'Add image: slipway.png' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(posted.filter((post) => post.path === '/upload')).toHaveLength(uploads);
    expect(await page.locator('.editor-figure').count()).toBe(2);
  });

  it('has no accessibility violations with the editor mounted', async () => {
    expect(await checkAccessibility(page)).toEqual([]);
  });

  it('shows the server’s messages when an autosave is refused as invalid', async () => {
    const invalid = await openEditor('invalid');
    await invalid.getByRole('textbox', { name: 'Body' }).click();
    await invalid.keyboard.type('More. ');
    await expect.poll(() => invalid.locator('[data-save-status]').textContent(), { timeout: 20_000 }).toBe('Not saved: Write a headline.');
    expect(await invalid.getByRole('textbox', { name: 'Body' }).textContent()).toContain('More.');
    await invalid.close();
  });

  it('stops autosaving on a conflict, keeps the text and links to both versions', async () => {
    const conflicted = await openEditor('conflict');
    await conflicted.getByRole('textbox', { name: 'Body' }).click();
    await conflicted.keyboard.press('Control+End');
    await conflicted.keyboard.type(' My late change.');
    await expect.poll(() => autosaves('conflict').length, { timeout: 20_000 }).toBe(1);
    const status = conflicted.locator('[data-save-status]');
    await expect.poll(() => status.textContent()).toBe('This article was changed elsewhere. Your version is kept: review both versions');
    expect(await status.getByRole('link', { name: 'review both versions' }).getAttribute('href')).toBe(CONFLICT_URL);
    expect(await conflicted.getByRole('textbox', { name: 'Body' }).textContent()).toBe('Existing paragraph. My late change.');
    await conflicted.keyboard.type(' And more.');
    await conflicted.waitForTimeout(6_500);
    expect(autosaves('conflict')).toHaveLength(1);
    expect(await conflicted.getByRole('textbox', { name: 'Body' }).textContent()).toBe('Existing paragraph. My late change. And more.');
    await conflicted.close();
  });

  it('without JavaScript, the textarea is the body, visible and named "Body"', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(`${baseUrl}/edit?scenario=ok`);
    const body = plain.getByRole('textbox', { name: 'Body' });
    expect(await body.evaluate((element) => (element as unknown as { tagName: string }).tagName)).toBe('TEXTAREA');
    expect(await body.isVisible()).toBe(true);
    expect(await plain.locator('input[name="bodyDoc"]').count()).toBe(0);
    await context.close();
  });

  it('ran without script errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
