import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { randomToken } from './tokens.js';

/**
 * The secret that signs cookies, CSRF tokens and challenges. Configured
 * (SESSION_SECRET, required when several nodes share a database), or for a
 * single node generated once and kept in the data directory so restarts do not
 * sign everyone out.
 */
export function resolveSessionSecret(config: Pick<Config, 'sessionSecret' | 'dataDirectory'>): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDirectory, 'session-secret');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  } catch {
    // Not created yet.
  }
  mkdirSync(config.dataDirectory, { recursive: true, mode: 0o700 });
  const secret = randomToken(48);
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
