// An issue's body in the newsroom editor, through the whole app: composed in
// the editor (its JSON document) or built from article ids, saved and saved
// again with and without the editor script — figures survive every save; a
// body the article editor would refuse is refused here too and stores
// nothing. Then the issue as recipients get it (a real SMTP server, parsed by
// mailparser: both parts, absolute links, alt text) and as the web archive shows it.
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hiddenValue, type FormFields, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { insertLibraryPicture, insertReader } from '../newsletters/testing/newsletter-fixtures.js';
import { startSmtpSink, type SmtpSink } from '../newsletters/testing/smtp-sink.js';
import { editorFormFields } from './testing/editor-form.js';
import { signInWriter } from './testing/newsroom-staff.js';

const DESK = '/newsroom/newsletters/harbour-notes';
const text = (value: string, href?: string) => ({
  type: 'text',
  text: value,
  ...(href ? { marks: [{ type: 'link', attrs: { href } }] } : {}),
});
const paragraph = (...content: object[]) => ({ type: 'paragraph', content });
const QUAY_FIGURE = { type: 'figure', attrs: { imageId: 'quay-at-dawn', alt: '', caption: 'The quay at dawn', credit: 'Desk photo' } };
const COMPOSED = {
  type: 'doc',
  content: [
    paragraph(text('Good morning from the harbour.')),
    QUAY_FIGURE,
    paragraph(text('The timetable is '), text('on the site', '/world/ferries')),
  ],
};

