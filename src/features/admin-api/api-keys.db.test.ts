// Admin API keys on both engines: shown once, stored hashed, checked exactly.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { hashToken } from '../../core/security/tokens.js';
import { createApiKeysService, roleAtLeast, type ApiKeysService } from './api-keys.service.js';

describeEachEngine('Admin API keys', (engine) => {
  let database: TestDatabase;
  let keys: ApiKeysService;
  const clock = fixedClock(new Date('2026-12-01T09:00:00.000Z'));

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    keys = createApiKeysService({ db: database.db, clock });
  });
  afterAll(() => database.destroy());

  it('creates a key shown once and stores only its hash', async () => {
    const created = await keys.create({ name: 'Wire importer', role: 'author' });
    if (created.kind !== 'created') throw new Error(created.kind);
    expect(created.key).toMatch(/^mh_[A-Za-z0-9_-]{43}$/);
    const row = await database.db.selectFrom('api_keys').selectAll().where('name', '=', 'Wire importer').executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(hashToken(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(await keys.authenticate(`Bearer ${created.key}`)).toEqual({ keyId: row.id, name: 'Wire importer', role: 'author' });
  });

  it('refuses a taken name, an unknown role and a name that is not one', async () => {
    expect((await keys.create({ name: 'Desk bot', role: 'editor' })).kind).toBe('created');
    expect((await keys.create({ name: 'Desk bot', role: 'admin' })).kind).toBe('name-taken');
    expect((await keys.create({ name: 'Another', role: 'moderator' })).kind).toBe('invalid');
    expect((await keys.create({ name: 'Another', role: 'owner' })).kind).toBe('invalid');
    for (const name of ['', '   ', '-leading-dash', 'x'.repeat(61), 'semi;colon', 'new\nline'])
      expect((await keys.create({ name, role: 'editor' })).kind, JSON.stringify(name)).toBe('invalid');
  });

  it('answers null for anything but a live key: missing, malformed, unknown, revoked', async () => {
    const created = await keys.create({ name: 'Short lived', role: 'contributor' });
    if (created.kind !== 'created') throw new Error(created.kind);
    for (const header of [
      undefined,
      '',
      'Bearer',
      `Basic ${created.key}`,
      `Bearer ${created.key}x`,
      'Bearer mh_unknown',
      `Bearer  ${'a'.repeat(500)}`,
    ])
      expect(await keys.authenticate(header), String(header)).toBeNull();
    expect(await keys.authenticate(`bearer ${created.key}`)).not.toBeNull();
    expect(await keys.revoke('Short lived')).toBe(true);
    expect(await keys.revoke('Short lived')).toBe(false);
    expect(await keys.authenticate(`Bearer ${created.key}`)).toBeNull();
    // The name stays taken, so what the key did stays attributed to one key.
    expect((await keys.create({ name: 'Short lived', role: 'contributor' })).kind).toBe('name-taken');
  });

  it('records when a key was last used, at most once a minute', async () => {
    const created = await keys.create({ name: 'Counter', role: 'editor' });
    if (created.kind !== 'created') throw new Error(created.kind);
    const lastUsed = async () => (await keys.list()).find((key) => key.name === 'Counter')!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await keys.authenticate(`Bearer ${created.key}`);
    const first = await lastUsed();
    expect(first).toBe(clock.now().toISOString());
    clock.advance(30_000);
    await keys.authenticate(`Bearer ${created.key}`);
    expect(await lastUsed()).toBe(first);
    clock.advance(31_000);
    await keys.authenticate(`Bearer ${created.key}`);
    expect(await lastUsed()).toBe(clock.now().toISOString());
  });

  it('orders roles: each may do what the ones before it may', () => {
    expect(roleAtLeast('admin', 'editor')).toBe(true);
    expect(roleAtLeast('editor', 'editor')).toBe(true);
    expect(roleAtLeast('author', 'editor')).toBe(false);
    expect(roleAtLeast('contributor', 'author')).toBe(false);
  });
});
