import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MESSAGES,
  checkDateOfBirth,
  checkEmail,
  checkName,
  checkPassword,
  isAtLeastAge,
  parseCalendarDate,
  readerPasswordPolicy,
  staffPasswordPolicy,
  todayIn,
} from './account-rules.js';

const reader = readerPasswordPolicy();
const messageOf = (result: { ok: boolean; message?: string }) => (result.ok ? 'ok' : result.message);

describe('email', () => {
  it.each(['reader@example.com', ' Reader@Example.COM ', 'a.b+news@sub.example.co.uk', "o'brien@example.ie"])('accepts %s', (email) => {
    expect(checkEmail(email)).toEqual({ ok: true, value: email.trim().toLowerCase() });
  });
  it.each([
    '',
    'reader',
    'reader@',
    '@example.com',
    'reader@example',
    'a b@example.com',
    'reader@@example.com',
    'reader@example..com',
    '.reader@example.com',
    `${'a'.repeat(250)}@example.com`,
    'reader@exa_mple.com',
  ])('rejects %j', (email) => {
    expect(messageOf(checkEmail(email))).toBe(MESSAGES.email);
  });
  it('rejects non-strings', () => expect(messageOf(checkEmail(['a@b.co']))).toBe(MESSAGES.email));
});

describe('password (reader policy)', () => {
  it.each(['Rq7tXp', 'Sunlit7Harbour', 'Ünïcödé9x', 'Correct Horse Battery Staple 9', 'Ab1' + '€'.repeat(253)])(
    'accepts %s',
    (password) => {
      expect(checkPassword(password, reader)).toEqual({ ok: true, value: password });
    },
  );
  it.each([
    ['', MESSAGES.password],
    ['Abcd1', MESSAGES.password], // 5 characters
    ['abcdef1', MESSAGES.password], // no upper case
    ['ABCDEF1', MESSAGES.password], // no lower case
    ['Abcdefg', MESSAGES.password], // no number
    ['Password1', MESSAGES.passwordCommon],
    ['Qwerty123', MESSAGES.passwordCommon],
    ['Ab1' + 'x'.repeat(254), MESSAGES.passwordTooLong],
  ])('rejects %j', (password, message) => {
    expect(messageOf(checkPassword(password, reader))).toBe(message);
  });
  it('counts characters, not UTF-16 units: five emoji and a letter are too short', () => {
    expect(messageOf(checkPassword('A1b😀😀', reader))).toBe(MESSAGES.password);
  });
  it('never truncates: 256 characters is the limit, 257 is refused', () => {
    const at = 'Ab1' + 'z'.repeat(253);
    expect(checkPassword(at, reader).ok).toBe(true);
    expect(messageOf(checkPassword(at + 'z', reader))).toBe(MESSAGES.passwordTooLong);
  });
  it('applies a stronger staff policy', () => {
    const staff = staffPasswordPolicy();
    expect(messageOf(checkPassword('Abcdef1', staff))).toBe(MESSAGES.staffPassword);
    expect(checkPassword('long enough passphrase', staff).ok).toBe(true);
    expect(messageOf(checkPassword('password1234', staff))).toBe(MESSAGES.staffPassword);
  });
});

