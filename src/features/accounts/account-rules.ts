// The publisher's registration rules on the server: every field rule from
// field-rules.ts (shared with the browser), plus the common-password check,
// whose dictionary is too big to ship to the browser.
import { dictionary } from '@zxcvbn-ts/language-common';
import { MESSAGES, checkPasswordShape, type FieldResult, type PasswordPolicy } from './field-rules.js';

export * from './field-rules.js';

let commonPasswords: Set<string> | undefined;
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common']);
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
