// What administrators do to staff accounts from the newsroom's staff page:
// invite (the one-time link `masthead staff add` prints, shown to the admin
// and emailed), change a role, deactivate and reactivate, reset someone's
// second factor. Deactivating ends every session of theirs at once (a
// deactivated account's session rows are also never read again:
// core/http/sessions.repository.ts) and revokes the Admin API keys they own.
// An admin cannot demote or deactivate themselves: the last admin must not
// lock the newsroom out by a slip.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { deleteSessionsOfUser } from '../../core/http/sessions.repository.js';
import { enqueueEmail, type EmailWorker } from '../../core/jobs/email-queue.js';
import * as repository from './accounts.repository.js';
import { staffInvitationEmail, type EmailContext } from './emails/account-emails.js';
import { createStaffService, isStaffRoleName, type AddStaffOutcome, type StaffRole } from './staff.service.js';
import type { TwoFactorService } from './two-factor.service.js';

export interface StaffOverview {
  id: number;
  name: string;
  email: string;
  role: StaffRole;
  /** Never chose a password (the invitation is still open). */
  invited: boolean;
  lastSignInAt: string | null;
  deactivated: boolean;
  hasSecondFactor: boolean;
}

export type StaffActionOutcome =
  | { kind: 'done'; member: { id: number; email: string } }
  | { kind: 'not-found' }
  | { kind: 'own-account' }
  | { kind: 'invalid'; problem: string };

export interface StaffAdminDependencies {
  db: Db;
  clock: Clock;
  publicUrl: string;
  email: EmailContext;
  emailWorker: EmailWorker;
  twoFactor: TwoFactorService;
}

export function createStaffAdminService(deps: StaffAdminDependencies) {
  const { db, clock } = deps;
  const staff = createStaffService({ db, clock, publicUrl: deps.publicUrl });

  async function listStaff(): Promise<StaffOverview[]> {
    const rows = await repository.listStaffOverview(db);
    return rows.map((row) => ({
      id: row.id,
      name: `${row.first_name} ${row.last_name}`,
      email: row.email,
      role: row.role as StaffRole,
      invited: row.password_hash === null,
      lastSignInAt: row.last_sign_in_at,
      deactivated: row.deactivated_at !== null,
      hasSecondFactor: row.second_factor_user_id !== null,
    }));
  }

  /** As `masthead staff add`; the link (when one was made) is also emailed to them. */
  async function invite(input: { email: string; name: string; role: string }): Promise<AddStaffOutcome> {
    const outcome = await staff.addStaffMember(input);
    if (outcome.kind === 'invalid' || !outcome.signInLink) return outcome;
    const message = staffInvitationEmail(
      deps.email,
      outcome.member.email,
      outcome.member.firstName,
      outcome.signInLink.url,
      outcome.member.role,
    );
    await enqueueEmail(db, message, clock.now());
    deps.emailWorker.nudge();
    return outcome;
  }

  async function findStaff(userId: number) {
    const user = await repository.findUserById(db, userId);
    return user && user.role !== 'reader' ? user : undefined;
  }

  async function changeRole(actorId: number, userId: number, role: string): Promise<StaffActionOutcome> {
    if (!isStaffRoleName(role)) return { kind: 'invalid', problem: 'Choose one of the staff roles.' };
    if (actorId === userId) return { kind: 'own-account' };
    const user = await findStaff(userId);
    if (!user) return { kind: 'not-found' };
    await repository.updateUser(db, userId, { role }, clock.now().toISOString());
    return { kind: 'done', member: { id: user.id, email: user.email } };
  }

  async function deactivate(actorId: number, userId: number): Promise<StaffActionOutcome & { keysRevoked?: number }> {
    if (actorId === userId) return { kind: 'own-account' };
    const nowIso = clock.now().toISOString();
    return db.transaction().execute(async (trx) => {
      const user = await repository.findUserById(trx, userId);
      if (!user || user.role === 'reader') return { kind: 'not-found' as const };
      await repository.setDeactivated(trx, userId, user.deactivated_at ?? nowIso, nowIso);
      await deleteSessionsOfUser(trx, userId);
      const keysRevoked = await repository.revokeApiKeysOwnedBy(trx, userId, nowIso);
      return { kind: 'done' as const, member: { id: user.id, email: user.email }, keysRevoked };
    });
  }

  async function reactivate(userId: number): Promise<StaffActionOutcome> {
    const user = await findStaff(userId);
    if (!user) return { kind: 'not-found' };
    await repository.setDeactivated(db, userId, null, clock.now().toISOString());
    return { kind: 'done', member: { id: user.id, email: user.email } };
  }

  /** For a lost phone: their second factor and recovery codes are forgotten, and their sessions end. */
  async function resetSecondFactor(actorId: number, userId: number): Promise<StaffActionOutcome> {
    if (actorId === userId) return { kind: 'own-account' };
    const user = await findStaff(userId);
    if (!user) return { kind: 'not-found' };
    await deps.twoFactor.remove(userId);
    await deleteSessionsOfUser(db, userId);
    return { kind: 'done', member: { id: user.id, email: user.email } };
  }

  return { listStaff, invite, changeRole, deactivate, reactivate, resetSecondFactor };
}

export type StaffAdminService = ReturnType<typeof createStaffAdminService>;