describe('names', () => {
  it.each(['José', 'Zoë', "O'Brien", 'O’Brien', 'Anne-Marie', '李小龙', 'Nguyễn Thị', 'Ólafur Arnalds', 'محمد', 'A'])(
    'accepts %s',
    (name) => {
      expect(checkName(name, 'first').ok).toBe(true);
    },
  );
  it.each([
    ['combining marks alone', '\u0301\u0308'],
    ['Arabic tatweel alone', '\u0640\u0640\u0640'],
    ['a Hangul filler', '\u3164'],
  ])('refuses a name with nothing visible: %s', (_kind, name) => {
    expect(checkName(name, 'first').ok).toBe(false);
  });
  it('accepts tatweel inside a real name', () => {
    expect(checkName('مـحمد', 'first').ok).toBe(true);
  });
  it('normalises to NFC and trims', () => {
    expect(checkName('  Zoe\u0308  ', 'first')).toEqual({ ok: true, value: 'Zoë' });
  });
  it('counts 40 characters as the limit, 41 as too long', () => {
    expect(checkName('a'.repeat(40), 'last').ok).toBe(true);
    expect(messageOf(checkName('a'.repeat(41), 'last'))).toBe(MESSAGES.nameLength);
    expect(checkName('李'.repeat(40), 'last').ok).toBe(true);
  });
  it('asks for a missing name by field', () => {
    expect(messageOf(checkName('', 'first'))).toBe(MESSAGES.firstNameMissing);
    expect(messageOf(checkName('   ', 'last'))).toBe(MESSAGES.lastNameMissing);
    expect(messageOf(checkName(undefined, 'last'))).toBe(MESSAGES.lastNameMissing);
  });
  it.each([
    'R2D2',
    'Anna!',
    'Bob_Smith',
    '<script>',
    'Ann😀',
    'Zero\u200bWidth',
    'Bidi\u202eEvil',
    'Tab\tName',
    'New\nLine',
    '---',
    "''",
    'Dot.Name',
    '@ndy',
  ])('calls %j special characters', (name) => {
    expect(messageOf(checkName(name, 'first'))).toBe(MESSAGES.nameCharacters);
  });
  it('never accepts a digit, symbol or control character anywhere (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 10 }),
        fc.constantFrom('1', '$', '<', '\u0000', '\u200d', '\u202e', '_', '.'),
        fc.string({ maxLength: 10 }),
        (before, bad, after) => {
          expect(checkName(before + bad + after, 'first').ok).toBe(false);
        },
      ),
    );
  });
});

describe('date of birth', () => {
  const today = { year: 2026, month: 11, day: 28 };
  it('accepts an 18th birthday today, refuses one tomorrow', () => {
    expect(checkDateOfBirth('2008-11-28', today).ok).toBe(true);
    expect(messageOf(checkDateOfBirth('2008-11-29', today))).toBe(MESSAGES.underAge);
    expect(checkDateOfBirth('1950-01-01', today).ok).toBe(true);
  });
  it('refuses impossible, future and missing dates', () => {
    for (const date of ['2001-02-29', '2001-13-01', '2001-00-10', '2001-04-31', '28/11/2000', 'yesterday', '1899-12-31', '2026-11-29']) {
      expect(messageOf(checkDateOfBirth(date, today)), date).toBe(MESSAGES.dateOfBirthInvalid);
    }
    expect(messageOf(checkDateOfBirth('', today))).toBe(MESSAGES.dateOfBirthMissing);
  });
  it('lets someone born on 29 February come of age on 1 March in a common year', () => {
    const leapling = parseCalendarDate('2008-02-29')!;
    expect(isAtLeastAge(leapling, { year: 2026, month: 2, day: 28 }, 18)).toBe(false);
    expect(isAtLeastAge(leapling, { year: 2026, month: 3, day: 1 }, 18)).toBe(true);
    // In a leap year the birthday itself exists.
    const leapling2006 = parseCalendarDate('2006-02-29');
    expect(leapling2006).toBeNull(); // 2006 had no 29 February
    expect(isAtLeastAge(parseCalendarDate('2010-02-29') ?? { year: 2012, month: 2, day: 29 }, { year: 2030, month: 2, day: 28 }, 18)).toBe(
      false,
    );
    expect(isAtLeastAge({ year: 2012, month: 2, day: 29 }, { year: 2030, month: 3, day: 1 }, 18)).toBe(true);
    expect(isAtLeastAge({ year: 2004, month: 2, day: 29 }, { year: 2022, month: 2, day: 28 }, 18)).toBe(false);
    expect(isAtLeastAge({ year: 2004, month: 2, day: 29 }, { year: 2022, month: 3, day: 1 }, 18)).toBe(true);
  });
  it('reckons today in the publication zone', () => {
    // 23:30 UTC on 27 November is already 28 November in Tokyo.
    expect(todayIn('Asia/Tokyo', new Date('2026-11-27T23:30:00Z'))).toEqual({ year: 2026, month: 11, day: 28 });
    expect(todayIn('Europe/London', new Date('2026-11-27T23:30:00Z'))).toEqual({ year: 2026, month: 11, day: 27 });
  });
});
