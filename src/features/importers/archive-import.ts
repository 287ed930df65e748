// `masthead import masthead <archive>`: reads a `masthead export` archive
// line by line (never whole) and writes it through the services the other
// importers use — sections, topics and authors through the taxonomy, pictures
// through the media library's upload path, articles through the article
// editing service — each article with its import record in one transaction.
// Every record is checked against its schema; a bad one is reported and
// skipped. Rerun after a crash or Ctrl-C, it skips what is recorded.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { createArticleEditingService, type ArticlesService, type TaxonomyService } from '../articles/articles.service.js';
import type { CreateRequest } from '../articles/articles.service.js';
import type { Actor } from '../articles/articles.types.js';
import type { MediaService } from '../media/media.service.js';
import * as archive from './archive-import.repository.js';
import { RECORD_SCHEMAS, headerSchema, type ArchiveRecord, type RecordType } from './archive-records.js';
import { saveChoiceFor } from './import-mapping.js';
import { UnreadableExportError } from './import-source.types.js';
import type { SkippedItem } from './importer.service.js';
import * as repository from './importers.repository.js';

export interface ArchiveImportDependencies {
  db: Db;
  clock: Clock;
  timeZone: string;
  changeContent: ArticlesService['changeContent'];
  taxonomy: Pick<TaxonomyService, 'createSection' | 'createTopic' | 'createAuthor'>;
  media: Pick<MediaService, 'importImage'>;
}

export interface ArchiveImportOptions {
  dryRun: boolean;
  actor: Actor;
  onProgress?: (progress: { done: number; total: number }) => void;
  shouldStop?: () => boolean;
}

export interface ArchiveImportReport {
  source: string;
  dryRun: boolean;
  imported: Record<RecordType, number>;
  alreadyImported: number;
  skipped: SkippedItem[];
  complete: boolean;
}

type Of<Type extends RecordType> = Extract<ArchiveRecord, { type: Type }>;

async function* linesOf(file: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) yield line;
}

/** Opens the archive: its first line must say what it is. Answers its source and its number of lines. */
export async function openArchive(file: string): Promise<{ source: string; lines: number }> {
  let source: string | null = null;
  let lines = 0;
  for await (const line of linesOf(file)) {
    if (source === null) {
      let header: unknown;
      try {
        header = JSON.parse(line);
      } catch {
        header = null;
      }
      const parsed = headerSchema.safeParse(header);
      if (!parsed.success) throw new UnreadableExportError('This is not a Masthead archive (version 1): its first line says otherwise.');
      source = parsed.data.source;
    }
    lines += 1;
  }
  if (source === null) throw new UnreadableExportError('The archive is empty.');
  return { source, lines };
}

