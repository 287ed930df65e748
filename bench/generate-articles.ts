// Bulk articles for benchmarks: N free, published articles of plausible
// generated text, spread over the sections, authors and topics already in the
// database (load the demo newspaper first). The word lists and sentence
// templates below are written for Masthead; every place, body and person is
// fictional. Generation is seeded, so two runs produce the same newspaper.
import type { Db, DbOrTransaction } from '../src/core/db/database.js';
import type { Block } from '../src/features/articles/article-body.js';
import { bumpContentRevision, insertArticle } from '../src/features/articles/articles.repository.js';

const PLACES = [
  'Kessford',
  'Aldwater',
  'Castrel',
  'Port Hira',
  'Marrow Bay',
  'Tollin',
  'the Ald valley',
  'Upper Brenning',
  'Feldham',
  'Corran',
  'Westmere',
  'Saltby',
];
const BODIES = [
  'the town council',
  'the water board',
  'the regional assembly',
  'the harbour trust',
  'the schools authority',
  'the rail operator',
  'the health board',
  'a residents’ association',
  'the farmers’ union',
  'the ferry company',
];
const SUBJECTS = [
  'a new bus route',
  'the flood barrier',
  'rents',
  'the library budget',
  'night trains',
  'bin collections',
  'a solar farm',
  'the old quay',
  'school meals',
  'the river crossing',
  'a cycle lane',
  'the market hall',
  'broadband',
  'the reservoir',
];
const VERBS = ['approves', 'delays', 'rethinks', 'backs', 'questions', 'pauses', 'expands', 'scraps', 'reviews', 'funds'];
const PEOPLE = [
  'a retired engineer',
  'the council leader',
  'a local shopkeeper',
  'a parent of two',
  'the chief executive',
  'a junior doctor',
  'a fisherman',
  'a headteacher',
  'a county surveyor',
  'a student',
];
const GROUPS = ['shop owners', 'tenants', 'parents', 'commuters', 'fishing crews', 'care workers', 'farmers', 'pensioners'];
const FIRST_NAMES = ['Iris', 'Tomas', 'Noor', 'Bram', 'Ada', 'Kofi', 'Lena', 'Rafael', 'Mei', 'Oskar', 'Sunita', 'Elias'];
const SURNAMES = ['Hollis', 'Varga', 'Okonjo', 'Brennan', 'Mäkelä', 'Duarte', 'Ashby', 'Lund', 'Castell', 'Iwata', 'Renner', 'Quist'];
const AMOUNTS = ['£2m', '£450,000', '£12m', '£80,000', '£1.3m', '£600,000', '£9m', '£27m'];
const PERIODS = [
  'next spring',
  'by the end of the year',
  'within eighteen months',
  'before the summer',
  'over the next decade',
  'this autumn',
];
const KICKERS = ['Local government', 'Analysis', 'Explainer', 'Investigation', 'Briefing', 'Update', 'Inquiry', 'Exclusive'];

const SENTENCES = [
  '{Body} in {place} {verb} plans for {subject}, after months of argument over who should pay.',
  'The scheme is expected to cost about {amount}, according to figures seen by this newspaper.',
  '“We have listened, and we think this is the fairest way forward,” said {name}, who chairs the committee.',
  'Critics say the decision was rushed and that {people} were not properly consulted.',
  'Work could begin {period}, although officials warned that the timetable depends on the weather and on suppliers.',
  '{Person} told us the change would make “a real difference” to daily life in {place}.',
  'Similar proposals were rejected twice before, most recently when {body} ran short of money.',
  'The plans will be published in full, and residents can comment on them until the end of the month.',
  'Opposition members asked for an independent review of the costs, which now stand at {amount}.',
  'In {place}, where {subject} has been debated for years, the mood at Tuesday’s meeting was cautious.',
  '{Name}, a spokesperson for {body}, said no final decision had been taken on {subject}.',
  'A survey of 1,200 households found that most supported the idea but feared a rise in local charges.',
  'The last comparable project, in {elsewhere}, ran a year late and cost {amount} more than planned.',
  'Engineers expect to report on the state of {subject} {period}.',
];
const HEADINGS = ['What happens next', 'Who pays', 'The background', 'What residents say', 'The numbers', 'How we got here'];

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32: small, fast and good enough to vary generated text.
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function fillTemplate(random: Random, template: string, subject: string, place: string): string {
  const values: Record<string, () => string> = {
    body: () => pick(random, BODIES),
    place: () => place,
    subject: () => subject,
    verb: () => pick(random, VERBS),
    amount: () => pick(random, AMOUNTS),
    period: () => pick(random, PERIODS),
    people: () => pick(random, GROUPS),
    elsewhere: () =>
      pick(
        random,
        PLACES.filter((other) => other !== place),
      ),
    person: () => pick(random, PEOPLE),
    name: () => `${pick(random, FIRST_NAMES)} ${pick(random, SURNAMES)}`,
  };
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => {
    const value = values[key.toLowerCase()]?.() ?? key;
    return key[0] === key[0]!.toUpperCase() ? capitalise(value) : value;
  });
}

