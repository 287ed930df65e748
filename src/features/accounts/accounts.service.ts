// Registration, sign-in, email verification and password reset.
//
// Enumeration: registering a taken address, signing in with an unknown one and
// asking to reset a password all cost the same Argon2 work and return the same
// outcome shape as the ordinary case; emails are queued, never sent on the
// request path.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { Role } from '../../core/db/schema.js';
import { deleteSessionsOfUser } from '../../core/http/sessions.repository.js';
import { enqueueEmail, type EmailWorker } from '../../core/jobs/email-queue.js';
import { hashToken, randomToken } from '../../core/security/tokens.js';
import {
  checkDateOfBirth,
  checkEmail,
  checkName,
  checkPassword,
  readerPasswordPolicy,
  staffPasswordPolicy,
  todayIn,
  type PasswordPolicy,
} from './account-rules.js';
import * as repository from './accounts.repository.js';
import {
  alreadyRegisteredEmail,
  passwordChangedEmail,
  passwordResetEmail,
  verificationEmail,
  type EmailContext,
} from './emails/account-emails.js';
import type { PasswordHasher } from './passwords.js';

export type RegistrationField = 'email' | 'password' | 'firstName' | 'lastName' | 'dateOfBirth';
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface RequestMeta {
  ipAddress: string;
  userAgent: string;
}

export type RegistrationOutcome =
  | { kind: 'invalid'; errors: FieldErrors<RegistrationField> }
  /** New account: the route signs the reader in. */
  | { kind: 'registered'; userId: number }
  /** The address already has an account: answered like success, without a session; the owner is emailed. */
  | { kind: 'address-taken' };

export type SignInOutcome = { kind: 'signed-in'; userId: number; role: Role } | { kind: 'failed' };

export type PasswordResetOutcome =
  { kind: 'reset'; userId: number; email: string; role: Role } | { kind: 'invalid-link' } | { kind: 'invalid-password'; message: string };

export interface AccountsServiceDependencies {
  db: Db;
  clock: Clock;
  passwords: PasswordHasher;
  emailWorker: EmailWorker;
  email: EmailContext;
  timeZone: string;
  readerPasswordMinLength: number;
  staffPasswordMinLength: number;
  legalVersions: { terms: string; privacy: string; cookies: string };
}

const VERIFY_EMAIL_TTL_MS = 48 * 3600_000;
const RESET_PASSWORD_TTL_MS = 3600_000;

export function isStaffRole(role: Role): boolean {
  return role !== 'reader';
}

