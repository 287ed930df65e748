// Bringing a publication in: reads an export's entries (SourceExport) in
// chunks and writes each post through the articles' one writer (the article
// editing service), so revisions, cache tags and the change log are what an
// editor's save makes. A chunk is one transaction — the one the articles'
// `changeContent` opens, so its change-log entry, search documents and cache
// tags are written once for the chunk — with its articles, their import
// records and old paths, its readers and its comments; each item inside runs
// in a savepoint, so one that fails is rolled back, reported and skipped while
// the rest of the chunk commits. Stopped anywhere (a crash, Ctrl-C), the next
// run skips what is recorded and carries on, with no duplicates.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import { articleTag, createArticleEditingService, type ArticlesService, type TaxonomyService } from '../articles/articles.service.js';
import type { Actor } from '../articles/articles.types.js';
import type { MediaService } from '../media/media.service.js';
import type { ImageLocator } from './import-images.js';
import { clip, createRequestFor } from './import-mapping.js';
import { baseSlugOf, createPostPreparer, freeSlugFor, type PreparedPost } from './import-posts.js';
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

/**
 * Entries per chunk, so savepoints per transaction: PostgreSQL keeps up to 64
 * of a transaction's subtransactions in shared memory; past that every check
 * of a row one of them locked goes through pg_subtrans, and the foreign-key
 * checks on the few rows every article names (its authors, topics, the
 * importing editor) slowed threefold by 10,000 posts (docs/benchmarks.md).
 */
