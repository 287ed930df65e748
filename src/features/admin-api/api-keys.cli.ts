// `masthead apikey create|list|revoke`: Admin API keys from the command line.
// A new key is printed once, alone on the last line, so a script can take it
// with `| tail -n 1`.
import { parseArgs } from 'node:util';
import { systemClock } from '../../core/clock.js';
import type { Config } from '../../core/config/config.js';
import { openDatabase } from '../../core/db/database.js';
import { migrateDatabase } from '../../core/db/migrate.js';
import { createStaffService, type StaffService } from '../accounts/staff.service.js';
import { API_KEY_ROLES, CONTENT_KEY_ROLE, createApiKeysService, type ApiKeysService } from './api-keys.service.js';

export const API_KEY_USAGE = `Usage:
  masthead apikey create --name <name> --role <${API_KEY_ROLES.join('|')}> [--owner <staff email>]
      Creates an Admin API key acting with that role; what it creates is attributed to the name.
      With --owner, deactivating that staff member (the newsroom's staff page) revokes the key.
      The key is printed once, alone on the last line: store it now.
  masthead apikey create --name <name> --content
      Creates a Content API key (/ghost/api/content/, sent as ?key=): it reads published content only.
  masthead apikey list
      Lists keys (never the keys themselves).
  masthead apikey revoke <name>
      Stops a key working at once.`;

type Parsed = { command: 'create'; name: string; role: string; owner?: string } | { command: 'list' } | { command: 'revoke'; name: string };

function parse(args: string[]): Parsed | string {
  const [subcommand, ...rest] = args;
  try {
    if (subcommand === 'create') {
      const options = {
        name: { type: 'string' },
        role: { type: 'string' },
        owner: { type: 'string' },
        content: { type: 'boolean' },
      } as const;
      const { values } = parseArgs({ args: rest, options, strict: true });
      if (values.content) {
        if (values.role !== undefined || values.owner !== undefined) return 'A --content key has no --role or --owner.';
        if (!values.name) return 'Missing --name.';
        return { command: 'create', name: values.name, role: CONTENT_KEY_ROLE };
      }
      if (!values.name || !values.role) return 'Missing --name or --role.';
      return { command: 'create', name: values.name, role: values.role, ...(values.owner !== undefined && { owner: values.owner }) };
    }
    if (subcommand === 'list') return rest.length ? '"apikey list" takes no arguments.' : { command: 'list' };
    if (subcommand === 'revoke') return rest.length === 1 ? { command: 'revoke', name: rest[0]! } : 'Give the name of one key to revoke.';
    return `Unknown apikey command "${subcommand ?? ''}".`;
  } catch (error) {
    return (error as Error).message;
  }
}

async function run(parsed: Parsed, keys: ApiKeysService, staff: StaffService): Promise<number> {
  if (parsed.command === 'create') {
    let ownerUserId: number | null = null;
    if (parsed.owner !== undefined) {
      const owner = await staff.findActiveStaffMember(parsed.owner);
      if (!owner) {
        console.error(`--owner must be the email address of an active staff member (got "${parsed.owner}").`);
        return 2;
      }
      ownerUserId = owner.id;
    }
    const outcome = await keys.create({ ...parsed, ownerUserId });
    if (outcome.kind === 'invalid') {
      console.error(outcome.problem);
      return 2;
    }
    if (outcome.kind === 'name-taken') {
      console.error(`There is already a key named "${parsed.name}" (names stay taken after revoking, so revisions stay clear).`);
      return 1;
    }
    const kind = outcome.summary.role === CONTENT_KEY_ROLE ? 'Content API key' : 'Admin API key';
    console.log(`Created the ${kind} "${outcome.summary.name}" (${outcome.summary.role}). It is shown only now:`);
    console.log(outcome.key);
    return 0;
  }
  if (parsed.command === 'revoke') {
    if (await keys.revoke(parsed.name)) {
      console.log(`Revoked "${parsed.name}": it no longer works.`);
      return 0;
    }
    console.error(`No working key is named "${parsed.name}".`);
    return 1;
  }
  const list = await keys.list();
  if (!list.length) console.log('No Admin API keys yet. Create one with: masthead apikey create --name … --role …');
  else console.log(['NAME'.padEnd(24), 'ROLE'.padEnd(12), 'CREATED'.padEnd(17), 'LAST USED'.padEnd(17), 'STATE'].join(' '));
  const minute = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '-');
  for (const key of list)
    console.log(
      [
        key.name.padEnd(24),
        key.role.padEnd(12),
        minute(key.createdAt).padEnd(17),
        minute(key.lastUsedAt).padEnd(17),
        key.revokedAt ? 'revoked' : 'active',
      ].join(' '),
    );
  return 0;
}

export async function apiKeyCommand(args: string[], config: Readonly<Config>): Promise<number> {
  if (!args.length || args[0] === 'help' || args[0] === '--help') {
    console.log(API_KEY_USAGE);
    return args.length ? 0 : 2;
  }
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    console.error(`${parsed}\n\n${API_KEY_USAGE}`);
    return 2;
  }
  const database = openDatabase(config.database);
  try {
    await migrateDatabase(config.database, database.db);
    const staff = createStaffService({ db: database.db, clock: systemClock, publicUrl: config.publicUrl });
    return await run(parsed, createApiKeysService({ db: database.db, clock: systemClock }), staff);
  } finally {
    await database.close();
  }
}
