// Generated articles for benchmarks: plausible newspaper text from small
// original word lists, spread over the sections, authors, topics and pictures
// already in the database (load the demo newspaper first). Every place, body
// and person is fictional. Generation is seeded, so two runs with the same
// seed and start id produce the same newspaper. What is written to which
// column is bench/archive-rows.ts; how it is written, bench/bulk-insert.ts.
import type { AccessLevel, ArticleStatus } from '../src/core/db/schema.js';
import type { Block } from '../src/features/articles/article-body.js';
import { zipfSentence, zipfWord } from './vocabulary.js';

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
  'Figures published on Monday show that spending on {subject} has risen by a third in five years.',
  '“Nobody here is against {subject} as such; we just want to know who decided, and when,” said {person}.',
  'The committee will meet again {period}, when a revised plan and a new estimate of the costs are due.',
  'Officials in {place} said the delay had nothing to do with the dispute with {body}.',
  'For {people} in {place}, the question is less what the scheme costs than how long the disruption will last.',
  '{Name}, who has followed the issue for years, said the latest proposal was “the most credible so far”.',
];
const HEADINGS = ['What happens next', 'Who pays', 'The background', 'What residents say', 'The numbers', 'How we got here'];

export type Random = () => number;

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    // mulberry32: small, fast and good enough to vary generated text.
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What one article is about: every sentence of it mentions the same subject and place. */
interface Scene {
  subject: string;
  place: string;
}

const FILLERS: Record<string, (random: Random, scene: Scene) => string> = {
  body: (random) => pick(random, BODIES),
  place: (_random, scene) => scene.place,
  subject: (_random, scene) => scene.subject,
  verb: (random) => pick(random, VERBS),
  amount: (random) => pick(random, AMOUNTS),
  period: (random) => pick(random, PERIODS),
  people: (random) => pick(random, GROUPS),
  elsewhere: (random, scene) => {
    const other = pick(random, PLACES);
    return other === scene.place ? PLACES[(PLACES.indexOf(other) + 1) % PLACES.length]! : other;
  },
  person: (random) => pick(random, PEOPLE),
  name: (random) => `${pick(random, FIRST_NAMES)} ${pick(random, SURNAMES)}`,
};

type TemplatePart = string | { fill: (random: Random, scene: Scene) => string; isCapitalised: boolean };

// Templates are split into text and slots once, so a million articles' sentences are plain concatenation.
function parseTemplate(template: string): TemplatePart[] {
  return template.split(/(\{\w+\})/).map((part) => {
    const key = /^\{(\w+)\}$/.exec(part)?.[1];
    if (!key) return part;
    const fill = FILLERS[key.toLowerCase()];
    if (!fill) throw new Error(`No filler for {${key}}`);
    return { fill, isCapitalised: key[0] === key[0]!.toUpperCase() };
  });
}
const TEMPLATES = SENTENCES.map(parseTemplate);

function sentence(random: Random, scene: Scene): string {
  let text = '';
  for (const part of pick(random, TEMPLATES)) {
    if (typeof part === 'string') text += part;
    else text += part.isCapitalised ? capitalise(part.fill(random, scene)) : part.fill(random, scene);
  }
  return text;
}

function sentences(random: Random, scene: Scene, count: number): string {
  const parts: string[] = [];
  for (let index = 0; index < count; index++) parts.push(sentence(random, scene));
  return parts.join(' ');
}

const paragraphOf = (text: string): Block => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/**
 * Each paragraph ends with 6–10 words of the Zipf vocabulary (bench/vocabulary.ts), drawn from a
 * stream of the article's own: the rest of the generated archive is the same as before they were added.
 */
function withVocabulary(blocks: Block[], vocabularyRandom: Random): Block[] {
  return blocks.map((block) =>
    block.type === 'paragraph'
      ? paragraphOf(
          `${(block.content![0] as { text: string }).text} ${zipfSentence(vocabularyRandom, 6 + Math.floor(vocabularyRandom() * 5))}`,
        )
      : block,
  );
}

/** A picture already in the database, as a figure in a body names it. */
export interface PictureReference {
  id: number;
  publicId: string;
  alt: string;
  caption: string;
  credit: string;
}

/**
 * 6–9 paragraphs of 3–4 sentences (the first of 2), a crosshead in most, sometimes a figure,
 * a pull quote or a list: about 3.5 KB of JSON on average, like the demo
 * newspaper's hand-written articles (3.7 KB).
 */
function generateBody(random: Random, scene: Scene, pictures: readonly PictureReference[]): Block[] {
  const blocks: Block[] = [paragraphOf(sentences(random, scene, 2))];
  const paragraphs = 6 + Math.floor(random() * 4);
  const headingAfter = random() < 0.7 ? 2 + Math.floor(random() * 3) : -1;
  const figureAfter = pictures.length && random() < 0.25 ? 1 : -1;
  const quoteAfter = random() < 0.4 ? 3 : -1;
  for (let paragraph = 1; paragraph < paragraphs; paragraph++) {
    if (paragraph === figureAfter) {
      const picture = pick(random, pictures);
      blocks.push({
        type: 'figure',
        attrs: { imageId: picture.publicId, alt: picture.alt, caption: picture.caption, credit: picture.credit },
      });
    }
    if (paragraph === headingAfter)
      blocks.push({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: pick(random, HEADINGS) }] });
    if (paragraph === quoteAfter) {
      blocks.push({
        type: 'pullQuote',
        attrs: { attribution: `${pick(random, FIRST_NAMES)} ${pick(random, SURNAMES)}` },
        content: [{ type: 'text', text: 'We have waited long enough for a straight answer.' }],
      });
    }
    blocks.push(paragraphOf(sentences(random, scene, 3 + Math.floor(random() * 2))));
  }
  if (random() < 0.25) {
    const items = Array.from({ length: 3 }, () => ({
      type: 'listItem' as const,
      content: [{ type: 'paragraph' as const, content: [{ type: 'text' as const, text: sentence(random, scene) }] }],
    }));
    blocks.splice(blocks.length - 1, 0, { type: 'bulletList', content: items });
  }
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

