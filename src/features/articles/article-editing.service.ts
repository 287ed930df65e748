// Writing and publishing articles: the one writer behind the newsroom pages
// and the Admin API. Every change is checked against the actor's role
// (article-editing.rules.ts), validated (nothing is stored when a field is
// wrong), recorded as a revision with who made it, and applied through the
// articles service's `changeContent`, so the pages that showed the article
// before and show it now are dropped on every node, and nothing else.
//
// A stale tab cannot overwrite newer work: every save names the version it
// started from; when another save came first the article is left as it is,
// the stale save is kept as a `conflict` revision, and the caller is told
// (the newsroom shows both versions; the Admin API answers 409).
import type { Transaction } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import type { RevisionAction } from '../../core/db/schema-editing.js';
import { slugFrom } from '../../core/text/slug.js';
import { figureImageIds } from './article-body.js';
import { tagsOfArticleState } from './article-cache-tags.js';
import { checkCorrection, checkFields, refusal, withoutNul, workflowStateOf } from './article-editing.rules.js';
import * as editing from './article-editing.repository.js';
import {
  ACTION_NEEDS,
  creatorOf,
  EMPTY_FIELDS,
  hasBeenLive,
  nextPublication,
  snapshotOf,
  storedStatus,
  toEditable,
  type SaveAction,
} from './article-editing.model.js';
import type {
  Actor,
  ArticleFields,
  ArticleListFilter,
  ArticleListItem,
  ArticleSnapshot,
  EditableArticle,
  EditOutcome,
  FieldProblem,
  Revision,
  RevisionSummary,
} from './article-editing.types.js';
import { findArticleListings } from './articles.repository.js';

export interface ArticleEditingDependencies {
  db: Db;
  clock: Clock;
  /** The publication's time zone: an article's address carries its date there. */
  timeZone: string;
  /** The articles service's: writes in one transaction with the change log, and drops the pages it touched. */
  changeContent: (change: (trx: Transaction<Database>) => Promise<readonly string[] | 'everything'>) => Promise<void>;
  /** Told after a story is submitted for review (the newsroom notifies editors). */
  onSubmitted?: (article: EditableArticle, actor: Actor) => Promise<void>;
}

export type { SaveAction } from './article-editing.model.js';

export interface SaveRequest {
  /** The version the editor started from. */
  baseVersion: number;
  /** Fields to change; what is left out stays as it is. */
  fields?: Partial<ArticleFields>;
  action: SaveAction;
  /** For `schedule` (required, in the future) and `publish` (a past date for an archive story; default now). */
  publishAt?: string;
  /** Marks a change to a live article as an update readers are told of ("Updated …"). */
  significantUpdate?: boolean;
}

export interface CreateRequest {
  fields: Partial<ArticleFields> & { headline: string; section: string };
  action?: Exclude<SaveAction, 'autosave' | 'unpublish'>;
  publishAt?: string;
}

export interface ListPage {
  page: number;
  limit: number;
}

export type ReadOutcome<T> = { kind: 'found'; value: T } | { kind: 'not-found' } | { kind: 'forbidden'; message: string };

