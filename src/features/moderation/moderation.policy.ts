// The policy the comments feature asks before it stores a comment: the
// author's standing, and whether the text is published, held for a moderator
// or refused. The banned-words list is kept compiled in memory; this node
// reloads it when staff change it here, and every other node within
// BANNED_WORDS_MAX_AGE_MS.
import type { Clock } from '../../core/clock.js';
import type { DbOrTransaction } from '../../core/db/database.js';
import type { AuthorStanding, ModerationPolicy, Screening, ScreeningInput } from '../comments/comments.types.js';
import { compileBannedWords, countLinks, type BannedWordsMatcher } from './comment-text.js';
import * as repository from './moderation.repository.js';

export const BANNED_WORDS_MAX_AGE_MS = 30_000;
/** An account is "new" for the link rule while younger than this or with fewer published comments than NEW_ACCOUNT_COMMENTS. */
export const NEW_ACCOUNT_DAYS = 7;
export const NEW_ACCOUNT_COMMENTS = 3;

export interface ModerationSettings {
  /** Hold a reader's comments until this many of theirs are published; 0 is off. */
  newCommenterHold: number;
  /** More links than this in a new account's comment holds it. */
  linkHoldThreshold: number;
}

export interface ModerationPolicyDependencies {
  clock: Clock;
  settings: ModerationSettings;
}

/** Why a comment was held or refused: stored as the comment's status_reason and shown to staff. Never names a banned phrase. */
export const SCREENING_REASONS = {
  bannedWordReject: 'Your comment contains language our community guidelines do not allow. Please rephrase it.',
  bannedWord: 'Contains a word or phrase on the moderation list',
  reader: 'Comments by this reader are pre-moderated',
  article: 'Comments on this article are pre-moderated',
  newCommenter: 'A new commenter’s first comments are checked',
  links: 'Several links from a new account',
} as const;

export interface ModerationPolicyHandle extends ModerationPolicy {
  /** Drop the cached banned-words list: the next screening reads it again. */
  bannedWordsChanged(): void;
}

export function standingFrom(
  row: { premoderated: number; suspended_until: string | null; banned_at: string | null } | undefined,
  now: string,
): AuthorStanding {
  if (!row) return { kind: 'good', premoderated: false };
  if (row.banned_at !== null) return { kind: 'banned' };
  if (row.suspended_until !== null && row.suspended_until > now) return { kind: 'suspended', until: row.suspended_until };
  return { kind: 'good', premoderated: row.premoderated === 1 };
}

/** Whether a reader in this standing may not write (post, edit, react, report, follow): answer such a request 403. */
export function isWriteBlocked(standing: AuthorStanding): boolean {
  return standing.kind !== 'good';
}

export function createModerationPolicy(deps: ModerationPolicyDependencies): ModerationPolicyHandle {
  const { clock, settings } = deps;
  let cached: { matcher: BannedWordsMatcher; loadedAt: number } | undefined;
  let loading: Promise<BannedWordsMatcher> | undefined;
  let generation = 0;

  async function bannedWords(db: DbOrTransaction): Promise<BannedWordsMatcher> {
    const now = clock.now().getTime();
    if (cached && now - cached.loadedAt < BANNED_WORDS_MAX_AGE_MS && now >= cached.loadedAt) return cached.matcher;
    if (!loading) {
      const startedIn = generation;
      const load = repository.listBannedWords(db).then((rows) => {
        const matcher = compileBannedWords(rows);
        // A change made while this load ran must not be hidden behind its older result.
        if (startedIn === generation) cached = { matcher, loadedAt: now };
        return matcher;
      });
      loading = load;
      const settle = () => {
        if (loading === load) loading = undefined;
      };
      load.then(settle, settle);
    }
    return loading;
  }

  async function standing(db: DbOrTransaction, userId: number, now: string): Promise<AuthorStanding> {
    return standingFrom(await repository.findReaderModeration(db, userId), now);
  }

  async function screen(db: DbOrTransaction, input: ScreeningInput): Promise<Screening> {
    const words = (await bannedWords(db)).match(input.body);
    if (words === 'reject') return { kind: 'reject', reason: SCREENING_REASONS.bannedWordReject };
    if (words === 'hold') return { kind: 'hold', reason: SCREENING_REASONS.bannedWord };

    if (input.standing.kind === 'good' && input.standing.premoderated) return { kind: 'hold', reason: SCREENING_REASONS.reader };
    if (input.article.isPremoderated) return { kind: 'hold', reason: SCREENING_REASONS.article };

    // Counted only when a rule needs it: most comments are from regulars without links.
    const links = countLinks(input.body);
    const isLinkHeavy = links > settings.linkHoldThreshold;
    if (settings.newCommenterHold === 0 && !isLinkHeavy) return { kind: 'publish' };
    const published = await repository.countPublishedCommentsBy(db, input.authorId);
    if (published < settings.newCommenterHold) return { kind: 'hold', reason: SCREENING_REASONS.newCommenter };
    if (isLinkHeavy) {
      if (published < NEW_ACCOUNT_COMMENTS) return { kind: 'hold', reason: SCREENING_REASONS.links };
      const createdAt = await repository.findUserCreatedAt(db, input.authorId);
      const ageMs = Date.parse(input.now) - Date.parse(createdAt ?? input.now);
      if (!(ageMs >= NEW_ACCOUNT_DAYS * 24 * 3600_000)) return { kind: 'hold', reason: SCREENING_REASONS.links };
    }
    return { kind: 'publish' };
  }

  return {
    standing,
    screen,
    bannedWordsChanged() {
      generation++;
      cached = undefined;
      loading = undefined;
    },
  };
}
