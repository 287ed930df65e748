// Bot protection that needs no third-party service.
//
// With JavaScript: an ALTCHA proof-of-work. The server issues a signed,
// short-lived challenge bound to one form; the widget solves it in the
// browser; the server verifies the solution and accepts each challenge once.
// Without JavaScript: the form carries a signed "form started" stamp, and the
// server accepts it only after a delay (a human filling in a form takes longer)
// and only once. Both paths add a honeypot field that people never see.
import { createChallenge, randomInt, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { constantTimeEquals, hmac, randomToken } from './tokens.js';

export const ALTCHA_FIELD = 'altcha';
export const FORM_STAMP_FIELD = 'form_started';
export const HONEYPOT_FIELD = 'website';

const CHALLENGE_TTL_MS = 10 * 60 * 1000;
const STAMP_TTL_MS = 2 * 60 * 60 * 1000;

export type BotCheck =
  { kind: 'human' } | { kind: 'rejected'; reason: 'honeypot' | 'missing' | 'invalid' | 'replayed' | 'too-fast' | 'expired' | 'too-easy' };

export interface BotProtectionOptions {
  db: Db;
  clock: Clock;
  secret: string;
  /** PBKDF2 iterations per attempt. */
  cost: number;
  /** Upper bound of the secret counter: the expected work is half of it, times `cost`. */
  maxCounter: number;
  noScriptDelaySeconds: number;
}

export function createBotProtection(options: BotProtectionOptions) {
  const { db, clock } = options;
  const challengeSecret = hmac(options.secret, 'altcha-challenge');
  const keySecret = hmac(options.secret, 'altcha-key');

  /**
   * A challenge whose expected work is `difficulty` times the configured one:
   * an address that sends many registrations pays more for each instead of
   * being refused outright (a library or a carrier's shared address is many
   * people). The difficulty is signed into the challenge, so a proof made for an
   * easier one can be told apart when the form comes back.
   */
  async function challengeFor(form: string, difficulty = 1): Promise<Challenge> {
    const maxCounter = options.maxCounter * difficulty;
    return createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: options.cost,
      counter: randomInt(Math.floor(maxCounter / 4), maxCounter),
      deriveKey,
      // The expiry travels in the signed data rather than altcha's own
      // `expiresAt`, which it checks against the machine's clock: ours is the
      // injected one, so expiry is testable and consistent with everything else.
      data: { form, expires: String(clock.now().getTime() + CHALLENGE_TTL_MS), difficulty: String(difficulty) },
      hmacSignatureSecret: challengeSecret,
      hmacKeySignatureSecret: keySecret,
    });
  }

  /** A signed stamp of when the form was served, for readers without JavaScript. */
  function formStamp(form: string): string {
    const issuedAt = clock.now().getTime();
    const nonce = randomToken(12);
    return `${issuedAt}.${nonce}.${hmac(options.secret, `stamp:${form}:${issuedAt}:${nonce}`)}`;
  }

  /** Records a one-time proof; false if it was already used. */
  async function redeemOnce(signature: string, expiresAt: Date): Promise<boolean> {
    const now = clock.now().toISOString();
    await db.deleteFrom('used_challenges').where('expires_at', '<', now).execute();
    const inserted = await db
      .insertInto('used_challenges')
      .values({ signature, expires_at: expiresAt.toISOString() })
      .onConflict((conflict) => conflict.column('signature').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async function checkAltcha(form: string, payloadField: string, difficulty: number): Promise<BotCheck> {
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(payloadField, 'base64').toString('utf8')) as Payload;
    } catch {
      return { kind: 'rejected', reason: 'invalid' };
    }
    const data = payload?.challenge?.parameters?.data;
    if (!data || !payload.solution || data.form !== form || typeof data.expires !== 'string')
      return { kind: 'rejected', reason: 'invalid' };
    let result;
    try {
      result = await verifySolution({
        challenge: payload.challenge,
        solution: payload.solution,
        deriveKey,
        hmacSignatureSecret: challengeSecret,
        hmacKeySignatureSecret: keySecret,
      });
    } catch {
      return { kind: 'rejected', reason: 'invalid' };
    }
    if (!result.verified || !payload.challenge.signature) return { kind: 'rejected', reason: 'invalid' };
    // Verified, so `expires` is the value we signed.
    if (!(Number(data.expires) > clock.now().getTime())) return { kind: 'rejected', reason: 'expired' };
    // Half the difficulty asked now is accepted: the address's volume may have grown while this reader solved it.
    if (Number(data.difficulty ?? '1') * 2 < difficulty) return { kind: 'rejected', reason: 'too-easy' };
    const redeemed = await redeemOnce(`altcha:${payload.challenge.signature}`, new Date(clock.now().getTime() + CHALLENGE_TTL_MS));
    return redeemed ? { kind: 'human' } : { kind: 'rejected', reason: 'replayed' };
  }

  async function checkStamp(form: string, stamp: string, difficulty: number): Promise<BotCheck> {
    const [issuedAtText, nonce, signature] = stamp.split('.');
    const issuedAt = Number(issuedAtText);
    if (!nonce || !signature || !Number.isSafeInteger(issuedAt)) return { kind: 'rejected', reason: 'invalid' };
    if (!constantTimeEquals(signature, hmac(options.secret, `stamp:${form}:${issuedAt}:${nonce}`)))
      return { kind: 'rejected', reason: 'invalid' };
    const age = clock.now().getTime() - issuedAt;
    if (age > STAMP_TTL_MS) return { kind: 'rejected', reason: 'expired' };
    // Without JavaScript the cost is time: the wait grows with the address's volume too.
    if (age < noScriptDelaySecondsFor(difficulty) * 1000) return { kind: 'rejected', reason: 'too-fast' };
    const redeemed = await redeemOnce(`stamp:${nonce}`, new Date(issuedAt + STAMP_TTL_MS));
    return redeemed ? { kind: 'human' } : { kind: 'rejected', reason: 'replayed' };
  }

  const noScriptDelaySecondsFor = (difficulty: number) => options.noScriptDelaySeconds * difficulty;

  /** Checks a submitted form: honeypot first, then the proof-of-work, else the no-script stamp; `difficulty` as asked of this address now. */
  async function check(form: string, body: Record<string, unknown>, difficulty = 1): Promise<BotCheck> {
    const honeypot = body[HONEYPOT_FIELD];
    if (typeof honeypot === 'string' && honeypot.trim() !== '') return { kind: 'rejected', reason: 'honeypot' };
    const altcha = body[ALTCHA_FIELD];
    if (typeof altcha === 'string' && altcha.length > 0 && altcha.length < 10_000) return checkAltcha(form, altcha, difficulty);
    const stamp = body[FORM_STAMP_FIELD];
    if (typeof stamp === 'string' && stamp.length < 200) return checkStamp(form, stamp, difficulty);
    return { kind: 'rejected', reason: 'missing' };
  }

  return { challengeFor, formStamp, check, noScriptDelaySeconds: options.noScriptDelaySeconds, noScriptDelaySecondsFor };
}

export type BotProtection = ReturnType<typeof createBotProtection>;
