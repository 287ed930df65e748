// The crash test (issue 15's headline): a sender in its own process is
// killed with SIGKILL in the middle of a send to a real SMTP server on
// loopback, and another is started. Every recipient gets the issue; the only
// duplicates are messages that were in flight at the kill — at most the
// SMTP pool size — and each of them is counted in the issue's figures.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import type { DatabaseTarget } from '../../core/config/config.js';
import { openDatabase, type DatabaseHandle } from '../../core/db/database.js';
import { migrateToLatest } from '../../core/db/migrate.js';
import { describeEachEngine, openTestDatabase, postgresUrl, type TestDatabase } from '../../core/db/testing.js';
import { createNewsletterKit } from './testing/newsletter-kit.js';
import { insertSubscribedReaders } from './testing/newsletter-fixtures.js';
import { startSmtpSink, type SmtpSink } from './testing/smtp-sink.js';

const RECIPIENTS = 300;
const POOL_SIZE = 4;
const CLAIM_MS = 1500;
const here = path.dirname(fileURLToPath(import.meta.url));

function startSenderProcess(settings: { target: DatabaseTarget; searchPath?: string; smtpUrl: string }): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'testing/sender-process.ts')], {
    env: { ...process.env, MASTHEAD_SENDER_PROCESS: JSON.stringify({ ...settings, poolSize: POOL_SIZE, claimMs: CLAIM_MS }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return child;
}

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describeEachEngine('newsletter sending survives kill -9', (engine) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  });

  it(
    'every recipient gets the issue; duplicates only for messages in flight, bounded by the pool and counted',
    { timeout: 90_000 },
    async () => {
      const sink: SmtpSink = await startSmtpSink({ delayMs: 15 });
      cleanups.push(() => sink.close());
      let handle: DatabaseHandle;
      let target: DatabaseTarget;
      let searchPath: string | undefined;
      if (engine === 'sqlite') {
        const directory = mkdtempSync(path.join(os.tmpdir(), 'masthead-crash-'));
        target = { engine: 'sqlite', filename: path.join(directory, 'crash.db') };
        handle = openDatabase(target);
        await migrateToLatest(handle.db);
        cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
        cleanups.push(() => handle.close());
      } else {
        const database: TestDatabase = await openTestDatabase('postgres');
        handle = database;
        target = { engine: 'postgres', connectionString: postgresUrl!, poolSize: 3 };
        searchPath = database.schema!;
        cleanups.push(() => database.destroy());
      }
      const { db } = handle;
      const now = new Date().toISOString();
      const kit = createNewsletterKit({ db, engine, clock: systemClock, smtpUrl: sink.url });
      cleanups.push(() => kit.close());
      const saved = await kit.newsletters.createNewsletter({ name: 'Crash Daily', slug: 'crash-daily', access: 'registered' });
      if (saved.kind !== 'saved') throw new Error('newsletter not saved');
      await insertSubscribedReaders(db, { newsletterId: saved.newsletter.id, count: RECIPIENTS, domain: 'crash.example.test', now });
      const issue = await kit.newsletters.createIssue(saved.newsletter.id, {
        subject: 'Crash edition',
        content: { kind: 'html', html: '<p>Still here after the crash.</p>' },
        createdBy: null,
      });
      if (issue.kind !== 'saved') throw new Error('issue not saved');
      expect((await kit.newsletters.sendIssueNow(issue.issue.id)).kind).toBe('ok');

      const first = startSenderProcess({ target, searchPath, smtpUrl: sink.url });
      cleanups.push(() => void first.kill('SIGKILL'));
      await waitFor(() => sink.total() >= RECIPIENTS / 3, 30_000, 'the first sender to get a third through');
      first.kill('SIGKILL');
      await exited(first);
      const inFlightAtCrash = await db
        .selectFrom('newsletter_deliveries')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('state', '=', 'sending')
        .executeTakeFirstOrThrow();
      expect(Number(inFlightAtCrash.count)).toBeLessThanOrEqual(POOL_SIZE);
      const deliveredBeforeRestart = sink.total();
      expect(deliveredBeforeRestart).toBeLessThan(RECIPIENTS);

      const second = startSenderProcess({ target, searchPath, smtpUrl: sink.url });
      cleanups.push(async () => {
        second.kill('SIGTERM');
        await exited(second);
      });
      await waitFor(async () => (await kit.newsletters.findIssue(issue.issue.id))?.state === 'sent', 60_000, 'the issue to be sent');

      const counts = [...sink.deliveries.entries()];
      expect(counts).toHaveLength(RECIPIENTS);
      const duplicated = counts.filter(([, count]) => count > 1);
      expect(duplicated.every(([, count]) => count === 2)).toBe(true);
      expect(duplicated.length).toBeLessThanOrEqual(POOL_SIZE);
      const flagged = await db.selectFrom('newsletter_deliveries').select('email').where('possible_duplicate', '=', 1).execute();
      const flaggedEmails = new Set(flagged.map((row) => row.email));
      for (const [email] of duplicated) expect(flaggedEmails.has(email)).toBe(true);
      const figures = await kit.newsletters.issueFigures(issue.issue.id);
      expect(figures).toMatchObject({ recipients: RECIPIENTS, sent: RECIPIENTS, failed: 0, pending: 0 });
      expect(figures!.possibleDuplicates).toBeGreaterThanOrEqual(duplicated.length);
      expect(figures!.possibleDuplicates).toBeLessThanOrEqual(POOL_SIZE);
      console.info(
        `[${engine}] crash after ${deliveredBeforeRestart} of ${RECIPIENTS}: ${duplicated.length} delivered twice, ${figures!.possibleDuplicates} counted as possible duplicates (pool ${POOL_SIZE})`,
      );
    },
  );
});
