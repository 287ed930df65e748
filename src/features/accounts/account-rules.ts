// The publisher's registration rules on the server: every field rule from
// field-rules.ts (shared with the browser), plus the common-password check,
// whose dictionary is too big to ship to the browser.
import { createRequire } from 'node:module';
import type { dictionary as Dictionary } from '@zxcvbn-ts/language-common';
import { MESSAGES, checkPasswordShape, type FieldResult, type PasswordPolicy } from './field-rules.js';

export * from './field-rules.js';

let commonPasswords: Set<string> | undefined;
export function isCommonPassword(password: string): boolean {
  // Required on first use, not imported: unpacking the dictionaries costs every
  // node's start tens of milliseconds, for a check only a password form needs.
  commonPasswords ??= new Set(
    (createRequire(import.meta.url)('@zxcvbn-ts/language-common') as { dictionary: typeof Dictionary }).dictionary['passwords-common'],
  );
  return commonPasswords.has(password.toLowerCase());
}

/** The shape rules, then the common-password list. */
export function checkPassword(input: unknown, policy: PasswordPolicy): FieldResult<string> {
  const shaped = checkPasswordShape(input, policy);
  if (!shaped.ok) return shaped;
  if (isCommonPassword(shaped.value))
    return { ok: false, message: policy.requireCharacterClasses ? MESSAGES.passwordCommon : policy.message };
  return shaped;
}
