// `masthead subscription grant` as an operator runs it: a real process over a fresh SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMasthead } from '../../../tests/support/cli.js';
import { openDatabase } from '../../core/db/database.js';
import { migrateToLatest } from '../../core/db/migrate.js';
import { insertUser } from '../accounts/testing/user-fixtures.js';

const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-'));

const masthead = (...args: string[]) => runMasthead(dataDirectory, ...args);

describe('masthead subscription grant', () => {
  afterAll(() => rmSync(dataDirectory, { recursive: true, force: true }));

  it('refuses bad arguments with exit code 2 and unknown readers with 1', () => {
    expect(masthead('subscription', 'grant', '--email', 'a@example.com').code).toBe(2);
    expect(masthead('subscription', 'grant', '--email', 'a@example.com', '--days', 'ten').stderr).toContain(
      '--days must be a whole number.',
    );
    expect(masthead('subscription', 'cancel').code).toBe(2);
    const unknown = masthead('subscription', 'grant', '--email', 'nobody@example.com', '--days', '30');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No reader account has the address nobody@example.com.');
  });

  it('grants a subscription to a reader and stores it', async () => {
    const database = openDatabase({ engine: 'sqlite', filename: path.join(dataDirectory, 'masthead.db') });
    try {
      await migrateToLatest(database.db);
      await insertUser(database.db, {
        email: 'sub@example.com',
        passwordHash: null,
        firstName: 'Sub',
        lastName: 'Scriber',
        dateOfBirth: null,
        role: 'reader',
        marketingOptOut: true,
        now: new Date().toISOString(),
      });
      const result = masthead('subscription', 'grant', '--email', 'sub@example.com', '--days', '30');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^sub@example\.com is a subscriber until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\.$/m);
      const rows = await database.db.selectFrom('subscriptions').select(['source', 'starts_at', 'ends_at']).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.source).toBe('staff-grant');
      expect(Date.parse(rows[0]!.ends_at) - Date.parse(rows[0]!.starts_at)).toBe(30 * 86_400_000);
    } finally {
      await database.close();
    }
  });
});
