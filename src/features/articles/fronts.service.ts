// Curated fronts for the newsroom: the home front and one per section, each
// an ordered list of pinned stories; below them the page fills with the
// latest stories, as it always has. An editor searches headlines, pins,
// reorders, previews the front as readers would see it (rendered from the
// proposed slots, never stored or cached) and saves. Saving drops only that
// front's pages (`listing:site` for home, the section's listing tag for a
// section front), on every node, in the transaction that writes the slots.
import type { Transaction } from 'kysely';
import type { SafeHtml } from '#jsx/jsx-runtime';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { listingTag } from './article-cache-tags.js';
import * as queries from './articles.queries.js';
import type { ArticleCard } from './articles.types.js';
import { HOME_FRONT, sectionFrontKey } from './front-keys.js';
import * as repository from './fronts.repository.js';
import { readListingPage } from './listings.queries.js';
import { HomePage, SectionPage } from './views/listing-pages.js';

/** More pinned stories than this is not a front any more. */
export const MAX_FRONT_SLOTS = 12;
/** Search results offered at once (the query stops there). */
export const FRONT_SEARCH_LIMIT = 10;
const SEARCH_WORDS = 6;

export interface FrontRef {
  /** `home`, or the section's path: the newsroom's address for it (`/newsroom/fronts/<name>`). */
  name: string;
  title: string;
  /** Where readers see it. */
  readerPath: string;
  section: { id: number; path: string } | null;
}

/** A story as the front editor lists it. */
export interface FrontPick {
  id: number;
  headline: string;
  sectionName: string;
  publishedAt: string | null;
}

export interface FrontState {
  front: FrontRef;
  version: number;
  picks: FrontPick[];
}

export type SaveFrontOutcome =
  { kind: 'saved'; version: number } | { kind: 'conflict'; current: FrontState } | { kind: 'invalid'; message: string };

export interface FrontsDependencies {
  db: Db;
  clock: Clock;
  loadSite: () => Promise<SiteContext>;
  /** The articles service's: logs the change's tags with the write (docs/decisions/012-tagged-page-cache.md). */
  changeContent: (change: (trx: Transaction<Database>) => Promise<readonly string[] | 'everything'>) => Promise<void>;
  pageSize?: number;
}

/** Thrown inside the save's transaction so nothing of a stale save is written or logged. */
class StaleFront extends Error {}

const frontKeyOf = (front: FrontRef) => (front.section ? sectionFrontKey(front.section.id) : HOME_FRONT);

