// A post made ready to write, before its chunk's transaction opens: its
// section and authors made through the taxonomy service and its pictures
// through the media library (each of those writes in its own transaction,
// which must not happen inside the chunk's: SQLite has one connection), its
// body converted by the sanitiser. What is left for the chunk's transaction
// is the article itself (importer.service.ts), with a slug chosen there.
import type { Db, DbOrTransaction } from '../../core/db/database.js';
import { isSlug, slugFrom } from '../../core/text/slug.js';
import { bodyFromHtml, imageSourcesIn, type TaxonomyService } from '../articles/articles.service.js';
import type { ArticleBody, HeroInput } from '../articles/articles.types.js';
import type { MediaService } from '../media/media.service.js';
import type { ImageLocator } from './import-images.js';
import { clip, fallbackAlt } from './import-mapping.js';
import type { SourceExport, SourcePost } from './import-source.types.js';
import * as repository from './importers.repository.js';

export interface PreparedPost {
  post: SourcePost;
  sectionPath: string;
  extraTopics: string[];
  body: ArticleBody;
  hero: HeroInput | null;
}

export interface PostPreparation {
  db: Db;
  source: string;
  exported: SourceExport;
  dryRun: boolean;
  defaultSection: string;
  images: ImageLocator;
  taxonomy: Pick<TaxonomyService, 'createSection' | 'createAuthor'>;
  media: Pick<MediaService, 'importImage'>;
  now: () => string;
  report: { images: { imported: number; missing: string[] } };
}

/** The slug a post asks for (its own when it is one, else from its title), before any `-2`. */
export function baseSlugOf(post: SourcePost): string {
  let base = isSlug(post.slug) && post.slug.length <= 70 ? post.slug : slugFrom(post.title).slice(0, 70);
  while (base.endsWith('-')) base = base.slice(0, -1);
  return base || 'story';
}

/** The first of `base`, `base-2`, `base-3`… no article has and this chunk has not given out. */
export async function freeSlugFor(
  trx: DbOrTransaction,
  base: string,
  taken: { known: ReadonlySet<string>; given: Set<string> },
): Promise<string> {
  for (let suffix = 1; ; suffix += 1) {
    const candidate = suffix === 1 ? base : `${base}-${suffix}`;
    if (taken.given.has(candidate)) continue;
    // The chunk's bases were looked up together; only a suffix costs a query of its own.
    const isTaken = suffix === 1 ? taken.known.has(candidate) : (await repository.findArticleIdBySlug(trx, candidate)) !== null;
    if (!isTaken) {
      taken.given.add(candidate);
      return candidate;
    }
  }
}

export function createPostPreparer(deps: PostPreparation) {
  const { db, source, dryRun, report, now } = deps;
  const sections = new Map<string, string | null>();
  const authorsMade = new Set<string>();
  const imageIds = new Map<string, string | null>();

  async function ensureDefaultSection(): Promise<void> {
    if (await repository.sectionExists(db, deps.defaultSection)) return;
    if (deps.defaultSection !== 'news') throw new Error(`There is no section at /${deps.defaultSection}.`);
    if (!dryRun) await deps.taxonomy.createSection({ name: 'News', slug: 'news' });
  }

  /** A top-level section for a tag or category (made when missing), or null when its slug is one of the site's own paths. */
  async function sectionFor(section: SourcePost['section']): Promise<string | null> {
    if (!section) return deps.defaultSection;
    const slug = isSlug(section.slug) ? section.slug : slugFrom(section.name).slice(0, 80);
    if (!slug) return null;
    if (sections.has(slug)) return sections.get(slug)!;
    let path: string | null = slug;
    if (!(await repository.sectionExists(db, slug)) && !dryRun) {
      const created = await deps.taxonomy.createSection({ name: clip(section.name, 60), slug });
      if (created.kind !== 'created') path = (await repository.sectionExists(db, slug)) ? slug : null;
    }
    sections.set(slug, path);
    return path;
  }

  async function ensureAuthors(post: SourcePost): Promise<void> {
    for (const id of post.authorIds) {
      const author = deps.exported.authors.get(id);
      if (!author || authorsMade.has(id) || dryRun) continue;
      authorsMade.add(id);
      // Made with its bio through the taxonomy; one that exists already is left as it is.
      await deps.taxonomy.createAuthor({ name: author.name, bio: clip(author.bio, 300) });
    }
  }

  /** The library's public id for an export's picture: imported once per source, whichever post shows it first. */
  async function libraryImage(src: string, alt: string, caption: string): Promise<string | null> {
    const key = src.trim();
    if (imageIds.has(key)) return imageIds.get(key)!;
    const known = (await repository.findImportedIds(db, source, 'image', [key])).get(key);
    if (known) {
      imageIds.set(key, known);
      return known;
    }
    const located = await deps.images.locate(key);
    let publicId: string | null = null;
    if (located.kind === 'missing') report.images.missing.push(located.reason);
    else if (!dryRun) {
      const stored = await deps.media.importImage(
        { data: located.data, name: located.name },
        { alt, caption: clip(caption, 1000), credit: '' },
      );
      if (stored.kind === 'stored') {
        publicId = stored.image.publicId;
        await repository.recordImport(db, { source, kind: 'image', sourceId: key, targetId: publicId, now: now() });
        report.images.imported += 1;
      } else report.images.missing.push(`${key.slice(0, 200)}: ${stored.problems.map((problem) => problem.message).join(' ')}`);
    }
    imageIds.set(key, publicId);
    return publicId;
  }

  async function prepare(post: SourcePost): Promise<PreparedPost> {
    const sectionPath = await sectionFor(post.section);
    const extraTopics = sectionPath === null && post.section ? [post.section.name] : [];
    await ensureAuthors(post);
    const alt = fallbackAlt(post.title);
    const inline = new Map<string, string>();
    for (const src of imageSourcesIn(post.html)) {
      const publicId = await libraryImage(src, alt, '');
      if (publicId) inline.set(src.trim(), publicId);
    }
    const body = bodyFromHtml(post.html, (src) => {
      const imageId = inline.get(src.trim());
      return imageId ? { imageId, alt, caption: '', credit: '' } : null;
    });
    let hero: HeroInput | null = null;
    if (post.featureImage) {
      const imageId = await libraryImage(post.featureImage.src, post.featureImage.alt || alt, post.featureImage.caption);
      if (imageId)
        hero = { imageId, alt: clip(post.featureImage.alt || alt, 500), caption: clip(post.featureImage.caption, 1000), credit: '' };
    }
    return { post, sectionPath: sectionPath ?? deps.defaultSection, extraTopics, body, hero };
  }

  return { ensureDefaultSection, prepare };
}