export const DEFAULT_CHUNK_SIZE = 50;

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
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const posts = createPostPreparer({
      ...deps,
      source,
      exported,
      dryRun: options.dryRun,
      defaultSection: options.defaultSection,
      images: options.images,
      now,
      report,
    });
    const comments = createCommentImporter({ db, source, dryRun: options.dryRun, now, report: report.comments });
    // Post ids this run recorded: an export that names one twice imports it once.
    const recordedThisRun = new Set<string>();
    let done = 0;
    let chunkNumber = 0;

    const skipPost = (post: SourcePost, reason: string): void => {
      report.articles.skipped.push({ sourceId: post.sourceId, title: post.title, reason });
    };
    const failure = (error: unknown) => `It could not be written: ${clip((error as Error).message ?? String(error), 300)}`;

    /** Written inside the chunk's transaction: the article through the editing service, bound to that transaction. */
    interface ChunkWriter {
      trx: Transaction<Database>;
      editing: ReturnType<typeof createArticleEditingService>;
      slugs: { known: ReadonlySet<string>; given: Set<string> };
      records: Array<{ sourceId: string; articleId: number }>;
      redirects: Array<{ path: string; articleId: number }>;
    }

    async function writePost(prepared: PreparedPost, writer: ChunkWriter | null): Promise<void> {
      const { post } = prepared;
      if (recordedThisRun.has(post.sourceId)) return skipPost(post, 'The export has another post with this id: it was imported once.');
      const slug = writer ? await freeSlugFor(writer.trx, baseSlugOf(post), writer.slugs) : baseSlugOf(post);
      const request = createRequestFor(post, { authors: exported.authors, ...prepared, slug, now: now() });
      if (!writer) {
        recordedThisRun.add(post.sourceId);
        comments.noteArticle(post.sourceId, null);
        report.articles.imported += 1;
        report.redirects += post.legacyPaths.length;
        return;
      }
      const outcome = await repository.withSavepoint(writer.trx, () => writer.editing.create(options.actor, request));
      if (outcome.kind === 'invalid')
        return skipPost(post, outcome.problems.map((problem) => `${problem.field}: ${problem.message}`).join(' '));
      if (outcome.kind !== 'saved')
        return skipPost(post, outcome.kind === 'forbidden' ? outcome.message : `The article could not be written (${outcome.kind}).`);
      const articleId = outcome.article.id;
      recordedThisRun.add(post.sourceId);
      writer.records.push({ sourceId: post.sourceId, articleId });
      writer.redirects.push(...post.legacyPaths.map((path) => ({ path, articleId })));
      comments.noteArticle(post.sourceId, articleId);
      report.articles.imported += 1;
    }

    async function importMember(member: SourceMember, recorded: Map<string, string>, trx: Transaction<Database> | null): Promise<void> {
      if (recorded.has(member.sourceId)) {
        report.readers.alreadyImported += 1;
        return;
      }
      const email = member.email.toLowerCase();
      if (!looksLikeEmail(email)) {
        report.readers.skipped.push({ sourceId: member.sourceId, title: clip(member.email, 80), reason: 'Not an email address.' });
        return;
      }
      if (!trx) {
        report.readers.imported += 1;
        return;
      }
      const [firstName = '', ...rest] = member.name.split(/\s+/).filter(Boolean);
      const existed = await repository.withSavepoint(trx, async () => {
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

      // Before the transaction: sections, authors and pictures (their own writes), bodies.
      const prepared = new Map<SourceEntry, PreparedPost>();
      for (const entry of chunk) {
        if (entry.kind !== 'post' || recordedPosts.has(entry.post.sourceId)) continue;
        try {
          prepared.set(entry, await posts.prepare(entry.post));
        } catch (error) {
          // One post's failure (an image that breaks the decoder, a section refused) is that post's alone.
          skipPost(entry.post, failure(error));
        }
      }

      let stopped = false;
      const writeEntries = async (writer: ChunkWriter | null): Promise<Set<number>> => {
        const commented = new Set<number>();
        for (const entry of chunk) {
          if (options.shouldStop?.()) {
            stopped = true;
            break;
          }
          if (entry.kind === 'problem')
            report.articles.skipped.push({ sourceId: entry.sourceId, title: entry.title, reason: entry.reason });
          else if (entry.kind === 'member') await importMember(entry.member, recordedMembers, writer?.trx ?? null);
          else if (entry.kind === 'comment') {
            const articleId = await comments.importComment(entry.comment, commentLookups, writer?.trx ?? null);
            if (articleId !== null) commented.add(articleId);
          } else if (recordedPosts.has(entry.post.sourceId)) report.articles.alreadyImported += 1;
          else if (prepared.has(entry)) {
            try {
              await writePost(prepared.get(entry)!, writer);
            } catch (error) {
              skipPost(entry.post, failure(error));
            }
          }
          if (entry.kind === 'post' || entry.kind === 'problem') done += 1;
        }
        return commented;
      };

      const hasWrites =
        prepared.size > 0 ||
        chunk.some((entry) => entry.kind === 'comment' || (entry.kind === 'member' && !recordedMembers.has(entry.member.sourceId)));
      if (options.dryRun || !hasWrites) await writeEntries(null);
      else
        await deps.changeContent(async (trx) => {
          const tags = new Set<string>();
          let isEverything = false;
          const writer: ChunkWriter = {
            trx,
            // The one writer, bound to this chunk's transaction; its change-log step is the chunk's own (below).
            editing: createArticleEditingService({
              db: trx,
              clock,
              timeZone: deps.timeZone,
              changeContent: async (change) => {
                const touched = await change(trx);
                if (touched === 'everything') isEverything = true;
                else for (const tag of touched) tags.add(tag);
              },
            }),
            slugs: {
              known: await repository.findTakenSlugs(
                trx,
                [...prepared.values()].map((item) => baseSlugOf(item.post)),
              ),
              given: new Set(),
            },
            records: [],
            redirects: [],
          };
          const commented = await writeEntries(writer);
          await repository.recordImports(
            trx,
            writer.records.map((record) => ({
              source,
              kind: 'article',
              sourceId: record.sourceId,
              targetId: String(record.articleId),
              now: now(),
            })),
          );
          report.redirects += await repository.addLegacyRedirectsOf(trx, writer.redirects, now());
          // The pages that show these comments' counts and threads, on every node.
          for (const articleId of commented) tags.add(articleTag(articleId));
          return isEverything ? 'everything' : [...tags];
        });
      if (stopped) throw new ImportStopped(report);
      chunkNumber += 1;
      options.onProgress?.({ done, total: exported.postCount });
      await options.afterChunk?.(chunkNumber);
    }

    await posts.ensureDefaultSection();
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
