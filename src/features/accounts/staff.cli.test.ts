// `masthead staff …` as an operator runs it: a real process over a fresh SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMasthead } from '../../../tests/support/cli.js';

const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-'));

const masthead = (...args: string[]) => runMasthead(dataDirectory, ...args);

describe('masthead staff', () => {
  afterAll(() => rmSync(dataDirectory, { recursive: true, force: true }));

  it('exits 2 with a clear message on bad arguments', () => {
    const cases: [string[], string][] = [
      [['staff', 'add', '--email', 'ada@news.example.test'], 'Missing --role.'],
      [
        ['staff', 'add', '--email', 'ada@news.example.test', '--role', 'chief', '--name', 'Ada Fenwick'],
        '--role must be one of contributor, author, editor, moderator, admin (got "chief").',
      ],
      [['staff', 'add', '--email', 'ada@news.example.test', '--role', 'editor', '--colour', 'blue'], "Unknown option '--colour'"],
      [['staff', 'add', '--email', 'ada@news.example.test', '--role', 'editor'], 'A new staff account needs --name "First Last".'],
      [['staff', 'remove'], 'Unknown staff command "remove".'],
    ];
    for (const [args, message] of cases) {
      const result = masthead(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('masthead staff add --email <address>');
      expect(result.stdout).toBe('');
    }
  });

  it('adds a staff member, prints their one-time link, then lists them', () => {
    const added = masthead('staff', 'add', '--email', 'ada@news.example.test', '--role', 'editor', '--name', 'Ada Fenwick');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Created a new staff account: Ada Fenwick <ada@news.example.test>, editor.');
    expect(added.stdout).toMatch(/^ {2}https:\/\/news\.example\.test\/reset-password\?token=[A-Za-z0-9_-]{43}$/m);
    expect(added.stdout).toContain('at least 12 characters');

    const changed = masthead('staff', 'add', '--email', 'ada@news.example.test', '--role', 'admin');
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain('Changed the existing staff account Ada Fenwick <ada@news.example.test> from editor to admin.');

    const listed = masthead('staff', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^admin\s+ada@news\.example\.test\s+Ada Fenwick\s+no password yet$/m);
  });
});
