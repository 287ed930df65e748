// Frozen. Reader search (features/search, docs/decisions/020-search.md).
//
// Each published article has two search documents: its `teaser` (headline,
// standfirst and the blocks above the wall) and its `full` text. A reader
// searches exactly one of them per article — the full text of the levels they
// are entitled to, the teaser of the rest — so a word that appears only past
// the wall is simply absent from what they search, and a snippet can only be
// cut from text they may read. `scope_key` ('full:premium', 'teaser:free', …)
// names the document. `teaser_blocks` records the WALL_TEASER_BLOCKS the
// teaser was cut with: a teaser cut with more blocks than the setting now
// allows is never searched (a lowered setting hides articles from the
// non-entitled until `masthead search reindex`, it never shows them more).
//
// The engines differ here and only here: SQLite keeps an FTS5 index over the
// table (external content, porter stemming over unicode61, kept in step by
// triggers; `scope_word` is an indexed column so the reader's scope is part of
// the MATCH; prefix indexes for 3, 4 and 5 characters, the shortest prefixes
// search accepts being the costliest to expand), PostgreSQL a weighted `tsvector` written by the application (its
// text-search configuration follows PUBLICATION_LANGUAGE) under a GIN index.
import { sql, type Kysely } from 'kysely';

function engineOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable('search_documents')
    .addColumn('id', engine === 'postgres' ? 'serial' : 'integer', (c) =>
      engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('section_id', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('teaser_blocks', 'integer', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // The FTS5 column holding the scope as one word ('fullpremium'); unused on PostgreSQL.
    .addColumn('scope_word', 'text', (c) => c.notNull())
    .$call((table) => (engine === 'postgres' ? table.addColumn('document', sql`tsvector`, (c) => c.notNull()) : table))
    .addUniqueConstraint('search_documents_article_scope_key', ['article_id', 'scope_key'])
    .execute();
  await db.schema.createIndex('search_documents_published_idx').on('search_documents').columns(['published_at']).execute();

  if (engine === 'postgres') {
    await sql`create index search_documents_document_idx on search_documents using gin (document)`.execute(db);
    return;
  }
  await sql`
    create virtual table search_index using fts5(
      headline, standfirst, body, scope_word,
      content = 'search_documents', content_rowid = 'id',
      tokenize = 'porter unicode61 remove_diacritics 2',
      prefix = '3 4 5'
    )`.execute(db);
  await sql`
    create trigger search_documents_ai after insert on search_documents begin
      insert into search_index (rowid, headline, standfirst, body, scope_word)
      values (new.id, new.headline, new.standfirst, new.body, new.scope_word);
    end`.execute(db);
  await sql`
    create trigger search_documents_ad after delete on search_documents begin
      insert into search_index (search_index, rowid, headline, standfirst, body, scope_word)
      values ('delete', old.id, old.headline, old.standfirst, old.body, old.scope_word);
    end`.execute(db);
  await sql`
    create trigger search_documents_au after update on search_documents begin
      insert into search_index (search_index, rowid, headline, standfirst, body, scope_word)
      values ('delete', old.id, old.headline, old.standfirst, old.body, old.scope_word);
      insert into search_index (rowid, headline, standfirst, body, scope_word)
      values (new.id, new.headline, new.standfirst, new.body, new.scope_word);
    end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'sqlite') await sql`drop table if exists search_index`.execute(db);
  await db.schema.dropTable('search_documents').execute();
}
