// Admin API keys: created and revoked from the command line (`masthead apikey`),
// checked on every Admin API request. A key is shown once, when created; we
// keep its SHA-256 only (a key is 256 random bits, so a fast hash is enough:
// there is nothing to guess that a slow hash would protect).
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { randomBytes } from 'node:crypto';
import { hashToken, randomToken } from '../../core/security/tokens.js';
import * as repository from './api-keys.repository.js';

/** The roles a key may have: the newsroom's, without the moderator (comments have no API). */
export const API_KEY_ROLES = ['contributor', 'author', 'editor', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** What each role may do includes what the roles before it may. */
export function roleAtLeast(role: ApiKeyRole, minimum: ApiKeyRole): boolean {
  return API_KEY_ROLES.indexOf(role) >= API_KEY_ROLES.indexOf(minimum);
}

/** Who is calling: the key's name is what revisions record. */
export interface ApiPrincipal {
  keyId: number;
  name: string;
  role: ApiKeyRole;
}

/**
 * A Content API key (features/content-api) is stored in the same table with this
 * role: it reads published, public content and nothing else. Not a staff role,
 * so `authenticate` never accepts one, and its shape (26 lowercase hex
 * characters, which the official Ghost client insists on) is never an Admin key's.
 */
export const CONTENT_KEY_ROLE = 'content';
const CONTENT_KEY = /^[0-9a-f]{26}$/;

export interface ApiKeySummary {
  name: string;
  role: ApiKeyRole | typeof CONTENT_KEY_ROLE;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type CreateApiKeyOutcome =
  { kind: 'created'; key: string; summary: ApiKeySummary } | { kind: 'invalid'; problem: string } | { kind: 'name-taken' };

const KEY_PREFIX = 'mh_';
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,59}$/u;
const USE_RECORDED_EVERY_MS = 60_000;

function isApiKeyRole(role: string): role is ApiKeyRole {
  return (API_KEY_ROLES as readonly string[]).includes(role);
}

function summarise(row: repository.ApiKeyRow): ApiKeySummary {
  return {
    name: row.name,
    role: row.role as ApiKeySummary['role'],
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export function createApiKeysService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** `ownerUserId`: the staff member the key is for; deactivating them revokes it (accounts/staff-admin.service.ts). */
  async function create(input: { name: string; role: string; ownerUserId?: number | null }): Promise<CreateApiKeyOutcome> {
    const name = input.name.normalize('NFC').trim();
    if (!NAME.test(name))
      return {
        kind: 'invalid',
        problem: 'A key name is 1–60 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit.',
      };
    const isContentKey = input.role === CONTENT_KEY_ROLE;
    if (!isContentKey && !isApiKeyRole(input.role))
      return { kind: 'invalid', problem: `The role must be one of: ${API_KEY_ROLES.join(', ')}.` };
    // A Content API key: 104 random bits as 26 hex characters (the official Ghost client's check).
    const key = isContentKey ? randomBytes(13).toString('hex') : KEY_PREFIX + randomToken(32);
    const createdAt = clock.now().toISOString();
    const inserted = await repository.insertApiKey(db, {
      name,
      role: input.role,
      keyHash: hashToken(key),
      createdAt,
      ownerUserId: input.ownerUserId,
    });
    if (!inserted) return { kind: 'name-taken' };
    const role = input.role as ApiKeySummary['role'];
    return { kind: 'created', key, summary: { name, role, createdAt, lastUsedAt: null, revokedAt: null } };
  }

  async function list(): Promise<ApiKeySummary[]> {
    return (await repository.listApiKeyRows(db)).map(summarise);
  }

  function revoke(name: string): Promise<boolean> {
    return repository.revokeApiKeyByName(db, name.normalize('NFC').trim(), clock.now().toISOString());
  }

  /** The principal behind an `Authorization` header, or null (missing, malformed, unknown or revoked: all alike). */
  async function authenticate(authorization: string | undefined): Promise<ApiPrincipal | null> {
    const match = /^Bearer[ ]+(\S{1,200})[ ]*$/i.exec(authorization ?? '');
    if (!match?.[1]?.startsWith(KEY_PREFIX)) return null;
    const row = await repository.findLiveApiKeyByHash(db, hashToken(match[1]));
    if (!row || !isApiKeyRole(row.role)) return null;
    const now = clock.now();
    await repository.markApiKeyUsed(db, row.id, now.toISOString(), new Date(now.getTime() - USE_RECORDED_EVERY_MS).toISOString());
    return { keyId: row.id, name: row.name, role: row.role };
  }

  /** Whether `key` is a live Content API key (the `?key=` parameter): missing, malformed, unknown, revoked or an Admin key: false. */
  async function authenticateContentKey(key: unknown): Promise<boolean> {
    if (typeof key !== 'string' || !CONTENT_KEY.test(key)) return false;
    const row = await repository.findLiveApiKeyByHash(db, hashToken(key));
    if (row?.role !== CONTENT_KEY_ROLE) return false;
    const now = clock.now();
    await repository.markApiKeyUsed(db, row.id, now.toISOString(), new Date(now.getTime() - USE_RECORDED_EVERY_MS).toISOString());
    return true;
  }

  return { create, list, revoke, authenticate, authenticateContentKey };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
