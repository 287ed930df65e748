import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import type { Actor, EditableArticle, EditOutcome } from './article-editing.types.js';
import { createArticleEditingService, type ArticleEditingService } from './article-editing.service.js';
import { findArticleIdByOldSlug } from './article-editing.repository.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

// Ids are set once the staff rows exist (beforeAll).
const contributor: Actor = { kind: 'staff', userId: 0, name: 'Cara Contributor', role: 'contributor' };
const otherContributor: Actor = { kind: 'staff', userId: 0, name: 'Otto Other', role: 'contributor' };
const author: Actor = { kind: 'staff', userId: 0, name: 'Ada Author', role: 'author' };
const editor: Actor = { kind: 'staff', userId: 0, name: 'Eve Editor', role: 'editor' };
const authorKey: Actor = { kind: 'api-key', apiKeyId: 0, name: 'wire-importer', role: 'author' };

const paragraph = (text: string) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] });

function saved(outcome: EditOutcome): EditableArticle {
  if (outcome.kind !== 'saved') throw new Error(`expected a save, got ${JSON.stringify(outcome)}`);
  return outcome.article;
}

describeEachEngine('article editing', (engine) => {
  let database: TestDatabase;
  let service: ArticleEditingService;
  const clock = fixedClock(FIXTURE_NOW);
  const touched: Array<readonly string[] | 'everything'> = [];
  const submitted: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedFixtureNewspaper(database.db);
    const iso = FIXTURE_NOW.toISOString();
    for (const actor of [contributor, otherContributor, author, editor]) {
      if (actor.kind !== 'staff') continue;
      const [first_name, last_name] = actor.name.split(' ') as [string, string];
      const row = await database.db
        .insertInto('users')
        .values({
          email: `${first_name.toLowerCase()}@newsroom.test`,
          first_name,
          last_name,
          role: actor.role,
          created_at: iso,
          updated_at: iso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      actor.userId = row.id;
    }
    const key = await database.db
      .insertInto('api_keys')
      .values({ name: authorKey.name, role: authorKey.role, key_hash: 'not-a-real-hash', created_at: iso })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (authorKey.kind === 'api-key') authorKey.apiKeyId = key.id;
    service = createArticleEditingService({
      db: database.db,
      clock,
      timeZone: 'Europe/London',
      changeContent: async (change) => {
        touched.push(await database.db.transaction().execute((trx) => change(trx)));
      },
      onSubmitted: async (article, actor) => {
        submitted.push(`${actor.name}: ${article.headline}`);
      },
    });
  });
  afterAll(() => database.destroy());
  beforeEach(() => {
    clock.set(FIXTURE_NOW);
    touched.length = 0;
  });

  const draft = (actor: Actor, headline: string, extra: Record<string, unknown> = {}) =>
    service.create(actor, { fields: { headline, section: 'world', authors: ['Cara Contributor'], ...extra } });

  it('creates a draft with a slug from the headline, a first revision, and touches no listing', async () => {
    const article = saved(
      await draft(contributor, 'Lighthouse keepers return to the point', { body: { type: 'doc', content: [paragraph('First line.')] } }),
    );
    expect(article).toMatchObject({
      slug: 'lighthouse-keepers-return-to-the-point',
      state: 'draft',
      version: 1,
      authors: ['Cara Contributor'],
    });
    expect(touched).toEqual([[`article:${article.id}`]]);
    const revisions = await service.listRevisions(contributor, article.id, { beforeId: null, limit: 10 });
    expect(
      revisions.kind === 'found' && revisions.value.map((revision) => [revision.action, revision.actorName, revision.version]),
    ).toEqual([['create', 'Cara Contributor', 1]]);
    // A second story with the same headline gets a free slug.
    expect(saved(await draft(contributor, 'Lighthouse keepers return to the point')).slug).toBe('lighthouse-keepers-return-to-the-point-2');
  });

  it('refuses bad fields with clear messages and stores nothing', async () => {
    const outcome = await service.create(contributor, {
      fields: {
        headline: ' ',
        section: 'no-such-section',
        slug: 'Not A Slug',
        hero: { imageId: 'fixture-hero', caption: '', credit: '', alt: '' },
        body: { type: 'doc', content: [{ type: 'figure', attrs: { imageId: 'missing-image', alt: '', caption: '', credit: '' } }] },
      },
    });
    expect(outcome.kind).toBe('invalid');
    const messages = outcome.kind === 'invalid' ? outcome.problems : [];
    expect(messages).toEqual(
      expect.arrayContaining([
        { field: 'headline', message: 'Enter a headline.' },
        { field: 'hero.alt', message: 'Describe the hero image for readers who cannot see it (alt text).' },
        { field: 'body', message: 'Describe the image in figure 1 for readers who cannot see it (alt text).' },
        expect.objectContaining({ field: 'slug' }),
      ]),
    );
    const long = await draft(contributor, 'x'.repeat(201));
    expect(long).toEqual({ kind: 'invalid', problems: [{ field: 'headline', message: 'The headline must be 200 characters or fewer.' }] });
    expect(await database.db.selectFrom('articles').where('headline', 'like', 'xxxx%').select('id').execute()).toEqual([]);
  });

  it('drops NUL characters (PostgreSQL text cannot hold them) instead of failing', async () => {
    const article = saved(
      await service.create(contributor, {
        fields: {
          headline: 'Nul\u0000 bytes in the headline',
          section: 'wor\u0000ld',
          authors: ['Cara\u0000 Contributor'],
          body: { type: 'doc', content: [paragraph('Text\u0000 with a nul.')] },
        },
      }),
    );
    expect(article).toMatchObject({ headline: 'Nul bytes in the headline', section: 'world', authors: ['Cara Contributor'] });
    expect(JSON.stringify(article.body)).not.toContain('\\u0000');
    expect(await service.addCorrection(editor, article.id, 1, '\u0000')).toMatchObject({ kind: 'invalid' });
  });

  it('needs an author to submit, and tells the newsroom once submitted', async () => {
    const article = saved(await draft(contributor, 'Harbour cats get a census', { authors: [] }));
    const refused = await service.save(contributor, article.id, { baseVersion: 1, action: 'submit' });
    expect(refused).toEqual({ kind: 'invalid', problems: [{ field: 'authors', message: 'Add at least one author.' }] });
    const inReview = saved(
      await service.save(contributor, article.id, { baseVersion: 1, action: 'submit', fields: { authors: ['Cara Contributor'] } }),
    );
    expect(inReview.state).toBe('review');
    expect(submitted).toContain('Cara Contributor: Harbour cats get a census');
  });

  it('lets each role do only what it may', async () => {
    const own = saved(await draft(contributor, 'The pier repairs begin'));
    expect(await service.save(contributor, own.id, { baseVersion: 1, action: 'publish' })).toMatchObject({ kind: 'forbidden' });
    expect(await service.save(otherContributor, own.id, { baseVersion: 1, action: 'save', fields: { kicker: 'Mine now' } })).toMatchObject({
      kind: 'forbidden',
    });
    expect(await service.get(otherContributor, own.id)).toMatchObject({ kind: 'forbidden' });
    expect(await service.save(author, own.id, { baseVersion: 1, action: 'publish' })).toMatchObject({ kind: 'forbidden' });

    const authors = saved(await draft(author, 'An author publishes her own story', { authors: ['Ada Author'] }));
    const tomorrow = new Date(FIXTURE_NOW.getTime() + 86_400_000).toISOString();
    expect(await service.save(author, authors.id, { baseVersion: 1, action: 'schedule', publishAt: tomorrow })).toMatchObject({
      kind: 'forbidden',
    });
    const live = saved(await service.save(author, authors.id, { baseVersion: 1, action: 'publish' }));
    expect(live).toMatchObject({ state: 'published', publishedAt: FIXTURE_NOW.toISOString(), version: 2 });
    // Moving a published article (its address) is for editors.
    expect(await service.save(author, authors.id, { baseVersion: 2, action: 'save', fields: { slug: 'a-new-address' } })).toMatchObject({
      kind: 'forbidden',
      message: 'Only editors can change the address or date of a published article.',
    });
    expect(await service.addCorrection(author, authors.id, 2, 'A name was misspelt.')).toMatchObject({ kind: 'forbidden' });

    // An API key with the author role publishes what it created, not other people's work.
    const keyed = saved(await draft(authorKey, 'Wire copy arrives', { authors: ['Agency Desk'] }));
    expect(saved(await service.save(authorKey, keyed.id, { baseVersion: 1, action: 'publish' })).state).toBe('published');
    expect(await service.save(authorKey, own.id, { baseVersion: 1, action: 'save' })).toMatchObject({ kind: 'forbidden' });
  });

  it('schedules in the future only, and drops the listings when a live article changes', async () => {
    const article = saved(await draft(contributor, 'Ferry strike called off'));
    expect(await service.save(editor, article.id, { baseVersion: 1, action: 'schedule', publishAt: FIXTURE_NOW.toISOString() })).toEqual({
      kind: 'invalid',
      problems: [{ field: 'publishedAt', message: 'Choose a publication time in the future.' }],
    });
    const at = '2026-03-11T08:00:00+01:00';
    const scheduled = saved(await service.save(editor, article.id, { baseVersion: 1, action: 'schedule', publishAt: at }));
    expect(scheduled).toMatchObject({ state: 'scheduled', publishedAt: '2026-03-11T07:00:00.000Z' });
    clock.set('2026-03-11T07:00:00.000Z');
    expect((await service.get(editor, article.id)).kind === 'found').toBe(true);
    const live = await service.get(editor, article.id);
    expect(live.kind === 'found' && live.value.state).toBe('published');
    touched.length = 0;
    saved(
      await service.save(editor, article.id, {
        baseVersion: 2,
        action: 'save',
        fields: { standfirst: 'Talks went on all night.' },
        significantUpdate: true,
      }),
    );
    expect(touched[0]).toEqual(expect.arrayContaining([`article:${article.id}`, 'listing:site', 'listing:section:world', 'sitemaps']));
    const updated = await service.get(editor, article.id);
    expect(updated.kind === 'found' && updated.value.updatedAt).toBe('2026-03-11T07:00:00.000Z');
  });

  it('keeps a stale save as a conflict revision and changes nothing', async () => {
    const article = saved(await draft(contributor, 'Two tabs, one story'));
    saved(await service.save(contributor, article.id, { baseVersion: 1, action: 'save', fields: { standfirst: 'From the first tab.' } }));
    const stale = await service.save(contributor, article.id, {
      baseVersion: 1,
      action: 'save',
      fields: { standfirst: 'From the second tab.' },
    });
    expect(stale.kind).toBe('conflict');
    if (stale.kind !== 'conflict') return;
    expect(stale.current).toMatchObject({ standfirst: 'From the first tab.', version: 2 });
    const kept = await service.getRevision(contributor, article.id, stale.keptRevisionId!);
    expect(kept.kind === 'found' && [kept.value.action, kept.value.snapshot.standfirst]).toEqual(['conflict', 'From the second tab.']);
    // Keeping "mine": restore the kept revision on top of the current version.
    const restored = saved(await service.restoreRevision(contributor, article.id, stale.keptRevisionId!, 2));
    expect(restored).toMatchObject({ standfirst: 'From the second tab.', version: 3 });
  });

  it('coalesces autosaves by the same person into one revision', async () => {
    const article = saved(await draft(contributor, 'Autosave keeps up'));
    let version = 1;
    for (const text of ['One.', 'One. Two.', 'One. Two. Three.']) {
      version = saved(
        await service.save(contributor, article.id, { baseVersion: version, action: 'autosave', fields: { standfirst: text } }),
      ).version;
    }
    const revisions = await service.listRevisions(contributor, article.id, { beforeId: null, limit: 10 });
    expect(revisions.kind === 'found' && revisions.value.map((revision) => [revision.action, revision.version])).toEqual([
      ['autosave', 4],
      ['create', 1],
    ]);
  });

  it('remembers the old slug when an editor renames a published article, and appends corrections', async () => {
    const article = saved(await draft(editor, 'Bridge opens to cyclists', { authors: ['Eve Editor'] }));
    saved(await service.save(editor, article.id, { baseVersion: 1, action: 'publish' }));
    const renamed = saved(
      await service.save(editor, article.id, { baseVersion: 2, action: 'save', fields: { slug: 'bridge-opens-to-cyclists-and-walkers' } }),
    );
    expect(renamed.path).toBe('/world/2026/03/10/bridge-opens-to-cyclists-and-walkers');
    expect(await findArticleIdByOldSlug(database.db, 'bridge-opens-to-cyclists')).toBe(article.id);
    const corrected = saved(await service.addCorrection(editor, article.id, 3, 'An earlier version gave the wrong opening date.'));
    expect(corrected.corrections).toEqual([
      { text: 'An earlier version gave the wrong opening date.', correctedAt: FIXTURE_NOW.toISOString() },
    ]);
    expect(await service.addCorrection(editor, article.id, 3, 'Stale tab')).toMatchObject({ kind: 'conflict' });
    const unpublished = saved(await service.save(editor, article.id, { baseVersion: 4, action: 'unpublish' }));
    expect(unpublished.state).toBe('unpublished');
    const republished = saved(await service.save(editor, article.id, { baseVersion: 5, action: 'publish' }));
    expect(republished.publishedAt).toBe(FIXTURE_NOW.toISOString());
  });

  describe('lists', () => {
    it('filters by state and headline words, and shows contributors their own work only', async () => {
      saved(await draft(otherContributor, 'Otto files a story about tides'));
      const mine = await service.list(otherContributor, { search: 'tides' }, { page: 1, limit: 10 });
      expect(mine.items.map((item) => item.headline)).toEqual(['Otto files a story about tides']);
      const others = await service.list(contributor, { search: 'tides' }, { page: 1, limit: 10 });
      // A NUL in a filter (PostgreSQL text cannot hold one) is dropped, not a failure.
      expect(
        (await service.list(editor, { search: 'ti\u0000des', section: 'wor\u0000ld', slug: '\u0000' }, { page: 1, limit: 10 })).items,
      ).toEqual([]);
      expect(others.items).toEqual([]);
      const reviews = await service.list(editor, { state: 'review' }, { page: 1, limit: 10 });
      expect(reviews.items.map((item) => item.headline)).toContain('Harbour cats get a census');
      const published = await service.list(editor, { state: 'published', section: 'world' }, { page: 1, limit: 2 });
      expect(published.items).toHaveLength(2);
      expect(published.hasNext).toBe(true);
    });
  });
});
