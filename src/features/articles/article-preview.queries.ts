// What a preview needs beyond the editable article to make the reader's page
// of it: the section's name and parent, the authors' and topics' profiles,
// and the images' sizes. An article in any state (previews are for drafts
// too); only ever read for someone allowed to see the article.
import type { Db } from '../../core/db/database.js';
import { slugFrom } from '../../core/text/slug.js';
import type { AuthorRef, ImageRef, SectionRef, TopicRef } from './articles.types.js';

export interface PreviewReferences {
  section: (SectionRef & { parent: SectionRef | null }) | null;
  /** By slug (a name's slug: "Ada Fenwick" and "ada fenwick" are one profile, as when saving). */
  authors: Map<string, AuthorRef>;
  topics: Map<string, TopicRef>;
  /** Library images by public id. */
  images: Map<string, ImageRef>;
}

export async function findPreviewReferences(
  db: Db,
  wanted: { sectionPath: string; authorNames: readonly string[]; topicNames: readonly string[]; imageIds: readonly string[] },
): Promise<PreviewReferences> {
  const section = await db
    .selectFrom('sections')
    .leftJoin('sections as parent_sections', 'parent_sections.id', 'sections.parent_id')
    .where('sections.path', '=', wanted.sectionPath)
    .select(['sections.path', 'sections.name', 'parent_sections.path as parent_path', 'parent_sections.name as parent_name'])
    .executeTakeFirst();
  const authorSlugs = wanted.authorNames.map(slugFrom).filter(Boolean);
  const topicSlugs = wanted.topicNames.map(slugFrom).filter(Boolean);
  const [authors, topics, images] = await Promise.all([
    authorSlugs.length
      ? db.selectFrom('authors').where('slug', 'in', authorSlugs).select(['slug', 'name', 'job_title']).execute()
      : Promise.resolve([]),
    topicSlugs.length ? db.selectFrom('topics').where('slug', 'in', topicSlugs).select(['slug', 'name']).execute() : Promise.resolve([]),
    wanted.imageIds.length
      ? db
          .selectFrom('images')
          .where('public_id', 'in', [...wanted.imageIds])
          .select(['public_id', 'alt', 'caption', 'credit', 'width', 'height'])
          .execute()
      : Promise.resolve([]),
  ]);
  return {
    section: section
      ? {
          path: section.path,
          name: section.name,
          parent: section.parent_path ? { path: section.parent_path, name: section.parent_name ?? '' } : null,
        }
      : null,
    authors: new Map(authors.map((row) => [row.slug, { slug: row.slug, name: row.name, jobTitle: row.job_title }])),
    topics: new Map(topics.map((row) => [row.slug, { slug: row.slug, name: row.name }])),
    images: new Map(
      images.map((row) => [
        row.public_id,
        { publicId: row.public_id, alt: row.alt, caption: row.caption, credit: row.credit, width: row.width, height: row.height },
      ]),
    ),
  };
}