describeEachEngine('composing a newsletter issue in the newsroom editor', (engine) => {
  let sink: SmtpSink;
  let testApp: TestApp;
  let editor: TestBrowser;
  let articleIds: Record<string, number>;

  beforeAll(async () => {
    sink = await startSmtpSink({ keepMessages: true });
    testApp = await createTestApp({ engine, now: FIXTURE_NOW, environment: { NEWSLETTER_SMTP_URL: sink.url } });
    const db = testApp.database.db;
    await seedFixtureNewspaper(db);
    await insertLibraryPicture(db, { publicId: 'quay-at-dawn', alt: 'Boats tied up at the quay', now: FIXTURE_NOW.toISOString() });
    editor = (await signInWriter(testApp, 'editor')).browser;
    const saved = await testApp.newsletters.createNewsletter({ name: 'Harbour Notes', slug: 'harbour-notes', access: 'registered' });
    if (saved.kind !== 'saved') throw new Error('newsletter not saved');
    const readerId = await insertReader(db, { email: 'reader@example.test', now: FIXTURE_NOW.toISOString() });
    await testApp.newsletters.subscribeReader(readerId, saved.newsletter.id);
    const rows = await db.selectFrom('articles').select(['id', 'slug']).execute();
    articleIds = Object.fromEntries(rows.map((row) => [row.slug, row.id]));
  });
  afterAll(async () => {
    await testApp?.destroy();
    await sink?.close();
  });

  const storedIssue = (id: number) =>
    testApp.database.db.selectFrom('newsletter_issues').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const storedBlocks = async (id: number) =>
    (JSON.parse((await storedIssue(id)).body_json ?? '{"content":[]}') as { content: { type: string; attrs?: { imageId?: string } }[] })
      .content;
  const figuresOf = async (id: number) =>
    (await storedBlocks(id)).filter((block) => block.type === 'figure').map((block) => block.attrs?.imageId);

  /** The issue form as the page fills it in (what a browser without the script posts). */
  async function issueForm(path: string): Promise<{ fields: FormFields; doc: { content: object[] }; html: string }> {
    const page = await editor.get(path);
    expect(page.statusCode).toBe(200);
    const json = /<script type="application\/json" id="body-doc">([\s\S]*?)<\/script>/.exec(page.body)![1]!;
    return { fields: editorFormFields(page.body), doc: JSON.parse(json) as { content: object[] }, html: page.body };
  }

  async function createIssue(fields: FormFields): Promise<number> {
    const { fields: blank } = await issueForm(DESK);
    const response = await editor.post(`${DESK}/issues`, { ...blank, ...fields });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
    return Number(/\/issues\/(\d+)/.exec(response.headers.location!)![1]);
  }

  describe('saving and saving again', () => {
    it('keeps a figure composed in the editor through saves with the script, without it, and with an intro typed above', async () => {
      const id = await createIssue({ subject: 'Harbour morning', bodyDoc: JSON.stringify(COMPOSED) });
      expect(await figuresOf(id)).toEqual(['quay-at-dawn']);
      const path = `${DESK}/issues/${id}`;

      // The page loads the editor's script and hands it the stored document.
      const opened = await issueForm(path);
      expect(opened.html).toMatch(/<form method="post" action="[^"]+" class="issue-editor" data-article-form/);
      expect(opened.html).toMatch(/<script[^>]+src="[^"]*article-editor[^"]*\.js"/);
      expect(opened.doc.content).toContainEqual(QUAY_FIGURE);

      // Without the script, the text posted back unchanged keeps the stored body as it is.
      expect((await editor.post(path, opened.fields)).statusCode).toBe(303);
      expect(await figuresOf(id)).toEqual(['quay-at-dawn']);

      // Without the script, an intro typed above the text: new paragraphs, and the figure stays.
      const again = await issueForm(path);
      expect((await editor.post(path, { ...again.fields, body: `A word before the news.\n\n${again.fields.body}` })).statusCode).toBe(303);
      expect((await storedBlocks(id))[0]).toEqual(paragraph(text('A word before the news.')));
      expect(await figuresOf(id)).toEqual(['quay-at-dawn']);

      // With the script: the document as the editor posts it (here: the page's own, one paragraph added).
      const scripted = await issueForm(path);
      const doc = { type: 'doc', content: [...scripted.doc.content, paragraph(text('See you tomorrow.'))] };
      expect((await editor.post(path, { ...scripted.fields, bodyDoc: JSON.stringify(doc) })).statusCode).toBe(303);
      expect(await figuresOf(id)).toEqual(['quay-at-dawn']);
      expect((await storedBlocks(id)).at(-1)).toEqual(paragraph(text('See you tomorrow.')));
    });

    it('refuses what the article editor refuses (a picture not in the library, a script link, junk) and stores nothing', async () => {
      const id = await createIssue({ subject: 'Refusals', bodyDoc: JSON.stringify(COMPOSED) });
      const path = `${DESK}/issues/${id}`;
      const before = await storedIssue(id);
      const { fields } = await issueForm(path);
      const outside = { type: 'doc', content: [{ type: 'figure', attrs: { imageId: 'not-ours', alt: 'x', caption: '', credit: '' } }] };
      const scriptLink = { type: 'doc', content: [paragraph(text('Click', 'javascript:alert(1)'))] };
      for (const bodyDoc of [
        JSON.stringify(outside),
        JSON.stringify(scriptLink),
        '{"type":"doc"',
        JSON.stringify({ type: 'doc', content: [] }),
      ]) {
        const response = await editor.post(path, { ...fields, bodyDoc });
        expect(response.statusCode, bodyDoc).toBe(422);
        expect(response.body).toContain('id="error-body"');
        expect(response.body).toContain('field field-invalid');
      }
      expect(await storedIssue(id)).toEqual(before);
      const noArticle = await editor.post(path, { ...fields, articles: '999999' });
      expect(noArticle.statusCode).toBe(422);
      expect(noArticle.body).toContain('No published article with id 999999');
      const draft = await editor.post(path, { ...fields, articles: String(articleIds['unfinished-draft']) });
      expect(draft.statusCode).toBe(422);
      expect(await storedIssue(id)).toEqual(before);
    });
  });

  describe('built from articles', () => {
    let issueId: number;

    it('makes each article editable blocks (headline link, picture, standfirst, link; never its text), then takes an intro', async () => {
      const ids = [articleIds['harbour-wall-repaired'], articleIds['premium-investigation']];
      issueId = await createIssue({ subject: 'The week on the coast', articles: ids.join(', ') });
      const blocks = await storedBlocks(issueId);
      expect(blocks.map((block) => block.type)).toEqual([
        'heading',
        'figure',
        'paragraph',
        'paragraph',
        'heading',
        'figure',
        'paragraph',
        'paragraph',
      ]);
      const json = (await storedIssue(issueId)).body_json!;
      expect(json).toContain('"href":"/world/europe/');
      expect(json).toContain('Standfirst of Inside the lighthouse keepers’ pension fund.');
      expect(json).toContain(' (Premium)');
      // The stories' own text never enters an issue.
      expect(json).not.toContain('Second paragraph with more detail.');

      const path = `${DESK}/issues/${issueId}`;
      const { fields } = await issueForm(path);
      const response = await editor.post(path, { ...fields, body: `This week: walls and pensions.\n\n${fields.body}` });
      expect(response.statusCode).toBe(303);
      const after = await storedBlocks(issueId);
      expect(after[0]).toEqual(paragraph(text('This week: walls and pensions.')));
      expect(await figuresOf(issueId)).toEqual(['fixture-hero', 'fixture-hero']);
    });

    it('opens an issue the Admin API made from article ids as editable blocks; untouched it keeps its list, edited it becomes a body', async () => {
      const newsletter = (await testApp.newsletters.findNewsletterBySlug('harbour-notes'))!;
      const made = await testApp.newsletters.createIssue(newsletter.id, {
        subject: 'From the API',
        content: { kind: 'articles', articleIds: [articleIds['council-agrees-budget']!] },
        createdBy: null,
      });
      if (made.kind !== 'saved') throw new Error('issue not saved');
      const path = `${DESK}/issues/${made.issue.id}`;
      const opened = await issueForm(path);
      expect(JSON.stringify(opened.doc)).toContain('Council agrees budget after late-night session');
      expect((await editor.post(path, opened.fields)).statusCode).toBe(303);
      expect((await storedIssue(made.issue.id)).article_ids_json).toBe(JSON.stringify([articleIds['council-agrees-budget']]));
      const doc = { type: 'doc', content: [paragraph(text('Budget night, explained.')), ...opened.doc.content] };
      expect((await editor.post(path, { ...opened.fields, bodyDoc: JSON.stringify(doc) })).statusCode).toBe(303);
      const stored = await storedIssue(made.issue.id);
      expect(stored.article_ids_json).toBeNull();
      expect(await figuresOf(made.issue.id)).toEqual(['fixture-hero']);
    });

    it('opens a listed issue whose story was withdrawn since without it, as the email leaves it out', async () => {
      const newsletter = (await testApp.newsletters.findNewsletterBySlug('harbour-notes'))!;
      const ids = [articleIds['ferry-timetable-changes']!, articleIds['members-only-analysis']!];
      const made = await testApp.newsletters.createIssue(newsletter.id, {
        subject: 'Listed, then withdrawn',
        content: { kind: 'articles', articleIds: ids },
        createdBy: null,
      });
      if (made.kind !== 'saved') throw new Error('issue not saved');
      await testApp.database.db.updateTable('articles').set({ status: 'withdrawn' }).where('id', '=', ids[1]!).execute();
      try {
        const opened = await issueForm(`${DESK}/issues/${made.issue.id}`);
        expect(JSON.stringify(opened.doc)).toContain('Ferry timetable changes for the spring');
        expect(JSON.stringify(opened.doc)).not.toContain('What the budget means for rural bus routes');
      } finally {
        await testApp.database.db.updateTable('articles').set({ status: 'published' }).where('id', '=', ids[1]!).execute();
      }
    });

    it('is sent as an email with both parts, absolute links and alt text, and reads on the web archive', async () => {
      const path = `${DESK}/issues/${issueId}`;
      const send = await editor.post(`${path}/action`, { _csrf: hiddenValue((await editor.get(path)).body, '_csrf'), action: 'send-now' });
      expect(send.statusCode).toBe(303);
      await testApp.newsletterSender.drain();
      expect(sink.messages).toHaveLength(1);
      const mail: ParsedMail = await simpleParser(sink.messages[0]!.raw);
      expect(mail.subject).toBe('The week on the coast');
      const html = String(mail.html);
      const storyLink = /<h2[^>]*><a href="(https:\/\/news\.example\.test\/world\/europe\/[^"]+)"[^>]*>Harbour wall repaired/.exec(html);
      expect(storyLink, html.slice(0, 2000)).not.toBeNull();
      const images = [...html.matchAll(/<img\b[^>]*>/g)].map((match) => match[0]);
      expect(images).toHaveLength(2);
      for (const image of images) {
        expect(image).toContain('alt="A blue test card"');
        expect(image).toContain('src="https://news.example.test/media/fixture-hero/960.jpg"');
      }
      expect(html).not.toMatch(/href="\//);
      expect(html).toMatch(/<p[^>]*>This week: walls and pensions\.<\/p>/);
      const textPart = mail.text ?? '';
      expect(textPart).toContain('This week: walls and pensions.');
      expect(textPart).toContain(`HARBOUR WALL REPAIRED BEFORE WINTER STORMS (${storyLink![1]})`);
      expect(textPart).toContain(`Read the story (${storyLink![1]})`);
      expect(textPart).toContain('[Picture: A blue test card]');
      expect(textPart).toMatch(/Unsubscribe: https:\/\/news\.example\.test\/newsletters\/unsubscribe\//);
      expect(`${html}\n${textPart}`).not.toContain('Second paragraph with more detail.');

      const archive = await editor.get(`/newsletters/harbour-notes/${issueId}`);
      expect(archive.statusCode).toBe(200);
      expect(archive.body).toContain('This week: walls and pensions.');
      expect(archive.body).toMatch(/<a href="\/world\/europe\/[^"]+">Harbour wall repaired before winter storms<\/a>/);
      expect(archive.body).toMatch(/<img[^>]+alt="A blue test card"/);
    });
  });
});
