// Queries built and compiled once, then run with new values. Kysely builds an
// immutable operation tree and compiles it to SQL on every execution: for the
// small indexed statements on hot paths (the session lookup on every signed-in
// request, the half-dozen statements of a posted comment) that costs more than
// SQLite takes to run them (~12–15 µs against ~3–8 µs; docs/benchmarks.md,
// "Comments"). A prepared query is built once per database with a stand-in
// for each argument, and each call swaps the real values in.
//
// Only for queries whose shape does not depend on the values: every argument
// must reach the SQL as a parameter of its own, unchanged (not inside a LIKE
// pattern, not an IN list, never null — `= null` and `is null` compile
// differently). The first call checks this and throws if an argument was
// transformed or dropped; the shape itself must not branch on an argument,
// which no check can see, so keep builders free of conditions. The SQL is
// compiled once per dialect adapter: a Kysely plugin that rewrites queries
// (none is used in the app) would be baked into the first compilation.
//
// On PostgreSQL each such statement is also a named, server-side prepared
// statement on every connection that runs it (`preparedStatementName`, used
// by the pool in database.ts): PostgreSQL parses and plans it once per
// connection rather than on every run, which for the small statements of an
// uncached article took longer than running them (~0.2–0.3 ms of planning
// against ~0.1 ms of execution each, at 30,000 articles). A connection
// pooler in front of PostgreSQL must then keep prepared statements per
// server connection (session pooling, or PgBouncer 1.21+ with
// max_prepared_statements).
import { createHash } from 'node:crypto';
import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import type { DbOrTransaction } from './database.js';

type ArgumentValue = string | number;

interface Template {
  sql: string;
  /** For each parameter: the argument it takes, or the constant the builder put there. */
  slots: ReadonlyArray<{ argument: string } | { constant: unknown }>;
}

const STAND_IN_MARK = '\u0001masthead-argument\u0001';

// The SQL text of every prepared query compiled so far, and its statement's name.
const statementNames = new Map<string, string>();

/** The server-side name for this SQL text when a prepared query compiled it, so the driver may prepare it once per connection. */
export function preparedStatementName(sql: string): string | undefined {
  return statementNames.get(sql);
}

export function preparedQuery<Args extends Record<string, ArgumentValue>, Row>(
  name: string,
  build: (db: DbOrTransaction, args: Args) => Compilable<Row>,
): (db: DbOrTransaction, args: Args) => Promise<QueryResult<Row>> {
  // One template per dialect adapter: SQLite and PostgreSQL compile differently.
  const templates = new WeakMap<object, Template>();

  function compile(db: DbOrTransaction, argumentNames: string[]): Template {
    const standIns = Object.fromEntries(argumentNames.map((argument) => [argument, `${STAND_IN_MARK}${argument}`])) as unknown as Args;
    const compiled = build(db, standIns).compile();
    const used = new Set<string>();
    const slots = compiled.parameters.map((parameter) => {
      if (typeof parameter === 'string' && parameter.includes(STAND_IN_MARK)) {
        const argument = parameter.slice(STAND_IN_MARK.length);
        if (!parameter.startsWith(STAND_IN_MARK) || !argumentNames.includes(argument)) {
          throw new Error(`preparedQuery ${name}: an argument is transformed before it reaches the SQL (${JSON.stringify(parameter)})`);
        }
        used.add(argument);
        return { argument };
      }
      return { constant: parameter };
    });
    if (compiled.sql.includes(STAND_IN_MARK)) throw new Error(`preparedQuery ${name}: an argument is written into the SQL text`);
    const unused = argumentNames.filter((argument) => !used.has(argument));
    if (unused.length) throw new Error(`preparedQuery ${name}: ${unused.join(', ')} never reach the SQL as parameters`);
    statementNames.set(compiled.sql, `masthead_${createHash('sha1').update(compiled.sql).digest('hex').slice(0, 20)}`);
    return { sql: compiled.sql, slots };
  }

  return async (db, args) => {
    const adapter = db.getExecutor().adapter;
    let template = templates.get(adapter);
    if (!template) {
      template = compile(db, Object.keys(args));
      templates.set(adapter, template);
    }
    const parameters = template.slots.map((slot) => ('argument' in slot ? args[slot.argument] : slot.constant));
    return db.executeQuery(CompiledQuery.raw(template.sql, parameters) as CompiledQuery<Row>);
  };
}
