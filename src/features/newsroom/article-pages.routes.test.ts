// The newsroom's editor form through the whole app, on both engines: refusals
// that store nothing, the body kept as it was when the textarea comes back
// untouched (and converted when edited), two saves that meet, and presence.
import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { pageText } from '../accounts/testing/session-helpers.js';
import { bodyDocIn } from './testing/editor-form.js';
import { useNewsroomDesk } from './testing/newsroom-desk.js';

describeEachEngine('newsroom article pages: the editor form', (engine) => {
  const { desk, create, openEditor, saveThroughForm, articleCount, revisionCount, stored } = useNewsroomDesk(engine);

  describe('the form', () => {
    it('answers 422 with every problem linked to its field, storing nothing', async () => {
      const [articles, revisions] = [await articleCount(), await revisionCount()];
      const { response } = await create(desk.staff.editor, {
        headline: ' ',
        section: 'nowhere',
        access: 'everyone',
        slug: 'Not A Slug',
        heroImageId: 'no-such-image',
        heroAlt: '',
        publishAt: 'soon',
        action: 'schedule',
      });
      expect(response.statusCode).toBe(422);
      expect(response.headers['cache-control']).toBe('no-store');
      const text = pageText(response.body);
      expect(text).toContain('There is a problem');
      expect(text).toContain('Access: Choose free, registered or premium.');
      expect(text).toContain('Publication time: Enter the publication time as a date and a time.');
      expect(response.body).toContain('href="#field-access-free"');
      expect(response.body).toContain('href="#field-publishAt"');
      expect(response.body).toMatch(/id="field-publishAt"[^>]*aria-describedby="hint-publishAt error-publishAt" aria-invalid="true"/);
      expect(await articleCount()).toBe(articles);

      const service = await create(desk.staff.editor, {
        headline: ' ',
        section: 'nowhere',
        slug: 'Not A Slug',
        heroImageId: 'no-such-image',
      });
      expect(service.response.statusCode).toBe(422);
      const serviceText = pageText(service.response.body);
      expect(serviceText).toContain('Headline: Enter a headline.');
      expect(serviceText).toContain('Section: There is no section with that path.');
      expect(serviceText).toContain('Slug: The slug must be lowercase letters');
      expect(serviceText).toContain('Alt text: Describe the hero image');
      expect(service.response.body).toContain('href="#field-headline"');
      expect(service.response.body).toMatch(/id="field-headline"[^>]*aria-describedby="error-headline" aria-invalid="true"/);
      expect(await articleCount()).toBe(articles);
      expect(await revisionCount()).toBe(revisions);

      const { id } = await create(desk.staff.editor, { headline: 'Kept as it was' });
      const before = await stored(id!);
      const invalid = await saveThroughForm(desk.staff.editor, id!, { headline: '', body: 'Changed text' });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.body).toContain('Changed text');
      expect(await stored(id!)).toEqual(before);
    });

    it('keeps a body it cannot show in a textarea when the text comes back untouched, and converts it when edited', async () => {
      const { id } = await create(desk.staff.editor, { headline: 'Structured body' });
      const doc = {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'The crossing' }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'Bold start', marks: [{ type: 'bold' }] }] },
          { type: 'pullQuote', attrs: { attribution: 'A pilot' }, content: [{ type: 'text', text: 'Fog </script> is the enemy' }] },
        ],
      };
      // As the editor script sends it.
      const scripted = await saveThroughForm(desk.staff.editor, id!, { bodyDoc: JSON.stringify(doc) });
      expect(scripted.statusCode).toBe(303);
      expect(JSON.parse((await stored(id!)).body_json)).toEqual(doc);

      const { html, fields } = await openEditor(desk.staff.editor, id!);
      expect(fields.body).toBe('The crossing\n\nBold start\n\nFog </script> is the enemy');
      expect(html).toContain('Fog \\u003c/script\\u003e is the enemy');
      expect(bodyDocIn(html)).toEqual(doc);
      expect(html).toMatch(/<label for="body">Body<\/label>[\s\S]*<textarea id="body" name="body"/);

      // Without the script, nothing else changed: the structure stays (the browser's CRLF line ends too).
      const untouched = await desk.staff.editor.post(`/newsroom/articles/${id}`, {
        ...fields,
        kicker: 'Sea',
        body: String(fields.body).replace(/\n/g, '\r\n'),
      });
      expect(untouched.statusCode).toBe(303);
      const kept = await stored(id!);
      expect(kept.kicker).toBe('Sea');
      expect(JSON.parse(kept.body_json)).toEqual(doc);

      const edited = await saveThroughForm(desk.staff.editor, id!, { body: 'The crossing\n\nBold start, then more.\nA second line.' });
      expect(edited.statusCode).toBe(303);
      expect(JSON.parse((await stored(id!)).body_json)).toEqual({
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'The crossing' }] },
          {
            type: 'paragraph',
            content: [{ type: 'text', text: 'Bold start, then more.' }, { type: 'hardBreak' }, { type: 'text', text: 'A second line.' }],
          },
        ],
      });

      const bad = await saveThroughForm(desk.staff.editor, id!, { bodyDoc: '{"type":"doc","content":[{"type":"script"}]}' });
      expect(bad.statusCode).toBe(422);
      expect(pageText(bad.body)).toContain('Body: The body could not be read');
      expect(bad.body).toContain('href="#body"');
    });

    it('shows both versions when two saves meet, and both choices work without losing either', async () => {
      const { id } = await create(desk.staff.editor, { headline: 'The original headline', body: 'Original text.' });
      const first = await openEditor(desk.staff.editor, id!);
      const second = await openEditor(desk.staff.admin, id!);
      expect(
        (
          await desk.staff.admin.post(`/newsroom/articles/${id}`, {
            ...second.fields,
            headline: 'The admin’s headline',
            body: 'Admin text.',
          })
        ).statusCode,
      ).toBe(303);
      const stale = await desk.staff.editor.post(`/newsroom/articles/${id}`, {
        ...first.fields,
        headline: 'The editor’s headline',
        standfirst: 'Editor standfirst',
        body: 'Editor text.',
      });
      expect(stale.statusCode).toBe(409);
      const text = pageText(stale.body);
      for (const expected of [
        'Your version',
        'The editor’s headline',
        'Editor standfirst',
        'Editor text.',
        'The other version',
        'The admin’s headline',
        'Admin text.',
        'Keep my version',
        'Keep the other version',
      ])
        expect(text).toContain(expected);
      expect((await stored(id!)).headline).toBe('The admin’s headline');
      const conflictRevision = await desk.db
        .selectFrom('article_revisions')
        .select('id')
        .where('article_id', '=', id!)
        .where('action', '=', 'conflict')
        .executeTakeFirstOrThrow();
      expect(stale.body).toContain(`name="revision" value="${conflictRevision.id}"`);

      // The same page by address (what autosave's conflictUrl opens).
      const byAddress = await desk.staff.editor.get(`/newsroom/articles/${id}/conflict?revision=${conflictRevision.id}`);
      expect(byAddress.statusCode).toBe(200);
      expect(pageText(byAddress.body)).toContain('The editor’s headline');

      // "Keep the other version" is the editor with what is saved.
      expect(stale.body).toContain(`href="/newsroom/articles/${id}/edit"`);
      // "Keep my version": a new save on top, the admin's version staying a revision.
      const csrf = /name="_csrf" value="([^"]+)"/.exec(stale.body)![1]!;
      const version = /name="version" value="(\d+)"/.exec(stale.body.slice(stale.body.indexOf('keep-mine')))![1]!;
      const keep = await desk.staff.editor.post(`/newsroom/articles/${id}/conflict/keep-mine`, {
        _csrf: csrf,
        revision: String(conflictRevision.id),
        version,
      });
      expect(keep.statusCode).toBe(303);
      expect(keep.headers.location).toBe(`/newsroom/articles/${id}/edit?notice=restored`);
      const row = await stored(id!);
      expect(row.headline).toBe('The editor’s headline');
      expect(JSON.parse(row.body_json).content[0].content[0].text).toBe('Editor text.');
      const snapshots = await desk.db.selectFrom('article_revisions').select('snapshot').where('article_id', '=', id!).execute();
      expect(snapshots.some((revision) => revision.snapshot.includes('The admin’s headline'))).toBe(true);
      expect(
        (
          await desk.staff.editor.post(`/newsroom/articles/${id}/conflict/keep-mine`, {
            _csrf: 'x',
            revision: String(conflictRevision.id),
            version,
          })
        ).statusCode,
      ).toBe(403);
    });

    it('takes a long read through the form and autosave, past the site’s usual 64 KB bodies', async () => {
      const paragraphs = Array.from({ length: 1500 }, (_, index) => `Paragraph ${index + 1}: the harbour master’s log, ŵith ünïcode.`);
      const { response, id } = await create(desk.staff.editor, { headline: 'A long read', body: paragraphs.join('\n\n') });
      expect(response.statusCode).toBe(303);
      expect(JSON.parse((await stored(id!)).body_json).content).toHaveLength(1500);
      const { fields } = await openEditor(desk.staff.editor, id!);
      const doc = {
        type: 'doc',
        content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text: `${text} Again.` }] })),
      };
      const autosave = await desk.staff.editor.post(`/newsroom/articles/${id}/autosave`, { ...fields, bodyDoc: JSON.stringify(doc) });
      expect(autosave.statusCode).toBe(200);
      expect(JSON.parse((await stored(id!)).body_json).content[1499].content[0].text).toMatch(/Again\.$/);
    });

    it('escapes what staff typed on every page that shows it', async () => {
      const markup = '<img src=x onerror=alert(1)>"\'</textarea></script>';
      const { id } = await create(desk.staff.editor, {
        headline: `Harbour ${markup}`,
        standfirst: markup,
        kicker: 'Coast',
        editorialNote: markup,
        authors: 'Nadia Quay',
        body: `First ${markup}`,
      });
      expect(id).not.toBeNull();
      const { fields: first } = await openEditor(desk.staff.editor, id!);
      expect((await saveThroughForm(desk.staff.admin, id!, { kicker: 'Isles' })).statusCode).toBe(303);
      const conflict = await desk.staff.editor.post(`/newsroom/articles/${id}`, { ...first, kicker: 'Stale' });
      expect(conflict.statusCode).toBe(409);
      const pages = [
        (await desk.staff.editor.get('/newsroom/articles?state=draft')).body,
        (await desk.staff.editor.get(`/newsroom/articles/${id}/edit`)).body,
        conflict.body,
      ];
      for (const html of pages) {
        expect(html).not.toContain('<img src=x');
        expect(html).not.toContain('</textarea></script>');
      }
      // And the form gives back exactly what was typed.
      const { fields } = await openEditor(desk.staff.editor, id!);
      expect(fields.headline).toBe(`Harbour ${markup}`);
      expect(fields.editorialNote).toBe(markup);
      expect(fields.body).toBe(`First ${markup}`);
    });

    it('renders the other people who have the article open', async () => {
      const { id } = await create(desk.staff.editor, { headline: 'Shared story' });
      const { fields } = await openEditor(desk.staff.admin, id!);
      const beat = await desk.staff.admin.post(`/newsroom/articles/${id}/presence`, { _csrf: String(fields._csrf) });
      expect(beat.statusCode).toBe(200);
      expect(beat.json()).toEqual({ others: [] });
      expect(pageText((await openEditor(desk.staff.editor, id!)).html)).toContain('Ari Root is also editing');
    });
  });
});
