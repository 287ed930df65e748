// The newsletter sender: a loop on every node that starts scheduled issues,
// writes out audiences in chunks, claims batches of deliveries and sends them
// through a pooled SMTP transport. Each recipient's row is marked in flight
// just before its message goes and sent just after the server accepts it, so
// after a crash (kill -9) only the messages that were in flight can go twice,
// and those are flagged (docs/decisions/018-newsletter-sending.md).
import { randomBytes } from 'node:crypto';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { compileEmailTemplate, fillEmailTemplate, type EmailTemplate, type RenderedIssueEmail } from './emails/newsletter-email.js';
import * as deliveries from './newsletter-deliveries.repository.js';
import { SendFailure, type NewsletterMessage, type NewsletterTransport } from './newsletter-transport.js';
import * as repository from './newsletters.repository.js';
import { createUnsubscribeToken, UNSUBSCRIBE_PATH_PREFIX } from './unsubscribe-token.js';

export interface SenderSettings {
  publicUrl: string;
  publicationName: string;
  /** MAIL_FROM: "Name <address>" or an address; the newsletter's sender name replaces the name. */
  from: string;
  /** A mailbox for mailto: unsubscribes; null: none is offered (Masthead reads no mail). */
  unsubscribeMailbox: string | null;
  /** Messages per second on this node; 0: as fast as the server takes them. */
  ratePerSecond: number;
  /** SMTP connections kept open: also the most messages in flight at once, the bound on duplicates after a crash. */
  poolSize: number;
  bounceThreshold: number;
  claimMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  audienceChunk: number;
  pollMs: number;
}

export const DEFAULT_SENDER_TUNING = {
  claimMs: 120_000,
  maxAttempts: 6,
  retryBaseMs: 30_000,
  audienceChunk: 1000,
  pollMs: 2000,
} as const;

export interface NewsletterSenderOptions {
  db: Db;
  engine: deliveries.Engine;
  clock: Clock;
  transport: NewsletterTransport;
  secret: string;
  settings: SenderSettings;
  /** Renders an issue's email once (newsletters.service.ts renderIssueEmailFor). */
  renderIssue(issueId: number): Promise<RenderedIssueEmail>;
  onError?: (error: unknown) => void;
  /** Work to look at first on every pass (the daily briefings, which schedule issues this pass then starts). */
  beforePass?: () => Promise<unknown>;
  /** Called after each message's outcome is stored (tests and the bench count with it). */
  onDelivered?: (outcome: 'sent' | 'retry' | 'failed') => void;
}

type SendingIssue = Awaited<ReturnType<typeof repository.listSendingIssues>>[number];

/** MAIL_FROM's address: inside the angle brackets, or the whole setting. */
function senderAddress(from: string): string {
  const open = from.lastIndexOf('<');
  const close = from.lastIndexOf('>');
  return open >= 0 && close > open ? from.slice(open + 1, close).trim() : from.trim();
}

/** MAIL_FROM's display name ('' when it is a bare address). */
function senderName(from: string): string {
  const open = from.lastIndexOf('<');
  return open > 0 ? from.slice(0, open).trim().replace(/^"|"$/g, '').trim() : '';
}

