// `masthead newsletter import|export` as an operator runs it: a real process
// over a fresh SQLite file, a CSV with good and bad rows, and the list written
// back out to a file only its owner can read.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMasthead } from '../../../tests/support/cli.js';
import { openDatabase, type DatabaseHandle } from '../../core/db/database.js';
import { migrateToLatest } from '../../core/db/migrate.js';

const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-'));
const masthead = (...args: string[]) => runMasthead(dataDirectory, ...args);

describe('masthead newsletter', () => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = openDatabase({ engine: 'sqlite', filename: path.join(dataDirectory, 'masthead.db') });
    await migrateToLatest(database.db);
    const now = new Date().toISOString();
    await database.db
      .insertInto('newsletters')
      .values({ slug: 'quay-weekly', name: 'Quay Weekly', description: '', access_level: 'registered', created_at: now } as never)
      .execute();
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('refuses bad arguments (2) and unknown newsletters (1)', () => {
    expect(masthead('newsletter', 'import', '--newsletter', 'quay-weekly').code).toBe(2);
    expect(masthead('newsletter', 'import', '--newsletter', 'quay-weekly', '--csv', 'x', '--colour', 'blue').stderr).toContain(
      "Unknown option '--colour'",
    );
    expect(masthead('newsletter', 'purge').code).toBe(2);
    const unknown = masthead('newsletter', 'export', '--newsletter', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no newsletter with the slug "nope".');
  });

  it('imports a CSV, reports refused rows by line, and exports the list to a private file', async () => {
    const csv = path.join(dataDirectory, 'sheet.csv');
    writeFileSync(
      csv,
      'email,first_name,last_name,consent_source\n' +
        'ada@example.test,Ada,Lovelace,Harbour festival sign-up sheet\n' +
        'not an address,Bob,,\n' +
        'ADA@example.test,Ada,,\n' +
        'zoe@example.test,Zoë,"Quay, Jr",\n',
    );
    const imported = masthead('newsletter', 'import', '--newsletter', 'quay-weekly', '--csv', csv);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('4 rows read, 2 added, 1 already subscribed, 1 refused.');
    expect(imported.stdout).toContain('line 3: email: not an email address');
    const rows = await database.db.selectFrom('newsletter_subscribers').select(['email', 'consent_source']).orderBy('email').execute();
    expect(rows).toEqual([
      { email: 'ada@example.test', consent_source: 'Harbour festival sign-up sheet' },
      { email: 'zoe@example.test', consent_source: 'CSV import of sheet.csv' },
    ]);

    const badHeader = path.join(dataDirectory, 'names.csv');
    writeFileSync(badHeader, 'name\nAda\n');
    const refused = masthead('newsletter', 'import', '--newsletter', 'quay-weekly', '--csv', badHeader);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('at least "email"');

    const out = path.join(dataDirectory, 'list.csv');
    const exported = masthead('newsletter', 'export', '--newsletter', 'quay-weekly', '--out', out);
    expect(exported.code, exported.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('email,first_name,last_name,consent_source,source,since');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['ada@example.test', 'zoe@example.test']);
    expect(lines[2]).toContain('"Quay, Jr"');
  });
});
