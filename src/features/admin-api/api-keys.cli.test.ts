// `masthead apikey …` as an operator runs it: a real process over a fresh SQLite file,
// and the printed key then works against the Admin API of an app on that file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMasthead } from '../../../tests/support/cli.js';
import { fixedClock } from '../../core/clock.js';
import { openDatabase } from '../../core/db/database.js';
import { createApiKeysService } from './api-keys.service.js';

const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-'));
const masthead = (...args: string[]) => runMasthead(dataDirectory, ...args);

describe('masthead apikey', () => {
  afterAll(() => rmSync(dataDirectory, { recursive: true, force: true }));

  it('exits 2 with the usage on bad arguments', () => {
    const cases: [string[], string][] = [
      [['apikey', 'create', '--name', 'Wire'], 'Missing --name or --role.'],
      [['apikey', 'create', '--name', 'Wire', '--role', 'moderator'], 'The role must be one of: contributor, author, editor, admin.'],
      [['apikey', 'create', '--name', 'Wire', '--role', 'editor', '--colour', 'blue'], "Unknown option '--colour'"],
      [['apikey', 'revoke'], 'Give the name of one key to revoke.'],
      [['apikey', 'create', '--name', 'Site', '--content', '--role', 'editor'], 'A --content key has no --role or --owner.'],
      [['apikey', 'create', '--content'], 'Missing --name.'],
      [['apikey', 'rotate'], 'Unknown apikey command "rotate".'],
    ];
    for (const [args, message] of cases) {
      const result = masthead(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
    }
  });

  it('creates a key printed alone on the last line, lists it without the key, and revokes it', async () => {
    const created = masthead('apikey', 'create', '--name', 'Wire importer', '--role', 'author');
    expect(created.code).toBe(0);
    const lines = created.stdout.trimEnd().split('\n');
    const key = lines.at(-1)!;
    expect(key).toMatch(/^mh_[A-Za-z0-9_-]{43}$/);
    expect(lines[0]).toContain('Wire importer');

    const database = openDatabase({ engine: 'sqlite', filename: path.join(dataDirectory, 'masthead.db') });
    try {
      const keys = createApiKeysService({ db: database.db, clock: fixedClock(new Date()) });
      expect(await keys.authenticate(`Bearer ${key}`)).toMatchObject({ name: 'Wire importer', role: 'author' });
    } finally {
      await database.close();
    }

    const listed = masthead('apikey', 'list');
    expect(listed.stdout).toMatch(/^Wire importer\s+author\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+active$/m);
    expect(listed.stdout).not.toContain(key);

    expect(masthead('apikey', 'create', '--name', 'Wire importer', '--role', 'editor').code).toBe(1);
    const revoked = masthead('apikey', 'revoke', 'Wire importer');
    expect(revoked.code).toBe(0);
    expect(masthead('apikey', 'list').stdout).toMatch(/^Wire importer\s+author.*revoked$/m);
    expect(masthead('apikey', 'revoke', 'Wire importer').code).toBe(1);
  });

  it('creates a Content API key with --content: 26 hex characters, only a content key, revocable', async () => {
    const created = masthead('apikey', 'create', '--name', 'Static site', '--content');
    expect(created.code).toBe(0);
    const key = created.stdout.trimEnd().split('\n').at(-1)!;
    expect(key).toMatch(/^[0-9a-f]{26}$/);
    expect(created.stdout).toContain('Content API key "Static site"');
    const database = openDatabase({ engine: 'sqlite', filename: path.join(dataDirectory, 'masthead.db') });
    try {
      const keys = createApiKeysService({ db: database.db, clock: fixedClock(new Date()) });
      expect(await keys.authenticateContentKey(key)).toBe(true);
      expect(await keys.authenticate(`Bearer ${key}`)).toBeNull();
      const stored = await database.db
        .selectFrom('api_keys')
        .where('name', '=', 'Static site')
        .select('key_hash')
        .executeTakeFirstOrThrow();
      expect(stored.key_hash).not.toContain(key);
      expect(masthead('apikey', 'list').stdout).toMatch(/^Static site\s+content\s+.*active$/m);
      expect(masthead('apikey', 'revoke', 'Static site').code).toBe(0);
      expect(await keys.authenticateContentKey(key)).toBe(false);
    } finally {
      await database.close();
    }
  });

  it("records an active staff member as a key's owner with --owner, and refuses anyone else", async () => {
    expect(masthead('staff', 'add', '--email', 'desk@news.example.test', '--role', 'editor', '--name', 'Desk Editor').code).toBe(0);
    const refused = masthead('apikey', 'create', '--name', 'Desk feed', '--role', 'editor', '--owner', 'nobody@news.example.test');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--owner must be the email address of an active staff member');
    expect(masthead('apikey', 'create', '--name', 'Desk feed', '--role', 'editor', '--owner', 'Desk@news.example.test').code).toBe(0);
    const database = openDatabase({ engine: 'sqlite', filename: path.join(dataDirectory, 'masthead.db') });
    try {
      const row = await database.db
        .selectFrom('api_keys')
        .innerJoin('users', 'users.id', 'api_keys.owner_user_id')
        .where('api_keys.name', '=', 'Desk feed')
        .select('users.email')
        .executeTakeFirst();
      expect(row?.email).toBe('desk@news.example.test');
    } finally {
      await database.close();
    }
  });
});