/** A header phrase without anything that could end or fold the header. */
const headerSafe = (value: string) => value.replace(/[\r\n"<>\\]/g, ' ').trim();

export function createNewsletterSender(options: NewsletterSenderOptions) {
  const { db, engine, clock, transport, settings } = options;
  const workerId = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const host = new URL(settings.publicUrl).hostname;
  const templates = new Map<number, EmailTemplate>();
  let stopped = true;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let nextSlotAt = 0;

  const now = () => clock.now().toISOString();

  async function startDueIssues(): Promise<void> {
    for (const issueId of await repository.listDueScheduledIssueIds(db, now())) {
      const rendered = await options.renderIssue(issueId);
      await repository.moveIssueState(db, issueId, { from: ['scheduled'], to: 'sending', now: now(), startedAt: now(), rendered });
    }
  }

  async function templateFor(issue: SendingIssue): Promise<EmailTemplate> {
    const known = templates.get(issue.id);
    if (known) return known;
    let rendered: RenderedIssueEmail;
    if (issue.rendered_html !== null && issue.rendered_text !== null) rendered = { html: issue.rendered_html, text: issue.rendered_text };
    else {
      rendered = await options.renderIssue(issue.id);
      await db
        .updateTable('newsletter_issues')
        .set({ rendered_html: rendered.html, rendered_text: rendered.text })
        .where('id', '=', issue.id)
        .where('rendered_html', 'is', null)
        .execute();
    }
    const template = compileEmailTemplate(rendered);
    if (templates.size > 20) templates.clear();
    templates.set(issue.id, template);
    return template;
  }

  function messageFor(issue: SendingIssue, template: EmailTemplate, delivery: deliveries.ClaimedDelivery): NewsletterMessage {
    const token = createUnsubscribeToken(options.secret, {
      newsletterId: issue.newsletter_id,
      recipient:
        delivery.user_id !== null
          ? { kind: 'reader', userId: delivery.user_id }
          : { kind: 'imported', subscriberId: delivery.subscriber_id ?? 0 },
      issueId: issue.id,
    });
    const unsubscribeUrl = `${settings.publicUrl}${UNSUBSCRIBE_PATH_PREFIX}${token}`;
    const manageUrl = delivery.user_id !== null ? `${settings.publicUrl}/account` : `${settings.publicUrl}/newsletters`;
    const { html, text } = fillEmailTemplate(template, { unsubscribeUrl, manageUrl });
    const listUnsubscribe = [unsubscribeUrl];
    if (settings.unsubscribeMailbox)
      listUnsubscribe.push(`mailto:${settings.unsubscribeMailbox}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`);
    return {
      from: {
        name: headerSafe(issue.sender_name || senderName(settings.from) || settings.publicationName),
        address: senderAddress(settings.from),
      },
      to: delivery.email,
      subject: issue.subject,
      html,
      text,
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      list: { id: { url: `${issue.slug}.newsletters.${host}`, comment: issue.name }, unsubscribe: [listUnsubscribe] },
      // Stable per recipient and issue: a message resent after a crash is recognisably the same one.
      messageId: `<newsletter-${issue.id}-${delivery.id}@${host}>`,
    };
  }

  async function waitForRate(): Promise<void> {
    if (settings.ratePerSecond <= 0) return;
    const interval = 1000 / settings.ratePerSecond;
    const current = Date.now();
    const slot = Math.max(current, nextSlotAt);
    nextSlotAt = slot + interval;
    if (slot > current) await sleep(slot - current);
  }

  async function deliver(issue: SendingIssue, template: EmailTemplate, delivery: deliveries.ClaimedDelivery): Promise<void> {
    const message = messageFor(issue, template, delivery);
    await deliveries.markInFlight(db, delivery.id, now());
    const attempt = delivery.attempts + 1;
    try {
      const response = await transport.send(message);
      await deliveries.markSent(db, delivery.id, now(), response);
      options.onDelivered?.('sent');
    } catch (error) {
      const failure = error instanceof SendFailure ? error : new SendFailure('temporary', String(error));
      if (failure.kind === 'permanent') {
        await deliveries.markFailed(db, delivery.id, { error: failure.message, bouncedAt: now() });
        await deliveries.recordBounce(db, {
          email: delivery.email,
          reason: failure.message,
          threshold: settings.bounceThreshold,
          now: now(),
        });
        options.onDelivered?.('failed');
      } else if (attempt >= settings.maxAttempts) {
        await deliveries.markFailed(db, delivery.id, { error: failure.message, bouncedAt: null });
        options.onDelivered?.('failed');
      } else {
        const backoff = Math.min(3_600_000, settings.retryBaseMs * 2 ** (attempt - 1));
        await deliveries.markRetry(db, delivery.id, {
          nextAttemptAt: new Date(clock.now().getTime() + backoff).toISOString(),
          error: failure.message,
        });
        options.onDelivered?.('retry');
      }
    }
  }

  function batchSize(): number {
    const byPool = settings.poolSize * 8;
    // With a rate limit, a batch must finish well inside its claim.
    if (settings.ratePerSecond > 0) return Math.max(1, Math.min(byPool, Math.floor((settings.ratePerSecond * settings.claimMs) / 4000)));
    return byPool;
  }

  /** Claims and sends one batch of an issue; returns how many rows it claimed. */
  async function sendBatch(issue: SendingIssue): Promise<number> {
    const claimed = await deliveries.claimDeliveries(db, engine, {
      issueId: issue.id,
      workerId,
      limit: batchSize(),
      now: now(),
      claimUntil: new Date(clock.now().getTime() + settings.claimMs).toISOString(),
    });
    if (claimed.length === 0) return 0;
    const template = await templateFor(issue);
    const suppressed = await deliveries.listSuppressed(
      db,
      claimed.map((row) => row.email),
    );
    const skipped = claimed.filter((row) => suppressed.has(row.email));
    await deliveries.markSkipped(
      db,
      skipped.map((row) => row.id),
    );
    const queue = claimed.filter((row) => !suppressed.has(row.email));
    let next = 0;
    const untouched = new Set(queue.map((row) => row.id));
    // As many loops as pooled connections: never more messages in flight than the pool holds.
    const lanes = Array.from({ length: Math.min(settings.poolSize, queue.length) }, async () => {
      while (!stopped && next < queue.length) {
        const delivery = queue[next++]!;
        await waitForRate();
        if (stopped) break;
        untouched.delete(delivery.id);
        try {
          await deliver(issue, template, delivery);
        } catch (error) {
          // The database failed: the row keeps its claim and is taken again when the claim expires.
          options.onError?.(error);
        }
      }
    });
    await Promise.all(lanes);
    await deliveries.releaseClaims(db, [...untouched]);
    return claimed.length;
  }

  async function workIssue(issue: SendingIssue): Promise<boolean> {
    let didWork = false;
    if (issue.audience_state !== 'complete') {
      const next = await deliveries.writeAudienceChunk(db, {
        issueId: issue.id,
        newsletterId: issue.newsletter_id,
        isPremium: issue.access_level === 'premium',
        storedCursor: issue.audience_cursor,
        chunkSize: settings.audienceChunk,
        now: now(),
      });
      if (next) {
        issue.audience_cursor = deliveries.formatAudienceCursor(next);
        issue.audience_state = next.source === 'done' ? 'complete' : 'building';
      } else {
        const fresh = await db
          .selectFrom('newsletter_issues')
          .select(['audience_cursor', 'audience_state'])
          .where('id', '=', issue.id)
          .executeTakeFirst();
        if (fresh) Object.assign(issue, fresh);
      }
      didWork = true;
    }
    // Batches until the issue is paused or cancelled (read again between batches) or has nothing due.
    for (let round = 0; round < 50 && !stopped; round++) {
      if ((await repository.findIssueState(db, issue.id)) !== 'sending') return true;
      const claimed = await sendBatch(issue);
      if (claimed === 0) break;
      didWork = true;
      await yieldToEventLoop();
    }
    if (issue.audience_state === 'complete' && !stopped && !(await deliveries.hasUnfinishedDeliveries(db, issue.id))) {
      await repository.moveIssueState(db, issue.id, { from: ['sending'], to: 'sent', now: now(), finishedAt: now() });
      templates.delete(issue.id);
    }
    return didWork;
  }

  /** One pass over everything due; true when there may be more to do at once. */
  async function runOnce(): Promise<boolean> {
    if (options.beforePass) {
      // Its failure must not hold up sending what is already due.
      await options.beforePass().catch((error: unknown) => options.onError?.(error));
    }
    await startDueIssues();
    let didWork = false;
    for (const issue of await repository.listSendingIssues(db)) {
      if (stopped) break;
      if (await workIssue(issue)) didWork = true;
      await yieldToEventLoop();
    }
    return didWork;
  }

  async function run(): Promise<void> {
    while (!stopped) {
      let didWork = false;
      try {
        didWork = await runOnce();
      } catch (error) {
        options.onError?.(error);
      }
      if (didWork || stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, settings.pollMs);
        timer.unref();
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  return {
    workerId,
    /** Sends until everything due is done (tests); the loop started by start() does the same forever. */
    async drain(): Promise<void> {
      const wasStopped = stopped;
      stopped = false;
      try {
        for (let guard = 0; guard < 10_000 && (await runOnce()); guard++);
      } finally {
        stopped = wasStopped;
      }
    },
    start(): void {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    /** Looks for work now instead of at the next poll (a send just started). */
    nudge(): void {
      wake?.();
    },
    async stop(): Promise<void> {
      stopped = true;
      wake?.();
      await loop;
      loop = undefined;
    },
    /** Stops and closes the SMTP connections (shutdown). */
    async close(): Promise<void> {
      await this.stop();
      transport.close();
    },
  };
}

export type NewsletterSender = ReturnType<typeof createNewsletterSender>;
