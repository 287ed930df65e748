// Bringing a publication in: reads an export's entries (SourceExport) in
// chunks and writes each post through the articles' one writer (the article
// editing service), so revisions, cache tags and the change log are what an
// editor's save makes. Each article is written in one transaction together
// with its import record and old paths: stopped anywhere (a crash, Ctrl-C),
// the next run skips what is recorded and carries on, with no duplicates. A
// post that cannot be imported is reported with its reason and skipped.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { isSlug, slugFrom } from '../../core/text/slug.js';
import {
  articleTag,
  bodyFromHtml,
  createArticleEditingService,
  imageSourcesIn,
  type ArticlesService,
  type TaxonomyService,
} from '../articles/articles.service.js';
import type { Actor, HeroInput } from '../articles/articles.types.js';
import type { MediaService } from '../media/media.service.js';
import type { ImageLocator } from './import-images.js';
import { clip, createRequestFor, fallbackAlt } from './import-mapping.js';
import { createCommentImporter, emptyCommentsReport, type CommentsReport } from './import-comments.js';
import type { SkippedItem, SourceEntry, SourceExport, SourceMember, SourcePost } from './import-source.types.js';
import * as repository from './importers.repository.js';
import { looksLikeEmail } from './source-values.js';

export interface ImporterDependencies {
  db: Db;
  clock: Clock;
  timeZone: string;
  changeContent: ArticlesService['changeContent'];
  taxonomy: Pick<TaxonomyService, 'createSection' | 'createAuthor'>;
  media: Pick<MediaService, 'importImage'>;
}

export interface ImportOptions {
  /** Reads and checks everything, writes nothing. */
  dryRun: boolean;
  /** Entries read, checked against the records and written per chunk. */
  chunkSize?: number;
  images: ImageLocator;
  /** Where a post without a tag or category goes (created as "News" when it is `news` and missing). */
  defaultSection: string;
  /** Whom the revisions name. */
  actor: Actor;
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Asked between posts: true stops the run (Ctrl-C) with ImportStopped, which carries the report so far. */
  shouldStop?: () => boolean;
  /** After each chunk is written (tests stop an import here, as a crash would). */
  afterChunk?: (chunk: number) => void | Promise<void>;
}

export type { SkippedItem } from './import-source.types.js';

export interface ImportReport {
  source: string;
  dryRun: boolean;
  articles: { imported: number; alreadyImported: number; skipped: SkippedItem[] };
  images: { imported: number; missing: string[] };
  readers: { imported: number; existing: number; alreadyImported: number; skipped: SkippedItem[] };
  comments: CommentsReport;
  redirects: number;
}

/** The run was asked to stop; what it did before is in `report`, and a rerun carries on. */
export class ImportStopped extends Error {
  constructor(readonly report: ImportReport) {
    super('The import was stopped.');
  }
}

