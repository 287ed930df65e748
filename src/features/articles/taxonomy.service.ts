// Sections, topics and authors for the newsroom and the Admin API: listed a
// page at a time and created with the site's rules (a slug suggested from the
// name, unique; a section under an existing top-level section; no section
// named like one of the site's own addresses, such as /account).
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { isSlug, slugFrom } from '../../core/text/slug.js';
import { hasVisibleCharacters } from '../../core/text/visible-text.js';
import * as repository from './taxonomy.repository.js';

export interface FieldProblem {
  field: string;
  message: string;
}

export type CreateOutcome<T> = { kind: 'created'; item: T } | { kind: 'invalid'; problems: FieldProblem[] };

export interface SectionItem {
  id: number;
  slug: string;
  path: string;
  name: string;
  description: string;
  parent: string | null;
}
export interface TopicItem {
  id: number;
  slug: string;
  name: string;
  description: string;
}
export interface AuthorItem {
  id: number;
  slug: string;
  name: string;
  jobTitle: string;
  bio: string;
}

export interface PageRequest {
  page: number;
  limit: number;
}

export interface PageOf<T> {
  items: T[];
  page: number;
  limit: number;
  pages: number;
  total: number;
}

export interface TaxonomyDependencies {
  db: Db;
  clock: Clock;
  /** First path segments the site's own routes use (/account, /newsroom…): a top-level section cannot take one. */
  reservedPaths: () => ReadonlySet<string>;
  /** Called after a section is created: navigation and the sitemap list sections. */
  onSectionsChanged: () => Promise<void>;
}

const NAME_MAX = 60;
const DESCRIPTION_MAX = 300;

export function checkName(name: string, problems: FieldProblem[]): string {
  const trimmed = name.normalize('NFC').trim();
  if (!hasVisibleCharacters(trimmed)) problems.push({ field: 'name', message: 'Enter a name.' });
  else if (trimmed.length > NAME_MAX) problems.push({ field: 'name', message: `The name must be ${NAME_MAX} characters or fewer.` });
  return trimmed;
}

export function checkSlug(slug: string | undefined, name: string, problems: FieldProblem[]): string {
  const chosen = slug === undefined || slug.trim() === '' ? slugFrom(name) : slug.trim();
  if (!isSlug(chosen))
    problems.push({
      field: 'slug',
      message: 'The slug must be lowercase letters and digits joined by single dashes, 80 characters or fewer.',
    });
  return chosen;
}

export function checkDescription(description: string | undefined, problems: FieldProblem[], field = 'description'): string {
  const text = (description ?? '').normalize('NFC').trim();
  if (text.length > DESCRIPTION_MAX) problems.push({ field, message: `Keep it to ${DESCRIPTION_MAX} characters or fewer.` });
  return text;
}

function pageOf<Row, Item>(result: repository.Paged<Row>, request: PageRequest, toItem: (row: Row) => Item): PageOf<Item> {
  return {
    items: result.rows.map(toItem),
    page: request.page,
    limit: request.limit,
    pages: Math.max(1, Math.ceil(result.total / request.limit)),
    total: result.total,
  };
}

const window = (request: PageRequest) => ({ limit: request.limit, offset: (request.page - 1) * request.limit });

const sectionItem = (row: repository.SectionRow): SectionItem => ({
  id: row.id,
  slug: row.slug,
  path: row.path,
  name: row.name,
  description: row.description,
  parent: row.parent_path,
});
const authorItem = (row: repository.AuthorRow): AuthorItem => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  jobTitle: row.job_title,
  bio: row.bio,
});

export function createTaxonomyService(deps: TaxonomyDependencies) {
  const { db } = deps;

  async function listSections(request: PageRequest): Promise<PageOf<SectionItem>> {
    return pageOf(await repository.listSectionRows(db, window(request)), request, sectionItem);
  }

  async function createSection(input: {
    name: string;
    slug?: string;
    parent?: string;
    description?: string;
  }): Promise<CreateOutcome<SectionItem>> {
    const problems: FieldProblem[] = [];
    const name = checkName(input.name, problems);
    const slug = checkSlug(input.slug, name, problems);
    const description = checkDescription(input.description, problems);
    let parent: repository.SectionRow | null = null;
    if (input.parent !== undefined && input.parent.trim() !== '') {
      parent = await repository.findSectionRowByPath(db, input.parent.trim());
      if (!parent) problems.push({ field: 'parent', message: 'There is no section with that path.' });
      else if (parent.parent_path !== null)
        problems.push({ field: 'parent', message: 'Sections go two levels deep: choose a top-level section.' });
    } else if (deps.reservedPaths().has(slug)) {
      problems.push({ field: 'slug', message: `/${slug} is one of the site's own addresses: choose another slug.` });
    }
    if (problems.length) return { kind: 'invalid', problems };
    const path = parent ? `${parent.path}/${slug}` : slug;
    const id = await repository.insertSectionIfNew(db, { slug, path, name, description, parentId: parent?.id ?? null });
    if (id === null) return { kind: 'invalid', problems: [{ field: 'slug', message: `There is already a section at /${path}.` }] };
    await deps.onSectionsChanged();
    return { kind: 'created', item: { id, slug, path, name, description, parent: parent?.path ?? null } };
  }

  async function listTopics(request: PageRequest): Promise<PageOf<TopicItem>> {
    return pageOf(await repository.listTopicRows(db, window(request)), request, (row) => row);
  }

  async function createTopic(input: { name: string; slug?: string; description?: string }): Promise<CreateOutcome<TopicItem>> {
    const problems: FieldProblem[] = [];
    const name = checkName(input.name, problems);
    const slug = checkSlug(input.slug, name, problems);
    const description = checkDescription(input.description, problems);
    if (problems.length) return { kind: 'invalid', problems };
    const id = await repository.insertTopicIfNew(db, { slug, name, description });
    if (id === null) return { kind: 'invalid', problems: [{ field: 'slug', message: `There is already a topic with the slug ${slug}.` }] };
    return { kind: 'created', item: { id, slug, name, description } };
  }

  async function listAuthors(request: PageRequest): Promise<PageOf<AuthorItem>> {
    return pageOf(await repository.listAuthorRows(db, window(request)), request, authorItem);
  }

  async function createAuthor(input: { name: string; slug?: string; jobTitle?: string; bio?: string }): Promise<CreateOutcome<AuthorItem>> {
    const problems: FieldProblem[] = [];
    const name = checkName(input.name, problems);
    const slug = checkSlug(input.slug, name, problems);
    const jobTitle = checkDescription(input.jobTitle, problems, 'jobTitle');
    const bio = checkDescription(input.bio, problems, 'bio');
    if (problems.length) return { kind: 'invalid', problems };
    const createdAt = deps.clock.now().toISOString();
    const id = await repository.insertAuthorIfNew(db, { slug, name, jobTitle, bio, createdAt });
    if (id === null)
      return { kind: 'invalid', problems: [{ field: 'slug', message: `There is already an author with the slug ${slug}.` }] };
    return { kind: 'created', item: { id, slug, name, jobTitle, bio } };
  }

  return { listSections, createSection, listTopics, createTopic, listAuthors, createAuthor };
}

export type TaxonomyService = ReturnType<typeof createTaxonomyService>;
