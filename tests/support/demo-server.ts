// Test support: the demo newspaper served over real HTTP on loopback, for
// browser tests. One fresh SQLite file per server, deleted on close. With
// `inbox`, its email goes over real SMTP to a loopback server the test reads.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type Masthead } from '../../src/app.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config/config.js';
import { openDatabase } from '../../src/core/db/database.js';
import { migrateToLatest } from '../../src/core/db/migrate.js';
import { createSmtpMailer } from '../../src/core/email/mailer.js';
import { seedDemoNewspaper } from '../../src/demo/seed-demo.js';
import { startTestInbox, type TestInbox } from './test-inbox.js';

export interface DemoServer {
  baseUrl: string;
  /** The app's database, for tests that set up what a page needs (e.g. a staff member). */
  db: Masthead['database']['db'];
  /** Present when started with `inbox: true`. */
  inbox?: TestInbox;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** Extra settings, as environment variables (e.g. a cheaper proof-of-work). */
  environment?: Record<string, string>;
  /** Send email over SMTP to a loopback inbox the test can read. */
  inbox?: boolean;
  /** With `inbox`: newsletters are sent too (the sender runs, as `masthead serve` starts it) to the same inbox. */
  newsletters?: boolean;
  /** The app's time (a test moves it to reach a scheduled publication); the system clock by default. */
  clock?: Clock;
}

const HOST = '127.0.0.1';

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'masthead-e2e-'));
  const database = openDatabase({ engine: 'sqlite', filename: path.join(directory, 'masthead.db') });
  let inbox: TestInbox | undefined;
  try {
    inbox = options.inbox ? await startTestInbox() : undefined;
    await migrateToLatest(database.db);
    const clock = options.clock ?? systemClock;
    await seedDemoNewspaper(database.db, { clock });
    // PUBLIC_URL is baked into pages (canonical links, feeds), so the port is
    // chosen before the app is built; another process may take it in between,
    // hence the retry.
    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort();
      const baseUrl = `http://${HOST}:${port}`;
      const config = loadConfig({
        DATA_DIR: directory,
        HOST,
        PORT: String(port),
        PUBLIC_URL: baseUrl,
        LOG_LEVEL: 'silent',
        DEMO_CONTENT: 'off',
        // Journeys of other features sign editors in without an authenticator; staff-security.e2e sets its own.
        REQUIRE_STAFF_2FA: 'off',
        ...(inbox && options.newsletters ? { NEWSLETTER_SMTP_URL: inbox.url } : {}),
        ...options.environment,
      });
      const mailer = inbox ? createSmtpMailer({ url: inbox.url, from: config.mail.from }) : undefined;
      const masthead: Masthead = await buildApp({ config, database, mailer, clock });
      try {
        await masthead.app.listen({ host: HOST, port });
      } catch (error) {
        await masthead.app.close();
        mailer?.close();
        if (isAddressInUse(error) && attempt < 5) continue;
        throw error;
      }
      masthead.emailWorker.start();
      masthead.renditionWorker.start();
      if (inbox && options.newsletters) masthead.newsletterSender.start();
      // The demo was loaded before the app existed: fill reader search as `masthead seed-demo` does.
      await masthead.search.reindex();
      return {
        baseUrl,
        db: database.db,
        inbox,
        async close() {
          await masthead.close();
          await inbox?.close();
          rmSync(directory, { recursive: true, force: true });
        },
      };
    }
  } catch (error) {
    await inbox?.close();
    await database.close();
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}
