// Test support: the app over the fixture newspaper, with a Content API key and an Admin API key.
import type { LightMyRequestResponse } from 'fastify';
import { createApiKeysService } from '../../admin-api/api-keys.service.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../../articles/testing/fixture-newspaper.js';
import type { Engine } from '../../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../../testing/test-app.js';

export interface ContentApiHarness {
  testApp: TestApp;
  contentKey: string;
  adminKey: string;
  /** GET a Content API path (`posts/`, `tags/slug/coast/`) with the key and these parameters. */
  get(path: string, parameters?: Record<string, string>, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export async function createContentApiHarness(
  engine: Engine,
  options: { extraArticles?: number; canaryArticles?: number; environment?: Record<string, string> } = {},
): Promise<ContentApiHarness> {
  const testApp = await createTestApp({ engine, now: FIXTURE_NOW, environment: { METERED_SECTIONS: 'politics', ...options.environment } });
  await seedFixtureNewspaper(testApp.database.db, {
    extraArticles: options.extraArticles ?? 0,
    canaryArticles: options.canaryArticles ?? 0,
  });
  const keys = createApiKeysService({ db: testApp.database.db, clock: testApp.clock });
  const content = await keys.create({ name: 'Front-end', role: 'content' });
  const admin = await keys.create({ name: 'Desk', role: 'editor' });
  if (content.kind !== 'created' || admin.kind !== 'created') throw new Error('keys not created');
  const contentKey = content.key;
  return {
    testApp,
    contentKey,
    adminKey: admin.key,
    get(path, parameters = {}, headers = {}) {
      const query = new URLSearchParams({ key: contentKey, ...parameters });
      return testApp.app.inject({ method: 'GET', url: `/ghost/api/content/${path}?${query}`, headers });
    },
  };
}
