import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config, type DatabaseTarget } from '../config/config.js';
import { randomToken } from './tokens.js';

const MISSING_ON_POSTGRES =
  'SESSION_SECRET: required with PostgreSQL. Every node must sign cookies and forms with the same secret, or a form taken from one node is refused by another. Generate one once (openssl rand -hex 32) and give every node that value.';

/**
 * The secret that signs cookies, CSRF tokens and challenges. Configured
 * (SESSION_SECRET), or, on SQLite, generated once and kept in the data
 * directory so restarts do not sign everyone out. PostgreSQL means several
 * nodes may share the database, and a secret each generated for itself would
 * refuse every form another node served: there it must be configured
 * (docs/decisions/013-many-nodes-and-the-production-start.md).
 */
export function resolveSessionSecret(config: Pick<Config, 'sessionSecret' | 'dataDirectory'>, engine: DatabaseTarget['engine']): string {
  if (config.sessionSecret) return config.sessionSecret;
  if (engine === 'postgres') throw new ConfigError([MISSING_ON_POSTGRES]);
  const file = path.join(config.dataDirectory, 'session-secret');
  const stored = readStoredSecret(file);
  if (stored) return stored;
  mkdirSync(config.dataDirectory, { recursive: true, mode: 0o700 });
  // Written whole under another name, then linked into place: two processes
  // starting on a new data directory at once both end up with the one linked first.
  const temporary = `${file}.${process.pid}.${randomToken(6)}`;
  writeFileSync(temporary, randomToken(48) + '\n', { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A file too short to be a secret (a crash while an older version wrote it): replace it.
    if (!readStoredSecret(file)) renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
  return readStoredSecret(file)!;
}

function readStoredSecret(file: string): string | undefined {
  try {
    const stored = readFileSync(file, 'utf8').trim();
    return stored.length >= 32 ? stored : undefined;
  } catch {
    return undefined; // not created yet
  }
}
