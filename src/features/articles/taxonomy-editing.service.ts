// Sections, topics and authors as the newsroom edits them: the section tree
// (rename, reorder among siblings), topics, author profiles (name, job title,
// bio, picture from the media library). A slug change keeps the old reader
// paths working: each path given up is recorded in `path_redirects` (a
// section's subsections too), which the reader routes consult after a miss;
// articles under a renamed section already answer 301 to their new canonical
// path. Every edit drops every cached page: navigation is in every page and
// bylines in every article, and renames are rare (decision 012 foresaw it).
// Each edit form carries a fingerprint of the values it was opened with: a
// save whose fingerprint no longer matches the stored row (someone else saved
// in between) is refused as stale instead of silently undoing their change.
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import { isUniqueViolation } from '../../core/db/unique-violation.js';
import { authorPath, sectionPath, topicPath } from './article-urls.js';
import * as repository from './taxonomy-editing.repository.js';
import { checkDescription, checkName, checkSlug, type FieldProblem } from './taxonomy.service.js';

export type EditOutcome =
  | { kind: 'saved' }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'not-found' }
  /** Someone else saved after the form was opened: nothing was written. */
  | { kind: 'stale' };

/** What an edit form was opened with, as a short hash of the stored values it shows. */
export function fingerprintOf(values: Record<string, string | number | null>): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('base64url').slice(0, 22);
}

/** Thrown inside the write's transaction when the row moved on; becomes the 'stale' outcome. */
class StaleEdit extends Error {}

export interface SectionNode {
  id: number;
  slug: string;
  path: string;
  name: string;
  description: string;
  depth: number;
  /** Whether it can move up or down among its siblings. */
  isFirst: boolean;
  isLast: boolean;
  fingerprint: string;
}

export interface TopicProfile {
  id: number;
  slug: string;
  name: string;
  description: string;
  fingerprint: string;
}

export interface AuthorProfile {
  id: number;
  slug: string;
  name: string;
  jobTitle: string;
  bio: string;
  /** The media library's public id of the portrait, or ''. */
  picture: string;
  fingerprint: string;
}

export interface TaxonomyEditingDependencies {
  db: Db;
  clock: Clock;
  /** First path segments the site's own routes use: a top-level section cannot take one. */
  reservedPaths: () => ReadonlySet<string>;
  /** The articles service's: the write and its log row in one transaction. */
  changeContent: (change: (trx: Transaction<Database>) => Promise<readonly string[] | 'everything'>) => Promise<void>;
}

const BIO_MAX = 2000;

const sectionFingerprint = (row: { slug: string; name: string; description: string }) =>
  fingerprintOf({ slug: row.slug, name: row.name, description: row.description });
const topicFingerprint = sectionFingerprint;
const authorFingerprint = (row: repository.AuthorEditRow) =>
  fingerprintOf({ slug: row.slug, name: row.name, job: row.job_title, bio: row.bio, picture: row.picture_public_id });

/** `seen` is the fingerprint the form was opened with ('' from a client that sends none: not checked). */
function checkStillAsSeen(seen: string, current: string | null): void {
  if (seen !== '' && seen !== current) throw new StaleEdit();
}

