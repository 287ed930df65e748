// Durable email: callers enqueue a row (inside their own transaction, so an
// email exists exactly when the change that caused it committed); a worker
// sends due rows. A row is claimed before sending and marked sent after, so a
// crash mid-send re-sends it once the claim goes stale (at-least-once, with a
// stable Message-ID per row so receivers can recognise the retry).
import type { Clock } from '../clock.js';
import type { Db, DbOrTransaction } from '../db/database.js';
import type { EmailAttachment, EmailMessage, Mailer } from '../email/mailer.js';

const CLAIM_TIMEOUT_MS = 5 * 60 * 1000;
const NUDGE_DELAY_MS = 50;
const MAX_ATTEMPTS = 8;

/** The outbox row of a message, as `enqueueEmail` writes it (a statement that queues its own email uses the same). */
export function outboxValues(message: EmailMessage, now: Date) {
  return {
    recipient: message.to,
    subject: message.subject,
    text_body: message.text,
    html_body: message.html,
    headers_json: JSON.stringify(message.headers ?? {}),
    // Only when there are some: every other email's row stays as it was.
    attachments_json: message.attachments?.length ? JSON.stringify(message.attachments) : null,
    available_at: now.toISOString(),
    created_at: now.toISOString(),
  };
}

export async function enqueueEmail(db: DbOrTransaction, message: EmailMessage, now: Date): Promise<void> {
  await db.insertInto('email_outbox').values(outboxValues(message, now)).execute();
}

export interface EmailWorkerOptions {
  db: Db;
  mailer: Mailer;
  clock: Clock;
  messageIdDomain: string;
  onError?: (error: unknown) => void;
  pollMs?: number;
}

export function createEmailWorker(options: EmailWorkerOptions) {
  const { db, mailer, clock } = options;
  let timer: NodeJS.Timeout | undefined;
  let nudged: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<number> | undefined;

  async function claimNext() {
    const now = clock.now();
    const staleBefore = new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString();
    const candidate = await db
      .selectFrom('email_outbox')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('available_at', '<=', now.toISOString())]),
          eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', staleBefore)]),
        ]),
      )
      .selectAll()
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (!candidate) return null;
    // Claim with a compare-and-set so two nodes never send the same row at once.
    const claimed = await db
      .updateTable('email_outbox')
      .set({ status: 'sending', claimed_at: now.toISOString(), attempts: candidate.attempts + 1 })
      .where('id', '=', candidate.id)
      .where('status', '=', candidate.status)
      .where('attempts', '=', candidate.attempts)
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1 ? { ...candidate, attempts: candidate.attempts + 1 } : 'lost-race';
  }

  /** Sends everything due now; returns how many were sent. */
  async function drainOnce(): Promise<number> {
    let sent = 0;
    for (let guard = 0; guard < 1000; guard++) {
      const row = await claimNext();
      if (row === null) break;
      if (row === 'lost-race') continue;
      try {
        await mailer.send({
          to: row.recipient,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          headers: JSON.parse(row.headers_json) as Record<string, string>,
          ...(row.attachments_json ? { attachments: JSON.parse(row.attachments_json) as EmailAttachment[] } : {}),
          messageId: `<outbox-${row.id}@${options.messageIdDomain}>`,
        });
        await db
          .updateTable('email_outbox')
          .set({ status: 'sent', sent_at: clock.now().toISOString(), last_error: null })
          .where('id', '=', row.id)
          .execute();
        sent++;
      } catch (error) {
        const giveUp = row.attempts >= MAX_ATTEMPTS;
        const backoffMs = Math.min(60 * 60 * 1000, 2 ** row.attempts * 1000);
        await db
          .updateTable('email_outbox')
          .set({
            status: giveUp ? 'failed' : 'pending',
            last_error: String(error).slice(0, 500),
            available_at: new Date(clock.now().getTime() + backoffMs).toISOString(),
          })
          .where('id', '=', row.id)
          .execute();
        options.onError?.(error);
      }
    }
    return sent;
  }

  /** Runs one drain at a time; concurrent callers share it. */
  function drain(): Promise<number> {
    running ??= drainOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    drain,
    /** Sends soon, off the request path. */
    /**
     * Sends what was just queued soon, without waiting for the poll. A burst
     * of nudges (a busy comment thread) coalesces into one drain: checking the
     * outbox after every comment cost more than the comment's own queries.
     */
    nudge() {
      if (nudged || stopped) return;
      nudged = setTimeout(() => {
        nudged = undefined;
        void drain().catch((error) => options.onError?.(error));
      }, NUDGE_DELAY_MS);
      nudged.unref();
    },
    start() {
      stopped = false;
      timer = setInterval(() => void drain().catch((error) => options.onError?.(error)), options.pollMs ?? 2000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (nudged) clearTimeout(nudged);
      nudged = undefined;
      await running;
    },
  };
}

export type EmailWorker = ReturnType<typeof createEmailWorker>;
