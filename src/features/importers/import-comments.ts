// Readers' comments from a Ghost or WordPress export, written under their
// imported articles (docs/decisions/022-importing-publications.md, "Comments").
//
// Each comment is written in a savepoint of its chunk's transaction
// (importer.service.ts) with its author's account (when one is made) and its
// `import_records` row, so a rerun skips what is recorded, a crash never
// leaves a comment twice, and one that fails is rolled back alone. The old site's decision is kept: approved →
// published, waiting → held for moderation, hidden by a moderator → rejected,
// deleted → a tombstone that keeps its replies; spam, trash and pingbacks are
// left out (counted), and a reply to one of those hangs from the nearest
// ancestor that was kept. Text goes through the articles' sanitiser and is
// stored as plain text, like every comment here.
//
// Authors: a Ghost member → the reader the import made for them; an address →
// the account with that address, or a reader account made without a password
// and opted out of marketing (they never agreed to it); no usable address →
// a guest account per name that can never sign in (importers.repository.ts).
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db, DbOrTransaction } from '../../core/db/database.js';
import type { CommentStatus, Database } from '../../core/db/schema.js';
import { insertArchivedComment } from './archive-import.repository.js';
import { commentTextFromHtml } from './comment-text-from-html.js';
import { clip } from './import-mapping.js';
import type { SkippedItem, SourceComment, SourceCommentStatus } from './import-source.types.js';
import * as repository from './importers.repository.js';
import { looksLikeEmail } from './source-values.js';

export interface CommentsReport {
  /** Written (or, in a dry run, that would be), whatever their status. */
  imported: number;
  /** Of those, held for moderation. */
  held: number;
  alreadyImported: number;
  /** Left out on purpose, counted by reason. */
  leftOut: Record<string, number>;
  /** Comments that could not be imported, each with its reason. */
  skipped: SkippedItem[];
  /** Reader accounts made for commenters with an address no account here had. */
  commenters: number;
  /** Guest accounts made for commenters without a usable address (one per name). */
  guests: number;
}

export const emptyCommentsReport = (): CommentsReport => ({
  imported: 0,
  held: 0,
  alreadyImported: 0,
  leftOut: {},
  skipped: [],
  commenters: 0,
  guests: 0,
});

const STATUSES: Partial<Record<SourceCommentStatus, CommentStatus>> = {
  approved: 'published',
  held: 'pending',
  hidden: 'rejected',
  deleted: 'deleted',
};
const LEFT_OUT: Partial<Record<SourceCommentStatus, string>> = {
  spam: 'marked as spam on the old site',
  trash: "in the old site's trash",
  pingback: "pingbacks and trackbacks (other sites' notices)",
};
export const LEFT_OUT_WITH_THEIR_POST = 'their post was not imported';

/** Per chunk, one query each: what is recorded already. */
export interface CommentLookups {
  comments: Map<string, string>;
  members: Map<string, string>;
  articles: Map<string, string>;
}

/** A guest account's address: under `.invalid` (RFC 2606), which no mail reaches, one per source and name. */
export function guestEmailFor(source: string, name: string): string {
  return `guest-${createHash('sha256').update(`${source}\n${name}`).digest('hex').slice(0, 24)}@import.invalid`;
}

function splitName(name: string): { firstName: string; lastName: string } {
  const [firstName = '', ...rest] = name.split(/\s+/).filter(Boolean);
  return { firstName: clip(firstName, 60), lastName: clip(rest.join(' '), 60) };
}

