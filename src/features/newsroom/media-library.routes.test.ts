// The media library's pages through the whole app, on both engines: who may
// see and do what, the no-JS upload (stored at once, renditions in the
// background, a "processing" page and a status endpoint), search and paging,
// the words and focal point forms, deletion (409 with the uses while an
// article shows the image), and CSRF checked before anything is stored.
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { hiddenValue, pageText } from '../accounts/testing/session-helpers.js';
import { useNewsroomDesk } from './testing/newsroom-desk.js';
import { postMultipart } from './testing/multipart.js';

const photo = () =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 60, b: 30 } } })
    .jpeg()
    .toBuffer();

describeEachEngine('newsroom media library pages', (engine) => {
  const { desk } = useNewsroomDesk(engine);
  const imageCount = async () =>
    Number(
      (
        await desk.db
          .selectFrom('images')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const csrfOf = async (role: keyof typeof desk.staff, url = '/newsroom/media') =>
    hiddenValue((await desk.staff[role].get(url)).body, '_csrf');

  async function upload(role: keyof typeof desk.staff, text: { alt: string; caption?: string; credit?: string }, data?: Buffer) {
    const csrf = await csrfOf(role);
    return postMultipart(desk.staff[role], '/newsroom/media', [
      { name: '_csrf', value: csrf },
      { name: 'file', filename: 'Quay at dawn.jpg', type: 'image/jpeg', data: data ?? (await photo()) },
      { name: 'alt', value: text.alt },
      { name: 'caption', value: text.caption ?? '' },
      { name: 'credit', value: text.credit ?? '' },
    ]);
  }

  it('shows writers the library with thumbnails, search and the upload form; others are turned away', async () => {
    const page = await desk.staff.contributor.get('/newsroom/media');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(page.body).toContain('src="/media/fixture-hero/480.jpg"');
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('role="search"');
    expect((await desk.staff.moderator.get('/newsroom/media')).statusCode).toBe(403);
    const anonymous = await desk.testApp.app.inject({ method: 'GET', url: '/newsroom/media' });
    expect(anonymous.statusCode).toBe(303);
  });

  it('uploads without JavaScript: stored at once as processing, the page says so, the status endpoint counts, the worker finishes', async () => {
    const before = await imageCount();
    const response = await upload('author', { alt: 'The quay at dawn', caption: 'Boats at the quay', credit: 'Rosa Lind' });
    expect(response.statusCode).toBe(303);
    const location = response.headers.location!;
    expect(location).toMatch(/^\/newsroom\/media\/quay-at-dawn-[a-z0-9]{12}\?notice=uploaded$/);
    expect(await imageCount()).toBe(before + 1);
    const publicId = location.split('/')[3]!.split('?')[0]!;
    // The worker is nudged after an upload; hold the row as it is right after the upload to see the page.
    await desk.testApp.renditionWorker.drain();
    await desk.db.updateTable('images').set({ renditions_status: 'processing' }).where('public_id', '=', publicId).execute();
    const page = await desk.staff.author.get(location);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Processing');
    expect(page.body).toContain(`data-rendition-status="/newsroom/media/${publicId}/status"`);
    expect(page.body).toMatch(/<script[^>]+src="\/assets\/media-progress[^"]*\.js"/);
    const status = await desk.staff.author.get(`/newsroom/media/${publicId}/status`);
    expect(status.statusCode).toBe(200);
    expect(status.headers['cache-control']).toContain('no-store');
    expect(status.json()).toEqual({ status: 'processing', made: 6, total: 6 });
    await desk.db.updateTable('images').set({ renditions_status: 'ready' }).where('public_id', '=', publicId).execute();
    const ready = await desk.staff.author.get(`/newsroom/media/${publicId}`);
    expect(pageText(ready.body)).not.toContain('Processing');
    expect(ready.body).not.toContain('data-rendition-status');
    expect((await desk.staff.author.get(`/newsroom/media/no-such-image/status`)).statusCode).toBe(404);
    // Found by its words.
    const found = await desk.staff.author.get('/newsroom/media?q=ROSA+lind');
    expect(found.body).toContain(`href="/newsroom/media/${publicId}"`);
    expect(found.body).not.toContain('href="/newsroom/media/fixture-hero"');
  });

  it('refuses a bad upload with the form again (422) and stores nothing; a post without CSRF is a 403', async () => {
    const before = await imageCount();
    const noAlt = await upload('author', { alt: '   ' });
    expect(noAlt.statusCode).toBe(422);
    expect(noAlt.body).toContain('alt text is required');
    const notAPicture = await upload('author', { alt: 'Text' }, Buffer.from('not a picture at all'));
    expect(notAPicture.statusCode).toBe(422);
    expect(notAPicture.body).toContain('not a picture we can read');
    const noFile = await postMultipart(desk.staff.author, '/newsroom/media', [
      { name: '_csrf', value: await csrfOf('author') },
      { name: 'alt', value: 'No file' },
    ]);
    expect(noFile.statusCode).toBe(422);
    const noCsrf = await postMultipart(desk.staff.author, '/newsroom/media', [
      { name: 'file', filename: 'x.jpg', type: 'image/jpeg', data: await photo() },
      { name: 'alt', value: 'Sneaky' },
    ]);
    expect(noCsrf.statusCode).toBe(403);
    expect(await imageCount()).toBe(before);
  });

  it('pages the library newest first', async () => {
    for (let index = 0; index < 25; index++)
      await desk.db
        .insertInto('images')
        .values({
          public_id: `filler-${index}`,
          alt: `Filler ${index}`,
          width: 10,
          height: 10,
          original_mime: 'image/jpeg',
          original_data: Buffer.from('x'),
          created_at: '2026-03-10T00:00:00.000Z',
          search_text: `filler ${index}`,
        })
        .execute();
    const first = await desk.staff.author.get('/newsroom/media');
    const next = /href="(\/newsroom\/media\?before=\d+)" rel="next"/.exec(first.body)![1]!;
    expect(first.body).toContain('filler-24');
    const second = await desk.staff.author.get(next.replaceAll('&amp;', '&'));
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('fixture-hero');
    expect(second.body).not.toContain('filler-24');
    for (const bad of ['/newsroom/media?before=0', '/newsroom/media?before=abc', '/newsroom/media?before=99999999999'])
      expect((await desk.staff.author.get(bad)).statusCode, bad).toBe(400);
  });

  it('changes an image’s words for the articles that follow the library, and shows them again with errors when wrong', async () => {
    const csrf = await csrfOf('contributor', '/newsroom/media/fixture-hero');
    const saved = await desk.staff.contributor.post('/newsroom/media/fixture-hero/text', {
      _csrf: csrf,
      alt: 'A blue card, renamed',
      caption: 'The renamed test card',
      credit: 'Desk',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/newsroom/media/fixture-hero?notice=words-saved');
    const home = await desk.testApp.app.inject({ method: 'GET', url: '/' });
    expect(home.body).toContain('alt="A blue card, renamed"');

    const wrong = await desk.staff.contributor.post('/newsroom/media/fixture-hero/text', { _csrf: csrf, alt: '', caption: 'Kept?' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('aria-invalid="true"');
    const page = await desk.staff.contributor.get('/newsroom/media/fixture-hero');
    expect(page.body).toContain('value="The renamed test card"');
    const forged = await desk.staff.contributor.post('/newsroom/media/fixture-hero/text', { _csrf: 'forged', alt: 'Forged' });
    expect(forged.statusCode).toBe(403);
    expect((await desk.staff.contributor.get('/newsroom/media/fixture-hero')).body).not.toContain('Forged');
  });

  it('sets the focal point the cards crop around', async () => {
    const csrf = await csrfOf('author', '/newsroom/media/fixture-hero');
    const saved = await desk.staff.author.post('/newsroom/media/fixture-hero/focal-point', { _csrf: csrf, focalX: '0.75', focalY: '0.1' });
    expect(saved.statusCode).toBe(303);
    const home = await desk.testApp.app.inject({ method: 'GET', url: '/' });
    expect(home.body).toContain('class="focal-x-75 focal-y-10"');
    const page = await desk.staff.author.get('/newsroom/media/fixture-hero');
    expect(page.body).toContain('media-crop focal-x-75 focal-y-10');
    const wrong = await desk.staff.author.post('/newsroom/media/fixture-hero/focal-point', { _csrf: csrf, focalX: '2', focalY: 'x' });
    expect(wrong.statusCode).toBe(422);
    expect(pageText(wrong.body)).toContain('Across must be a number from 0');
  });

  it('lets only editors delete, and only an unused image: 409 with where it is used', async () => {
    const page = await desk.staff.editor.get('/newsroom/media/fixture-hero');
    expect(pageText(page.body)).toContain('Harbour wall repaired before winter storms');
    expect(page.body).toContain('main picture');
    const csrf = hiddenValue(page.body, '_csrf');
    const refused = await desk.staff.editor.post('/newsroom/media/fixture-hero/delete', { _csrf: csrf });
    expect(refused.statusCode).toBe(409);
    expect(pageText(refused.body)).toContain('still used by the articles above');
    expect(pageText(refused.body)).toContain('Harbour wall repaired before winter storms');

    const created = await upload('author', { alt: 'To be deleted' });
    const href = created.headers.location!.split('?')[0]!;
    const authorCsrf = await csrfOf('author', href);
    expect((await desk.staff.author.post(`${href}/delete`, { _csrf: authorCsrf })).statusCode).toBe(403);
    expect((await desk.staff.author.get(href)).body).not.toContain('Delete this picture');
    const editorPage = await desk.staff.editor.get(href);
    expect(editorPage.body).toContain('Delete this picture');
    const deleted = await desk.staff.editor.post(`${href}/delete`, { _csrf: hiddenValue(editorPage.body, '_csrf') });
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/newsroom/media?notice=deleted');
    expect((await desk.staff.editor.get(href)).statusCode).toBe(404);
    expect((await desk.staff.editor.post(`${href}/delete`, { _csrf: hiddenValue(editorPage.body, '_csrf') })).statusCode).toBe(404);
  });

  it('answers 404 for unknown and malformed image addresses', async () => {
    for (const url of [
      '/newsroom/media/no-such-image',
      '/newsroom/media/Bad_Id',
      `/newsroom/media/${'a'.repeat(65)}`,
      '/newsroom/media/%00',
    ])
      expect((await desk.staff.author.get(url)).statusCode, url).toBe(404);
  });
});
