// The Admin API's articles through HTTP, on both engines: creating drafts,
// live, scheduled and archive-dated stories; bodies as HTML (with our own
// pictures placed) and as documents; the workflow through PATCH; stale
// versions; field errors with nothing stored; lists; OpenAPI. The workflow,
// revisions and roles: admin-articles.workflow.routes.test.ts.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createAdminApiHarness, type AdminApiHarness } from './testing/admin-api-harness.js';

const NOW = new Date('2026-12-01T09:00:00.000Z');

describeEachEngine('Admin API articles', (engine) => {
  let api: AdminApiHarness;
  let image: { id: string; url: string };

  beforeAll(async () => {
    api = await createAdminApiHarness(engine, NOW);
    image = await api.uploadImage();
  });
  afterAll(() => api.testApp.destroy());
  beforeEach(() => api.testApp.clock.set(NOW));

  const create = (key: string, body: Record<string, unknown>) => api.call('POST', '/articles', { key, body });
  const reader = (url: string) => api.testApp.app.inject({ method: 'GET', url: new URL(url).pathname });

  it('creates a draft: 201 with the whole object, which GET answers unwrapped', async () => {
    const response = await create(api.keys.contributor, {
      kicker: 'Harbours',
      headline: 'Night ferry returns after a long winter',
      standfirst: 'The crossing runs twice a week again.',
      section: 'world/europe',
      topics: ['Transport', 'Islands'],
      authors: ['Ada Lowe', 'Ben Okafor'],
      access: 'registered',
      commentsEnabled: false,
      agencyCredit: 'With wire reporting',
      editorialNote: 'Check the timetable with the port.',
      hero: { imageId: image.id, alt: 'The ferry at its berth' },
      doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The first sailing left at ten.' }] }] },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const article = response.json();
    expect(article).toEqual({
      id: expect.any(Number),
      slug: 'night-ferry-returns-after-a-long-winter',
      url: 'https://news.example.test/world/europe/2026/12/01/night-ferry-returns-after-a-long-winter',
      status: 'draft',
      version: 1,
      kicker: 'Harbours',
      headline: 'Night ferry returns after a long winter',
      standfirst: 'The crossing runs twice a week again.',
      section: 'world/europe',
      topics: ['Transport', 'Islands'],
      authors: ['Ada Lowe', 'Ben Okafor'],
      access: 'registered',
      commentsEnabled: false,
      agencyCredit: 'With wire reporting',
      editorialNote: 'Check the timetable with the port.',
      // Caption and credit left out: the library's words.
      hero: { imageId: image.id, alt: 'The ferry at its berth', caption: 'The harbour at low tide.', credit: 'Desk photo' },
      doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The first sailing left at ten.' }] }] },
      html: '<p>The first sailing left at ten.</p>',
      publishedAt: null,
      updatedAt: null,
      createdAt: NOW.toISOString(),
      modifiedAt: NOW.toISOString(),
      submittedAt: null,
      corrections: [],
    });
    const read = await api.call('GET', `/articles/${article.id}`, { key: api.keys.contributor });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(article);
    expect((await api.call('GET', '/articles/99999', { key: api.keys.editor })).json()).toEqual({
      errors: [{ message: expect.any(String) }],
    });
    expect((await api.call('GET', '/articles/99999', { key: api.keys.editor })).statusCode).toBe(404);
    expect((await api.call('GET', '/articles/not-an-id', { key: api.keys.editor })).statusCode).toBe(404);
    // A draft is nobody's page yet.
    expect((await reader(article.url)).statusCode).toBe(404);
  });

  it('publishes now, in the past for the archive, and on a schedule; times with any offset', async () => {
    const now = await create(api.keys.editor, {
      headline: 'Tide tables printed again',
      section: 'world',
      authors: ['Ada Lowe'],
      status: 'published',
    });
    expect(now.statusCode, now.body).toBe(201);
    expect(now.json()).toMatchObject({ status: 'published', publishedAt: NOW.toISOString() });
    expect((await reader(now.json().url)).statusCode).toBe(200);

    for (const [publishedAt, stored] of [
      ['2015-02-27T17:42:00+00:00', '2015-02-27T17:42:00.000Z'],
      ['2015-02-28T17:42:00Z', '2015-02-28T17:42:00.000Z'],
      ['2015-03-01T18:42:00.250+01:00', '2015-03-01T17:42:00.250Z'],
      ['2015-03-01T23:30:00-05:00', '2015-03-02T04:30:00.000Z'],
    ] as const) {
      const archived = await create(api.keys.editor, {
        headline: `From the archive ${publishedAt}`,
        section: 'world',
        authors: ['Ben Okafor'],
        status: 'published',
        publishedAt,
      });
      expect(archived.statusCode, archived.body).toBe(201);
      expect(archived.json()).toMatchObject({ status: 'published', publishedAt: stored });
      expect(archived.json().url).toContain(`/world/${stored.slice(0, 10).replaceAll('-', '/')}/`);
      expect((await reader(archived.json().url)).statusCode).toBe(200);
    }

    const scheduled = await create(api.keys.editor, {
      headline: 'Lantern festival opens on the quay',
      section: 'culture',
      authors: ['Cara Nwosu'],
      status: 'scheduled',
      publishedAt: '2026-12-02T07:30:00+01:00',
    });
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    expect(scheduled.json()).toMatchObject({ status: 'scheduled', publishedAt: '2026-12-02T06:30:00.000Z' });
    expect((await reader(scheduled.json().url)).statusCode).toBe(404);
    api.testApp.clock.set(new Date('2026-12-02T06:30:00.000Z'));
    const due = await api.call('GET', `/articles/${scheduled.json().id}`, { key: api.keys.editor });
    expect(due.json().status).toBe('published');
    expect((await reader(scheduled.json().url)).statusCode).toBe(200);
  });

  it('refuses times that are missing, local, impossible or on the wrong side of now, storing nothing', async () => {
    const before = await api.countArticles();
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'scheduled' }, 'Choose a publication time in the future.'],
      [{ status: 'scheduled', publishedAt: '2026-12-01T08:59:00Z' }, 'Choose a publication time in the future.'],
      [{ status: 'published', publishedAt: '2026-12-05T09:00:00Z' }, 'A time in the future is a schedule'],
      [{ status: 'published', publishedAt: '2026-12-01T09:00:00' }, 'RFC 3339'],
      [{ status: 'published', publishedAt: '1 December 2026' }, 'RFC 3339'],
      [{ status: 'published', publishedAt: '2026-02-30T09:00:00Z' }, ''],
      [{ status: 'draft', publishedAt: '2026-11-01T09:00:00Z' }, 'goes with status'],
      [{ publishedAt: '2026-11-01T09:00:00Z' }, 'goes with status'],
    ];
    for (const [extra, message] of cases) {
      const response = await create(api.keys.editor, { headline: 'Timing matters', section: 'world', authors: ['Ada Lowe'], ...extra });
      expect(response.statusCode, JSON.stringify(extra)).toBe(422);
      expect(response.json().errors).toContainEqual({ field: 'publishedAt', message: expect.stringContaining(message) });
    }
    expect(await api.countArticles()).toBe(before);
  });

  it('takes the body as HTML: our uploaded pictures (absolute or path) become figures, the rest is sanitised', async () => {
    const second = await api.uploadImage({ alt: 'A crane against the sky', caption: 'The new crane.', credit: 'Port archive' });
    const html = [
      '<h1 style="color:red">The quay</h1>',
      '<p class="MsoNormal">Work began <b>early</b> on <a href="https://port.example/plan" onclick="x()">the plan</a>.<o:p></o:p></p>',
      `<figure><img src="${image.url}" alt="Boats leaving at dawn"><figcaption>First light. <small>Harbour desk</small></figcaption></figure>`,
      `<p><img src="${new URL(second.url).pathname.replace('1600.jpg', '480.webp')}"></p>`,
      '<blockquote><p>It is a fine day for it.</p><footer>The harbour master</footer></blockquote>',
      '<script>alert(1)</script><p>Last line.</p>',
    ].join('');
    const response = await create(api.keys.author, { headline: 'Quay works start', section: 'world', authors: ['Ada Lowe'], html });
    expect(response.statusCode, response.body).toBe(201);
    const article = response.json();
    expect(article.doc.content).toEqual([
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'The quay' }] },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Work began ' },
          { type: 'text', text: 'early', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' on ' },
          { type: 'text', text: 'the plan', marks: [{ type: 'link', attrs: { href: 'https://port.example/plan' } }] },
          { type: 'text', text: '.' },
        ],
      },
      { type: 'figure', attrs: { imageId: image.id, alt: 'Boats leaving at dawn', caption: 'First light.', credit: 'Harbour desk' } },
      { type: 'figure', attrs: { imageId: second.id, alt: 'A crane against the sky', caption: 'The new crane.', credit: 'Port archive' } },
      expect.objectContaining({ type: 'blockquote' }),
      { type: 'paragraph', content: [{ type: 'text', text: 'Last line.' }] },
    ]);
    expect(article.html).toContain('<figure class="inline-figure">');
    expect(article.html).toContain(`/media/${image.id}/960.jpg`);
    expect(article.html).toContain('First light.');
    expect(article.html).not.toMatch(/script|onclick|style=|Mso/);

    const before = await api.countArticles();
    const refused = [
      [{ html: '<p>One</p><img src="https://elsewhere.example/photo.jpg">' }, 'html', 'not one of ours'],
      [{ html: '<img src="https://news.example.test/media/never-uploaded-000000000000/1600.jpg">' }, 'html', 'not one of ours'],
      [{ html: `<img src="${image.url}?x=1">` }, 'html', 'not one of ours'],
      [{ html: '<p>a</p>', doc: { type: 'doc', content: [] } }, 'html', 'not both'],
      [
        { doc: { type: 'doc', content: [{ type: 'figure', attrs: { imageId: 'missing', alt: 'x', caption: '', credit: '' } }] } },
        'doc',
        'not in the library',
      ],
    ] as const;
    for (const [body, field, message] of refused) {
      const answer = await create(api.keys.author, { headline: 'Refused body', section: 'world', ...body });
      expect(answer.statusCode, JSON.stringify(body)).toBe(422);
      expect(answer.json().errors).toContainEqual({ field, message: expect.stringContaining(message) });
    }
    const badLink = await create(api.keys.author, {
      headline: 'Refused link',
      section: 'world',
      doc: {
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] },
        ],
      },
    });
    expect(badLink.statusCode).toBe(422);
    expect(badLink.json().errors[0].field).toMatch(/^doc\.content\.0\./);
    expect(await api.countArticles()).toBe(before);
  });

  it('takes its own html back unchanged, and removes the hero with hero: null', async () => {
    const html = `<p>Opening words.</p><figure><img src="${image.url}" alt="Boats"><figcaption>At dawn. <small>Desk photo</small></figcaption></figure><aside class="pull-quote"><p>We waited all winter.</p><footer>A deckhand</footer></aside>`;
    const created = (await create(api.keys.author, { headline: 'Round trip', section: 'world', hero: { imageId: image.id }, html })).json();
    const again = await api.call('PATCH', `/articles/${created.id}`, {
      key: api.keys.author,
      body: { version: created.version, html: created.html, hero: null },
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ doc: created.doc, html: created.html, hero: null, version: 2 });
  });

  it('takes a long story: bodies past the site’s usual 64 KB limit', async () => {
    const html = Array.from(
      { length: 400 },
      (_, index) => `<p>Paragraph ${index} of a long read. ${'Words go here. '.repeat(30)}</p>`,
    ).join('');
    expect(html.length).toBeGreaterThan(180_000);
    const response = await create(api.keys.author, { headline: 'A very long read', section: 'world', html });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(201);
    expect(response.json().doc.content).toHaveLength(400);
  });

  it('answers 422 naming each field, with nothing stored', async () => {
    const before = await api.countArticles();
    const response = await create(api.keys.editor, {
      headline: ' ',
      section: 'nowhere',
      slug: 'Not A Slug',
      authors: ['x'.repeat(61)],
      hero: { imageId: image.id, alt: '' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual(
      expect.arrayContaining([
        { field: 'headline', message: 'Enter a headline.' },
        { field: 'section', message: 'There is no section with that path.' },
        { field: 'hero.alt', message: 'Describe the hero image for readers who cannot see it (alt text).' },
        expect.objectContaining({ field: 'slug' }),
        expect.objectContaining({ field: 'authors' }),
      ]),
    );
    const missing = await create(api.keys.editor, {});
    expect(missing.json().errors).toEqual(
      expect.arrayContaining([
        { field: 'headline', message: 'Enter a headline.' },
        { field: 'section', message: expect.stringContaining('Choose a section') },
      ]),
    );
    const shape = await create(api.keys.editor, { headline: 'x', section: 'world', title: 'typo', access: 'everyone', hero: { alt: 'x' } });
    expect(shape.json().errors.map((error: { field?: string }) => error.field)).toEqual(expect.arrayContaining(['access', 'hero.imageId']));
    expect(JSON.stringify(shape.json())).toContain('title');
    expect(await api.countArticles()).toBe(before);
  });

  it('refuses the NUL character anywhere in a body or query (PostgreSQL cannot store it), naming where', async () => {
    const before = await api.countArticles();
    const cases = [
      ['POST', '/articles', { headline: 'Nul', section: 'world', authors: ['Ada\u0000Lowe'] }, 'authors.0'],
      ['POST', '/articles', { headline: 'Nul', section: 'world', hero: { imageId: `${image.id}\u0000` } }, 'hero.imageId'],
      ['POST', '/articles', { headline: 'Nul', section: 'world\u0000' }, 'section'],
      ['POST', '/topics', { name: 'Tides\u0000' }, 'name'],
      ['GET', '/articles?search=%00', undefined, 'search'],
      ['GET', '/articles?slug=a%00b', undefined, 'slug'],
    ] as const;
    for (const [method, url, body, field] of cases) {
      const response = await api.call(method, url, { key: api.keys.editor, ...(body ? { body } : {}) });
      expect(response.statusCode, `${url} ${field}`).toBe(422);
      expect(response.json()).toEqual({ errors: [{ field, message: 'Text cannot contain the NUL character (U+0000).' }] });
    }
    expect(await api.countArticles()).toBe(before);
  });

  it('changes an article with PATCH; a stale version is a 409 with the current article, changing nothing', async () => {
    const created = (
      await create(api.keys.contributor, { headline: 'Two desks, one story', section: 'world', authors: ['Ada Lowe'] })
    ).json();
    const first = await api.call('PATCH', `/articles/${created.id}`, {
      key: api.keys.contributor,
      body: { version: 1, standfirst: 'From the first desk.', html: '<p>Body from the first desk.</p>' },
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, standfirst: 'From the first desk.', html: '<p>Body from the first desk.</p>' });
    const stale = await api.call('PATCH', `/articles/${created.id}`, {
      key: api.keys.editor,
      body: { version: 1, standfirst: 'From the second desk.' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toEqual({
      errors: [{ field: 'version', message: expect.stringContaining('Nothing was changed') }],
      article: first.json(),
    });
    expect((await api.call('GET', `/articles/${created.id}`, { key: api.keys.editor })).json()).toEqual(first.json());
    const invalid = await api.call('PATCH', `/articles/${created.id}`, { key: api.keys.contributor, body: { version: 2, headline: '' } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors).toEqual([{ field: 'headline', message: 'Enter a headline.' }]);
    const noVersion = await api.call('PATCH', `/articles/${created.id}`, { key: api.keys.contributor, body: { headline: 'x' } });
    expect(noVersion.json().errors).toContainEqual({ field: 'version', message: expect.stringContaining('version') });
    expect((await api.call('GET', `/articles/${created.id}`, { key: api.keys.editor })).json()).toEqual(first.json());
  });

  it('lists articles with filters and pages, without a total', async () => {
    for (const [headline, section, author] of [
      ['Gulls return to the old pier', 'world/europe', 'Listing Writer'],
      ['Gulls banned from the market', 'world/europe', 'Listing Writer'],
      ['Gulls and the law', 'culture', 'Other Writer'],
    ] as const)
      expect((await create(api.keys.otherAuthor, { headline, section, authors: [author] })).statusCode).toBe(201);
    const list = async (query: string, key = api.keys.editor) => {
      const response = await api.call('GET', `/articles${query}`, { key });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { articles: Array<{ headline: string; status: string }>; meta: { pagination: unknown } };
    };
    const headlines = (result: { articles: Array<{ headline: string }> }) => result.articles.map((article) => article.headline);
    expect(headlines(await list('?search=gulls'))).toEqual([
      'Gulls and the law',
      'Gulls banned from the market',
      'Gulls return to the old pier',
    ]);
    expect(headlines(await list('?search=gulls&section=world'))).toEqual(['Gulls banned from the market', 'Gulls return to the old pier']);
    expect(headlines(await list('?search=gulls&author=other-writer'))).toEqual(['Gulls and the law']);
    expect(headlines(await list('?slug=gulls-and-the-law'))).toEqual(['Gulls and the law']);
    expect((await list('?status=published')).articles.every((article) => article.status === 'published')).toBe(true);
    const first = await list('?search=gulls&limit=2');
    expect(first.articles).toHaveLength(2);
    expect(first.articles[0]).toEqual({
      id: expect.any(Number),
      slug: 'gulls-and-the-law',
      status: 'draft',
      version: 1,
      headline: 'Gulls and the law',
      section: 'culture',
      authors: ['Other Writer'],
      publishedAt: null,
      modifiedAt: NOW.toISOString(),
      submittedAt: null,
    });
    expect(first.meta).toEqual({ pagination: { page: 1, limit: 2, next: 2, prev: null } });
    const second = await list('?search=gulls&limit=2&page=2');
    expect(headlines(second)).toEqual(['Gulls return to the old pier']);
    expect(second.meta).toEqual({ pagination: { page: 2, limit: 2, next: null, prev: 1 } });
    // Contributors and authors see their own work only.
    expect(headlines(await list('?search=gulls', api.keys.author))).toEqual([]);
    expect(headlines(await list('?search=gulls', api.keys.otherAuthor))).toHaveLength(3);
    for (const query of ['?limit=101', '?limit=0', '?page=0', '?status=lost', '?colour=blue'])
      expect((await api.call('GET', `/articles${query}`, { key: api.keys.editor })).statusCode, query).toBe(422);
  });

  it('lists every article route in the OpenAPI document, with the request schemas', async () => {
    const document = (await api.call('GET', '/openapi.json')).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/admin/articles',
        '/api/admin/articles/{id}',
        '/api/admin/articles/{id}/corrections',
        '/api/admin/articles/{id}/revisions',
        '/api/admin/articles/{id}/revisions/{revisionId}',
      ]),
    );
    const create = document.paths['/api/admin/articles'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['headline', 'section']));
    expect(Object.keys(create.requestBody.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['html', 'doc', 'hero', 'status', 'publishedAt']),
    );
    expect(document.paths['/api/admin/articles/{id}'].patch.requestBody.content['application/json'].schema.required).toEqual(['version']);
    expect(create.responses['201']).toBeDefined();
    expect(document.paths['/api/admin/articles'].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['page', 'limit', 'status', 'section', 'author', 'slug', 'search']),
    );
  });
});
