// The session secret: configured, or on SQLite generated once and kept; on
// PostgreSQL (several nodes may share the database) never generated.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config.js';
import { resolveSessionSecret } from './secrets.js';

const CONFIGURED = 'a-configured-secret-that-is-long-enough-0123456789';

describe('resolveSessionSecret', () => {
  let dataDirectory: string;
  beforeEach(() => {
    dataDirectory = path.join(mkdtempSync(path.join(os.tmpdir(), 'masthead-secret-')), 'data');
  });
  afterEach(() => {
    rmSync(path.dirname(dataDirectory), { recursive: true, force: true });
  });

  it('uses the configured secret on either engine', () => {
    for (const engine of ['sqlite', 'postgres'] as const)
      expect(resolveSessionSecret({ sessionSecret: CONFIGURED, dataDirectory }, engine)).toBe(CONFIGURED);
  });

  it('refuses to start on PostgreSQL without one, saying why and how to make one', () => {
    let error: unknown;
    try {
      resolveSessionSecret({ sessionSecret: undefined, dataDirectory }, 'postgres');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/SESSION_SECRET: required with PostgreSQL\..*same secret.*openssl rand -hex 32/s);
    expect(() => statSync(path.join(dataDirectory, 'session-secret'))).toThrow();
  });

  it('on SQLite generates one, private to the service, and keeps it across restarts', () => {
    const first = resolveSessionSecret({ sessionSecret: undefined, dataDirectory }, 'sqlite');
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDirectory, 'session-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveSessionSecret({ sessionSecret: undefined, dataDirectory }, 'sqlite')).toBe(first);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
  });

  it('keeps the secret already stored rather than its own, as a second process starting at once does', () => {
    const stored = 'x'.repeat(64);
    resolveSessionSecret({ sessionSecret: undefined, dataDirectory }, 'sqlite');
    writeFileSync(path.join(dataDirectory, 'session-secret'), `${stored}\n`);
    expect(resolveSessionSecret({ sessionSecret: undefined, dataDirectory }, 'sqlite')).toBe(stored);
  });

  it('replaces a stored secret too short to be one', () => {
    resolveSessionSecret({ sessionSecret: undefined, dataDirectory }, 'sqlite');
    writeFileSync(path.join(dataDirectory, 'session-secret'), 'short\n');
    const replaced = resolveSessionSecret({ sessionSecret: undefined, dataDirectory }, 'sqlite');
    expect(replaced.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dataDirectory, 'session-secret'), 'utf8').trim()).toBe(replaced);
  });
});
