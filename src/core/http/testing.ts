// Test support: an app over a test database (either engine) with a fixed clock.
import { buildApp, type Masthead } from '../../app.js';
import { fixedClock } from '../clock.js';
import { loadConfig } from '../config/config.js';
import { openTestDatabase, type Engine, type TestDatabase } from '../db/testing.js';

export interface TestApp extends Masthead {
  clock: ReturnType<typeof fixedClock>;
  testDatabase: TestDatabase;
  destroy(): Promise<void>;
}

export async function createTestApp(options: { engine: Engine; now: Date; environment?: Record<string, string> }): Promise<TestApp> {
  const testDatabase = await openTestDatabase(options.engine);
  const clock = fixedClock(options.now);
  const config = loadConfig({
    PUBLIC_URL: 'https://news.example.test',
    PUBLICATION_NAME: 'The Test Gazette',
    LOG_LEVEL: 'silent',
    DEMO_CONTENT: 'off',
    ...options.environment,
  });
  const masthead = await buildApp({ config, clock, database: testDatabase });
  return {
    ...masthead,
    clock,
    testDatabase,
    async destroy() {
      await masthead.app.close();
      await testDatabase.destroy();
    },
  };
}
