// Writes rows to a table in bulk, whatever their columns (bench/archive-rows.ts
// decides those): on SQLite multi-row INSERTs of up to ~30,000 values each
// (SQLite's limit is 32,766 parameters), on PostgreSQL one INSERT … SELECT
// FROM unnest($1::type[], $2::type[], …) per batch — one parameter per
// column, whatever the number of rows, each column cast to its declared type
// (read from information_schema, so a new column needs nothing here). COPY
// would be a little faster on PostgreSQL, but `pg` has no COPY client of its
// own (pg-copy-streams is not a dependency), and unnest keeps one SQL path.
import { sql } from 'kysely';
import type { DbOrTransaction } from '../src/core/db/database.js';

const SQLITE_VALUES_PER_STATEMENT = 30_000;

export interface BulkInserter {
  insert(db: DbOrTransaction, table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
}

function columnsOf(table: string, rows: readonly Record<string, unknown>[]): string[] {
  const columns = Object.keys(rows[0]!);
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== columns.length || keys.some((key, index) => key !== columns[index]))
      throw new Error(`Rows for ${table} must all have the same columns in the same order.`);
  }
  return columns;
}

export function sqliteInserter(): BulkInserter {
  return {
    async insert(db, table, rows) {
      if (rows.length === 0) return;
      const columns = columnsOf(table, rows);
      const rowsPerStatement = Math.max(1, Math.floor(SQLITE_VALUES_PER_STATEMENT / columns.length));
      const head = sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))}) values `;
      for (let start = 0; start < rows.length; start += rowsPerStatement) {
        const chunk = rows.slice(start, start + rowsPerStatement);
        const tuples = chunk.map((row) => sql`(${sql.join(columns.map((column) => row[column]))})`);
        await sql`${head}${sql.join(tuples)}`.execute(db);
      }
    },
  };
}

/** Reads each table's column types once (current schema), for the unnest casts. */
export function postgresInserter(): BulkInserter {
  const types = new Map<string, Map<string, string>>();
  const typesOf = async (db: DbOrTransaction, table: string) => {
    let known = types.get(table);
    if (!known) {
      const result = await sql<{ column_name: string; udt_name: string }>`
        select column_name, udt_name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table}`.execute(db);
      known = new Map(result.rows.map((row) => [row.column_name, row.udt_name]));
      types.set(table, known);
    }
    return known;
  };
  return {
    async insert(db, table, rows) {
      if (rows.length === 0) return;
      const columns = columnsOf(table, rows);
      const declared = await typesOf(db, table);
      const arrays = columns.map((column) => {
        const type = declared.get(column);
        // Only identifiers read from the catalogue reach sql.raw.
        if (!type || !/^\w+$/.test(type)) throw new Error(`${table}.${column} is not a column of the current schema.`);
        return sql`${rows.map((row) => row[column])}::${sql.raw(type)}[]`;
      });
      await sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))})
        select * from unnest(${sql.join(arrays)})`.execute(db);
    },
  };
}