export function createArticleEditingService(deps: ArticleEditingDependencies) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();

  async function load(articleId: number): Promise<EditableArticle | null> {
    const row = await editing.findEditableRow(db, articleId);
    return row ? toEditable(row, deps.timeZone, now()) : null;
  }

  async function get(actor: Actor, articleId: number): Promise<ReadOutcome<EditableArticle>> {
    const article = await load(articleId);
    if (!article) return { kind: 'not-found' };
    const refused = refusal(actor, 'view', article);
    return refused ? { kind: 'forbidden', message: refused } : { kind: 'found', value: article };
  }

  /** A slug from the headline that no other article has: `harbour-reopens`, then `harbour-reopens-2`… */
  async function freeSlugFrom(headline: string): Promise<string> {
    let base = slugFrom(headline).slice(0, 70);
    while (base.endsWith('-')) base = base.slice(0, -1);
    base ||= 'story';
    for (let suffix = 1; ; suffix += 1) {
      const candidate = suffix === 1 ? base : `${base}-${suffix}`;
      if (!(await editing.isSlugTaken(db, candidate, null))) return candidate;
    }
  }

  /** The database's half of validation; answers the row values to write. */
  async function resolve(
    fields: ArticleFields,
    articleId: number | null,
    problems: FieldProblem[],
  ): Promise<{
    sectionId: number;
    heroImageId: number | null;
    heroText: { caption: string | null; credit: string | null; alt: string | null };
  } | null> {
    const sectionId = fields.section ? await editing.findSectionIdByPath(db, fields.section) : null;
    if (fields.section && sectionId === null) problems.push({ field: 'section', message: 'There is no section with that path.' });
    if (problems.every((problem) => problem.field !== 'slug') && (await editing.isSlugTaken(db, fields.slug, articleId)))
      problems.push({ field: 'slug', message: 'Another article has this slug: choose another.' });
    for (const [field, names] of [
      ['topics', fields.topics],
      ['authors', fields.authors],
    ] as const) {
      if (names.some((name) => slugFrom(name) === '')) problems.push({ field, message: 'Names need at least one letter or digit.' });
    }
    const images = await editing.findImageIds(db, [...(fields.hero ? [fields.hero.imageId] : []), ...figureImageIds(fields.body)]);
    if (fields.hero && !images.has(fields.hero.imageId))
      problems.push({ field: 'hero.imageId', message: 'There is no image with that id.' });
    if (figureImageIds(fields.body).some((id) => !images.has(id)))
      problems.push({ field: 'body', message: 'A figure shows an image that is not in the library: upload it first.' });
    if (problems.length || sectionId === null) return null;
    const heroImageId = fields.hero ? images.get(fields.hero.imageId)! : null;
    // The library's own text is stored as NULL, so a later fix in the library reaches this article too.
    const library = heroImageId !== null ? await editing.findImageText(db, heroImageId) : null;
    const own = (value: string | undefined, libraryValue: string | undefined) =>
      value === undefined || value === libraryValue ? null : value;
    return {
      sectionId,
      heroImageId,
      heroText: {
        caption: own(fields.hero?.caption, library?.caption),
        credit: own(fields.hero?.credit, library?.credit),
        alt: own(fields.hero?.alt, library?.alt),
      },
    };
  }

  /**
   * Writes one save: the row at `baseVersion` (or a new row), its byline and
   * topics, the revision, an old slug's redirect; all with the change log.
   * Answers the article's id, or null when another save came first.
   */
  async function write(
    actor: Actor,
    existing: EditableArticle | null,
    baseVersion: number,
    fields: ArticleFields,
    resolved: NonNullable<Awaited<ReturnType<typeof resolve>>>,
    state: {
      status: 'draft' | 'published' | 'withdrawn';
      publishedAt: string | null;
      submittedAt: string | null;
      updatedAt: string | null;
    },
    action: RevisionAction,
  ): Promise<number | null> {
    const timestamp = now();
    const values: editing.ArticleRowValues = {
      slug: fields.slug,
      sectionId: resolved.sectionId,
      kicker: fields.kicker,
      headline: fields.headline,
      standfirst: fields.standfirst,
      bodyJson: JSON.stringify(fields.body),
      heroImageId: resolved.heroImageId,
      heroCaption: resolved.heroText.caption,
      heroCredit: resolved.heroText.credit,
      heroAlt: resolved.heroText.alt,
      agencyCredit: fields.agencyCredit,
      accessLevel: fields.access,
      commentsEnabled: fields.commentsEnabled,
      editorialNote: fields.editorialNote,
      ...state,
    };
    let articleId: number | null = existing?.id ?? null;
    const stale = new Error('stale');
    try {
      await deps.changeContent(async (trx) => {
        const [before] = articleId === null ? [] : await findArticleListings(trx, [articleId]);
        if (articleId === null) articleId = await editing.insertEditedArticle(trx, values, creatorOf(actor), timestamp);
        else if (!(await editing.updateEditedArticle(trx, articleId, baseVersion, values, timestamp))) throw stale;
        const [authorIds, topicIds] = [
          await editing.resolveNames(trx, 'authors', fields.authors, timestamp),
          await editing.resolveNames(trx, 'topics', fields.topics, timestamp),
        ];
        await editing.replaceLinks(trx, articleId, { authorIds, topicIds });
        if (existing && existing.slug !== fields.slug && hasBeenLive(existing))
          await editing.rememberOldSlug(trx, existing.slug, articleId, timestamp);
        await editing.forgetOldSlug(trx, fields.slug);
        await editing.recordRevision(trx, {
          articleId,
          version: existing ? baseVersion + 1 : 1,
          action,
          actorName: actor.name,
          ...creatorOf(actor),
          snapshot: JSON.stringify(snapshotOf({ ...fields, publishedAt: state.publishedAt })),
          now: timestamp,
        });
        const [after] = await findArticleListings(trx, [articleId]);
        return [before, after].flatMap((listed) => (listed ? tagsOfArticleState(listed, timestamp) : []));
      });
    } catch (error) {
      if (error === stale) return null;
      throw error;
    }
    return articleId;
  }

  async function keepConflict(actor: Actor, article: EditableArticle, baseVersion: number, fields: ArticleFields): Promise<EditOutcome> {
    const keptRevisionId = await editing.recordRevision(db, {
      articleId: article.id,
      version: baseVersion,
      action: 'conflict',
      actorName: actor.name,
      ...creatorOf(actor),
      snapshot: JSON.stringify(snapshotOf({ ...fields, publishedAt: article.publishedAt })),
      now: now(),
    });
    return { kind: 'conflict', current: (await load(article.id))!, keptRevisionId };
  }

  async function create(actor: Actor, request: CreateRequest): Promise<EditOutcome> {
    const action = request.action ?? 'save';
    const ownNew = { state: 'draft' as const, createdBy: creatorOf(actor) };
    const refused = refusal(actor, ACTION_NEEDS[action], ownNew);
    if (refused) return { kind: 'forbidden', message: refused };
    const given = { ...EMPTY_FIELDS, ...request.fields };
    const slug = given.slug?.trim() ? given.slug : await freeSlugFrom(given.headline);
    const { fields, problems } = checkFields({ ...given, slug }, action !== 'save');
    const state = nextPublication(null, { action, publishAt: request.publishAt }, now());
    if ('field' in state) problems.push(state);
    const resolved = await resolve(fields, null, problems);
    if (!resolved || 'field' in state) return { kind: 'invalid', problems };
    const articleId = await write(actor, null, 0, fields, resolved, { ...state, updatedAt: null }, action === 'save' ? 'create' : action);
    const article = (await load(articleId!))!;
    if (action === 'submit') await deps.onSubmitted?.(article, actor);
    return { kind: 'saved', article };
  }

  async function save(
    actor: Actor,
    articleId: number,
    request: SaveRequest,
    revisionAction: RevisionAction = request.action,
  ): Promise<EditOutcome> {
    const article = await load(articleId);
    if (!article) return { kind: 'not-found' };
    const refused =
      refusal(actor, 'view', article) ??
      (request.fields || request.action === 'save' || request.action === 'autosave' ? refusal(actor, 'edit', article) : null) ??
      refusal(actor, ACTION_NEEDS[request.action], article);
    if (refused) return { kind: 'forbidden', message: refused };
    const goingLive =
      request.action === 'submit' || request.action === 'publish' || request.action === 'schedule' || article.state !== 'draft';
    const { fields, problems } = checkFields({ ...article, ...request.fields }, goingLive);
    const timestamp = now();
    const state = nextPublication(
      { status: storedStatus(article), publishedAt: article.publishedAt, submittedAt: article.submittedAt },
      request,
      timestamp,
    );
    if ('field' in state) problems.push(state);
    const moves =
      hasBeenLive(article) &&
      (fields.slug !== article.slug ||
        fields.section !== article.section ||
        ('field' in state ? false : state.publishedAt !== article.publishedAt));
    const moveRefused = moves ? refusal(actor, 'move', article) : null;
    if (moveRefused) return { kind: 'forbidden', message: moveRefused };
    const resolved = await resolve(fields, article.id, problems);
    if (!resolved || 'field' in state) return { kind: 'invalid', problems };
    if (request.baseVersion !== article.version) return keepConflict(actor, article, request.baseVersion, fields);
    const liveAfter = state.status === 'published' && state.publishedAt !== null && state.publishedAt <= timestamp;
    const updatedAt = request.significantUpdate && liveAfter && article.state === 'published' ? timestamp : article.updatedAt;
    const written = await write(actor, article, request.baseVersion, fields, resolved, { ...state, updatedAt }, revisionAction);
    if (written === null) return keepConflict(actor, article, request.baseVersion, fields);
    const saved = (await load(articleId))!;
    if (request.action === 'submit') await deps.onSubmitted?.(saved, actor);
    return { kind: 'saved', article: saved };
  }

  /** Appends a dated correction, shown at the foot of the article and in its JSON-LD. */
  async function addCorrection(actor: Actor, articleId: number, baseVersion: number, text: string): Promise<EditOutcome> {
    const article = await load(articleId);
    if (!article) return { kind: 'not-found' };
    const refused = refusal(actor, 'correct', article);
    if (refused) return { kind: 'forbidden', message: refused };
    const checked = checkCorrection(text);
    if (article.state !== 'published') checked.problems.push({ field: 'correction', message: 'Corrections are for published articles.' });
    if (checked.problems.length) return { kind: 'invalid', problems: checked.problems };
    const timestamp = now();
    const corrections = [...article.corrections, { text: checked.text, correctedAt: timestamp }];
    const stale = new Error('stale');
    try {
      await deps.changeContent(async (trx) => {
        if (!(await editing.setCorrections(trx, articleId, baseVersion, JSON.stringify(corrections), timestamp))) throw stale;
        await editing.recordRevision(trx, {
          articleId,
          version: baseVersion + 1,
          action: 'correct',
          actorName: actor.name,
          ...creatorOf(actor),
          snapshot: JSON.stringify(snapshotOf(article)),
          now: timestamp,
        });
        const [listed] = await findArticleListings(trx, [articleId]);
        return listed ? tagsOfArticleState(listed, timestamp) : [];
      });
    } catch (error) {
      if (error === stale) return { kind: 'conflict', current: (await load(articleId))!, keptRevisionId: null };
      throw error;
    }
    return { kind: 'saved', article: (await load(articleId))! };
  }

  async function list(actor: Actor, given: ArticleListFilter, page: ListPage): Promise<{ items: ArticleListItem[]; hasNext: boolean }> {
    const filter = withoutNul(given);
    // Contributors and authors see their own work; editors everything.
    const createdBy = actor.role === 'contributor' || actor.role === 'author' ? actor : filter.createdBy;
    const rows = await editing.listEditableRows(
      db,
      {
        state: filter.state,
        sectionPath: filter.section,
        authorSlug: filter.author,
        slug: filter.slug,
        headlineWords: filter.search?.split(/\s+/u).filter(Boolean).slice(0, 8),
        createdBy: createdBy ? creatorOf(createdBy) : undefined,
      },
      { offset: (page.page - 1) * page.limit, limit: page.limit },
      now(),
    );
    const timestamp = now();
    return {
      hasNext: rows.length > page.limit,
      items: rows.slice(0, page.limit).map((row) => ({
        id: row.id,
        slug: row.slug,
        headline: row.headline,
        state: workflowStateOf({ status: row.status, submittedAt: row.submitted_at, publishedAt: row.published_at }, timestamp),
        sectionPath: row.section_path,
        sectionName: row.section_name,
        authors: row.authors,
        publishedAt: row.published_at,
        modifiedAt: row.modified_at,
        submittedAt: row.submitted_at,
        version: row.version,
      })),
    };
  }

  async function listRevisions(
    actor: Actor,
    articleId: number,
    page: { beforeId: number | null; limit: number },
  ): Promise<ReadOutcome<RevisionSummary[]>> {
    const article = await get(actor, articleId);
    if (article.kind !== 'found') return article;
    const rows = await editing.listRevisionRows(db, articleId, page);
    return {
      kind: 'found',
      value: rows.map((row) => ({
        id: row.id,
        version: row.version,
        action: row.action,
        actorName: row.actor_name,
        createdAt: row.created_at,
      })),
    };
  }

  async function getRevision(actor: Actor, articleId: number, revisionId: number): Promise<ReadOutcome<Revision>> {
    const article = await get(actor, articleId);
    if (article.kind !== 'found') return article;
    const row = await editing.findRevisionRow(db, articleId, revisionId);
    if (!row) return { kind: 'not-found' };
    return {
      kind: 'found',
      value: {
        id: row.id,
        articleId: row.article_id,
        version: row.version,
        action: row.action,
        actorName: row.actor_name,
        createdAt: row.created_at,
        snapshot: JSON.parse(row.snapshot) as ArticleSnapshot,
      },
    };
  }

  /**
   * Makes a revision's text the article's again, as a new save (nothing is
   * lost: the version it replaces stays a revision). The address and date
   * stay as they are; a live article's section too.
   */
  async function restoreRevision(actor: Actor, articleId: number, revisionId: number, baseVersion: number): Promise<EditOutcome> {
    const revision = await getRevision(actor, articleId, revisionId);
    if (revision.kind !== 'found') return revision;
    const { slug: _slug, publishedAt: _publishedAt, section, ...content } = revision.value.snapshot;
    const article = (await load(articleId))!;
    const fields = hasBeenLive(article) || article.state === 'scheduled' ? content : { ...content, section };
    return save(actor, articleId, { baseVersion, fields, action: 'save' }, 'restore');
  }

  return {
    get,
    create,
    save: (actor: Actor, articleId: number, request: SaveRequest) => save(actor, articleId, request),
    addCorrection,
    list,
    listRevisions,
    getRevision,
    restoreRevision,
  };
}

export type ArticleEditingService = ReturnType<typeof createArticleEditingService>;
