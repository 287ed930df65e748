// The documentation stays self-contained and true to the code: docs/product.md
// quotes the publisher's registration messages exactly as the form shows them,
// and nothing in the repository points to a document that is not in it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../src/features/accounts/field-rules.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const product = readFileSync(path.join(root, 'docs/product.md'), 'utf8');

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

describe('docs/product.md', () => {
  it.each(Object.entries(MESSAGES))('quotes the %s message exactly, as a cell of the rules table', (_name, message) => {
    expect(product).toContain(`| ${message} `);
  });

  it('quotes the opt-out sentence and the wall heading', () => {
    const text = product.replace(/\s+/g, ' ');
    expect(text).toContain(
      '"You can opt-out at any time by signing in to your account to manage your preferences. Each email has a link to unsubscribe."',
    );
    expect(text).toContain('**"Register for free to continue reading"**');
  });
});

describe('the repository', () => {
  it('cites no document outside it', () => {
    // Spelled in pieces so this file does not cite them itself.
    const outside = [['PRODUCT', 'md'].join('.'), ['CONVENTIONS', 'md'].join('.'), ['..', 'shared', ''].join('/')];
    const files = ['src', 'docs', 'migrations', 'tests', 'bench', 'scripts']
      .flatMap((directory) => filesUnder(path.join(root, directory)))
      .concat(path.join(root, 'README.md'))
      .filter((file) => /\.(ts|tsx|md|js|css|json)$/.test(file));
    expect(files.length).toBeGreaterThan(100);
    const citing = files.filter((file) => outside.some((name) => readFileSync(file, 'utf8').includes(name)));
    expect(citing.map((file) => path.relative(root, file))).toEqual([]);
  });
});
