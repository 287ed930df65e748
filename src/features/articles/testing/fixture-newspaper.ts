// A small newspaper for tests: original fixture text, known dates, a tiny image.
import sharp from 'sharp';
import type { Db } from '../../../core/db/database.js';
import type { AccessLevel, ArticleStatus } from '../../../core/db/schema.js';
import { insertImage } from '../../media/testing/image-fixtures.js';
import type { Block } from '../article-body.js';
import * as repository from '../articles.repository.js';

export const FIXTURE_NOW = new Date('2026-03-10T12:00:00.000Z');
const HOUR = 60 * 60 * 1000;

export const paragraph = (text: string): Block => ({ type: 'paragraph', content: [{ type: 'text', text }] });

export interface FixtureArticle {
  slug: string;
  sectionPath: string;
  headline: string;
  hoursAgo: number;
  access?: AccessLevel;
  status?: ArticleStatus;
  topics?: string[];
  authors?: string[];
  body?: Block[];
  kicker?: string;
  updatedHoursAgo?: number;
}

export const fixtureArticles: FixtureArticle[] = [
  {
    slug: 'harbour-wall-repaired',
    sectionPath: 'world/europe',
    headline: 'Harbour wall repaired before winter storms',
    hoursAgo: 1,
    topics: ['coast'],
    kicker: 'Coast',
  },
  {
    slug: 'council-agrees-budget',
    sectionPath: 'politics',
    headline: 'Council agrees budget after late-night session',
    hoursAgo: 5,
    authors: ['ada-fenwick', 'tomas-ruiz'],
  },
  {
    slug: 'ferry-timetable-changes',
    sectionPath: 'world',
    headline: 'Ferry timetable changes for the spring',
    hoursAgo: 30,
    topics: ['coast'],
    updatedHoursAgo: 29,
  },
  {
    slug: 'members-only-analysis',
    sectionPath: 'politics',
    headline: 'What the budget means for rural bus routes',
    hoursAgo: 50,
    access: 'registered',
  },
  {
    slug: 'premium-investigation',
    sectionPath: 'world/europe',
    headline: 'Inside the lighthouse keepers’ pension fund',
    hoursAgo: 70,
    access: 'premium',
    topics: ['coast'],
  },
  { slug: 'scheduled-for-tomorrow', sectionPath: 'world', headline: 'A story scheduled for tomorrow morning', hoursAgo: -20 },
  { slug: 'unfinished-draft', sectionPath: 'world', headline: 'A draft nobody should see', hoursAgo: 3, status: 'draft' },
  { slug: 'retracted-report', sectionPath: 'world', headline: 'A report that was withdrawn', hoursAgo: 90, status: 'withdrawn' },
];

/** A string that appears only in the gated part of a canary article's body (leak tests look for it). */
export function canaryFor(slug: string): string {
  return `CANARY-${slug}-7f3c`;
}

/** The library id of the picture that appears only in a canary article's gated part. */
export function gatedFigureImageId(slug: string): string {
  return `gated-figure-${slug}`;
}

/** Six paragraphs and a picture; the canary sits in the last four blocks, which no teaser may show. */
function canaryBody(slug: string): Block[] {
  return [
    paragraph(`Opening paragraph of ${slug}.`),
    paragraph('The second paragraph sets the scene.'),
    paragraph('The third paragraph brings a witness.'),
    paragraph(`Gated detail ${canaryFor(slug)} that only entitled readers get.`),
    {
      type: 'figure',
      attrs: { imageId: gatedFigureImageId(slug), alt: 'A gated picture', caption: `Gated caption ${canaryFor(slug)}`, credit: 'Fixture' },
    },
    paragraph(`More gated text, again ${canaryFor(slug)}.`),
    paragraph(`The ending, with ${canaryFor(slug)} once more.`),
  ];
}

/** Slugs of the canary articles `seedFixtureNewspaper({ canaryArticles: n })` adds, by access level. */
export function canarySlugs(count: number): Record<AccessLevel, string[]> {
  const slugs = (level: AccessLevel) => Array.from({ length: count }, (_, index) => `${level}-canary-${index + 1}`);
  return { free: slugs('free'), registered: slugs('registered'), premium: slugs('premium') };
}

export async function tinyJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 18, channels: 3, background: { r: 40, g: 90, b: 140 } } })
    .jpeg()
    .toBuffer();
}

/**
 * Seeds the fixture newspaper; `extraArticles` adds generated free articles in
 * 'world' (for paging); `canaryArticles` adds that many free, registered and
 * premium articles (in 'politics', published a week ago) whose gated
 * paragraphs carry `canaryFor(slug)`.
 */
