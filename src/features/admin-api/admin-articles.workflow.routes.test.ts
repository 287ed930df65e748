// The Admin API's article workflow and roles through HTTP, on both engines:
// `status` transitions, updates, corrections and revisions; a missing key is
// a 401 and a role too low a 403 on every endpoint whatever the body; what a
// role may do to a particular article (own work, publishing, scheduling) is
// the article editing service's rule, and nothing changes when it refuses.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createApiKeysService } from './api-keys.service.js';
import { createAdminApiHarness, type AdminApiHarness } from './testing/admin-api-harness.js';

const NOW = new Date('2026-12-01T09:00:00.000Z');

describeEachEngine('Admin API article workflow and roles', (engine) => {
  let api: AdminApiHarness;

  beforeAll(async () => {
    api = await createAdminApiHarness(engine, NOW);
  });
  afterAll(() => api.testApp.destroy());
  beforeEach(() => api.testApp.clock.set(NOW));

  const create = (key: string, body: Record<string, unknown>) => api.call('POST', '/articles', { key, body });
  const reader = (url: string) => api.testApp.app.inject({ method: 'GET', url: new URL(url).pathname });
  const story = (headline: string, extra: Record<string, unknown> = {}) => ({
    headline,
    section: 'world',
    authors: ['Ada Lowe'],
    ...extra,
  });
  const read = async (id: number) => (await api.call('GET', `/articles/${id}`, { key: api.keys.admin })).json();

  it('moves through the workflow with `status`: review, scheduled, published, updated, corrected, unpublished', async () => {
    const draft = (await create(api.keys.contributor, { headline: 'Bridge vote delayed', section: 'world', authors: ['Ada Lowe'] })).json();
    const patch = (key: string, body: Record<string, unknown>) => api.call('PATCH', `/articles/${draft.id}`, { key, body });
    const inReview = await patch(api.keys.contributor, { version: 1, status: 'review' });
    expect(inReview.json()).toMatchObject({ status: 'review', version: 2, submittedAt: NOW.toISOString() });
    // Sending the status it already has is a plain save.
    expect((await patch(api.keys.contributor, { version: 2, status: 'review', kicker: 'Council' })).json()).toMatchObject({
      status: 'review',
      version: 3,
      kicker: 'Council',
    });
    expect((await patch(api.keys.editor, { version: 3, status: 'draft' })).json().errors).toContainEqual({
      field: 'status',
      message: expect.stringContaining('cannot go back'),
    });
    const scheduled = await patch(api.keys.editor, { version: 3, status: 'scheduled', publishedAt: '2026-12-01T12:00:00+02:00' });
    expect(scheduled.json()).toMatchObject({ status: 'scheduled', publishedAt: '2026-12-01T10:00:00.000Z', version: 4 });
    const rescheduled = await patch(api.keys.editor, { version: 4, publishedAt: '2026-12-01T11:00:00Z' });
    expect(rescheduled.json()).toMatchObject({ status: 'scheduled', publishedAt: '2026-12-01T11:00:00.000Z' });
    const live = await patch(api.keys.editor, { version: 5, status: 'published' });
    expect(live.json()).toMatchObject({ status: 'published', publishedAt: NOW.toISOString(), version: 6, updatedAt: null });

    api.testApp.clock.set(new Date('2026-12-01T15:00:00.000Z'));
    const updated = await patch(api.keys.editor, { version: 6, standfirst: 'The vote is now next week.', significantUpdate: true });
    expect(updated.json()).toMatchObject({ updatedAt: '2026-12-01T15:00:00.000Z', version: 7 });

    const corrected = await api.call('POST', `/articles/${draft.id}/corrections`, {
      key: api.keys.editor,
      body: { version: 7, text: 'An earlier version gave the wrong date for the vote.' },
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    expect(corrected.json()).toMatchObject({
      version: 8,
      corrections: [{ text: 'An earlier version gave the wrong date for the vote.', correctedAt: '2026-12-01T15:00:00.000Z' }],
    });
    const page = await reader(draft.url);
    expect(page.body).toContain('An earlier version gave the wrong date for the vote.');
    const staleCorrection = await api.call('POST', `/articles/${draft.id}/corrections`, {
      key: api.keys.editor,
      body: { version: 7, text: 'Again.' },
    });
    expect(staleCorrection.statusCode).toBe(409);
    expect(staleCorrection.json().article.corrections).toHaveLength(1);
    const empty = await api.call('POST', `/articles/${draft.id}/corrections`, { key: api.keys.editor, body: { version: 8, text: ' ' } });
    expect(empty.json()).toEqual({ errors: [{ field: 'text', message: 'Write the correction.' }] });

    const unpublished = await patch(api.keys.editor, { version: 8, status: 'unpublished' });
    expect(unpublished.json()).toMatchObject({ status: 'unpublished', version: 9 });
    expect((await reader(draft.url)).statusCode).toBe(410);

    const revisions = await api.call('GET', `/articles/${draft.id}/revisions?limit=3`, { key: api.keys.editor });
    expect(revisions.statusCode).toBe(200);
    expect(revisions.json().revisions.map((revision: { action: string }) => revision.action)).toEqual(['unpublish', 'correct', 'save']);
    expect(revisions.json().revisions[0]).toMatchObject({ version: 9, actorName: 'editor key' });
    const older = await api.call('GET', `/articles/${draft.id}/revisions?limit=100&before=${revisions.json().meta.pagination.next}`, {
      key: api.keys.editor,
    });
    expect(older.json().revisions.map((revision: { action: string }) => revision.action)).toEqual([
      'publish',
      'schedule',
      'schedule',
      'save',
      'submit',
      'create',
    ]);
    expect(older.json().meta.pagination).toEqual({ limit: 100, next: null });
    const first = older.json().revisions.at(-1);
    const revision = await api.call('GET', `/articles/${draft.id}/revisions/${first.id}`, { key: api.keys.editor });
    expect(revision.json()).toMatchObject({
      id: first.id,
      articleId: draft.id,
      action: 'create',
      actorName: 'contributor key',
      snapshot: { headline: 'Bridge vote delayed', doc: { type: 'doc', content: [] }, publishedAt: null },
    });
    expect((await api.call('GET', `/articles/${draft.id}/revisions/99999`, { key: api.keys.editor })).statusCode).toBe(404);
  });

  /** Every article endpoint, for an article that exists, with a body that would otherwise be accepted. */
  const endpoints = (id: number, revisionId: number) =>
    [
      ['POST', '/articles', story('Keyless')],
      ['GET', '/articles', undefined],
      ['GET', `/articles/${id}`, undefined],
      ['PATCH', `/articles/${id}`, { version: 1, kicker: 'Changed' }],
      ['POST', `/articles/${id}/corrections`, { version: 1, text: 'A fix.' }],
      ['GET', `/articles/${id}/revisions`, undefined],
      ['GET', `/articles/${id}/revisions/${revisionId}`, undefined],
    ] as const;

  it('answers 401 on every endpoint without a live key, whatever the body, and changes nothing', async () => {
    const keys = createApiKeysService({ db: api.testApp.database.db, clock: api.testApp.clock });
    const revoked = await keys.create({ name: 'revoked key', role: 'admin' });
    if (revoked.kind !== 'created') throw new Error(revoked.kind);
    await keys.revoke('revoked key');
    const article = (await create(api.keys.editor, story('Keys matter', { status: 'published' }))).json();
    const [revision] = (await api.call('GET', `/articles/${article.id}/revisions`, { key: api.keys.editor })).json().revisions;
    const before = await api.countArticles();
    for (const key of [undefined, 'mh_not-a-key', revoked.key, api.keys.editor.slice(0, -1)])
      for (const [method, url, body] of endpoints(article.id, revision.id))
        for (const sent of body === undefined ? [undefined] : [body, '{"broken', 'headline=x']) {
          const response = await api.call(method, url, {
            ...(key ? { key } : {}),
            ...(sent !== undefined ? { body: sent } : {}),
            ...(sent === 'headline=x' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
          });
          expect(response.statusCode, `${method} ${url} ${String(sent)}`).toBe(401);
          expect(response.headers['www-authenticate']).toBe('Bearer');
        }
    expect(await api.countArticles()).toBe(before);
    expect(await read(article.id)).toMatchObject({ version: 1, kicker: '', corrections: [] });
  });

  it('answers 403 to keys below the route’s role before reading the body: corrections are for editors', async () => {
    const article = (await create(api.keys.author, story('Only editors correct', { status: 'published' }))).json();
    for (const key of [api.keys.contributor, api.keys.author])
      for (const body of [{ version: 1, text: 'A fix.' }, '{"broken', { colour: 'blue' }]) {
        const response = await api.call('POST', `/articles/${article.id}/corrections`, { key, body });
        expect(response.statusCode, String(body)).toBe(403);
        expect(response.json()).toEqual({ errors: [{ message: expect.any(String) }] });
      }
    expect((await read(article.id)).corrections).toEqual([]);
  });

  it('lets a contributor key write and submit its own drafts, never publish or schedule them', async () => {
    const before = await api.countArticles();
    for (const status of ['published', 'scheduled'] as const) {
      const refused = await create(
        api.keys.contributor,
        story('Straight to the front page', { status, publishedAt: status === 'scheduled' ? '2026-12-02T09:00:00Z' : undefined }),
      );
      expect(refused.statusCode, status).toBe(403);
      expect(refused.json().errors[0].message).toMatch(/Contributors cannot publish|Only editors can schedule/);
    }
    expect(await api.countArticles()).toBe(before);
    const draft = (await create(api.keys.contributor, story('A contributor files copy'))).json();
    for (const body of [
      { version: 1, status: 'published' },
      { version: 1, status: 'scheduled', publishedAt: '2026-12-02T09:00:00Z' },
    ]) {
      const refused = await api.call('PATCH', `/articles/${draft.id}`, { key: api.keys.contributor, body });
      expect(refused.statusCode, JSON.stringify(body)).toBe(403);
    }
    expect(await read(draft.id)).toMatchObject({ status: 'draft', version: 1 });
    const submitted = await api.call('PATCH', `/articles/${draft.id}`, {
      key: api.keys.contributor,
      body: { version: 1, status: 'review' },
    });
    expect(submitted.json()).toMatchObject({ status: 'review', version: 2 });
    expect(
      (await api.call('PATCH', `/articles/${draft.id}`, { key: api.keys.editor, body: { version: 2, status: 'published' } })).statusCode,
    ).toBe(200);
    const late = await api.call('PATCH', `/articles/${draft.id}`, {
      key: api.keys.contributor,
      body: { version: 3, headline: 'Changed after publication' },
    });
    expect(late.statusCode).toBe(403);
    expect(await read(draft.id)).toMatchObject({ headline: 'A contributor files copy', version: 3 });
  });

  it('lets an author key publish its own work, never touch another key’s, never schedule or move a live story', async () => {
    const own = await create(api.keys.author, story('An author key publishes', { status: 'published' }));
    expect(own.statusCode).toBe(201);
    const scheduled = await create(
      api.keys.author,
      story('An author key schedules', { status: 'scheduled', publishedAt: '2026-12-02T09:00:00Z' }),
    );
    expect(scheduled.statusCode).toBe(403);
    expect(scheduled.json().errors[0].message).toBe('Only editors can schedule publication.');
    const moved = await api.call('PATCH', `/articles/${own.json().id}`, {
      key: api.keys.author,
      body: { version: 1, slug: 'somewhere-else' },
    });
    expect(moved.statusCode).toBe(403);

    const theirs = (await create(api.keys.otherAuthor, story('Another key’s story'))).json();
    const [revision] = (await api.call('GET', `/articles/${theirs.id}/revisions`, { key: api.keys.otherAuthor })).json().revisions;
    for (const [method, url, body] of endpoints(theirs.id, revision.id).slice(2)) {
      if (url.endsWith('/corrections')) continue;
      const response = await api.call(method, url, { key: api.keys.author, ...(body ? { body } : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().errors[0].message).toBe('Only editors can work on articles other people wrote.');
    }
    expect(await read(theirs.id)).toMatchObject({ version: 1, kicker: '' });
    expect((await api.call('GET', '/articles?search=another', { key: api.keys.author })).json().articles).toEqual([]);
  });

  it('lets an editor key edit, schedule, publish and correct anyone’s work', async () => {
    const contributors = (await create(api.keys.contributor, story('Editors can do it all'))).json();
    const edited = await api.call('PATCH', `/articles/${contributors.id}`, {
      key: api.keys.editor,
      body: { version: 1, kicker: 'Desk', status: 'scheduled', publishedAt: '2026-12-01T10:00:00+00:00' },
    });
    expect(edited.json()).toMatchObject({ status: 'scheduled', kicker: 'Desk', version: 2 });
    const live = await api.call('PATCH', `/articles/${contributors.id}`, {
      key: api.keys.editor,
      body: { version: 2, status: 'published', slug: 'editors-do-it-all' },
    });
    expect(live.json()).toMatchObject({ status: 'published', slug: 'editors-do-it-all' });
    const corrected = await api.call('POST', `/articles/${contributors.id}/corrections`, {
      key: api.keys.editor,
      body: { version: 3, text: 'A fix.' },
    });
    expect(corrected.statusCode).toBe(201);
    // The revisions say which key did what.
    const revisions = (await api.call('GET', `/articles/${contributors.id}/revisions`, { key: api.keys.editor })).json().revisions;
    expect(revisions.map((revision: { actorName: string; action: string }) => `${revision.action} by ${revision.actorName}`)).toEqual([
      'correct by editor key',
      'publish by editor key',
      'schedule by editor key',
      'create by contributor key',
    ]);
  });
});
