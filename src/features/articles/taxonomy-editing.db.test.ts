// Taxonomy edits on both engines when two saves race for one slug: the
// "is it taken?" check passes for both, and the database's unique key decides.
// The loser gets the same field message the check gives — never an error.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { createTaxonomyEditingService, type EditOutcome } from './taxonomy-editing.service.js';

describeEachEngine('taxonomy edits racing for one slug', (engine) => {
  let database: TestDatabase;
  let editing: ReturnType<typeof createTaxonomyEditingService>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const { db } = database;
    editing = createTaxonomyEditingService({
      db,
      clock: fixedClock('2026-03-01T09:00:00Z'),
      reservedPaths: () => new Set(),
      changeContent: (change) => db.transaction().execute(async (trx) => void (await change(trx))),
    });
  });
  afterAll(() => database.destroy());

  const oneSavedOneRefused = (outcomes: EditOutcome[], message: string) => {
    expect(outcomes.filter((outcome) => outcome.kind === 'saved')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.kind === 'invalid')).toEqual([{ kind: 'invalid', problems: [{ field: 'slug', message }] }]);
  };

  it('gives two topics saved at once with one new slug one saved and one slug message', async () => {
    const { db } = database;
    const [first, second] = await db
      .insertInto('topics')
      .values([
        { slug: 'tides', name: 'Tides' },
        { slug: 'currents', name: 'Currents' },
      ])
      .returning('id')
      .execute();
    for (let round = 0; round < 5; round += 1) {
      const slug = `sea-level-${round}`;
      const outcomes = await Promise.all(
        [first!.id, second!.id].map((id) => editing.updateTopic(id, { name: 'Sea level', slug, description: '' })),
      );
      oneSavedOneRefused(outcomes, `There is already a topic with the slug ${slug}.`);
      expect(await db.selectFrom('topics').where('slug', '=', slug).select('id').execute()).toHaveLength(1);
    }
  });

  it('does the same for authors', async () => {
    const { db } = database;
    const created_at = '2026-03-01T09:00:00.000Z';
    const [first, second] = await db
      .insertInto('authors')
      .values([
        { slug: 'ana-reyes', name: 'Ana Reyes', created_at, picture_image_id: null },
        { slug: 'tom-okafor', name: 'Tom Okafor', created_at, picture_image_id: null },
      ])
      .returning('id')
      .execute();
    const input = { name: 'Desk', slug: 'the-desk', jobTitle: '', bio: '', picture: '' };
    const outcomes = await Promise.all([first!.id, second!.id].map((id) => editing.updateAuthor(id, input)));
    oneSavedOneRefused(outcomes, 'There is already an author with the slug the-desk.');
  });
});
