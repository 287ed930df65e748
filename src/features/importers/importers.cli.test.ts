// `masthead import …` as an operator runs it: a real process over a fresh
// SQLite file, the synthetic exports and their pictures in a folder.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMasthead } from '../../../tests/support/cli.js';
import { prepareImportFolder } from './testing/import-fixtures.js';

const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-'));
const masthead = (...args: string[]) => runMasthead(dataDirectory, ...args);

describe('masthead import', () => {
  let folder: { folder: string; ghost: string; wordpress: string };
  beforeAll(async () => {
    folder = await prepareImportFolder();
  });
  afterAll(() => {
    rmSync(dataDirectory, { recursive: true, force: true });
    rmSync(folder.folder, { recursive: true, force: true });
  });

  it('exits 2 with the usage on bad arguments, 1 when the file is not an export', () => {
    for (const [args, message] of [
      [['import', 'drupal', 'x.json'], 'Unknown import format "drupal": ghost or wordpress.'],
      [['import', 'ghost'], 'Give one export file.'],
      [['import', 'ghost', 'a.json', '--colour', 'blue'], "Unknown option '--colour'"],
      [['import', 'ghost', 'a.json', '--chunk-size', '0'], '--chunk-size must be a whole number'],
    ] as const) {
      const result = masthead(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
    const notAnExport = masthead('import', 'wordpress', folder.ghost);
    expect(notAnExport.code).toBe(1);
    expect(notAnExport.stderr).toContain('Nothing was imported.');
    expect(masthead('import', 'ghost', path.join(folder.folder, 'missing.json')).code).toBe(1);
  });

  it('needs an editor or admin to name in the revisions', () => {
    const result = masthead('import', 'ghost', folder.ghost);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('There is no editor or admin');
  });

  it('says what a dry run would do, imports with progress and a report, and imports nothing twice', () => {
    expect(masthead('staff', 'add', '--email', 'chief@ledger.test', '--role', 'admin', '--name', 'Rhea Chief').code).toBe(0);

    const dry = masthead('import', 'ghost', folder.ghost, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Would import from ghost: 6 articles');

    const run = masthead('import', 'ghost', folder.ghost, '--chunk-size', '3');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported from ghost: 6 articles, 2 pictures, 2 readers, 6 comments; 6 old addresses now redirect.');
    expect(run.stdout).toContain('Skipped 7:');
    expect(run.stdout).toContain('comment c8 “Second Reader”: The comment has no date.');
    expect(run.stdout).toContain('The post has no title.');
    expect(run.stdout).toContain('Forgot your password?');
    expect(run.stdout).toContain(
      'Accounts made for commenters: 0 by their address (no password, no newsletter); guests without one: 1 (they cannot sign in).',
    );
    // Not a terminal: plain progress lines, with the rate and the time left.
    expect(run.stderr).toMatch(/^\[#+·*\] \d+\/10 +\d+% {2}\d+\.\d posts\/s {2}ETA /m);
    expect(run.stderr).not.toContain('\r');

    const again = masthead('import', 'ghost', folder.ghost);
    expect(again.stdout).toContain('Imported from ghost: 0 articles');
    expect(again.stdout).toContain('Already imported by an earlier run: 6 articles, 2 readers, 6 comments.');

    const wordpress = masthead('import', 'wordpress', folder.wordpress, '--images', folder.folder);
    expect(wordpress.code).toBe(0);
    expect(wordpress.stdout).toContain('Imported from wordpress:https://old-gazette.example: 3 articles, 2 pictures');
    expect(wordpress.stdout).toContain('3 articles, 2 pictures, 0 readers, 4 comments');
    expect(wordpress.stdout).toContain('Comments held for moderation (they were waiting on the old site): 1.');
    expect(wordpress.stdout).toContain('Comments left out: 1 pingbacks and trackbacks');
  });
});
