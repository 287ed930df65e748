// How much of the account routes one address or one account may use, and what
// it costs: sign-in failures, registrations and their proof-of-work, resets.
import type { RateLimitRule } from '../../core/http/rate-limit.js';

/** The failure counters of one sign-in: per account and address, and per account across addresses. */
export function signInFailureKeys(email: string, ip: string) {
  const address = email.trim().toLowerCase();
  return { pair: `signin-fail:pair:${address}:${ip}`, account: `signin-fail:account:${address}` };
}

/** Attempts from one address in the hour before the proof-of-work doubles, and the most it multiplies. */
const ATTEMPTS_PER_DIFFICULTY_STEP = 10;
const MAX_DIFFICULTY = 64;

export function registrationDifficulty(attemptsThisHour: number): number {
  return Math.min(MAX_DIFFICULTY, 2 ** Math.floor(Math.max(0, attemptsThisHour - 1) / ATTEMPTS_PER_DIFFICULTY_STEP));
}

/**
 * Past an account's failure ceiling, each sign-in to it from a browser its
 * owner has not used costs this many registrations' proof-of-work (or, without
 * JavaScript, this many times the form's wait): guessing from many networks
 * gets slow, while the owner on a new device still gets in.
 */
export const SIGN_IN_PROOF_DIFFICULTY = 2;

export const RATE_LIMITS = {
  // Completed registrations only (new accounts, and addresses that had one): a
  // newsroom event, a library or a carrier's shared address is many people, so
  // failed attempts do not count here; they raise the proof-of-work instead.
  registerPerIp: { limit: 50, windowSeconds: 3600 },
  // Every registration attempt, for the proof-of-work's difficulty (never refuses).
  registrationVolumePerIp: { limit: 1_000_000, windowSeconds: 3600 },
  signInPerIp: { limit: 30, windowSeconds: 900 },
  // Per address *and* address: a stranger guessing cannot lock the owner out from their own network.
  signInFailuresPerAccountAndIp: { limit: 5, windowSeconds: 900 },
  // A high ceiling per address across all networks, against distributed guessing: past
  // it a new browser must also pass the bot check (SIGN_IN_PROOF_DIFFICULTY), never refused outright.
  signInFailuresPerAccount: { limit: 100, windowSeconds: 3600 },
  resetPerIp: { limit: 5, windowSeconds: 3600 },
  resetPerAccount: { limit: 3, windowSeconds: 3600 },
  challengePerIp: { limit: 60, windowSeconds: 600 },
} satisfies Record<string, RateLimitRule>;
