// Test support: the whole app (app.ts) over a test database (either engine)
// with a fixed clock, for every feature's route tests. It lives beside app.ts,
// not in core/, because it builds every feature.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type Masthead } from '../app.js';
import type { Mailer } from '../core/email/mailer.js';
import { fixedClock } from '../core/clock.js';
import { loadConfig, type Config } from '../core/config/config.js';
import { openTestDatabase, type Engine, type TestDatabase } from '../core/db/testing.js';

/** Signs the test app's cookies, CSRF tokens and unsubscribe links; tests that sign such things themselves use it too. */
export const TEST_SESSION_SECRET = 'test-secret-that-is-long-enough-for-hmac-0123456789';

export interface TestApp extends Masthead {
  config: Readonly<Config>;
  clock: ReturnType<typeof fixedClock>;
  testDatabase: TestDatabase;
  destroy(): Promise<void>;
}

export async function createTestApp(options: {
  engine: Engine;
  now: Date;
  environment?: Record<string, string>;
  mailer?: Mailer;
  /** Another node of that app: its own connections to the same database, its own clock, caches and everything else. */
  sameDatabaseAs?: TestApp;
}): Promise<TestApp> {
  const testDatabase = options.sameDatabaseAs ? anotherNodeOf(options.sameDatabaseAs.testDatabase) : await openTestDatabase(options.engine);
  const clock = fixedClock(options.now);
  const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-app-'));
  const config = loadConfig({
    PUBLIC_URL: 'https://news.example.test',
    PUBLICATION_NAME: 'The Test Gazette',
    LOG_LEVEL: 'silent',
    DEMO_CONTENT: 'off',
    DATA_DIR: dataDirectory,
    SESSION_SECRET: TEST_SESSION_SECRET,
    // Cheap proof-of-work and hashing: tests check behaviour, not cost.
    ALTCHA_COST: '1',
    ALTCHA_MAX_COUNTER: '10',
    ARGON2_MEMORY_KIB: '8192',
    ARGON2_ITERATIONS: '1',
    // Features' tests sign staff in without an authenticator; the staff security tests set their own.
    REQUIRE_STAFF_2FA: 'off',
    ...options.environment,
  });
  const masthead = await buildApp({ config, clock, database: testDatabase, ...(options.mailer ? { mailer: options.mailer } : {}) });
  return {
    ...masthead,
    config,
    clock,
    testDatabase,
    async destroy() {
      await masthead.app.close();
      await masthead.emailWorker.stop();
      await masthead.renditionWorker.stop();
      await masthead.newsletterSender.close();
      await testDatabase.destroy();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

/** The database as another node sees it: its own handle, closed (never dropped) when that node is destroyed. */
function anotherNodeOf(shared: TestDatabase): TestDatabase {
  const handle = shared.openAnotherHandle();
  return { ...shared, ...handle, destroy: () => handle.close() };
}
