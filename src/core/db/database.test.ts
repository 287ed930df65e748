import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

const mode = (file: string) => statSync(file).mode & 0o777;

describe('the SQLite file', () => {
  const directories: string[] = [];
  const scratch = () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'masthead-files-'));
    directories.push(directory);
    return directory;
  };
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('is created readable by its owner only, in a folder only its owner may enter, wherever it is put', async () => {
    const filename = path.join(scratch(), 'elsewhere', 'deeper', 'paper.db');
    const handle = openDatabase({ engine: 'sqlite', filename });
    await handle.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    expect(mode(filename)).toBe(0o600);
    expect(mode(path.dirname(filename))).toBe(0o700);
    for (const file of readdirSync(path.dirname(filename))) expect(mode(path.join(path.dirname(filename), file)), file).toBe(0o600);
    await handle.close();
  });

  it('is made private when an existing database was readable by others', async () => {
    const filename = path.join(scratch(), 'old.db');
    writeFileSync(filename, '', { mode: 0o644 });
    const handle = openDatabase({ engine: 'sqlite', filename });
    expect(mode(filename)).toBe(0o600);
    await handle.close();
  });
});
