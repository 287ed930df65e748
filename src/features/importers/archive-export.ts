// `masthead export`: the whole publication as one JSON Lines archive
// (docs/export-format.md). Each table is read in keyset pages and each page
// written before the next is read, so memory stays one page whatever the
// archive's size. The file is made with mode 0600 under a `.partial` name and
// renamed when complete: a stopped export never leaves a file that looks whole.
// Every read happens in one read-only transaction (REPEATABLE READ on
// PostgreSQL; one read transaction on SQLite, whose WAL keeps its snapshot),
// so the archive is one moment of the publication even while it keeps being
// edited: no comment whose article the export had already passed, no count
// that disagrees with the records.
import { open, rename, rm, stat } from 'node:fs/promises';
import type { Db } from '../../core/db/database.js';
import * as repository from './archive-export.repository.js';

export const ARCHIVE_FORMAT = 'masthead-archive';
export const ARCHIVE_VERSION = 1;

export interface ExportOptions {
  /** Password hashes and sessions are written only when asked (`--with-credentials`). */
  withCredentials: boolean;
  publication: { name: string; publicUrl: string };
  now: Date;
  /** Awaited before the export reads on (tests change the database here to prove the snapshot). */
  onProgress?: (progress: { done: number; total: number }) => void | Promise<void>;
}

export type ExportCounts = Record<'section' | 'topic' | 'image' | 'author' | 'article' | 'account' | 'comment' | 'session', number>;

/** The file already exists: an export never overwrites one. */
export class ArchiveExistsError extends Error {}

const asBoolean = (value: number) => value === 1;