export function createArchiveImporter(deps: ArchiveImportDependencies) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();

  async function run(file: string, options: ArchiveImportOptions): Promise<ArchiveImportReport> {
    const { source, lines } = await openArchive(file);
    const imported = { section: 0, topic: 0, image: 0, author: 0, article: 0, account: 0, session: 0, comment: 0 };
    const report: ArchiveImportReport = { source, dryRun: options.dryRun, imported, alreadyImported: 0, skipped: [], complete: false };
    const skip = (sourceId: string, title: string, reason: string): void => {
      report.skipped.push({ sourceId, title, reason });
    };
    let pending: { record: Of<'article'> } | null = null;
    const editing = createArticleEditingService({
      db,
      clock,
      timeZone: deps.timeZone,
      changeContent: (change) =>
        deps.changeContent(async (trx) => {
          const tags = await change(trx);
          if (pending) {
            const articleId = await repository.findArticleIdBySlug(trx, pending.record.slug);
            if (articleId === null) throw new Error(`The article ${pending.record.slug} was not written.`);
            await repository.recordImport(trx, {
              source,
              kind: 'article',
              sourceId: pending.record.id,
              targetId: String(articleId),
              now: now(),
            });
            await archive.restoreArticleHistory(trx, articleId, pending.record);
          }
          return tags;
        }),
    });
    const recorded = async (kind: 'article' | 'image' | 'reader' | 'comment', sourceId: string) =>
      (await repository.findImportedIds(db, source, kind, [sourceId])).get(sourceId) ?? null;

    async function importImage(record: Of<'image'>): Promise<void> {
      if (await recorded('image', record.id)) return void (report.alreadyImported += 1);
      const data = Buffer.from(record.data, 'base64');
      if (options.dryRun) return void (imported.image += 1);
      const stored = await deps.media.importImage(
        { data, name: record.id },
        { alt: record.alt, caption: record.caption, credit: record.credit },
      );
      if (stored.kind !== 'stored') return skip(record.id, record.alt, stored.problems.map((problem) => problem.message).join(' '));
      await archive.setImageFocalPoint(db, stored.image.publicId, record.focal);
      await repository.recordImport(db, { source, kind: 'image', sourceId: record.id, targetId: stored.image.publicId, now: now() });
      imported.image += 1;
    }

    async function importArticle(record: Of<'article'>): Promise<void> {
      if (await recorded('article', record.id)) return void (report.alreadyImported += 1);
      const imageIds = new Map<string, string>();
      const figures = record.body.content.flatMap((block) =>
        typeof block === 'object' && block !== null && (block as { type?: unknown }).type === 'figure'
          ? [String((block as { attrs?: { imageId?: unknown } }).attrs?.imageId)]
          : [],
      );
      for (const old of [...figures, ...(record.hero ? [record.hero.imageId] : [])]) {
        const now = await recorded('image', old);
        if (now) imageIds.set(old, now);
        else if (!options.dryRun) return skip(record.id, record.headline, `It shows the picture ${old}, which was not imported.`);
      }
      const body = {
        ...record.body,
        content: record.body.content.map((block) => {
          const figure = block as { type?: unknown; attrs?: { imageId?: string } };
          return figure.type === 'figure' && figure.attrs?.imageId
            ? { ...figure, attrs: { ...figure.attrs, imageId: imageIds.get(figure.attrs.imageId) ?? figure.attrs.imageId } }
            : block;
        }),
      };
      const [authors, topics] = [
        await archive.namesBySlug(db, 'authors', record.authors),
        await archive.namesBySlug(db, 'topics', record.topics),
      ];
      const status =
        record.status === 'draft' ? 'draft' : record.publishedAt !== null && record.publishedAt > now() ? 'scheduled' : 'published';
      const choice = saveChoiceFor({ status, publishedAt: record.publishedAt }, now());
      const request: CreateRequest = {
        fields: {
          kicker: record.kicker,
          headline: record.headline,
          standfirst: record.standfirst,
          slug: record.slug,
          section: record.section,
          topics: record.topics.map((slug) => topics.get(slug) ?? slug),
          authors: record.authors.map((slug) => authors.get(slug) ?? slug),
          access: record.access,
          commentsEnabled: record.commentsEnabled,
          agencyCredit: record.agencyCredit,
          hero: record.hero ? { ...record.hero, imageId: imageIds.get(record.hero.imageId) ?? record.hero.imageId } : null,
          body: body as NonNullable<CreateRequest['fields']['body']>,
          editorialNote: record.editorialNote,
        },
        ...(record.status === 'draft' && record.inReview ? { action: 'submit' as const } : choice),
      };
      if (options.dryRun) return void (imported.article += 1);
      pending = { record };
      let outcome;
      try {
        outcome = await editing.create(options.actor, request);
      } finally {
        pending = null;
      }
      if (outcome.kind !== 'saved')
        return skip(
          record.id,
          record.headline,
          outcome.kind === 'invalid' ? outcome.problems.map((problem) => `${problem.field}: ${problem.message}`).join(' ') : outcome.kind,
        );
      if (record.status === 'withdrawn') {
        const withdrawn = await editing.save(options.actor, outcome.article.id, {
          baseVersion: outcome.article.version,
          action: 'unpublish',
        });
        if (withdrawn.kind !== 'saved') skip(record.id, record.headline, `Imported, but could not be withdrawn (${withdrawn.kind}).`);
      }
      imported.article += 1;
    }

    async function importAccount(record: Of<'account'>): Promise<void> {
      if (await recorded('reader', record.id)) return void (report.alreadyImported += 1);
      if (options.dryRun) return void (imported.account += 1);
      const email = record.email.trim().toLowerCase();
      const made = await db.transaction().execute(async (trx) => {
        const existing = await repository.findUserIdByEmail(trx, email);
        const userId =
          existing ?? (await archive.insertArchivedAccount(trx, { ...record, email, passwordHash: record.passwordHash ?? null }));
        await repository.recordImport(trx, { source, kind: 'reader', sourceId: record.id, targetId: String(userId), now: now() });
        return existing === null;
      });
      if (made) imported.account += 1;
      else skip(record.id, email, 'An account with this address exists here already: linked, left as it is.');
    }

    async function importComment(record: Of<'comment'>): Promise<void> {
      if (await recorded('comment', record.id)) return void (report.alreadyImported += 1);
      if (options.dryRun) return void (imported.comment += 1);
      const [articleId, authorId, parentId] = [
        await recorded('article', record.article),
        await recorded('reader', record.author),
        record.parent === null ? null : await recorded('comment', record.parent),
      ];
      if (!articleId || !authorId || (record.parent !== null && !parentId))
        return skip(record.id, '', 'Its article, author or parent comment was not imported.');
      await db.transaction().execute(async (trx) => {
        const commentId = await archive.insertArchivedComment(trx, {
          ...record,
          articleId: Number(articleId),
          authorId: Number(authorId),
          parentId: parentId === null ? null : Number(parentId),
        });
        if (commentId !== null)
          await repository.recordImport(trx, { source, kind: 'comment', sourceId: record.id, targetId: String(commentId), now: now() });
      });
      imported.comment += 1;
    }

    async function importRecord(record: ArchiveRecord): Promise<void> {
      switch (record.type) {
        case 'section':
          if (await repository.sectionExists(db, record.path)) return void (report.alreadyImported += 1);
          if (!options.dryRun) {
            const made = await deps.taxonomy.createSection({
              name: record.name,
              slug: record.slug,
              description: record.description,
              ...(record.parent ? { parent: record.parent } : {}),
            });
            if (made.kind !== 'created') return skip(record.path, record.name, made.problems.map((problem) => problem.message).join(' '));
          }
          return void (imported.section += 1);
        case 'topic':
        case 'author': {
          if (options.dryRun) return void (imported[record.type] += 1);
          const made =
            record.type === 'topic'
              ? await deps.taxonomy.createTopic({ name: record.name, slug: record.slug, description: record.description })
              : await deps.taxonomy.createAuthor({ name: record.name, slug: record.slug, jobTitle: record.jobTitle, bio: record.bio });
          if (made.kind === 'created') imported[record.type] += 1;
          else report.alreadyImported += 1;
          if (record.type === 'author' && record.picture !== null) {
            const picture = await recorded('image', record.picture);
            if (picture) await archive.setAuthorPicture(db, record.slug, picture);
            else skip(record.slug, record.name, `Its picture ${record.picture} was not imported.`);
          }
          return;
        }
        case 'image':
          return importImage(record);
        case 'article':
          return importArticle(record);
        case 'account':
          return importAccount(record);
        case 'session': {
          const userId = await recorded('reader', record.account);
          if (!userId) return skip(record.account, '', 'A session of an account that was not imported.');
          if (!options.dryRun) await archive.insertArchivedSession(db, { ...record, userId: Number(userId) });
          return void (imported.session += 1);
        }
        case 'comment':
          return importComment(record);
      }
    }

    let done = 0;
    let first = true;
    for await (const line of linesOf(file)) {
      done += 1;
      if (first) {
        first = false;
        continue;
      }
      if (options.shouldStop?.()) throw new ArchiveImportStopped(report);
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        skip(`line ${done}`, '', 'Not JSON.');
        continue;
      }
      const type = (value as { type?: unknown } | null)?.type;
      if (type === 'end') {
        report.complete = true;
        continue;
      }
      const schema = typeof type === 'string' && Object.hasOwn(RECORD_SCHEMAS, type) ? RECORD_SCHEMAS[type as RecordType] : null;
      const parsed = schema?.safeParse(value);
      if (!parsed?.success) {
        skip(
          `line ${done}`,
          typeof type === 'string' ? type.slice(0, 40) : '',
          schema ? 'Its fields are not what the format says.' : 'Unknown record type.',
        );
        continue;
      }
      try {
        await importRecord(parsed.data as ArchiveRecord);
      } catch (error) {
        skip(`line ${done}`, String(type), `It could not be written: ${String((error as Error).message ?? error).slice(0, 300)}`);
      }
      if (done % 50 === 0) options.onProgress?.({ done, total: lines });
    }
    options.onProgress?.({ done, total: lines });
    return report;
  }

  return { run };
}

/** The run was asked to stop (Ctrl-C); what it did before is in `report`, and a rerun carries on. */
export class ArchiveImportStopped extends Error {
  constructor(readonly report: ArchiveImportReport) {
    super('The import was stopped.');
  }
}

export type ArchiveImporter = ReturnType<typeof createArchiveImporter>;