export function createFrontsService(deps: FrontsDependencies) {
  const { db } = deps;
  const pageSize = deps.pageSize ?? 20;
  const now = () => deps.clock.now().toISOString();

  const homeRef = (): FrontRef => ({ name: HOME_FRONT, title: 'Home', readerPath: '/', section: null });

  /** Home, then every section in path order (parents before their subsections). */
  async function listFronts(): Promise<FrontRef[]> {
    const sections = await queries.listAllSections(db);
    const fronts = await Promise.all(sections.map((section) => findFront(section.path)));
    return [homeRef(), ...fronts.filter((front): front is FrontRef => front !== null)];
  }

  /** `home` or a section's path; null when no section has it. */
  async function findFront(name: string): Promise<FrontRef | null> {
    if (name === HOME_FRONT) return homeRef();
    const section = await queries.findSectionByPath(db, name);
    if (!section) return null;
    return { name: section.path, title: section.name, readerPath: `/${section.path}`, section: { id: section.id, path: section.path } };
  }

  /** A section front takes stories of that section and the sections below it (its listing tag drops when they change). */
  async function eligibleSectionIds(front: FrontRef): Promise<number[] | null> {
    return front.section ? queries.listSectionTreeIds(db, front.section.id) : null;
  }

  const toPick = (row: repository.FrontPickRow): FrontPick => ({
    id: row.id,
    headline: row.headline,
    sectionName: row.section_name,
    publishedAt: row.published_at,
  });

  /**
   * The stories behind these ids, in this order, as far as they may stand on
   * the front (live, in its sections); `missing` counts those that may not.
   */
  async function describePicks(front: FrontRef, ids: readonly number[]): Promise<{ picks: FrontPick[]; missing: number }> {
    const unique = [...new Set(ids)].slice(0, MAX_FRONT_SLOTS);
    const sectionIds = await eligibleSectionIds(front);
    const rows = await repository.findLivePicks(db, unique, now());
    const byId = new Map(rows.filter((row) => !sectionIds || sectionIds.includes(row.section_id)).map((row) => [row.id, toPick(row)]));
    const picks = unique.flatMap((id) => byId.get(id) ?? []);
    return { picks, missing: ids.length - picks.length };
  }

  /** The front as saved: its pinned stories that readers can see now, and its version for the form. */
  async function readFront(front: FrontRef): Promise<FrontState> {
    const key = frontKeyOf(front);
    const version = await repository.readFrontVersion(db, key);
    const { picks } = await describePicks(front, await repository.listSlotIds(db, key));
    return { front, version, picks };
  }

  /** Live stories of the front's scope whose headline has every word of `query` (at most FRONT_SEARCH_LIMIT). */
  async function searchStories(front: FrontRef, query: string): Promise<FrontPick[]> {
    const words = query.normalize('NFC').trim().split(/\s+/).filter(Boolean).slice(0, SEARCH_WORDS);
    if (words.length === 0) return [];
    const rows = await repository.searchLiveHeadlines(db, {
      words,
      sectionIds: await eligibleSectionIds(front),
      now: now(),
      limit: FRONT_SEARCH_LIMIT,
    });
    return rows.map(toPick);
  }

  async function cardsInOrder(ids: readonly number[]): Promise<ArticleCard[]> {
    const cards = new Map((await queries.readCards(db, ids, now())).map((card) => [card.id, card]));
    return ids.flatMap((id) => cards.get(id) ?? []);
  }

  /**
   * The front's first page as readers would see it with these stories pinned
   * (the latest fill the rest): rendered for the editor only, never cached.
   */
  async function previewFront(front: FrontRef, ids: readonly number[]): Promise<SafeHtml | null> {
    const { picks } = await describePicks(front, ids);
    const topStories = await cardsInOrder(picks.map((pick) => pick.id));
    const excludeIds = topStories.map((card) => card.id);
    const site = await deps.loadSite();
    const position = { kind: 'newest' } as const;
    if (!front.section) {
      const latest = await readListingPage(db, { kind: 'site', excludeIds }, { now: now(), position, pageSize });
      return latest.kind === 'page' ? HomePage({ site, topStories, latest: latest.page }) : null;
    }
    const section = await queries.findSectionByPath(db, front.section.path);
    if (!section) return null;
    const sectionIds = await queries.listSectionTreeIds(db, section.id);
    const articles = await readListingPage(db, { kind: 'sections', sectionIds, excludeIds }, { now: now(), position, pageSize });
    return articles.kind === 'page' ? SectionPage({ site, section, articles: articles.page, topStories }) : null;
  }

  /**
   * Saves the pinned stories in this order if the front is still at
   * `version`; refuses stories that may not stand on it (withdrawn meanwhile,
   * another section's) rather than drop them silently.
   */
  async function saveFront(
    front: FrontRef,
    request: { ids: readonly number[]; version: number; byName: string },
  ): Promise<SaveFrontOutcome> {
    if (request.ids.length > MAX_FRONT_SLOTS)
      return { kind: 'invalid', message: `A front holds at most ${MAX_FRONT_SLOTS} pinned stories.` };
    if (new Set(request.ids).size !== request.ids.length) return { kind: 'invalid', message: 'A story can be pinned only once.' };
    const { picks, missing } = await describePicks(front, request.ids);
    if (missing > 0)
      return {
        kind: 'invalid',
        message: 'One of the stories can no longer be pinned here (unpublished, or in another section): remove it.',
      };
    const key = frontKeyOf(front);
    const tag = listingTag(front.section ? { kind: 'section', path: front.section.path } : { kind: 'site' });
    try {
      await deps.changeContent(async (trx) => {
        const claimed = await repository.claimFrontVersion(trx, {
          front: key,
          expected: request.version,
          now: now(),
          byName: request.byName,
        });
        if (!claimed) throw new StaleFront();
        await repository.replaceFrontSlots(
          trx,
          key,
          picks.map((pick) => pick.id),
        );
        return [tag];
      });
    } catch (error) {
      if (error instanceof StaleFront) return { kind: 'conflict', current: await readFront(front) };
      throw error;
    }
    return { kind: 'saved', version: request.version + 1 };
  }

  return { listFronts, findFront, readFront, searchStories, describePicks, previewFront, saveFront };
}

export type FrontsService = ReturnType<typeof createFrontsService>;
