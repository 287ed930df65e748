// Several `masthead` commands on one new SQLite file at once, as when a
// service starts while an operator runs a command: each migrates or loads the
// demo under the startup lock, so the work is done once and nobody crashes.
// (Nodes on PostgreSQL starting together: tests/multi-node.)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMasthead, startMasthead } from '../tests/support/cli.js';

describe('masthead commands started together on one new database', () => {
  let dataDirectory: string;
  beforeEach(() => {
    dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-together-'));
  });
  afterEach(() => {
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('migrates once', async () => {
    const results = await Promise.all([1, 2, 3].map(() => startMasthead(dataDirectory, 'migrate')));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    expect(results.filter((result) => result.stdout.startsWith('Applied: 0001_'))).toHaveLength(1);
    expect(results.filter((result) => result.stdout.includes('Database already up to date.'))).toHaveLength(2);
  });

  it('loads the demo once; the others find the newspaper no longer empty', async () => {
    const results = await Promise.all([1, 2, 3].map(() => startMasthead(dataDirectory, 'seed-demo')));
    const loaded = results.filter((result) => result.code === 0);
    const refused = results.filter((result) => result.code === 1);
    expect(loaded, results.map((result) => result.stderr).join('\n')).toHaveLength(1);
    expect(loaded[0]!.stdout).toMatch(/^Loaded the demo newspaper: \d+ articles\./);
    expect(refused).toHaveLength(2);
    for (const result of refused) expect(result.stderr).toContain('The database already has articles');
    expect(runMasthead(dataDirectory, 'migrate').stdout).toContain('Database already up to date.');
  });
});
