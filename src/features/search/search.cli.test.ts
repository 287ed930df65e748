// `masthead search reindex` as an operator runs it (a real process over a fresh
// SQLite file), and its progress bar on a terminal and in a log.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMasthead } from '../../../tests/support/cli.js';
import { openDatabase } from '../../core/db/database.js';
import { migrateToLatest } from '../../core/db/migrate.js';
import { seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { createProgressBar, describeProgress } from './progress-bar.js';

const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-search-cli-'));

describe('masthead search reindex', () => {
  afterAll(() => rmSync(dataDirectory, { recursive: true, force: true }));

  it('refuses unknown commands with exit code 2', () => {
    const result = runMasthead(dataDirectory, 'search', 'rebuild');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown search command "rebuild".');
    expect(result.stderr).toContain('masthead search reindex');
  });

  it('indexes every published article, reporting progress on stderr and the count on stdout', async () => {
    const database = openDatabase({ engine: 'sqlite', filename: path.join(dataDirectory, 'masthead.db') });
    try {
      await migrateToLatest(database.db);
      await seedFixtureNewspaper(database.db, { extraArticles: 3 });
      expect(await database.db.selectFrom('search_documents').select('id').execute()).toEqual([]);
      const result = runMasthead(dataDirectory, 'search', 'reindex');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Indexed 11 articles for search in \d+\.\d s\.$/m);
      // Not a terminal: plain lines, the last one at 100%.
      expect(result.stderr).toMatch(/Indexing articles 11\/11 \[#+\] 100%/);
      expect(result.stderr).not.toContain('\r');
      const documents = await database.db.selectFrom('search_documents').select('article_id').distinct().execute();
      // Published articles only (the fixture has a draft and a withdrawn one among its 11); scheduled ones are indexed, shown when due.
      expect(documents).toHaveLength(9);
    } finally {
      await database.close();
    }
  });
});

describe('the progress bar', () => {
  it('describes progress with a bar, rate and time left', () => {
    expect(describeProgress('Indexing', 2_500, 10_000, 1_000)).toBe(
      'Indexing 2,500/10,000 [######..................] 25% 2,500/s, about 3s left',
    );
  });

  it('redraws one line in place on a terminal, at most every 100 ms', () => {
    const written: string[] = [];
    let now = 0;
    const bar = createProgressBar({ label: 'Work', stream: { isTTY: true, write: (text) => written.push(text) }, now: () => now });
    bar.update(1, 10);
    now = 50;
    bar.update(2, 10);
    now = 200;
    bar.update(3, 10);
    bar.finish();
    expect(written).toHaveLength(3);
    expect(written.every((text) => text.startsWith('\r\u001b[2K'))).toBe(true);
    expect(written.at(-1)).toMatch(/3\/10 .*\n$/);
  });

  it('writes a plain line per tenth elsewhere', () => {
    const written: string[] = [];
    const bar = createProgressBar({ label: 'Work', stream: { write: (text) => written.push(text) }, now: () => 0 });
    for (let done = 0; done <= 100; done++) bar.update(done, 100);
    bar.finish();
    expect(written).toHaveLength(11);
    expect(written.every((text) => text.endsWith('\n') && !text.includes('\r'))).toBe(true);
  });
});