export function createAccountsService(deps: AccountsServiceDependencies) {
  const { db, clock, passwords } = deps;
  const readerPolicy = readerPasswordPolicy(deps.readerPasswordMinLength);
  const staffPolicy = staffPasswordPolicy(deps.staffPasswordMinLength);
  const policyFor = (role: Role): PasswordPolicy => (isStaffRole(role) ? staffPolicy : readerPolicy);

  function validateRegistration(input: Record<string, unknown>) {
    const errors: FieldErrors<RegistrationField> = {};
    const email = checkEmail(input.email);
    const password = checkPassword(input.password, readerPolicy);
    const firstName = checkName(input.firstName, 'first');
    const lastName = checkName(input.lastName, 'last');
    const dateOfBirth = checkDateOfBirth(input.dateOfBirth, todayIn(deps.timeZone, clock.now()));
    if (!email.ok) errors.email = email.message;
    if (!password.ok) errors.password = password.message;
    if (!firstName.ok) errors.firstName = firstName.message;
    if (!lastName.ok) errors.lastName = lastName.message;
    if (!dateOfBirth.ok) errors.dateOfBirth = dateOfBirth.message;
    if (!email.ok || !password.ok || !firstName.ok || !lastName.ok || !dateOfBirth.ok) return { ok: false as const, errors };
    return {
      ok: true as const,
      value: {
        email: email.value,
        password: password.value,
        firstName: firstName.value,
        lastName: lastName.value,
        dateOfBirth: dateOfBirth.value,
      },
    };
  }

  async function issueEmailToken(
    userId: number,
    purpose: 'verify-email' | 'reset-password',
    ttlMs: number,
    trx: Parameters<typeof repository.insertEmailToken>[0] = db,
  ): Promise<string> {
    const token = randomToken();
    const now = clock.now();
    await repository.insertEmailToken(trx, {
      id: hashToken(token),
      userId,
      purpose,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    });
    return token;
  }

  async function register(input: Record<string, unknown>, meta: RequestMeta): Promise<RegistrationOutcome> {
    const checked = validateRegistration(input);
    if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
    const { email, password, firstName, lastName, dateOfBirth } = checked.value;
    // Hash before looking the address up, so both outcomes cost the same.
    const passwordHash = await passwords.hash(password);
    const now = clock.now();
    const nowIso = now.toISOString();
    const marketingOptOut = input.marketingOptOut === true || input.marketingOptOut === 'on' || input.marketingOptOut === 'yes';
    const outcome = await db.transaction().execute(async (trx): Promise<RegistrationOutcome> => {
      const userId = await repository.insertUser(trx, {
        email,
        passwordHash,
        firstName,
        lastName,
        dateOfBirth,
        role: 'reader',
        marketingOptOut,
        now: nowIso,
      });
      if (userId === null) {
        await enqueueEmail(trx, alreadyRegisteredEmail(deps.email, email), now);
        return { kind: 'address-taken' };
      }
      const consent = { userId, now: nowIso, granted: true, ...meta };
      await repository.insertConsent(trx, { ...consent, document: 'terms', version: deps.legalVersions.terms });
      await repository.insertConsent(trx, { ...consent, document: 'privacy', version: deps.legalVersions.privacy });
      await repository.insertConsent(trx, { ...consent, document: 'cookies', version: deps.legalVersions.cookies });
      await repository.insertConsent(trx, { ...consent, document: 'marketing', version: 'opt-out', granted: !marketingOptOut });
      const token = await issueEmailToken(userId, 'verify-email', VERIFY_EMAIL_TTL_MS, trx);
      await enqueueEmail(trx, verificationEmail(deps.email, email, firstName, token), now);
      return { kind: 'registered', userId };
    });
    deps.emailWorker.nudge();
    return outcome;
  }

  async function signIn(emailInput: unknown, passwordInput: unknown): Promise<SignInOutcome> {
    // Only a well-formed address is looked up: PostgreSQL refuses some input (a NUL byte) outright.
    const email = checkEmail(emailInput);
    const password = typeof passwordInput === 'string' && passwordInput.length <= 1024 ? passwordInput : '';
    const user = email.ok ? await repository.findUserByEmail(db, email.value) : undefined;
    // Always one full Argon2 verification, known user or not.
    const checked = await passwords.check(user?.password_hash ?? null, password);
    // A deactivated staff account answers like a wrong password, after the same work.
    if (!user || checked === 'no-match' || user.deactivated_at !== null) return { kind: 'failed' };
    // Cost settings changed since this hash was made (docs/decisions/005), or it predates normalised
    // passwords: upgrade it now, while we have the password.
    if (checked === 'match-needs-rehash') {
      const nowIso = clock.now().toISOString();
      await repository.updateUser(db, user.id, { passwordHash: await passwords.hash(password) }, nowIso);
    }
    return { kind: 'signed-in', userId: user.id, role: user.role };
  }

  /** Whether a confirmation link still works, without using it (opening the link only shows the button). */
  async function verificationLinkIsLive(token: unknown): Promise<boolean> {
    if (typeof token !== 'string' || token.length > 100) return false;
    return (await repository.findLiveEmailToken(db, hashToken(token), 'verify-email', clock.now().toISOString())) !== undefined;
  }

  async function verifyEmail(token: unknown): Promise<boolean> {
    if (typeof token !== 'string' || token.length > 100) return false;
    const now = clock.now().toISOString();
    const consumed = await repository.consumeEmailToken(db, hashToken(token), 'verify-email', now);
    if (!consumed) return false;
    await repository.updateUser(db, consumed.user_id, { emailVerifiedAt: now }, now);
    return true;
  }

  async function resendVerification(userId: number): Promise<void> {
    const user = await repository.findUserById(db, userId);
    if (!user || user.email_verified_at) return;
    const now = clock.now();
    await repository.invalidateEmailTokens(db, userId, 'verify-email', now.toISOString());
    const token = await issueEmailToken(userId, 'verify-email', VERIFY_EMAIL_TTL_MS);
    await enqueueEmail(db, verificationEmail(deps.email, user.email, user.first_name, token), now);
    deps.emailWorker.nudge();
  }

  /** Same answer for every address; only a registered one gets an email. */
  async function requestPasswordReset(emailInput: unknown): Promise<void> {
    const email = checkEmail(emailInput);
    if (!email.ok) return;
    const user = await repository.findUserByEmail(db, email.value);
    if (!user) return;
    const now = clock.now();
    await repository.invalidateEmailTokens(db, user.id, 'reset-password', now.toISOString());
    const token = await issueEmailToken(user.id, 'reset-password', RESET_PASSWORD_TTL_MS);
    await enqueueEmail(db, passwordResetEmail(deps.email, user.email, token), now);
    deps.emailWorker.nudge();
  }

  /** The password policy of the account a live reset link belongs to (staff links are staff accounts'); null if the link is dead. */
  async function resetLinkPolicy(token: unknown): Promise<PasswordPolicy | null> {
    if (typeof token !== 'string' || token.length > 100) return null;
    const tokenRow = await repository.findLiveEmailToken(db, hashToken(token), 'reset-password', clock.now().toISOString());
    const user = tokenRow ? await repository.findUserById(db, tokenRow.user_id) : undefined;
    return user ? policyFor(user.role) : null;
  }

  async function resetPassword(token: unknown, newPassword: unknown): Promise<PasswordResetOutcome> {
    if (typeof token !== 'string' || token.length > 100) return { kind: 'invalid-link' };
    const tokenRow = await repository.findLiveEmailToken(db, hashToken(token), 'reset-password', clock.now().toISOString());
    const user = tokenRow ? await repository.findUserById(db, tokenRow.user_id) : undefined;
    if (!user) return { kind: 'invalid-link' };
    const password = checkPassword(newPassword, policyFor(user.role));
    if (!password.ok) return { kind: 'invalid-password', message: password.message };
    const passwordHash = await passwords.hash(password.value);
    const now = clock.now();
    const nowIso = now.toISOString();
    const consumed = await db.transaction().execute(async (trx) => {
      const row = await repository.consumeEmailToken(trx, hashToken(token), 'reset-password', nowIso);
      if (!row) return false;
      // Following the emailed link proves control of the address.
      await repository.updateUser(trx, user.id, { passwordHash, ...(user.email_verified_at ? {} : { emailVerifiedAt: nowIso }) }, nowIso);
      await deleteSessionsOfUser(trx, user.id);
      await enqueueEmail(trx, passwordChangedEmail(deps.email, user.email), now);
      return true;
    });
    if (!consumed) return { kind: 'invalid-link' };
    deps.emailWorker.nudge();
    return { kind: 'reset', userId: user.id, email: user.email, role: user.role };
  }

  return {
    register,
    validateRegistration,
    signIn,
    verificationLinkIsLive,
    verifyEmail,
    resendVerification,
    requestPasswordReset,
    resetLinkPolicy,
    resetPassword,
    policyFor,
    /** A staff member's completed sign-in, for the staff pages' "last signed in". */
    recordSignIn: (userId: number) => repository.recordSignIn(db, userId, clock.now().toISOString()),
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