export async function seedFixtureNewspaper(
  db: Db,
  options: { now?: Date; extraArticles?: number; canaryArticles?: number } = {},
): Promise<void> {
  const now = options.now ?? FIXTURE_NOW;
  const iso = now.toISOString();
  const world = await repository.insertSection(db, {
    path: 'world',
    name: 'World',
    description: 'News from around the world.',
    parentId: null,
    position: 0,
  });
  const sections = new Map<string, number>([
    ['world', world],
    [
      'world/europe',
      await repository.insertSection(db, { path: 'world/europe', name: 'Europe', description: 'Europe.', parentId: world, position: 0 }),
    ],
    [
      'politics',
      await repository.insertSection(db, { path: 'politics', name: 'Politics', description: 'Politics.', parentId: null, position: 1 }),
    ],
  ]);
  const authors = new Map<string, number>([
    [
      'ada-fenwick',
      await repository.insertAuthor(db, {
        slug: 'ada-fenwick',
        name: 'Ada Fenwick',
        jobTitle: 'Political editor',
        bio: 'Covers the council.',
        createdAt: iso,
      }),
    ],
    [
      'tomas-ruiz',
      await repository.insertAuthor(db, {
        slug: 'tomas-ruiz',
        name: 'Tomás Ruiz',
        jobTitle: 'Reporter',
        bio: 'Reports on the coast.',
        createdAt: iso,
      }),
    ],
  ]);
  const topics = new Map<string, number>([
    ['coast', await repository.insertTopic(db, { slug: 'coast', name: 'The coast', description: 'Life by the sea.' })],
  ]);
  const imageId = await insertImage(db, {
    publicId: 'fixture-hero',
    alt: 'A blue test card',
    caption: 'The test card',
    credit: 'Fixture',
    width: 32,
    height: 18,
    mime: 'image/jpeg',
    data: await tinyJpeg(),
    createdAt: iso,
  });
  const generated: FixtureArticle[] = Array.from({ length: options.extraArticles ?? 0 }, (_, index) => ({
    slug: `generated-story-${index + 1}`,
    sectionPath: 'world',
    headline: `Generated story number ${index + 1}`,
    hoursAgo: 100 + index,
  }));
  const canaries: FixtureArticle[] = Object.entries(canarySlugs(options.canaryArticles ?? 0)).flatMap(([level, slugs]) =>
    slugs.map((slug, index) => ({
      slug,
      sectionPath: 'politics',
      headline: `Canary story ${slug}`,
      hoursAgo: 24 * 7 + index,
      access: level as AccessLevel,
      body: canaryBody(slug),
    })),
  );
  for (const canary of canaries)
    await insertImage(db, {
      publicId: gatedFigureImageId(canary.slug),
      alt: 'A gated picture',
      caption: 'Gated caption',
      credit: 'Fixture',
      width: 32,
      height: 18,
      mime: 'image/jpeg',
      data: await tinyJpeg(),
      createdAt: iso,
    });
  const ids = new Map<string, number>();
  for (const article of [...fixtureArticles, ...generated, ...canaries]) {
    const publishedAt = new Date(now.getTime() - article.hoursAgo * HOUR).toISOString();
    const body = article.body ?? [
      paragraph(`First paragraph of ${article.headline}.`),
      paragraph('Second paragraph with more detail.'),
      paragraph('Third paragraph that closes the story.'),
    ];
    ids.set(
      article.slug,
      await repository.insertArticle(db, {
        slug: article.slug,
        sectionId: sections.get(article.sectionPath)!,
        kicker: article.kicker ?? '',
        headline: article.headline,
        standfirst: `Standfirst of ${article.headline}.`,
        bodyJson: JSON.stringify({ type: 'doc', content: body }),
        heroImageId: imageId,
        agencyCredit: 'Additional reporting by Fixture Wire',
        accessLevel: article.access ?? 'free',
        commentsEnabled: true,
        status: article.status ?? 'published',
        publishedAt,
        updatedAt: article.updatedHoursAgo !== undefined ? new Date(now.getTime() - article.updatedHoursAgo * HOUR).toISOString() : null,
        authorIds: (article.authors ?? ['ada-fenwick']).map((slug) => authors.get(slug)!),
        topicIds: (article.topics ?? []).map((slug) => topics.get(slug)!),
        now: iso,
      }),
    );
  }
  await repository.replaceFrontSlots(db, 'home', [ids.get('council-agrees-budget')!, ids.get('harbour-wall-repaired')!]);
  await repository.bumpContentRevision(db, iso);
}
