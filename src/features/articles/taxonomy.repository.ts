// Sections, topics and authors as the newsroom and the Admin API manage them.
// Inserts answer null on a taken slug or path (never a unique-key error), so
// two people creating the same topic at once get a clear answer, not a 500.
import type { DbOrTransaction } from '../../core/db/database.js';

export interface SectionRow {
  id: number;
  slug: string;
  path: string;
  name: string;
  description: string;
  parent_path: string | null;
}

export interface TopicRow {
  id: number;
  slug: string;
  name: string;
  description: string;
}

export interface AuthorRow {
  id: number;
  slug: string;
  name: string;
  job_title: string;
  bio: string;
}

export interface Paged<T> {
  rows: T[];
  total: number;
}

function sectionsQuery(db: DbOrTransaction) {
  return db
    .selectFrom('sections')
    .leftJoin('sections as parent', 'parent.id', 'sections.parent_id')
    .select(['sections.id', 'sections.slug', 'sections.path', 'sections.name', 'sections.description', 'parent.path as parent_path']);
}

async function countOf(db: DbOrTransaction, table: 'sections' | 'topics' | 'authors'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function listSectionRows(db: DbOrTransaction, page: { limit: number; offset: number }): Promise<Paged<SectionRow>> {
  const rows = await sectionsQuery(db).orderBy('sections.path').limit(page.limit).offset(page.offset).execute();
  return { rows, total: await countOf(db, 'sections') };
}

export async function findSectionRowByPath(db: DbOrTransaction, path: string): Promise<SectionRow | null> {
  return (await sectionsQuery(db).where('sections.path', '=', path).executeTakeFirst()) ?? null;
}

export async function insertSectionIfNew(
  db: DbOrTransaction,
  section: { slug: string; path: string; name: string; description: string; parentId: number | null },
): Promise<number | null> {
  const row = await db
    .insertInto('sections')
    .values({ slug: section.slug, path: section.path, name: section.name, description: section.description, parent_id: section.parentId })
    .onConflict((conflict) => conflict.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function listTopicRows(db: DbOrTransaction, page: { limit: number; offset: number }): Promise<Paged<TopicRow>> {
  const rows = await db
    .selectFrom('topics')
    .select(['id', 'slug', 'name', 'description'])
    .orderBy('name')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows, total: await countOf(db, 'topics') };
}

export async function insertTopicIfNew(
  db: DbOrTransaction,
  topic: { slug: string; name: string; description: string },
): Promise<number | null> {
  const row = await db
    .insertInto('topics')
    .values(topic)
    .onConflict((conflict) => conflict.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function listAuthorRows(db: DbOrTransaction, page: { limit: number; offset: number }): Promise<Paged<AuthorRow>> {
  const rows = await db
    .selectFrom('authors')
    .select(['id', 'slug', 'name', 'job_title', 'bio'])
    .orderBy('name')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows, total: await countOf(db, 'authors') };
}

export async function insertAuthorIfNew(
  db: DbOrTransaction,
  author: { slug: string; name: string; jobTitle: string; bio: string; createdAt: string },
): Promise<number | null> {
  const row = await db
    .insertInto('authors')
    .values({ slug: author.slug, name: author.name, job_title: author.jobTitle, bio: author.bio, created_at: author.createdAt })
    .onConflict((conflict) => conflict.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}
