// Whatever an integration sends to create or change an article, the answer
// is never a 5xx, and a refusal stores nothing: no article row changes, no
// author or topic profile appears. (A stale save, 409, keeps the sender's
// text as a conflict revision by design, and changes nothing else.)
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText } from '../../core/http/form-fuzzing.js';
import { XSS_CORPUS } from '../comments/testing/xss-corpus.js';
import { createAdminApiHarness, type AdminApiHarness, type KeyName } from './testing/admin-api-harness.js';

const NOW = new Date('2026-12-01T09:00:00.000Z');

describeEachEngine('Admin API articles: fuzzed bodies', (engine) => {
  let api: AdminApiHarness;
  let image: { id: string; url: string };
  const articleIds: number[] = [];

  beforeAll(async () => {
    api = await createAdminApiHarness(engine, NOW);
    image = await api.uploadImage();
    for (const key of ['contributor', 'author', 'editor'] as const) {
      for (const status of ['draft', 'published'] as const) {
        if (key === 'contributor' && status === 'published') continue;
        const response = await api.call('POST', '/articles', {
          key: api.keys[key],
          body: { headline: `Seed story by ${key}, ${status}`, section: 'world', authors: ['Seed Writer'], status },
        });
        if (response.statusCode !== 201) throw new Error(response.body);
        articleIds.push(response.json().id);
      }
    }
  });
  afterAll(() => api.testApp.destroy());

  /** What a refusal must leave as it was. */
  async function snapshot() {
    const db = api.testApp.database.db;
    const articles = await db
      .selectFrom('articles')
      .select(['id', 'version', 'slug', 'headline', 'status', 'published_at', 'submitted_at', 'body_json', 'corrections_json'])
      .orderBy('id')
      .execute();
    const count = async (table: 'authors' | 'topics' | 'article_revisions') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { articles, authors: await count('authors'), topics: await count('topics'), revisions: await count('article_revisions') };
  }

  const text = awkwardText(['world', 'world/europe', 'culture', 'nowhere', 'Ada Lowe', 'x'.repeat(5000), 'Not A Slug', 'a-fine-slug']);
  const time = fc.oneof(
    fc.constantFrom(
      '2015-02-27T17:42:00+00:00',
      '2026-12-01T09:00:00Z',
      '2026-12-24T09:00:00+01:00',
      '2026-02-30T09:00:00Z',
      '2026-12-01T09:00:00',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '2026-12-01T25:00:00Z',
      '2026-12-01T09:00:00+24:00',
    ),
    fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2030-01-01') }).map((date) => date.toISOString()),
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
    text,
  );
  const html = fc.oneof(
    text,
    fc.constantFrom(...XSS_CORPUS),
    fc.constantFrom(
      '<p>Plain words.</p>',
      '<figure><img src="IMAGE"><figcaption>Caption <small>Credit</small></figcaption></figure>',
      '<p>Before <img src="IMAGE"> after</p>',
      '<img src="/media/IMAGE_ID/480.webp">',
      '<img src="https://elsewhere.example/x.jpg">',
      '<blockquote><p>Quote</p><footer>Someone</footer></blockquote>',
      '<div>'.repeat(300) + 'deep',
    ),
  );
  const doc = fc.oneof(
    fc.constant({ type: 'doc', content: [] }),
    fc.constant({ type: 'doc', content: [{ type: 'figure', attrs: { imageId: 'IMAGE_ID', alt: '', caption: '', credit: '' } }] }),
    fc.constant({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Plain words.' }] }] }),
  );
  const hero = fc.oneof(
    fc.constant(null),
    fc.record(
      { imageId: fc.constantFrom('IMAGE_ID', 'missing', ''), caption: text, credit: text, alt: text },
      { requiredKeys: ['imageId'] },
    ),
  );
  /** Mostly what a real integration sends, with one awkward value now and then, so most bodies reach the service. */
  const plausible = <T>(usual: fc.Arbitrary<T>, awkward: fc.Arbitrary<unknown> = text) =>
    fc.oneof({ arbitrary: usual, weight: 15 }, { arbitrary: awkward, weight: 1 });
  const articleFields = {
    kicker: plausible(fc.constantFrom('', 'Harbours')),
    headline: plausible(fc.constantFrom('Quay works start', 'Ferry returns', ' '), fc.oneof(text, fc.constantFrom(...XSS_CORPUS))),
    standfirst: plausible(fc.constantFrom('', 'The crossing runs again.')),
    slug: plausible(fc.constantFrom('quay-works', 'ferry-returns')),
    section: plausible(fc.constantFrom('world', 'world/europe', 'culture', 'nowhere')),
    topics: plausible(fc.constantFrom([], ['Transport']), fc.array(text, { maxLength: 25 })),
    authors: plausible(fc.constantFrom(['Ada Lowe'], [], ['Ben Okafor', 'Ada Lowe']), fc.array(text, { maxLength: 25 })),
    access: plausible(fc.constantFrom('free', 'registered', 'premium'), fc.constantFrom('everyone', '', 3)),
    commentsEnabled: plausible(fc.boolean(), fc.constant('yes')),
    agencyCredit: plausible(fc.constantFrom('', 'Wire')),
    editorialNote: plausible(fc.constantFrom('', 'Check names.')),
    hero: plausible(hero),
    html: plausible(html, fc.anything()),
    doc: plausible(
      doc,
      fc.oneof(fc.object(), fc.constant({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] })),
    ),
    // Usually left out: most saves set no time.
    publishedAt: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      { arbitrary: time, weight: 1 },
      { arbitrary: fc.anything(), weight: 1 },
    ),
  };
  const status = plausible(fc.constantFrom('draft', 'review', 'published', 'scheduled', 'unpublished'), fc.constantFrom('live', '', null));
  /** One body, as html or as doc (both at once is a plain 422, tested elsewhere). */
  const oneBody = <T extends { html?: unknown; doc?: unknown }>(sent: T) => {
    if ('html' in sent && 'doc' in sent) delete sent.doc;
    return sent;
  };
  const createBody = fc.record({ ...articleFields, status }, { requiredKeys: ['headline', 'section'] }).map(oneBody);
  const changeBody = fc
    .record(
      {
        ...articleFields,
        status,
        version: plausible(fc.integer({ min: 1, max: 8 }), fc.constantFrom(0, -1, 2_147_483_648, '1', 1.5)),
        significantUpdate: plausible(fc.boolean(), fc.constant('true')),
      },
      { requiredKeys: ['version'] },
    )
    .map(oneBody);
  const wild = fc.oneof(
    fc.json(),
    fc.string(),
    fc.object(),
    fc.record({ ...articleFields, surprise: fc.anything() }, { requiredKeys: ['surprise'] }),
  );
  const request = fc.oneof(
    { arbitrary: fc.record({ target: fc.constant(null), body: createBody }), weight: 4 },
    { arbitrary: fc.record({ target: fc.nat({ max: 4 }), body: changeBody }), weight: 4 },
    { arbitrary: fc.record({ target: fc.oneof(fc.constant(null), fc.nat({ max: 4 })), body: wild }), weight: 1 },
  );
  // The image's real id and URL stand in for the placeholders, so some bodies place it.
  const withImage = (value: unknown) =>
    (typeof value === 'string' ? value : JSON.stringify(value)).replaceAll('IMAGE_ID', image.id).replaceAll('IMAGE', image.url);

  it('never answers 5xx to a create or a change, and stores nothing when it refuses (property)', async () => {
    const counts: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<KeyName>('contributor', 'author', 'otherAuthor', 'editor'),
        request,
        async (key, { target, body: sent }) => {
          const before = await snapshot();
          const url = target === null ? '/articles' : `/articles/${articleIds[target]}`;
          const payload = withImage(sent);
          const response = await api.call(target === null ? 'POST' : 'PATCH', url, { key: api.keys[key], body: payload });
          counts[response.statusCode] = (counts[response.statusCode] ?? 0) + 1;
          expect(response.statusCode, `${url} ${payload.slice(0, 300)}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
          if (response.statusCode < 400) return;
          expect(response.json().errors.length).toBeGreaterThan(0);
          const after = await snapshot();
          expect(after.articles).toEqual(before.articles);
          expect(after.authors).toBe(before.authors);
          expect(after.topics).toBe(before.topics);
          if (response.statusCode !== 409) expect(after.revisions).toBe(before.revisions);
        },
      ),
      { numRuns: 250 },
    );
    // The property was about something: refusals of several kinds, and some saves.
    expect(Object.keys(counts)).toEqual(expect.arrayContaining(['422', '403']));
    expect((counts[200] ?? 0) + (counts[201] ?? 0)).toBeGreaterThan(0);
  });
});