export function createCommentImporter(options: { db: Db; source: string; dryRun: boolean; now: () => string; report: CommentsReport }) {
  const { db, source, dryRun, now, report } = options;
  // This run's: what each comment became (null in a dry run), articles written, and where left-out comments hung.
  const written = new Map<string, number | null>();
  const articles = new Map<string, number | null>();
  const leftOutParents = new Map<string, string | null>();
  const accounts = new Map<string, number | null>();

  const leaveOut = (comment: SourceComment, reason: string) => {
    report.leftOut[reason] = (report.leftOut[reason] ?? 0) + 1;
    if (comment.sourceId) leftOutParents.set(comment.sourceId, comment.parentSourceId);
  };
  const skip = (comment: SourceComment, reason: string) => {
    report.skipped.push({ sourceId: `comment ${clip(comment.sourceId || '(no id)', 60)}`, title: clip(comment.authorName, 60), reason });
    if (comment.sourceId) leftOutParents.set(comment.sourceId, comment.parentSourceId);
  };

  /** An article this run wrote (null: a dry run's, which would be written). */
  function noteArticle(postSourceId: string, articleId: number | null): void {
    articles.set(postSourceId, articleId);
  }

  async function lookUp(comments: readonly SourceComment[]): Promise<CommentLookups> {
    const ids = [...new Set(comments.flatMap((comment) => [comment.sourceId, comment.parentSourceId ?? '']).filter(Boolean))];
    const members = [...new Set(comments.flatMap((comment) => (comment.memberSourceId ? [comment.memberSourceId] : [])))];
    const posts = [...new Set(comments.map((comment) => comment.postSourceId).filter((id) => id && !articles.has(id)))];
    return {
      comments: await repository.findImportedIds(db, source, 'comment', ids),
      members: await repository.findImportedIds(db, source, 'reader', members),
      articles: await repository.findImportedIds(db, source, 'article', posts),
    };
  }

  /** The comment its reply hangs from here: the parent, or its nearest kept ancestor; null for the top level. */
  async function parentFor(reader: DbOrTransaction, comment: SourceComment, lookups: CommentLookups): Promise<number | null | 'dry-run'> {
    const seen = new Set<string>();
    for (let parent = comment.parentSourceId; parent !== null && !seen.has(parent);) {
      seen.add(parent);
      if (written.has(parent)) return written.get(parent) ?? 'dry-run';
      const recorded = lookups.comments.get(parent) ?? (await repository.findImportedIds(reader, source, 'comment', [parent])).get(parent);
      if (recorded) return Number(recorded);
      if (!leftOutParents.has(parent)) break;
      parent = leftOutParents.get(parent) ?? null;
    }
    // A parent the export does not have: the reply starts its own thread rather than being lost.
    return null;
  }

  /** Who wrote it here (made in `trx` when needed); null in a dry run for an account that would be made. */
  async function authorFor(trx: DbOrTransaction, comment: SourceComment, lookups: CommentLookups, made: Array<() => void>) {
    const member = comment.memberSourceId ? lookups.members.get(comment.memberSourceId) : undefined;
    if (member) return Number(member);
    const email = comment.authorEmail.trim().toLowerCase();
    const name = comment.authorName.trim();
    const isGuest = !looksLikeEmail(email);
    const address = isGuest ? guestEmailFor(source, name) : email;
    if (accounts.has(address)) return accounts.get(address)!;
    const existing = await repository.findUserIdByEmail(trx, address);
    if (existing !== null) {
      made.push(() => accounts.set(address, existing));
      return existing;
    }
    made.push(() => {
      if (isGuest) report.guests += 1;
      else report.commenters += 1;
    });
    if (dryRun) {
      made.push(() => accounts.set(address, null));
      return null;
    }
    const userId = isGuest
      ? await repository.insertImportGuest(trx, { email: address, ...splitName(name), now: now() })
      : await repository.insertImportedReader(trx, {
          email,
          ...splitName(name),
          createdAt: comment.createdAt ?? now(),
          subscribed: false,
          source,
          now: now(),
        });
    made.push(() => accounts.set(address, userId));
    return userId;
  }

  /** Imports one comment (or says why not); answers the article it was written under, for the page cache. */
  async function importComment(comment: SourceComment, lookups: CommentLookups, trx: Transaction<Database> | null): Promise<number | null> {
    const leftOut = LEFT_OUT[comment.status];
    if (leftOut) {
      leaveOut(comment, leftOut);
      return null;
    }
    if (!comment.sourceId) {
      skip(comment, 'The comment has no id.');
      return null;
    }
    if (written.has(comment.sourceId) || lookups.comments.has(comment.sourceId)) {
      report.alreadyImported += 1;
      return null;
    }
    const recordedArticle = lookups.articles.get(comment.postSourceId);
    const articleId = articles.has(comment.postSourceId)
      ? articles.get(comment.postSourceId)!
      : recordedArticle
        ? Number(recordedArticle)
        : undefined;
    if (articleId === undefined) {
      leaveOut(comment, LEFT_OUT_WITH_THEIR_POST);
      return null;
    }
    const status = STATUSES[comment.status]!;
    if (!comment.createdAt) {
      skip(comment, 'The comment has no date.');
      return null;
    }
    const text = status === 'deleted' ? '' : commentTextFromHtml(comment.html);
    if (status !== 'deleted' && !text) {
      skip(comment, 'The comment has no text left once its HTML is cleaned.');
      return null;
    }
    // Inside the chunk's transaction, every read goes through it (SQLite has one connection).
    const parentId = await parentFor(trx ?? db, comment, lookups);
    const made: Array<() => void> = [];
    let commentId: number | null = null;
    if (!trx) await authorFor(db, comment, lookups, made);
    else {
      try {
        commentId = await repository.withSavepoint(trx, async () => {
          const authorId = (await authorFor(trx, comment, lookups, made))!;
          const id = await insertArchivedComment(trx, {
            articleId: articleId!,
            authorId,
            parentId: parentId === 'dry-run' ? null : parentId,
            body: text,
            status,
            statusReason: status === 'rejected' ? 'Hidden on the old site.' : null,
            featured: false,
            createdAt: comment.createdAt!,
            editedAt: null,
            deletedAt: status === 'deleted' ? now() : null,
          });
          if (id === null) throw new Error('Its parent comment is not here.');
          await repository.recordImport(trx, { source, kind: 'comment', sourceId: comment.sourceId, targetId: String(id), now: now() });
          return id;
        });
      } catch (error) {
        // One comment's failure (a thread deeper than paths allow, a refusal) is that comment's alone.
        skip(comment, `It could not be written: ${clip((error as Error).message ?? String(error), 300)}`);
        return null;
      }
    }
    // Only now that its savepoint held: the accounts it made exist, and count.
    for (const commit of made) commit();
    written.set(comment.sourceId, commentId);
    report.imported += 1;
    if (status === 'pending') report.held += 1;
    return articleId;
  }

  return { noteArticle, lookUp, importComment };
}