function paragraphOf(text: string): Block {
  return { type: 'paragraph', content: [{ type: 'text', text }] };
}

function generateBody(random: Random, subject: string, place: string): Block[] {
  const sentences = (count: number) =>
    Array.from({ length: count }, () => fillTemplate(random, pick(random, SENTENCES), subject, place)).join(' ');
  const blocks: Block[] = [paragraphOf(sentences(3)), paragraphOf(sentences(4))];
  if (random() < 0.5) blocks.push({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: pick(random, HEADINGS) }] });
  blocks.push(paragraphOf(sentences(3)));
  if (random() < 0.4) {
    blocks.push({
      type: 'pullQuote',
      attrs: { attribution: `${pick(random, FIRST_NAMES)} ${pick(random, SURNAMES)}` },
      content: [{ type: 'text', text: 'We have waited long enough for a straight answer.' }],
    });
  }
  if (random() < 0.3) {
    const items = Array.from({ length: 3 }, () => ({
      type: 'listItem' as const,
      content: [
        {
          type: 'paragraph' as const,
          content: [{ type: 'text' as const, text: fillTemplate(random, pick(random, SENTENCES), subject, place) }],
        },
      ],
    }));
    blocks.push({ type: 'bulletList', content: items });
  }
  blocks.push(paragraphOf(sentences(2)));
  return blocks;
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80)
    .replace(/-$/, '');
}

export interface GenerateArticlesOptions {
  count: number;
  now: Date;
  /** Published times are spread over this many days before `now`. */
  spreadDays?: number;
  seed?: number;
}

async function loadReferences(db: DbOrTransaction) {
  const [sections, authors, topics] = await Promise.all([
    db.selectFrom('sections').select(['id', 'path']).orderBy('id').execute(),
    db.selectFrom('authors').select('id').orderBy('id').execute(),
    db.selectFrom('topics').select('id').orderBy('id').execute(),
  ]);
  if (sections.length === 0 || authors.length === 0)
    throw new Error('Load the demo newspaper first: generated articles need its sections and authors.');
  return { sectionIds: sections.map((row) => row.id), authorIds: authors.map((row) => row.id), topicIds: topics.map((row) => row.id) };
}

/** Inserts `count` generated free articles in one transaction; returns how many. */
export async function insertGeneratedArticles(db: Db, options: GenerateArticlesOptions): Promise<{ inserted: number }> {
  const random = createRandom(options.seed ?? 20_261_128);
  const spreadMs = (options.spreadDays ?? 365) * 24 * 60 * 60 * 1000;
  const createdAt = options.now.toISOString();
  await db.transaction().execute(async (trx) => {
    const { sectionIds, authorIds, topicIds } = await loadReferences(trx);
    for (let index = 0; index < options.count; index++) {
      const subject = pick(random, SUBJECTS);
      const place = pick(random, PLACES);
      const headline = capitalise(`${pick(random, BODIES)} ${pick(random, VERBS)} ${subject} in ${place}`);
      // At least an hour old, so every generated article is already live.
      const publishedAt = new Date(options.now.getTime() - 60 * 60 * 1000 - Math.floor(random() * spreadMs));
      const topicCount = topicIds.length ? 1 + Math.floor(random() * 2) : 0;
      await insertArticle(trx, {
        slug: `${slugify(headline)}-${index + 1}`,
        sectionId: sectionIds[index % sectionIds.length]!,
        kicker: pick(random, KICKERS),
        headline,
        standfirst: fillTemplate(random, pick(random, SENTENCES), subject, place),
        bodyJson: JSON.stringify({ type: 'doc', content: generateBody(random, subject, place) }),
        heroImageId: null,
        agencyCredit: '',
        accessLevel: 'free',
        commentsEnabled: true,
        status: 'published',
        publishedAt: publishedAt.toISOString(),
        updatedAt: null,
        authorIds: [pick(random, authorIds)],
        topicIds: [...new Set(Array.from({ length: topicCount }, () => pick(random, topicIds)))],
        now: createdAt,
      });
    }
    await bumpContentRevision(trx, createdAt);
  });
  return { inserted: options.count };
}
