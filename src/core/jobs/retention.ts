// Deletes what the privacy notice says we keep only for a while: sent and
// failed emails after 90 days, sessions and one-time email links once they
// have expired (or been used), and spent proof-of-work records; on SQLite it
// also refreshes the query planner's statistics. Runs on every node (each
// step is idempotent) at start-up and then hourly.
import { sql } from 'kysely';
import type { Clock } from '../clock.js';
import { hasRowLocks, type Db } from '../db/database.js';

export const EMAIL_RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface RetentionReport {
  emails: number;
  sessions: number;
  emailTokens: number;
  challenges: number;
}

const deleted = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);

export async function applyRetention(db: Db, now: Date): Promise<RetentionReport> {
  const nowIso = now.toISOString();
  const emailsBefore = new Date(now.getTime() - EMAIL_RETENTION_DAYS * DAY_MS).toISOString();
  const [emails, sessions, emailTokens, challenges] = await Promise.all([
    // Unsent (pending or being retried) mail is never deleted here: it still has a job to do.
    db
      .deleteFrom('email_outbox')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'sent'), eb('sent_at', '<', emailsBefore)]),
          eb.and([eb('status', '=', 'failed'), eb('created_at', '<', emailsBefore)]),
        ]),
      )
      .executeTakeFirst(),
    db.deleteFrom('sessions').where('expires_at', '<=', nowIso).executeTakeFirst(),
    db
      .deleteFrom('email_tokens')
      .where((eb) => eb.or([eb('expires_at', '<=', nowIso), eb('used_at', 'is not', null)]))
      .executeTakeFirst(),
    db.deleteFrom('used_challenges').where('expires_at', '<', nowIso).executeTakeFirst(),
  ]);
  // SQLite plans queries from statistics it only gathers when asked; its own
  // advice is to run `optimize` periodically (cheap when nothing changed).
  // PostgreSQL's autovacuum does the same on its own.
  if (!hasRowLocks(db)) await sql`pragma optimize`.execute(db);
  return { emails: deleted(emails), sessions: deleted(sessions), emailTokens: deleted(emailTokens), challenges: deleted(challenges) };
}

export function createRetentionJob(options: {
  db: Db;
  clock: Clock;
  onError?: (error: unknown) => void;
  onReport?: (report: RetentionReport) => void;
  intervalMs?: number;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= applyRetention(options.db, options.clock.now())
      .then((report) => options.onReport?.(report), options.onError)
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  return {
    run,
    start() {
      void run();
      timer = setInterval(run, options.intervalMs ?? HOUR_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

export type RetentionJob = ReturnType<typeof createRetentionJob>;