export async function exportArchive(database: Db, file: string, options: ExportOptions): Promise<ExportCounts> {
  const partial = `${file}.partial`;
  const counts: ExportCounts = { section: 0, topic: 0, image: 0, author: 0, article: 0, account: 0, comment: 0, session: 0 };
  const exists = await stat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? false : Promise.reject(error)),
  );
  if (exists) throw new ArchiveExistsError(`${file} exists already: an export never overwrites a file.`);
  await rm(partial, { force: true });
  // 'wx': created here, never an existing file (whose mode would be kept), readable by its owner only.
  const handle = await open(partial, 'wx', 0o600);
  let finished = false;
  const db = await database.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute();
  try {
    const mode = (await handle.stat()).mode & 0o777;
    if (mode !== 0o600) throw new Error(`The archive was created with mode ${mode.toString(8)}, not 600: nothing was exported.`);
    const total = await repository.countForExport(db);
    let done = 0;
    const write = async (records: readonly object[], kind: keyof ExportCounts | null) => {
      if (!records.length) return;
      await handle.write(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      if (kind) {
        counts[kind] += records.length;
        if (kind !== 'session') done += records.length;
        await options.onProgress?.({ done, total });
      }
    };
    /** Walks one table by id, a page at a time. */
    async function walk<Row extends { id: number }>(
      page: (after: number) => Promise<Row[]>,
      each: (rows: Row[]) => Promise<void>,
    ): Promise<void> {
      for (let after = 0; ;) {
        const rows = await page(after);
        if (!rows.length) return;
        await each(rows);
        if (rows.length < repository.EXPORT_PAGE) return;
        after = rows[rows.length - 1]!.id;
      }
    }

    await write(
      [
        {
          type: ARCHIVE_FORMAT,
          version: ARCHIVE_VERSION,
          exportedAt: options.now.toISOString(),
          source: `masthead:${new URL(options.publication.publicUrl).host}`,
          publication: options.publication,
          withCredentials: options.withCredentials,
        },
      ],
      null,
    );
    for (const topLevel of [true, false])
      await walk(
        (after) => repository.sectionPage(db, topLevel, after),
        (rows) =>
          write(
            rows.map((row) => ({
              type: 'section',
              path: row.path,
              slug: row.slug,
              name: row.name,
              description: row.description,
              parent: row.parentPath,
              position: row.position,
            })),
            'section',
          ),
      );
    await walk(
      (after) => repository.topicPage(db, after),
      (rows) =>
        write(
          rows.map((row) => ({ type: 'topic', slug: row.slug, name: row.name, description: row.description })),
          'topic',
        ),
    );
    await walk(
      (after) => repository.imagePage(db, after),
      (rows) =>
        write(
          rows.map((row) => ({
            type: 'image',
            id: row.public_id,
            alt: row.alt,
            caption: row.caption,
            credit: row.credit,
            width: row.width,
            height: row.height,
            mime: row.original_mime,
            focal: { x: Number(row.focal_x), y: Number(row.focal_y) },
            createdAt: row.created_at,
            data: Buffer.from(row.original_data).toString('base64'),
          })),
          'image',
        ),
    );
    await walk(
      (after) => repository.authorPage(db, after),
      (rows) =>
        write(
          rows.map((row) => ({
            type: 'author',
            slug: row.slug,
            name: row.name,
            jobTitle: row.job_title,
            bio: row.bio,
            picture: row.picture,
            createdAt: row.created_at,
          })),
          'author',
        ),
    );
    await walk(
      (after) => repository.articlePage(db, after),
      async (rows) => {
        const links = await repository.linksOf(
          db,
          rows.map((row) => row.id),
        );
        const slugsOf = (list: Array<{ articleId: number; slug: string }>, id: number) =>
          list.filter((link) => link.articleId === id).map((link) => link.slug);
        await write(
          rows.map((row) => ({
            type: 'article',
            id: String(row.id),
            slug: row.slug,
            section: row.section,
            kicker: row.kicker,
            headline: row.headline,
            standfirst: row.standfirst,
            body: JSON.parse(row.body_json) as unknown,
            hero: row.heroImage
              ? {
                  imageId: row.heroImage,
                  alt: row.hero_alt ?? row.libraryAlt ?? '',
                  caption: row.hero_caption ?? row.libraryCaption ?? '',
                  credit: row.hero_credit ?? row.libraryCredit ?? '',
                }
              : null,
            agencyCredit: row.agency_credit,
            access: row.access_level,
            commentsEnabled: asBoolean(row.comments_enabled),
            status: row.status,
            inReview: row.status === 'draft' && row.submitted_at !== null,
            publishedAt: row.published_at,
            updatedAt: row.updated_at,
            createdAt: row.created_at,
            modifiedAt: row.modified_at,
            authors: slugsOf(links.authors, row.id),
            topics: slugsOf(links.topics, row.id),
            corrections: JSON.parse(row.corrections_json) as unknown,
            editorialNote: row.editorial_note,
          })),
          'article',
        );
      },
    );
    await walk(
      (after) => repository.accountPage(db, after),
      async (rows) => {
        const ids = rows.map((row) => row.id);
        const consents = await repository.consentsOf(db, ids);
        const sessions = options.withCredentials ? await repository.sessionsOf(db, ids) : [];
        await write(
          rows.map((row) => ({
            type: 'account',
            id: String(row.id),
            email: row.email,
            firstName: row.first_name,
            lastName: row.last_name,
            dateOfBirth: row.date_of_birth,
            role: row.role,
            emailVerifiedAt: row.email_verified_at,
            marketingOptOut: asBoolean(row.marketing_opt_out),
            createdAt: row.created_at,
            updatedAt: row.updated_at,
            deletedAt: row.deleted_at,
            deactivatedAt: row.deactivated_at,
            consents: consents
              .filter((consent) => consent.user_id === row.id)
              .map((consent) => ({
                document: consent.document,
                version: consent.version,
                granted: asBoolean(consent.granted),
                recordedAt: consent.recorded_at,
                ipAddress: consent.ip_address,
                userAgent: consent.user_agent,
              })),
            ...(options.withCredentials ? { passwordHash: row.password_hash } : {}),
          })),
          'account',
        );
        await write(
          sessions.map((session) => ({
            type: 'session',
            id: session.id,
            account: String(session.user_id),
            createdAt: session.created_at,
            lastSeenAt: session.last_seen_at,
            expiresAt: session.expires_at,
            userAgent: session.user_agent,
            ipAddress: session.ip_address,
          })),
          'session',
        );
      },
    );
    await walk(
      (after) => repository.commentPage(db, after),
      (rows) =>
        write(
          rows.map((row) => ({
            type: 'comment',
            id: String(row.id),
            article: String(row.article_id),
            author: String(row.author_id),
            parent: row.parent_id === null ? null : String(row.parent_id),
            body: row.body,
            status: row.status,
            statusReason: row.status_reason,
            featured: asBoolean(row.is_featured),
            createdAt: row.created_at,
            editedAt: row.edited_at,
            deletedAt: row.deleted_at,
          })),
          'comment',
        ),
    );
    await write([{ type: 'end', counts }], null);
    await handle.sync();
    finished = true;
  } finally {
    // Nothing was written through it: ending the snapshot either way changes nothing.
    await db.rollback().execute();
    await handle.close();
    if (!finished) await rm(partial, { force: true });
  }
  await rename(partial, file);
  return counts;
}
