// The Admin API's newsletters: create a newsletter and issues (HTML or a list
// of articles), send now or schedule (202), read an issue with its figures;
// keys below editor are refused (403), no key 401, not JSON 415, bad input 422
// with nothing stored — and fuzzed bodies never answer 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText } from '../../core/http/form-fuzzing.js';
import { insertLibraryPicture } from '../newsletters/testing/newsletter-fixtures.js';
import { createAdminApiHarness, type AdminApiHarness } from './testing/admin-api-harness.js';

const NOW = new Date('2026-12-06T09:00:00.000Z');

describeEachEngine('Admin API newsletters', (engine) => {
  let api: AdminApiHarness;
  let articleId: number;

  beforeAll(async () => {
    api = await createAdminApiHarness(engine, NOW);
    const article = await api.call('POST', '/articles', {
      key: api.keys.editor,
      body: {
        headline: 'Harbour wall repaired',
        section: 'world',
        authors: ['Desk Writer'],
        status: 'published',
        html: '<p>Stone by stone.</p>',
      },
    });
    if (article.statusCode !== 201) throw new Error(article.body);
    articleId = article.json().id;
  });
  afterAll(() => api.testApp.destroy());

  const count = async (table: 'newsletters' | 'newsletter_issues') =>
    Number(
      (
        await api.testApp.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates a newsletter, an issue from HTML and one from articles, sends one now and schedules the other', async () => {
    const created = await api.call('POST', '/newsletters', {
      key: api.keys.editor,
      body: { name: 'The Tide Table', slug: 'tide-table', description: 'Weekly harbour news.', access: 'registered' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ slug: 'tide-table', name: 'The Tide Table', access: 'registered' });

    const fromHtml = await api.call('POST', '/newsletters/tide-table/issues', {
      key: api.keys.editor,
      body: { subject: 'High water on Friday', html: '<p>Boats move at dawn.</p>' },
    });
    expect(fromHtml.statusCode).toBe(201);
    const issueId = fromHtml.json().id as number;
    expect(typeof issueId).toBe('number');

    const fromArticles = await api.call('POST', '/newsletters/tide-table/issues', {
      key: api.keys.admin,
      body: { subject: 'This week on the quays', articles: [articleId] },
    });
    expect(fromArticles.statusCode).toBe(201);

    const sent = await api.call('POST', `/newsletters/tide-table/issues/${issueId}/send`, { key: api.keys.editor });
    expect(sent.statusCode).toBe(202);
    expect(sent.json().state).toBe('sending');
    const again = await api.call('POST', `/newsletters/tide-table/issues/${issueId}/send`, { key: api.keys.editor, body: {} });
    expect(again.statusCode).toBe(409);

    const scheduled = await api.call('POST', `/newsletters/tide-table/issues/${fromArticles.json().id}/send`, {
      key: api.keys.editor,
      body: { sendAt: '2026-12-07T07:00:00Z' },
    });
    expect(scheduled.statusCode).toBe(202);
    expect(scheduled.json()).toMatchObject({ state: 'scheduled', sendAt: '2026-12-07T07:00:00.000Z' });

    const read = await api.call('GET', `/newsletters/tide-table/issues/${issueId}`, { key: api.keys.editor });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: issueId, subject: 'High water on Friday' });
    expect(Object.keys(read.json().figures).sort()).toEqual(['bounced', 'failed', 'pending', 'recipients', 'sent', 'unsubscribed']);
  });

  it('keeps a picture of ours in an issue’s html as a figure (alt, caption and credit)', async () => {
    await insertLibraryPicture(api.testApp.database.db, { publicId: 'api-pier', alt: 'The pier', now: NOW.toISOString() });
    const response = await api.call('POST', '/newsletters/tide-table/issues', {
      key: api.keys.editor,
      body: {
        subject: 'The pier at night',
        html: '<p>Lights on.</p><figure><img src="https://news.example.test/media/api-pier/960.jpg" alt="Lamps on the pier"><figcaption>Night falls <small>Desk</small></figcaption></figure>',
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const stored = await api.testApp.database.db
      .selectFrom('newsletter_issues')
      .select('body_json')
      .where('id', '=', response.json().id as number)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.body_json!).content[1]).toEqual({
      type: 'figure',
      attrs: { imageId: 'api-pier', alt: 'Lamps on the pier', caption: 'Night falls', credit: 'Desk' },
    });
  });

  it('refuses keys below editor (403), missing keys (401) and anything but JSON (415), storing nothing', async () => {
    const before = await count('newsletters');
    const body = { name: 'Refused', slug: 'refused', access: 'registered' };
    for (const key of ['contributor', 'author'] as const)
      expect((await api.call('POST', '/newsletters', { key: api.keys[key], body })).statusCode).toBe(403);
    expect((await api.call('POST', '/newsletters', { body })).statusCode).toBe(401);
    expect((await api.call('GET', '/newsletters/tide-table/issues/1', { key: api.keys.author })).statusCode).toBe(403);
    const form = await api.call('POST', '/newsletters', {
      key: api.keys.editor,
      body: 'name=Refused',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(415);
    expect(await count('newsletters')).toBe(before);
  });

  it('answers 422 naming the problem for bad input, and 404 for unknown newsletters and issues', async () => {
    const before = await Promise.all([count('newsletters'), count('newsletter_issues')]);
    const cases: [string, unknown][] = [
      ['/newsletters', { name: 'No access', slug: 'no-access' }],
      ['/newsletters', { name: 'Bad slug', slug: 'Bad Slug!', access: 'premium' }],
      ['/newsletters', { name: 'Duplicate', slug: 'tide-table', access: 'premium' }],
      ['/newsletters', { name: 'Extra', slug: 'extra', access: 'premium', colour: 'blue' }],
      ['/newsletters/tide-table/issues', { subject: 'Both', html: '<p>x</p>', articles: [articleId] }],
      ['/newsletters/tide-table/issues', { subject: 'Neither' }],
      ['/newsletters/tide-table/issues', { subject: '', html: '<p>x</p>' }],
      ['/newsletters/tide-table/issues', { subject: 'Unknown article', articles: [987654] }],
      [
        '/newsletters/tide-table/issues',
        { subject: 'A picture from elsewhere', html: '<p>x</p><img src="https://elsewhere.example/a.jpg">' },
      ],
    ];
    for (const [url, body] of cases) {
      const response = await api.call('POST', url, { key: api.keys.editor, body });
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(response.json().errors.length).toBeGreaterThan(0);
    }
    const past = await api.call('POST', '/newsletters/tide-table/issues/1/send', {
      key: api.keys.editor,
      body: { sendAt: '2020-01-01T00:00:00Z' },
    });
    expect([409, 422]).toContain(past.statusCode);
    expect(
      (await api.call('POST', '/newsletters/nope/issues', { key: api.keys.editor, body: { subject: 'x', html: '<p>x</p>' } })).statusCode,
    ).toBe(404);
    expect((await api.call('GET', '/newsletters/tide-table/issues/999999', { key: api.keys.editor })).statusCode).toBe(404);
    expect(await Promise.all([count('newsletters'), count('newsletter_issues')])).toEqual(before);
  });

  it('never answers 5xx to fuzzed bodies', async () => {
    const text = awkwardText(['tide-table', 'registered', 'premium', '<script>alert(1)</script>', '2026-12-07T07:00:00Z']);
    const value = fc.oneof(text, fc.integer(), fc.constant(null), fc.array(fc.integer({ min: -2, max: 99 }), { maxLength: 3 }));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/newsletters', '/newsletters/tide-table/issues', '/newsletters/tide-table/issues/1/send'),
        fc.dictionary(fc.constantFrom('name', 'slug', 'description', 'access', 'subject', 'html', 'articles', 'sendAt'), value),
        async (url, body) => {
          const response = await api.call('POST', url, { key: api.keys.editor, body });
          expect(response.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});
