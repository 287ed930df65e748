// Staff accounts, managed from the command line (`masthead staff add|list`).
//
// A staff account never gets a password from the command line: the operator
// receives a one-time link (the password-reset mechanism, valid 24 hours) and
// the staff member chooses a password there under the staff policy. Promoting
// a reader clears their reader password and signs them out, so no staff
// account is protected by a password chosen under the weaker reader rules.
import type { Clock } from '../../core/clock.js';
import type { Db, DbOrTransaction } from '../../core/db/database.js';
import type { Role } from '../../core/db/schema.js';
import { deleteSessionsOfUser } from '../../core/http/sessions.repository.js';
import { hashToken, randomToken } from '../../core/security/tokens.js';
import { checkEmail, checkName } from './account-rules.js';
import * as repository from './accounts.repository.js';

export const STAFF_ROLES = ['contributor', 'author', 'editor', 'moderator', 'admin'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

const SIGN_IN_LINK_TTL_MS = 24 * 3600_000;

export interface StaffMember {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  role: StaffRole;
  hasPassword: boolean;
  createdAt: string;
}

export interface SignInLink {
  url: string;
  expiresAt: string;
}

export type AddStaffOutcome =
  | { kind: 'invalid'; problems: string[] }
  /** A new account, or a reader made staff (their reader password cleared, sessions ended). */
  | { kind: 'created' | 'promoted'; member: StaffMember; previousRole: Role | null; signInLink: SignInLink }
  /** Already staff: the role changed; a link only if they have no password yet. */
  | { kind: 'role-changed' | 'unchanged'; member: StaffMember; previousRole: Role; signInLink: SignInLink | null };

export interface AddStaffInput {
  email: string;
  role: string;
  /** "First Last"; required for a new account. */
  name?: string;
}

export function isStaffRoleName(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

/** "Anne-Marie de la Cruz" → first "Anne-Marie", last "de la Cruz", each under the registration rules. */
function parseName(name: string): { ok: true; firstName: string; lastName: string } | { ok: false; problem: string } {
  const [first = '', ...rest] = name.normalize('NFC').trim().split(/\s+/);
  const firstName = checkName(first, 'first');
  const lastName = checkName(rest.join(' '), 'last');
  if (!firstName.ok || !lastName.ok) {
    const reason = !firstName.ok ? firstName.message : !lastName.ok ? lastName.message : '';
    return { ok: false, problem: `--name must be a first and a last name, e.g. "Ada Fenwick" (${reason}).` };
  }
  return { ok: true, firstName: firstName.value, lastName: lastName.value };
}

function toMember(row: {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  role: Role;
  password_hash: string | null;
  created_at: string;
}): StaffMember {
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    role: row.role as StaffRole,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
  };
}

export function createStaffService(deps: { db: Db; clock: Clock; publicUrl: string }) {
  const { db, clock } = deps;

  async function issueSignInLink(trx: DbOrTransaction, userId: number, now: Date): Promise<SignInLink> {
    await repository.invalidateEmailTokens(trx, userId, 'reset-password', now.toISOString());
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_TTL_MS).toISOString();
    await repository.insertEmailToken(trx, { id: hashToken(token), userId, purpose: 'reset-password', now: now.toISOString(), expiresAt });
    return { url: `${deps.publicUrl}/reset-password?token=${encodeURIComponent(token)}`, expiresAt };
  }

  async function addStaffMember(input: AddStaffInput): Promise<AddStaffOutcome> {
    const problems: string[] = [];
    const email = checkEmail(input.email);
    if (!email.ok) problems.push(`--email must be a valid email address (got "${input.email}").`);
    if (!isStaffRoleName(input.role)) problems.push(`--role must be one of ${STAFF_ROLES.join(', ')} (got "${input.role}").`);
    const name = input.name === undefined ? undefined : parseName(input.name);
    if (name && !name.ok) problems.push(name.problem);
    if (!email.ok || !isStaffRoleName(input.role) || (name && !name.ok)) return { kind: 'invalid', problems };
    const role = input.role;
    const names = name?.ok ? { firstName: name.firstName, lastName: name.lastName } : undefined;

    const now = clock.now();
    const nowIso = now.toISOString();
    return db.transaction().execute(async (trx): Promise<AddStaffOutcome> => {
      const existing = await repository.findUserByEmail(trx, email.value);
      if (!existing) {
        if (!names) return { kind: 'invalid', problems: ['A new staff account needs --name "First Last".'] };
        const userId = await repository.insertUser(trx, {
          email: email.value,
          passwordHash: null,
          ...names,
          dateOfBirth: null,
          role,
          marketingOptOut: true,
          now: nowIso,
        });
        if (userId === null) return { kind: 'invalid', problems: ['That address was registered a moment ago; run the command again.'] };
        const member = toMember({
          id: userId,
          email: email.value,
          first_name: names.firstName,
          last_name: names.lastName,
          role,
          password_hash: null,
          created_at: nowIso,
        });
        return { kind: 'created', member, previousRole: null, signInLink: await issueSignInLink(trx, userId, now) };
      }

      await repository.updateUser(trx, existing.id, { role, ...names }, nowIso);
      const isReader = existing.role === 'reader';
      if (isReader) {
        await repository.clearPassword(trx, existing.id, nowIso);
        await deleteSessionsOfUser(trx, existing.id);
      }
      const hasPassword = !isReader && existing.password_hash !== null;
      const member = toMember({
        ...existing,
        ...(names && { first_name: names.firstName, last_name: names.lastName }),
        role,
        password_hash: hasPassword ? existing.password_hash : null,
      });
      const signInLink = hasPassword ? null : await issueSignInLink(trx, existing.id, now);
      if (isReader) return { kind: 'promoted', member, previousRole: existing.role, signInLink: signInLink! };
      return { kind: existing.role === role ? 'unchanged' : 'role-changed', member, previousRole: existing.role, signInLink };
    });
  }

  async function listStaffMembers(): Promise<StaffMember[]> {
    const rows = await repository.listStaffUsers(db);
    return rows.map(toMember);
  }

  /** The active (not deactivated) staff member with that address, e.g. an API key's owner. */
  async function findActiveStaffMember(emailInput: string): Promise<StaffMember | undefined> {
    const email = checkEmail(emailInput);
    if (!email.ok) return undefined;
    const user = await repository.findUserByEmail(db, email.value);
    return user && isStaffRoleName(user.role) && user.deactivated_at === null ? toMember(user) : undefined;
  }

  return { addStaffMember, listStaffMembers, findActiveStaffMember };
}

export type StaffService = ReturnType<typeof createStaffService>;
