// `masthead export` and `masthead import masthead` as an operator runs them:
// the built command over a fresh SQLite file, an archive written 0600 without
// password hashes (and with them only when asked), then read back into a
// second, fresh data directory.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runMasthead } from '../../../tests/support/cli.js';

const first = mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-export-'));
const second = mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-import-'));
afterAll(() => {
  rmSync(first, { recursive: true, force: true });
  rmSync(second, { recursive: true, force: true });
});

it('exports 0600 without credentials unless asked, refuses to overwrite, and imports the archive into a fresh publication', () => {
  expect(runMasthead(first, 'seed-demo').code).toBe(0);
  expect(runMasthead(first, 'staff', 'add', '--email', 'chief@ledger.test', '--role', 'admin', '--name', 'Rhea Chief').code).toBe(0);
  const archive = path.join(first, 'archive.jsonl');
  const exported = runMasthead(first, 'export', archive);
  expect(exported.code).toBe(0);
  expect(exported.stdout).toMatch(/^Exported to .*: \d+ articles, \d+ pictures/);
  expect(exported.stderr).toMatch(/^\[#+·*\] \d+\/\d+ /m);
  expect(statSync(archive).mode & 0o777).toBe(0o600);
  const lines = readFileSync(archive, 'utf8').trim().split('\n');
  expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'masthead-archive', version: 1, withCredentials: false });
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'end' });
  expect(lines.some((line) => line.includes('"passwordHash"'))).toBe(false);

  const again = runMasthead(first, 'export', archive);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('never overwrites');
  const withCredentials = path.join(first, 'with-credentials.jsonl');
  expect(runMasthead(first, 'export', withCredentials, '--with-credentials').code).toBe(0);
  expect(statSync(withCredentials).mode & 0o777).toBe(0o600);
  expect(readFileSync(withCredentials, 'utf8')).toContain('"passwordHash"');

  expect(runMasthead(second, 'staff', 'add', '--email', 'editor@ledger.test', '--role', 'admin', '--name', 'Eda Tor').code).toBe(0);
  const dry = runMasthead(second, 'import', 'masthead', archive, '--dry-run');
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain('Would import from masthead:');
  const imported = runMasthead(second, 'import', 'masthead', archive);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toMatch(/Imported from masthead:\S+: \d+ sections/);
  expect(imported.stdout).not.toContain('Skipped');
  const reexport = path.join(second, 'again.jsonl');
  expect(runMasthead(second, 'export', reexport).code).toBe(0);
  const count = (file: string, type: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith(`{"type":"${type}"`)).length;
  for (const type of ['section', 'topic', 'image', 'author', 'article', 'comment'])
    expect(count(reexport, type), type).toBe(count(archive, type));

  expect(runMasthead(second, 'import', 'masthead', path.join(second, 'missing.jsonl')).code).toBe(1);
});
