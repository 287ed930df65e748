// Rows for the comment benchmarks, written straight into the tables: many
// signed-in, verified readers (a users row with email_verified_at, and a
// sessions row whose id is the hash of the cookie token, as
// src/core/http/sessions.ts stores it), and a long thread of original,
// generated comments with the thread paths the comments feature keeps.
// Registering thousands of readers through the form would spend the app's
// registration limits and Argon2 time, which is not what is measured here.
import type { DbOrTransaction } from '../src/core/db/database.js';
import { hashToken, randomToken } from '../src/core/security/tokens.js';
import { pathSegment } from '../src/features/comments/comments.repository.js';

const BATCH = 500;
const SESSION_DAYS = 30;

/** Inserts `count` verified readers, each signed in once; answers their session cookie tokens, in order. */
export async function insertCommenters(
  db: DbOrTransaction,
  options: { count: number; now: Date; runId: string },
): Promise<{ tokens: string[]; userIds: number[] }> {
  const now = options.now.toISOString();
  const expiresAt = new Date(options.now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
  const tokens: string[] = [];
  const userIds: number[] = [];
  for (let start = 0; start < options.count; start += BATCH) {
    const size = Math.min(BATCH, options.count - start);
    const batchTokens = Array.from({ length: size }, () => randomToken());
    const users = await db
      .insertInto('users')
      .values(
        batchTokens.map((_token, index) => ({
          email: `bench-commenter-${options.runId}-${start + index}@example.com`,
          email_verified_at: now,
          password_hash: null,
          first_name: FIRST_NAMES[(start + index) % FIRST_NAMES.length]!,
          last_name: SURNAMES[Math.floor((start + index) / FIRST_NAMES.length) % SURNAMES.length]!,
          date_of_birth: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('sessions')
      .values(
        users.map((user, index) => ({
          id: hashToken(batchTokens[index]!),
          user_id: user.id,
          created_at: now,
          last_seen_at: now,
          expires_at: expiresAt,
          user_agent: 'masthead-bench',
        })),
      )
      .execute();
    tokens.push(...batchTokens);
    userIds.push(...users.map((user) => user.id));
  }
  return { tokens, userIds };
}

const FIRST_NAMES = [
  'Iris',
  'Tomas',
  'Noor',
  'Bram',
  'Ada',
  'Kofi',
  'Lena',
  'Rafael',
  'Mei',
  'Oskar',
  'Sunita',
  'Elias',
  'Maren',
  'Dev',
  'Ines',
  'Pavel',
];
const SURNAMES = ['Hollis', 'Varga', 'Okonjo', 'Brennan', 'Duarte', 'Ashby', 'Lund', 'Castell', 'Iwata', 'Renner', 'Quist', 'Moreau'];
const OPENINGS = [
  'I live near the quay and',
  'As someone who commutes every day,',
  'Having read the whole piece,',
  'With respect to the council,',
  'My grandmother remembers when',
  'Speaking as a shop owner,',
  'I was at Tuesday’s meeting and',
  'Not for the first time,',
];
const MIDDLES = [
  'the cost figures look optimistic to me',
  'nobody asked the people who actually use the ferry',
  'this has been promised three times already',
  'the plan is better than the last one',
  'the survey matches what my neighbours say',
  'the timetable depends far too much on the weather',
  'the report leaves out the maintenance bill',
  'it would make a real difference to the town',
];
const CLOSINGS = [
  'Would be good to see the full numbers published.',
  'I hope the reporter follows this up next month.',
  'Happy to be proved wrong, though.',
  'Let us see what the review says.',
  'Thank you for covering it properly.',
  'Has anyone asked the harbour trust?',
];

/** Original, varied comment text (160–260 characters), the same for the same number. */
export function commentText(number: number): string {
  const part = <T>(items: readonly T[], salt: number) =>
    items[(number * 7 + salt * 13 + Math.floor(number / items.length)) % items.length]!;
  const second = number % 3 === 0 ? `\n\nOn the second point, ${part(MIDDLES, 5)} as well.` : '';
  return `${part(OPENINGS, 1)} ${part(MIDDLES, 2)}. ${part(CLOSINGS, 3)}${second} (#${number})`;
}

export interface ThreadShape {
  /** Comments in all. */
  size: number;
  /** Replies under each top-level comment: even ones answer it, odd ones the reply before (3 → depths 1, 2, 1). */
  repliesPerThread: number;
}

/**
 * A conversation of `shape.size` published comments under one article, as
 * the comments feature stores it (paths, roots, depths, reply counts):
 * top-level comments each followed by a few replies, some nested, so a page
 * shows replies at several depths.
 */
export async function insertThread(
  db: DbOrTransaction,
  options: { articleId: number; authorIds: number[]; shape: ThreadShape; now: Date },
): Promise<{ topLevel: number }> {
  const perThread = options.shape.repliesPerThread + 1;
  const threads = Math.ceil(options.shape.size / perThread);
  const startedAt = options.now.getTime() - options.shape.size * 60_000;
  let written = 0;
  const author = (number: number) => options.authorIds[number % options.authorIds.length]!;
  for (let thread = 0; thread < threads && written < options.shape.size; thread++) {
    const createdAt = (number: number) => new Date(startedAt + number * 60_000).toISOString();
    const insert = async (parent: { id: number; rootId: number; depth: number; path: string } | null) => {
      const number = written++;
      const row = await db
        .insertInto('comments')
        .values({
          article_id: options.articleId,
          author_id: author(number),
          parent_id: parent?.id ?? null,
          root_id: parent?.rootId ?? null,
          depth: parent ? parent.depth + 1 : 0,
          path: '',
          body: commentText(number),
          status: 'published',
          status_reason: null,
          recommend_count: number % 5,
          reply_count: 0,
          created_at: createdAt(number),
          edited_at: null,
          deleted_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const path = parent ? `${parent.path}/${pathSegment(row.id)}` : pathSegment(row.id);
      const rootId = parent?.rootId ?? row.id;
      await db.updateTable('comments').set({ path, root_id: rootId }).where('id', '=', row.id).execute();
      if (parent)
        await db
          .updateTable('comments')
          .set({ reply_count: (eb) => eb('reply_count', '+', 1) })
          .where('id', '=', parent.id)
          .execute();
      return { id: row.id, rootId, depth: parent ? parent.depth + 1 : 0, path };
    };
    const top = await insert(null);
    let previous = top;
    for (let reply = 0; reply < options.shape.repliesPerThread && written < options.shape.size; reply++) {
      // Even replies answer the top-level comment, odd ones the reply before them (a chain).
      previous = await insert(reply % 2 === 1 ? previous : top);
    }
  }
  return { topLevel: threads };
}

export interface PreparedArticle {
  id: number;
  path: string;
  comments: number;
}

export interface PreparedComments {
  /** The conversation the thread-page rows read (empty when --thread-size is 0). */
  longThread: PreparedArticle | null;
  /** A short one, to show a page costs the same number of queries whatever the thread's size. */
  shortThread: PreparedArticle | null;
  /** Articles with no comments yet: one per round of posting. */
  postArticles: PreparedArticle[];
  /** Session cookie tokens of the commenters. */
  tokens: string[];
}

/** 2,000 comments: 500 conversations of a top-level comment and 3 replies (depths 1, 2, 1). */
export const LONG_THREAD: ThreadShape = { size: 2000, repliesPerThread: 3 };
export const SHORT_THREAD: ThreadShape = { size: 8, repliesPerThread: 3 };
