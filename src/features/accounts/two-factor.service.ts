// The staff second factor: TOTP (totp.ts) with one-time recovery codes.
//
// Wrong codes are counted per account before the code is checked (5 in 15
// minutes, then locked until the window ends), whichever page they come from:
// sign-in, re-verification or enrolment. A code is accepted once: its 30-second
// step is recorded, and that step or an earlier one is refused afterwards.
// Recovery codes are stored as SHA-256 hashes (50 random bits each, and the
// same guessing limit) and each works once.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { Role } from '../../core/db/schema.js';
import type { RateLimiter, RateLimitRule } from '../../core/http/rate-limit.js';
import { hashToken } from '../../core/security/tokens.js';
import { createSecretSealer } from './sealed-secret.js';
import { base32Decode, base32Encode, matchTotp, newTotpSecret, normaliseCode, otpauthUri } from './totp.js';
import * as repository from './two-factor.repository.js';

export const SECOND_FACTOR_GUESSES: RateLimitRule = { limit: 5, windowSeconds: 900 };
export const RECOVERY_CODE_COUNT = 10;

export type VerifyOutcome =
  | { kind: 'passed'; method: 'code' | 'recovery-code' }
  | { kind: 'wrong-code' }
  /** A right code whose time step was already used (a replay, or typed twice). */
  | { kind: 'reused-code' }
  | { kind: 'locked'; retryAfterSeconds: number }
  | { kind: 'not-enrolled' };

export type EnrolmentStart = { kind: 'enrolled' } | { kind: 'pending'; secret: string; otpauthUri: string };

export type ConfirmOutcome =
  | { kind: 'confirmed'; recoveryCodes: string[] }
  | { kind: 'wrong-code' }
  | { kind: 'locked'; retryAfterSeconds: number }
  | { kind: 'not-pending' };

export interface TwoFactorServiceDependencies {
  db: Db;
  clock: Clock;
  rateLimiter: RateLimiter;
  /** SESSION_SECRET: seals the TOTP secrets. */
  secret: string;
  /** The name authenticator apps list the account under. */
  issuer: string;
  /** Roles that must enrol (REQUIRE_STAFF_2FA). */
  requiredFor: readonly string[];
}

/** "k7dq2-m4xpa": 50 bits from the base32 alphabet, in two groups people can read off paper. */
function newRecoveryCode(): string {
  const text = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase();
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

const isRecoveryCodeShape = (code: string) => /^[a-z2-7]{10}$/.test(code);

export function createTwoFactorService(deps: TwoFactorServiceDependencies) {
  const { db, clock, rateLimiter } = deps;
  const sealer = createSecretSealer(deps.secret);
  const guessKey = (userId: number) => `second-factor:account:${userId}`;

  /** Counts a guess up front; the caller gives it back when it was right. */
  async function countGuess(userId: number): Promise<{ kind: 'locked'; retryAfterSeconds: number } | null> {
    const result = await rateLimiter.consume(guessKey(userId), SECOND_FACTOR_GUESSES);
    if (result.allowed) return null;
    await rateLimiter.refund(guessKey(userId));
    return { kind: 'locked', retryAfterSeconds: result.retryAfterSeconds };
  }

  function keyOf(sealedSecret: string): Buffer | null {
    const secret = sealer.open(sealedSecret);
    return secret === null ? null : base32Decode(secret);
  }

  async function isEnrolled(userId: number): Promise<boolean> {
    const row = await repository.findSecondFactor(db, userId);
    return Boolean(row?.confirmed_at);
  }

  function isRequiredFor(role: Role): boolean {
    return deps.requiredFor.includes(role);
  }

  /** The secret to show (and draw as a QR code): a new one, or the one still waiting for its first code. */
  async function startEnrolment(userId: number, accountName: string): Promise<EnrolmentStart> {
    const row = await repository.findSecondFactor(db, userId);
    if (row?.confirmed_at) return { kind: 'enrolled' };
    let secret = row ? sealer.open(row.sealed_secret) : null;
    if (!secret) {
      secret = newTotpSecret();
      await repository.savePendingSecondFactor(db, userId, sealer.seal(secret), clock.now().toISOString());
    }
    return { kind: 'pending', secret, otpauthUri: otpauthUri({ issuer: deps.issuer, account: accountName, secret }) };
  }

  async function issueRecoveryCodes(userId: number): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const hashes = codes.map((code) => hashToken(normaliseCode(code)));
    await repository.replaceRecoveryCodes(db, userId, hashes, clock.now().toISOString());
    return codes;
  }

  async function confirmEnrolment(userId: number, codeInput: string): Promise<ConfirmOutcome> {
    const row = await repository.findSecondFactor(db, userId);
    if (!row || row.confirmed_at) return { kind: 'not-pending' };
    const locked = await countGuess(userId);
    if (locked) return locked;
    const key = keyOf(row.sealed_secret);
    const now = clock.now();
    const step = key ? matchTotp(key, normaliseCode(codeInput), now) : null;
    if (step === null || !(await repository.confirmSecondFactor(db, userId, step, now.toISOString()))) return { kind: 'wrong-code' };
    await rateLimiter.refund(guessKey(userId));
    return { kind: 'confirmed', recoveryCodes: await issueRecoveryCodes(userId) };
  }

  async function verify(userId: number, codeInput: string): Promise<VerifyOutcome> {
    const row = await repository.findSecondFactor(db, userId);
    if (!row?.confirmed_at) return { kind: 'not-enrolled' };
    const locked = await countGuess(userId);
    if (locked) return locked;
    const code = normaliseCode(codeInput.slice(0, 40));
    const now = clock.now();
    if (isRecoveryCodeShape(code)) {
      if (!(await repository.useRecoveryCode(db, userId, hashToken(code), now.toISOString()))) return { kind: 'wrong-code' };
      await rateLimiter.refund(guessKey(userId));
      return { kind: 'passed', method: 'recovery-code' };
    }
    const key = keyOf(row.sealed_secret);
    const step = key ? matchTotp(key, code, now) : null;
    if (step === null) return { kind: 'wrong-code' };
    // A replay is still a guess that did not get in: it stays counted.
    if (!(await repository.claimStep(db, userId, step))) return { kind: 'reused-code' };
    await rateLimiter.refund(guessKey(userId));
    return { kind: 'passed', method: 'code' };
  }

  return {
    isEnrolled,
    isRequiredFor,
    startEnrolment,
    confirmEnrolment,
    verify,
    /** New recovery codes (the old ones stop working); shown once. */
    replaceRecoveryCodes: issueRecoveryCodes,
    recoveryCodesLeft: (userId: number) => repository.countRecoveryCodesLeft(db, userId),
    /** An admin's reset for someone who lost their authenticator: they enrol again at their next sign-in. */
    remove: (userId: number) => repository.deleteSecondFactor(db, userId),
  };
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
