// Test support for the Admin API's route tests: a test app with one key per
// role (and a second author key, for "own"), a JSON caller, sections to write
// in, and an uploaded picture.
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import type { Engine } from '../../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../../testing/test-app.js';
import { createApiKeysService } from '../api-keys.service.js';

export type KeyName = 'contributor' | 'author' | 'otherAuthor' | 'editor' | 'admin';
export const KEY_ROLES = {
  contributor: 'contributor',
  author: 'author',
  otherAuthor: 'author',
  editor: 'editor',
  admin: 'admin',
} as const satisfies Record<KeyName, string>;

export interface AdminApiHarness {
  testApp: TestApp;
  keys: Record<KeyName, string>;
  call(
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    options?: { key?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /** Uploads a small picture through POST /api/admin/images; answers its id and url. */
  uploadImage(words?: { alt?: string; caption?: string; credit?: string }): Promise<{ id: string; url: string }>;
  countArticles(): Promise<number>;
}

export async function createAdminApiHarness(engine: Engine, now: Date): Promise<AdminApiHarness> {
  const testApp = await createTestApp({ engine, now });
  const service = createApiKeysService({ db: testApp.database.db, clock: testApp.clock });
  const keys = {} as Record<KeyName, string>;
  for (const [name, role] of Object.entries(KEY_ROLES) as [KeyName, (typeof KEY_ROLES)[KeyName]][]) {
    const created = await service.create({ name: `${name} key`, role });
    if (created.kind !== 'created') throw new Error(created.kind);
    keys[name] = created.key;
  }

  const call: AdminApiHarness['call'] = (method, url, options = {}) =>
    testApp.app.inject({
      method,
      url: `/api/admin${url}`,
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { payload: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
    });

  for (const body of [{ name: 'World', description: 'News from everywhere.' }, { name: 'Europe', parent: 'world' }, { name: 'Culture' }]) {
    const response = await call('POST', '/sections', { key: keys.admin, body });
    if (response.statusCode !== 201) throw new Error(response.body);
  }

  const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#4a7' } })
    .jpeg()
    .toBuffer();

  async function uploadImage(words: { alt?: string; caption?: string; credit?: string } = {}) {
    const boundary = '----admin-api-test';
    const text = { alt: 'Gulls over a grey harbour wall', caption: 'The harbour at low tide.', credit: 'Desk photo', ...words };
    const chunks: Buffer[] = [];
    for (const [name, value] of Object.entries(text))
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="harbour.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      photo,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/admin/images',
      headers: { authorization: `Bearer ${keys.contributor}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(chunks),
    });
    if (response.statusCode !== 201) throw new Error(response.body);
    return response.json() as { id: string; url: string };
  }

  async function countArticles() {
    const row = await testApp.database.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  return { testApp, keys, call, uploadImage, countArticles };
}