/** The rows generated articles point at: the demo newspaper's. */
export interface ArchiveReferences {
  sectionIds: number[];
  authorIds: number[];
  topicIds: number[];
  pictures: PictureReference[];
}

export interface ArchivePlan {
  count: number;
  /** The first article's id; the others follow (ids are given, so the link rows need no round trip). */
  firstId: number;
  now: Date;
  /** Published times are spread over this many days before `now`, oldest first, as ids grow. */
  spreadDays: number;
}

/** One generated article, in the app's terms; bench/archive-rows.ts maps it to rows. */
export interface GeneratedArticle {
  id: number;
  slug: string;
  sectionId: number;
  kicker: string;
  headline: string;
  standfirst: string;
  bodyJson: string;
  heroImageId: number | null;
  agencyCredit: string;
  accessLevel: AccessLevel;
  commentsEnabled: boolean;
  status: ArticleStatus;
  publishedAt: string | null;
  updatedAt: string | null;
  createdAt: string;
  authorIds: number[];
  topicIds: number[];
}

const HOUR_MS = 60 * 60 * 1000;
const AGENCY_CREDITS = ['Additional reporting by Northgate Press Agency', 'With reporting from Meridian Wire'];

/** How many of `count` articles are scheduled (published, due later): the newest few, one in 2,000. */
export function scheduledCount(count: number): number {
  return Math.ceil(count / 2000);
}

/**
 * Article `index` (0-based) of the plan. Mostly free, published and live;
 * about 10 % registered-only and 5 % premium; 0.2 % drafts and 0.2 % withdrawn;
 * the last `scheduledCount` scheduled within the next two weeks.
 */
export function generateArticle(random: Random, references: ArchiveReferences, plan: ArchivePlan, index: number): GeneratedArticle {
  const scene = { subject: pick(random, SUBJECTS), place: pick(random, PLACES) };
  const id = plan.firstId + index;
  const vocabularyRandom = createRandom(id * 2_654_435_761);
  // A word of the vocabulary in the headline, as real headlines carry the story's own words.
  const headline = capitalise(
    `${pick(random, BODIES)} ${pick(random, VERBS)} ${scene.subject} in ${scene.place}: ${zipfWord(vocabularyRandom)}`,
  );
  const live = plan.count - scheduledCount(plan.count);
  const nowMs = plan.now.getTime();
  // Oldest first, so ids grow with publication time as in a real archive; at least an hour old.
  const publishedMs =
    index < live
      ? nowMs - HOUR_MS - (plan.spreadDays * 24 * HOUR_MS * (live - index - random())) / live
      : nowMs + HOUR_MS + random() * 14 * 24 * HOUR_MS;
  const roll = random();
  const status: ArticleStatus = index >= live ? 'published' : roll < 0.002 ? 'draft' : roll < 0.004 ? 'withdrawn' : 'published';
  const access = random();
  const authorIds = [pick(random, references.authorIds)];
  if (random() < 0.15) authorIds.push(pick(random, references.authorIds));
  const topicRoll = random();
  const topicCount = references.topicIds.length === 0 ? 0 : topicRoll < 0.2 ? 0 : topicRoll < 0.6 ? 1 : topicRoll < 0.9 ? 2 : 3;
  const topicIds = Array.from({ length: topicCount }, () => pick(random, references.topicIds));
  const isUpdated = status === 'published' && index < live && random() < 0.08;
  return {
    id,
    slug: `${slugify(headline)}-${id}`,
    sectionId: pick(random, references.sectionIds),
    kicker: pick(random, KICKERS),
    headline,
    standfirst: sentence(random, scene),
    bodyJson: JSON.stringify({ type: 'doc', content: withVocabulary(generateBody(random, scene, references.pictures), vocabularyRandom) }),
    heroImageId: references.pictures.length && random() < 0.6 ? pick(random, references.pictures).id : null,
    agencyCredit: random() < 0.1 ? pick(random, AGENCY_CREDITS) : '',
    accessLevel: access < 0.85 ? 'free' : access < 0.95 ? 'registered' : 'premium',
    commentsEnabled: random() < 0.9,
    status,
    publishedAt: status === 'draft' ? null : new Date(publishedMs).toISOString(),
    updatedAt: isUpdated ? new Date(Math.min(publishedMs + HOUR_MS * (1 + random() * 47), nowMs - 60_000)).toISOString() : null,
    // Written a few hours before it went out; scheduled ones just now.
    createdAt: new Date(index >= live ? nowMs : publishedMs - HOUR_MS * random() * 6).toISOString(),
    authorIds: [...new Set(authorIds)],
    topicIds: [...new Set(topicIds)],
  };
}
