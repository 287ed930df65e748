// A subquery's rows as one JSON array in a column of the outer row: a page's
// read model (an article with its authors and topics, cards with theirs) in
// one statement instead of one per list. On PostgreSQL each statement is a
// round trip to another process, which costs more than the JSON. The two
// engines spell it differently (json_agg, json_group_array), so the builder
// is chosen by the database it runs on; for a prepared query
// (prepared-query.ts) that is fixed per database, never by an argument.
import type { RawBuilder } from 'kysely';
import { jsonArrayFrom as postgresJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';
import { isPostgres, type DbOrTransaction } from './database.js';

/** The subquery's rows, in its order, as a JSON array (`[]` when none); read it with `parseJsonArray`. Select named columns only (SQLite builds objects from them). */
export function jsonArrayFrom<O>(db: DbOrTransaction, subquery: Parameters<typeof sqliteJsonArrayFrom<O>>[0]): RawBuilder<unknown> {
  return isPostgres(db) ? postgresJsonArrayFrom(subquery) : sqliteJsonArrayFrom(subquery);
}

/** The column as read: PostgreSQL's driver parses json; SQLite returns text. */
export function parseJsonArray<T>(value: unknown): T[] {
  return (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as T[];
}
