// Argon2id password hashing (docs/decisions/005-argon2-cost.md for the cost).
// The native module is loaded on the first hash or check, not at start-up.
import type * as Argon2 from '@node-rs/argon2';

let argon2: Promise<typeof Argon2> | undefined;
const loadArgon2 = () => (argon2 ??= import('@node-rs/argon2'));
const hash: typeof Argon2.hash = async (...args) => (await loadArgon2()).hash(...args);
const verify: typeof Argon2.verify = async (...args) => (await loadArgon2()).verify(...args);

export interface PasswordHasherOptions {
  memoryKib: number;
  iterations: number;
}

/**
 * The form a password is hashed and checked in: NFKC (as NIST SP 800-63B
 * advises), so the same password typed on another keyboard or system — composed
 * or decomposed accents, full-width letters — is the same password.
 */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

/** `match-needs-rehash`: right, but the stored hash should be made again (other cost settings, or made before normalisation). */
export type PasswordCheck = 'match' | 'match-needs-rehash' | 'no-match';

export function createPasswordHasher(options: PasswordHasherOptions) {
  // Argon2id is @node-rs/argon2's default algorithm; parallelism 1 keeps one
  // sign-in on one core so a burst cannot starve page rendering.
  const settings = { memoryCost: options.memoryKib, timeCost: options.iterations, parallelism: 1 };
  let dummyHash: Promise<string> | undefined;

  // The PHC string records the cost a hash was made with: "$argon2id$v=19$m=65536,t=2,p=1$…".
  const currentParameters = `m=${settings.memoryCost},t=${settings.timeCost},p=${settings.parallelism}`;

  function needsRehash(storedHash: string): boolean {
    const [, algorithm, , parameters] = storedHash.split('$');
    return algorithm !== 'argon2id' || parameters !== currentParameters;
  }

  async function check(storedHash: string | null, password: string): Promise<PasswordCheck> {
    if (!storedHash) {
      // Unknown or password-less accounts still cost one full verification,
      // so timing does not reveal whether an address is registered.
      dummyHash ??= hash('not a real password, only spends time', settings);
      await verify(await dummyHash, normalisePassword(password)).catch(() => false);
      return 'no-match';
    }
    const normalised = normalisePassword(password);
    if (await verify(storedHash, normalised).catch(() => false)) return needsRehash(storedHash) ? 'match-needs-rehash' : 'match';
    // Hashes made before passwords were normalised hold the password as it was typed then.
    if (normalised !== password && (await verify(storedHash, password).catch(() => false))) return 'match-needs-rehash';
    return 'no-match';
  }

  return {
    hash: (password: string) => hash(normalisePassword(password), settings),
    /** A hash made with other settings (or another algorithm): re-hash it at the next successful sign-in. */
    needsRehash,
    check,
    async verify(storedHash: string | null, password: string): Promise<boolean> {
      return (await check(storedHash, password)) !== 'no-match';
    },
  };
}

export type PasswordHasher = ReturnType<typeof createPasswordHasher>;
