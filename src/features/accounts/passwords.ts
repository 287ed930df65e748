// Argon2id password hashing (docs/decisions/005-argon2-cost.md for the cost).
import { hash, verify } from '@node-rs/argon2';

export interface PasswordHasherOptions {
  memoryKib: number;
  iterations: number;
}

export function createPasswordHasher(options: PasswordHasherOptions) {
  // Argon2id is @node-rs/argon2's default algorithm; parallelism 1 keeps one
  // sign-in on one core so a burst cannot starve page rendering.
  const settings = { memoryCost: options.memoryKib, timeCost: options.iterations, parallelism: 1 };
  let dummyHash: Promise<string> | undefined;

  // The PHC string records the cost a hash was made with: "$argon2id$v=19$m=65536,t=2,p=1$…".
  const currentParameters = `m=${settings.memoryCost},t=${settings.timeCost},p=${settings.parallelism}`;

  return {
    hash: (password: string) => hash(password, settings),
    /** A hash made with other settings (or another algorithm): re-hash it at the next successful sign-in. */
    needsRehash(storedHash: string): boolean {
      const [, algorithm, , parameters] = storedHash.split('$');
      return algorithm !== 'argon2id' || parameters !== currentParameters;
    },
    async verify(storedHash: string | null, password: string): Promise<boolean> {
      if (!storedHash) {
        // Unknown or password-less accounts still cost one full verification,
        // so timing does not reveal whether an address is registered.
        dummyHash ??= hash('not a real password, only spends time', settings);
        await verify(await dummyHash, password).catch(() => false);
        return false;
      }
      return verify(storedHash, password).catch(() => false);
    },
  };
}

export type PasswordHasher = ReturnType<typeof createPasswordHasher>;
