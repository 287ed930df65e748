// Group commit for SQLite's single writer. Every SQLite commit appends each
// page it changed to the WAL: a posted comment touches about nine (the row,
// its indexes, the counts, the id sequence), so commits were the largest
// single cost of a post (docs/benchmarks.md, "Comments"). Writes that arrive
// while a transaction is running wait for it (SQLite has one writer), so
// instead of committing them one by one they are run together, in arrival
// order, in one transaction: the pages they share are written once.
//
// Each caller still gets all-or-nothing for its own work: if any work in a
// group throws, or the group's commit fails, the group is rolled back and
// every work in it is run again alone, in its own transaction, so one bad
// write fails by itself and nothing of it is stored. Work may therefore run
// twice and must do nothing outside the transaction it is given.
//
// PostgreSQL commits concurrent transactions in groups itself, and runs them
// in parallel: there every work is its own transaction.
import type { Transaction } from 'kysely';
import type { Db } from './database.js';
import type { Database } from './schema.js';

export type TransactionWork<T> = (trx: Transaction<Database>) => Promise<T>;

export interface GroupCommit {
  /** Runs `work` in a transaction, possibly with other callers' work; resolves after the commit. */
  transaction<T>(work: TransactionWork<T>): Promise<T>;
}

/** The most work items in one group: bounds the latency one group adds to its last member. */
export const MAX_GROUP_SIZE = 64;

interface Pending {
  work: TransactionWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export function createGroupCommit(db: Db, engine: 'sqlite' | 'postgres'): GroupCommit {
  if (engine === 'postgres') return { transaction: (work) => db.transaction().execute(work) };

  let queue: Pending[] = [];
  let isRunning = false;
  let isScheduled = false;

  async function runAlone(item: Pending): Promise<void> {
    try {
      item.resolve(await db.transaction().execute(item.work));
    } catch (error) {
      item.reject(error);
    }
  }

  async function runGroup(group: Pending[]): Promise<void> {
    if (group.length === 1) return runAlone(group[0]!);
    let results: unknown[];
    try {
      results = await db.transaction().execute(async (trx) => {
        const answers: unknown[] = [];
        for (const item of group) answers.push(await item.work(trx));
        return answers;
      });
    } catch {
      // Which work failed, and whether the others would have, is found by running each alone.
      for (const item of group) await runAlone(item);
      return;
    }
    group.forEach((item, index) => item.resolve(results[index]));
  }

  async function drain(): Promise<void> {
    isRunning = true;
    try {
      while (queue.length > 0) {
        const group = queue.slice(0, MAX_GROUP_SIZE);
        queue = queue.slice(group.length);
        await runGroup(group);
      }
    } finally {
      isRunning = false;
    }
  }

  return {
    transaction<T>(work: TransactionWork<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!isRunning && !isScheduled) {
          isScheduled = true;
          setImmediate(() => {
            isScheduled = false;
            void drain();
          });
        }
      });
    },
  };
}
