// The publisher's registration rules (docs/product.md, "Registration and accounts"), as pure functions
// importing only dependency-free text helpers: the registration form's script bundles this module, so the
// browser checks exactly what the server checks, with the same messages.
// The common-password list (hundreds of KB) stays on the server, in
// account-rules.ts. Messages are the publisher's wording; do not paraphrase them.

import { visibleCharacters } from '../../core/text/visible-text.js';

export const MESSAGES = {
  email: 'Please enter a valid email',
  password: 'Must be at least 6 characters, include an upper and lower case character and a number',
  passwordTooLong: 'Passwords can be at most 256 characters',
  passwordCommon: 'This password is too common. Please choose one that is harder to guess',
  staffPassword: 'Staff passwords must be at least 12 characters and not a common password',
  nameLength: 'Please enter a name between 1 and 40 characters',
  nameCharacters: "Special characters aren't allowed",
  firstNameMissing: 'Please enter your first name',
  lastNameMissing: 'Please enter your last name',
  dateOfBirthMissing: 'Please enter your date of birth',
  dateOfBirthInvalid: 'Please enter a real date of birth',
  underAge: 'You must be over 18 years old to register',
} as const;

export const MAX_PASSWORD_LENGTH = 256;
export const MAX_NAME_LENGTH = 40;
export const MINIMUM_AGE = 18;

export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = <T>(message: string): FieldResult<T> => ({ ok: false, message });

// One dot-atom local part and a dotted domain with a 2+ letter TLD: what real
// mail servers accept, without quoted local parts nobody types into a form.
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** Trimmed and lower-cased: the form in which addresses are stored and compared. */
export function normaliseEmail(input: string): string {
  return input.trim().toLowerCase();
}

export function checkEmail(input: unknown): FieldResult<string> {
  if (typeof input !== 'string') return fail(MESSAGES.email);
  const email = normaliseEmail(input);
  if (email.length > 254 || !EMAIL.test(email)) return fail(MESSAGES.email);
  return ok(email);
}

export interface PasswordPolicy {
  minLength: number;
  /** Readers: upper, lower and a number. Staff: length and not common is enough. */
  requireCharacterClasses: boolean;
  message: string;
  /** Shown under a new-password field before anything is typed. */
  hint: string;
}

export const readerPasswordPolicy = (minLength = 6): PasswordPolicy => ({
  minLength,
  requireCharacterClasses: true,
  message: minLength === 6 ? MESSAGES.password : MESSAGES.password.replace('6', String(minLength)),
  hint: `At least ${minLength} characters, with an upper and lower case letter and a number.`,
});

export const staffPasswordPolicy = (minLength = 12): PasswordPolicy => ({
  minLength,
  requireCharacterClasses: false,
  message: minLength === 12 ? MESSAGES.staffPassword : MESSAGES.staffPassword.replace('12', String(minLength)),
  hint: `Staff passwords: at least ${minLength} characters, and not a common password. A passphrase of several words works well.`,
});

/**
 * Length and character classes only: what the browser can check without the
 * common-password list. Any Unicode is accepted; length is counted in code
 * points; nothing is truncated.
 */
export function checkPasswordShape(input: unknown, policy: PasswordPolicy): FieldResult<string> {
  if (typeof input !== 'string' || input.length === 0) return fail(policy.message);
  const length = [...input].length;
  if (length > MAX_PASSWORD_LENGTH) return fail(MESSAGES.passwordTooLong);
  if (length < policy.minLength) return fail(policy.message);
  if (policy.requireCharacterClasses && !(/\p{Lu}/u.test(input) && /\p{Ll}/u.test(input) && /\p{Nd}/u.test(input)))
    return fail(policy.message);
  return ok(input);
}

// Letters of any script with their combining marks, and the separators names
// really use: space, hyphen, apostrophe (straight or typographic).
const NAME_CHARACTERS = /^[\p{L}\p{M} '’-]+$/u;

export function checkName(input: unknown, which: 'first' | 'last'): FieldResult<string> {
  const missing = which === 'first' ? MESSAGES.firstNameMissing : MESSAGES.lastNameMissing;
  if (typeof input !== 'string') return fail(missing);
  const name = input.normalize('NFC').trim();
  if (name.length === 0) return fail(missing);
  // At least one letter that shows: combining marks or tatweel strokes alone draw no name.
  if (!NAME_CHARACTERS.test(name) || !/\p{L}/u.test(visibleCharacters(name))) return fail(MESSAGES.nameCharacters);
  if ([...name].length > MAX_NAME_LENGTH) return fail(MESSAGES.nameLength);
  return ok(name.replace(/ {2,}/g, ' '));
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseCalendarDate(input: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/**
 * Whether someone born on `birth` is at least `years` old on `today`. The
 * birthday itself counts. Someone born on 29 February comes of age on 1 March
 * in a common year (as UK law reckons it), never on 28 February.
 */
export function isAtLeastAge(birth: CalendarDate, today: CalendarDate, years: number): boolean {
  const comingOfAgeYear = birth.year + years;
  let month = birth.month;
  let day = birth.day;
  if (month === 2 && day === 29 && daysInMonth(comingOfAgeYear, 2) === 28) {
    month = 3;
    day = 1;
  }
  if (today.year !== comingOfAgeYear) return today.year > comingOfAgeYear;
  if (today.month !== month) return today.month > month;
  return today.day >= day;
}

/** Today's calendar date where the publication is (ages turn over at local midnight). */
export function todayIn(timeZone: string, now: Date): CalendarDate {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function checkDateOfBirth(input: unknown, today: CalendarDate): FieldResult<string> {
  if (typeof input !== 'string' || input.trim() === '') return fail(MESSAGES.dateOfBirthMissing);
  const birth = parseCalendarDate(input);
  if (!birth || birth.year < 1900 || compareDates(birth, today) > 0) return fail(MESSAGES.dateOfBirthInvalid);
  if (!isAtLeastAge(birth, today, MINIMUM_AGE)) return fail(MESSAGES.underAge);
  return ok(input.trim());
}