export function createImporter(deps: ImporterDependencies) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();

  async function run(exported: SourceExport, options: ImportOptions): Promise<ImportReport> {
    const { source } = exported;
    const report: ImportReport = {
      source,
      dryRun: options.dryRun,
      articles: { imported: 0, alreadyImported: 0, skipped: [] },
      images: { imported: 0, missing: [] },
      readers: { imported: 0, existing: 0, alreadyImported: 0, skipped: [] },
      comments: emptyCommentsReport(),
      redirects: 0,
    };
    const chunkSize = options.chunkSize ?? 100;
    const sections = new Map<string, string | null>();
    const authorsMade = new Set<string>();
    const imageIds = new Map<string, string | null>();
    let pendingRecord: { post: SourcePost; slug: string } | null = null;
    let done = 0;
    let chunkNumber = 0;
    const comments = createCommentImporter({ db, source, dryRun: options.dryRun, now, report: report.comments });

    // The article's import record and old paths go in the transaction that writes it.
    const articleEditing = createArticleEditingService({
      db,
      clock,
      timeZone: deps.timeZone,
      changeContent: (change) =>
        deps.changeContent(async (trx) => {
          const tags = await change(trx);
          const pending = pendingRecord;
          if (pending) {
            const articleId = await repository.findArticleIdBySlug(trx, pending.slug);
            if (articleId === null) throw new Error(`The article ${pending.slug} was not written.`);
            await repository.recordImport(trx, {
              source,
              kind: 'article',
              sourceId: pending.post.sourceId,
              targetId: String(articleId),
              now: now(),
            });
            report.redirects += await repository.addLegacyRedirects(trx, pending.post.legacyPaths, articleId, now());
          }
          return tags;
        }),
    });

    async function ensureDefaultSection(): Promise<void> {
      if (await repository.sectionExists(db, options.defaultSection)) return;
      if (options.defaultSection !== 'news') throw new Error(`There is no section at /${options.defaultSection}.`);
      if (!options.dryRun) await deps.taxonomy.createSection({ name: 'News', slug: 'news' });
    }

    /** A top-level section for a tag or category (made when missing), or null when its slug is one of the site's own paths. */
    async function sectionFor(section: SourcePost['section']): Promise<string | null> {
      if (!section) return options.defaultSection;
      const slug = isSlug(section.slug) ? section.slug : slugFrom(section.name).slice(0, 80);
      if (!slug) return null;
      if (sections.has(slug)) return sections.get(slug)!;
      let path: string | null = slug;
      if (!(await repository.sectionExists(db, slug)) && !options.dryRun) {
        const created = await deps.taxonomy.createSection({ name: clip(section.name, 60), slug });
        if (created.kind !== 'created') path = (await repository.sectionExists(db, slug)) ? slug : null;
      }
      sections.set(slug, path);
      return path;
    }

    async function ensureAuthors(post: SourcePost): Promise<void> {
      for (const id of post.authorIds) {
        const author = exported.authors.get(id);
        if (!author || authorsMade.has(id) || options.dryRun) continue;
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
      const located = await options.images.locate(key);
      let publicId: string | null = null;
      if (located.kind === 'missing') report.images.missing.push(located.reason);
      else if (options.dryRun) publicId = null;
      else {
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

    async function freeSlugFor(post: SourcePost): Promise<string> {
      let base = isSlug(post.slug) && post.slug.length <= 70 ? post.slug : slugFrom(post.title).slice(0, 70);
      while (base.endsWith('-')) base = base.slice(0, -1);
      base ||= 'story';
      for (let suffix = 1; ; suffix += 1) {
        const candidate = suffix === 1 ? base : `${base}-${suffix}`;
        if ((await repository.findArticleIdBySlug(db, candidate)) === null) return candidate;
      }
    }

    async function importPost(post: SourcePost): Promise<void> {
      const skip = (reason: string) => report.articles.skipped.push({ sourceId: post.sourceId, title: post.title, reason });
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
      const slug = await freeSlugFor(post);
      const request = createRequestFor(post, {
        authors: exported.authors,
        sectionPath: sectionPath ?? options.defaultSection,
        extraTopics,
        slug,
        body,
        hero,
        now: now(),
      });
      if (options.dryRun) {
        comments.noteArticle(post.sourceId, null);
        report.articles.imported += 1;
        report.redirects += post.legacyPaths.length;
        return;
      }
      pendingRecord = { post, slug };
      try {
        const outcome = await articleEditing.create(options.actor, request);
        if (outcome.kind === 'saved') {
          report.articles.imported += 1;
          comments.noteArticle(post.sourceId, outcome.article.id);
        } else if (outcome.kind === 'invalid') skip(outcome.problems.map((problem) => `${problem.field}: ${problem.message}`).join(' '));
        else skip(outcome.kind === 'forbidden' ? outcome.message : `The article could not be written (${outcome.kind}).`);
      } finally {
        pendingRecord = null;
      }
    }

    async function importMember(member: SourceMember, recorded: Map<string, string>): Promise<void> {
      if (recorded.has(member.sourceId)) {
        report.readers.alreadyImported += 1;
        return;
      }
      const email = member.email.toLowerCase();
      if (!looksLikeEmail(email)) {
        report.readers.skipped.push({ sourceId: member.sourceId, title: clip(member.email, 80), reason: 'Not an email address.' });
        return;
      }
      if (options.dryRun) {
        report.readers.imported += 1;
        return;
      }
      const [firstName = '', ...rest] = member.name.split(/\s+/).filter(Boolean);
      const existed = await db.transaction().execute(async (trx) => {
        const existing = await repository.findUserIdByEmail(trx, email);
        const userId =
          existing ??
          (await repository.insertImportedReader(trx, {
            email,
            firstName: clip(firstName, 60),
            lastName: clip(rest.join(' '), 60),
            createdAt: member.createdAt,
            subscribed: member.subscribed,
            source,
            now: now(),
          }));
        await repository.recordImport(trx, { source, kind: 'reader', sourceId: member.sourceId, targetId: String(userId), now: now() });
        return existing !== null;
      });
      if (existed) report.readers.existing += 1;
      else report.readers.imported += 1;
    }

    async function writeChunk(chunk: SourceEntry[]): Promise<void> {
      const postIds = chunk.flatMap((entry) => (entry.kind === 'post' ? [entry.post.sourceId] : []));
      const memberIds = chunk.flatMap((entry) => (entry.kind === 'member' ? [entry.member.sourceId] : []));
      const recordedPosts = await repository.findImportedIds(db, source, 'article', postIds);
      const recordedMembers = await repository.findImportedIds(db, source, 'reader', memberIds);
      const commentLookups = await comments.lookUp(chunk.flatMap((entry) => (entry.kind === 'comment' ? [entry.comment] : [])));
      const commentedArticles = new Set<number>();
      for (const entry of chunk) {
        if (options.shouldStop?.()) throw new ImportStopped(report);
        if (entry.kind === 'problem') report.articles.skipped.push({ sourceId: entry.sourceId, title: entry.title, reason: entry.reason });
        else if (entry.kind === 'comment') {
          const articleId = await comments.importComment(entry.comment, commentLookups);
          if (articleId !== null) commentedArticles.add(articleId);
        } else if (entry.kind === 'member') await importMember(entry.member, recordedMembers);
        else if (recordedPosts.has(entry.post.sourceId)) report.articles.alreadyImported += 1;
        else {
          try {
            await importPost(entry.post);
          } catch (error) {
            // One post's failure (a database refusal, an image that breaks the decoder) is that post's alone.
            report.articles.skipped.push({
              sourceId: entry.post.sourceId,
              title: entry.post.title,
              reason: `It could not be written: ${clip((error as Error).message ?? String(error), 300)}`,
            });
          }
        }
        if (entry.kind === 'post' || entry.kind === 'problem') done += 1;
      }
      // The pages that show these comments' counts and threads, on every node.
      if (commentedArticles.size) await deps.changeContent(async () => [...commentedArticles].map(articleTag));
      chunkNumber += 1;
      options.onProgress?.({ done, total: exported.postCount });
      await options.afterChunk?.(chunkNumber);
    }

    await ensureDefaultSection();
    let chunk: SourceEntry[] = [];
    for await (const entry of exported.entries()) {
      chunk.push(entry);
      if (chunk.length >= chunkSize) {
        await writeChunk(chunk);
        chunk = [];
      }
    }
    if (chunk.length) await writeChunk(chunk);
    return report;
  }

  return { run };
}

export type Importer = ReturnType<typeof createImporter>;