export function createTaxonomyEditingService(deps: TaxonomyEditingDependencies) {
  const { db } = deps;
  const now = () => deps.clock.now().toISOString();

  /** The whole tree, each section after its parent, siblings in reading order. */
  async function listSectionTree(): Promise<SectionNode[]> {
    const rows = await repository.listAllSectionRows(db);
    const children = new Map<number | null, repository.SectionTreeRow[]>();
    for (const row of rows) children.set(row.parent_id, [...(children.get(row.parent_id) ?? []), row]);
    const tree: SectionNode[] = [];
    const visit = (parentId: number | null, depth: number) => {
      const siblings = children.get(parentId) ?? [];
      siblings.forEach((row, index) => {
        tree.push({ ...row, depth, isFirst: index === 0, isLast: index === siblings.length - 1, fingerprint: sectionFingerprint(row) });
        if (depth < 8) visit(row.id, depth + 1);
      });
    };
    visit(null, 0);
    return tree;
  }

  /**
   * The write, or the same field problem the "is it taken?" check gives when
   * another save took the slug between that check and this write.
   */
  async function savedUnlessTaken(
    taken: FieldProblem,
    write: (trx: Transaction<Database>) => Promise<readonly string[] | 'everything'>,
  ): Promise<EditOutcome> {
    try {
      await deps.changeContent(write);
      return { kind: 'saved' };
    } catch (error) {
      if (isUniqueViolation(error)) return { kind: 'invalid', problems: [taken] };
      if (error instanceof StaleEdit) return { kind: 'stale' };
      throw error;
    }
  }

  async function findSection(id: number): Promise<SectionNode | null> {
    return (await listSectionTree()).find((node) => node.id === id) ?? null;
  }

  async function updateSection(
    id: number,
    input: { name: string; slug: string; description: string; seen?: string },
  ): Promise<EditOutcome> {
    const section = await repository.findSectionRow(db, id);
    if (!section) return { kind: 'not-found' };
    const problems: FieldProblem[] = [];
    const name = checkName(input.name, problems);
    const slug = checkSlug(input.slug, name, problems);
    const description = checkDescription(input.description, problems);
    const parentPath = section.path.includes('/') ? section.path.slice(0, section.path.lastIndexOf('/')) : null;
    const path = parentPath ? `${parentPath}/${slug}` : slug;
    if (!problems.length && parentPath === null && slug !== section.slug && deps.reservedPaths().has(slug))
      problems.push({ field: 'slug', message: `/${slug} is one of the site's own addresses: choose another slug.` });
    if (!problems.length && (await repository.isSectionPathTaken(db, path, id)))
      problems.push({ field: 'slug', message: `There is already a section at /${path}.` });
    if (problems.length) return { kind: 'invalid', problems };
    const lostRace = { field: 'slug', message: `There is already a section at /${path}.` };
    return savedUnlessTaken(lostRace, async (trx) => {
      const current = await repository.findSectionRow(trx, id);
      checkStillAsSeen(input.seen ?? '', current && sectionFingerprint(current));
      await repository.updateSectionRow(trx, id, { slug, path, name, description });
      if (path !== section.path) {
        await repository.recordPathMove(trx, { oldPath: sectionPath(section.path), newPath: sectionPath(path), now: now() });
        for (const below of await repository.listSectionsBelow(trx, section.path)) {
          const movedPath = path + below.path.slice(section.path.length);
          await repository.setSectionPath(trx, below.id, movedPath);
          await repository.recordPathMove(trx, { oldPath: sectionPath(below.path), newPath: sectionPath(movedPath), now: now() });
        }
      }
      return 'everything';
    });
  }

  /** Moves a section one place up or down among its siblings (navigation order for top-level sections). */
  async function moveSection(id: number, direction: 'up' | 'down'): Promise<EditOutcome> {
    const section = await repository.findSectionRow(db, id);
    if (!section) return { kind: 'not-found' };
    await deps.changeContent(async (trx) => {
      const siblings = (await repository.listAllSectionRows(trx)).filter((row) => row.parent_id === section.parent_id);
      const index = siblings.findIndex((row) => row.id === id);
      const target = direction === 'up' ? index - 1 : index + 1;
      if (index < 0 || target < 0 || target >= siblings.length) return [];
      [siblings[index], siblings[target]] = [siblings[target]!, siblings[index]!];
      // Positions are rewritten 0…n: the seeded ones may tie (ordered by name then).
      for (const [position, row] of siblings.entries()) await repository.setSectionPosition(trx, row.id, position);
      return 'everything';
    });
    return { kind: 'saved' };
  }

  async function findTopic(id: number): Promise<TopicProfile | null> {
    const row = await repository.findTopicRow(db, id);
    return row ? { ...row, fingerprint: topicFingerprint(row) } : null;
  }

  async function updateTopic(id: number, input: { name: string; slug: string; description: string; seen?: string }): Promise<EditOutcome> {
    const topic = await repository.findTopicRow(db, id);
    if (!topic) return { kind: 'not-found' };
    const problems: FieldProblem[] = [];
    const name = checkName(input.name, problems);
    const slug = checkSlug(input.slug, name, problems);
    const description = checkDescription(input.description, problems);
    if (!problems.length && (await repository.isTopicSlugTaken(db, slug, id)))
      problems.push({ field: 'slug', message: `There is already a topic with the slug ${slug}.` });
    if (problems.length) return { kind: 'invalid', problems };
    return savedUnlessTaken({ field: 'slug', message: `There is already a topic with the slug ${slug}.` }, async (trx) => {
      const current = await repository.findTopicRow(trx, id);
      checkStillAsSeen(input.seen ?? '', current && topicFingerprint(current));
      await repository.updateTopicRow(trx, id, { slug, name, description });
      if (slug !== topic.slug)
        await repository.recordPathMove(trx, { oldPath: topicPath(topic.slug), newPath: topicPath(slug), now: now() });
      return 'everything';
    });
  }

  async function findAuthor(id: number): Promise<AuthorProfile | null> {
    const row = await repository.findAuthorRow(db, id);
    return row
      ? {
          id: row.id,
          slug: row.slug,
          name: row.name,
          jobTitle: row.job_title,
          bio: row.bio,
          picture: row.picture_public_id ?? '',
          fingerprint: authorFingerprint(row),
        }
      : null;
  }

  async function updateAuthor(
    id: number,
    input: { name: string; slug: string; jobTitle: string; bio: string; picture: string; seen?: string },
  ): Promise<EditOutcome> {
    const author = await repository.findAuthorRow(db, id);
    if (!author) return { kind: 'not-found' };
    const problems: FieldProblem[] = [];
    const name = checkName(input.name, problems);
    const slug = checkSlug(input.slug, name, problems);
    const jobTitle = checkDescription(input.jobTitle, problems, 'jobTitle');
    const bio = input.bio.normalize('NFC').trim();
    if (bio.length > BIO_MAX) problems.push({ field: 'bio', message: `Keep it to ${BIO_MAX} characters or fewer.` });
    const publicId = input.picture.trim();
    const pictureId = publicId === '' ? null : await repository.findImageIdByPublicId(db, publicId);
    if (publicId !== '' && pictureId === null)
      problems.push({ field: 'picture', message: 'There is no picture with that id in the media library.' });
    if (!problems.length && (await repository.isAuthorSlugTaken(db, slug, id)))
      problems.push({ field: 'slug', message: `There is already an author with the slug ${slug}.` });
    if (problems.length) return { kind: 'invalid', problems };
    return savedUnlessTaken({ field: 'slug', message: `There is already an author with the slug ${slug}.` }, async (trx) => {
      const current = await repository.findAuthorRow(trx, id);
      checkStillAsSeen(input.seen ?? '', current && authorFingerprint(current));
      await repository.updateAuthorRow(trx, id, { slug, name, job_title: jobTitle, bio, picture_image_id: pictureId });
      if (slug !== author.slug)
        await repository.recordPathMove(trx, { oldPath: authorPath(author.slug), newPath: authorPath(slug), now: now() });
      return 'everything';
    });
  }

  return { listSectionTree, findSection, updateSection, moveSection, findTopic, updateTopic, findAuthor, updateAuthor };
}

export type TaxonomyEditingService = ReturnType<typeof createTaxonomyEditingService>;
