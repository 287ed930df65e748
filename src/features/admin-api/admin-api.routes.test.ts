// The Admin API's contract through HTTP, on both engines: authentication before
// anything else, roles, JSON-only, 422 with fields, the response shapes, and
// the OpenAPI document generated from the routes' schemas.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { API_KEY_ROLES, createApiKeysService, type ApiKeyRole } from './api-keys.service.js';

describeEachEngine('Admin API', (engine) => {
  let testApp: TestApp;
  const keyOf = {} as Record<ApiKeyRole | 'revoked', string>;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: new Date('2026-12-01T09:00:00.000Z') });
    const keys = createApiKeysService({ db: testApp.database.db, clock: testApp.clock });
    for (const role of [...API_KEY_ROLES, 'revoked'] as const) {
      const created = await keys.create({ name: `${role} key`, role: role === 'revoked' ? 'admin' : role });
      if (created.kind !== 'created') throw new Error(created.kind);
      keyOf[role] = created.key;
    }
    await keys.revoke('revoked key');
  });
  afterAll(() => testApp.destroy());

  const call = (method: 'GET' | 'POST', url: string, options: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    testApp.app.inject({
      method,
      url: `/api/admin${url}`,
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { payload: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
    });

  const countRows = async (table: 'sections' | 'topics' | 'authors') =>
    Number(
      (
        await testApp.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers 401 without a live key, whatever the body, and stores nothing', async () => {
    const before = await countRows('topics');
    for (const key of [undefined, 'mh_not-a-key', keyOf.revoked]) {
      for (const body of [{ name: 'Climate' }, '{"name": broken', undefined]) {
        const response = await call('POST', '/topics', { ...(key ? { key } : {}), ...(body !== undefined ? { body } : {}) });
        expect(response.statusCode, `${key} ${String(body)}`).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer');
        expect(response.json()).toEqual({ errors: [{ message: expect.stringContaining('Admin API key') }] });
      }
    }
    expect((await call('GET', '/topics')).statusCode).toBe(401);
    expect(await countRows('topics')).toBe(before);
  });

  it('gives each role what it may do and a 403 for the rest, before reading the body', async () => {
    const rules: [string, ApiKeyRole][] = [
      ['/sections', 'editor'],
      ['/topics', 'author'],
      ['/authors', 'author'],
    ];
    for (const [path, least] of rules) {
      for (const role of API_KEY_ROLES) {
        const allowed = API_KEY_ROLES.indexOf(role) >= API_KEY_ROLES.indexOf(least);
        const denied = await call('POST', path, { key: keyOf[role], body: '{not json' });
        expect(denied.statusCode, `${role} ${path}`).toBe(allowed ? 400 : 403);
        expect((await call('GET', path, { key: keyOf[role] })).statusCode).toBe(200);
      }
    }
  });

  it('takes JSON only: a form post is a 415, malformed JSON a 400', async () => {
    const form = await call('POST', '/topics', { key: keyOf.editor, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.statusCode).toBe(415);
    const broken = await call('POST', '/topics', { key: keyOf.editor, body: '{"name": "Cli' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().errors[0].message).toMatch(/JSON/);
  });

  it('creates a topic: 201 with the object, then finds it in the list with pagination', async () => {
    const created = await call('POST', '/topics', {
      key: keyOf.author,
      body: { name: 'Coastal erosion', description: 'Where land meets sea.' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      id: expect.any(Number),
      slug: 'coastal-erosion',
      name: 'Coastal erosion',
      description: 'Where land meets sea.',
    });
    const listed = await call('GET', '/topics?limit=100', { key: keyOf.contributor });
    expect(listed.json().topics).toContainEqual(created.json());
    expect(listed.json().meta.pagination).toMatchObject({ page: 1, limit: 100, pages: 1, next: null, prev: null });
    const again = await call('POST', '/topics', { key: keyOf.author, body: { name: 'Coastal  erosion' } });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toEqual({ errors: [{ field: 'slug', message: expect.stringContaining('already a topic') }] });
  });

  it('pages lists: limit, page, and the links to the next and previous pages', async () => {
    for (const name of ['Ada Lowe', 'Ben Okafor', 'Cara Nwosu'])
      await call('POST', '/authors', { key: keyOf.author, body: { name, jobTitle: 'Reporter' } });
    const total = await countRows('authors');
    const second = await call('GET', '/authors?limit=1&page=2', { key: keyOf.contributor });
    expect(second.statusCode).toBe(200);
    expect(second.json().authors).toHaveLength(1);
    expect(second.json().meta.pagination).toEqual({ page: 2, limit: 1, pages: total, total, next: total > 2 ? 3 : null, prev: 1 });
    for (const query of ['?limit=0', '?limit=101', '?page=0', '?page=abc'])
      expect((await call('GET', `/authors${query}`, { key: keyOf.contributor })).statusCode, query).toBe(422);
  });

  it('creates sections at the top level and under one, never at one of the site’s own addresses', async () => {
    const top = await call('POST', '/sections', { key: keyOf.editor, body: { name: 'Science', description: 'Discoveries.' } });
    expect(top.statusCode).toBe(201);
    expect(top.json()).toMatchObject({ path: 'science', parent: null });
    const child = await call('POST', '/sections', { key: keyOf.editor, body: { name: 'Space', parent: 'science' } });
    expect(child.json()).toMatchObject({ path: 'science/space', slug: 'space', parent: 'science' });
    // Readers see it at once: the navigation and the section page.
    expect((await testApp.app.inject({ method: 'GET', url: '/' })).body).toContain('href="/science"');
    const problems = [
      [{ name: 'Account' }, 'slug'],
      [{ name: 'Newsroom desk', slug: 'newsroom' }, 'slug'],
      [{ name: 'Deep', parent: 'science/space' }, 'parent'],
      [{ name: 'Orphan', parent: 'nowhere' }, 'parent'],
      [{ name: 'Bad slug', slug: 'Bad Slug!' }, 'slug'],
      [{ name: '\u200b' }, 'name'],
    ] as const;
    const before = await countRows('sections');
    for (const [body, field] of problems) {
      const refused = await call('POST', '/sections', { key: keyOf.admin, body });
      expect(refused.statusCode, JSON.stringify(body)).toBe(422);
      expect(refused.json().errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    expect(await countRows('sections')).toBe(before);
  });

  it('answers 422 naming the field for a body of the wrong shape', async () => {
    const response = await call('POST', '/authors', { key: keyOf.author, body: { name: 42, colour: 'blue' } });
    expect(response.statusCode).toBe(422);
    const fields = response.json().errors.map((error: { field?: string }) => error.field);
    expect(fields).toContain('name');
  });

  it('never answers 5xx to any body, and stores nothing when it refuses (property)', async () => {
    const before = { topics: await countRows('topics'), authors: await countRows('authors') };
    let created = { topics: 0, authors: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('topics' as const, 'authors' as const),
        fc.oneof(
          fc.json(),
          fc.object(),
          fc.record({ name: fc.string(), slug: fc.string(), description: fc.string() }, { requiredKeys: [] }),
          fc.string(),
        ),
        async (table, body) => {
          const response = await call('POST', `/${table}`, {
            key: keyOf.admin,
            body: typeof body === 'string' ? body : JSON.stringify(body),
          });
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode === 201) created = { ...created, [table]: created[table] + 1 };
          else expect(response.json().errors.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150 },
    );
    expect(await countRows('topics')).toBe(before.topics + created.topics);
    expect(await countRows('authors')).toBe(before.authors + created.authors);
  });

  it('publishes an OpenAPI document generated from the routes, without a key', async () => {
    const response = await call('GET', '/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/admin/sections', '/api/admin/topics', '/api/admin/authors']));
    expect(document.paths['/api/admin/topics'].post.requestBody.content['application/json'].schema.properties.name).toBeDefined();
    expect(document.components.securitySchemes.apiKey).toEqual({ type: 'http', scheme: 'bearer' });
  });
});
