import { describe, expect, it } from 'vitest';
import { checkEmail, checkName, checkDateOfBirth, MESSAGES } from './field-rules.js';
import { checkPassword, readerPasswordPolicy } from './account-rules.js';
import { nextQuery, preferencesForm, profileForm, registrationForm, signInForm } from './accounts.schemas.js';

const PUBLIC_URL = 'https://news.example.com';
const TODAY = { year: 2026, month: 12, day: 6 };

describe('account form schemas', () => {
  it('hands registration fields to the service whole, and shows back at most a line of each', () => {
    const padded = `${' '.repeat(400)}reader@example.test`;
    const { form, shown } = registrationForm(PUBLIC_URL).parse({
      email: padded,
      firstName: 'a'.repeat(500),
      dateOfBirth: '1990-01-01'.padEnd(30, ' '),
      marketingOptOut: 'yes',
      altcha: 'proof',
      next: '//evil.example',
    });
    expect(form.email).toBe(padded);
    expect(checkEmail(form.email)).toEqual({ ok: true, value: 'reader@example.test' });
    expect(form.firstName).toHaveLength(500);
    expect(form.next).toBe('/');
    // Bot protection and the marketing choice read their own fields as sent.
    expect(form.altcha).toBe('proof');
    expect(form.marketingOptOut).toBe('yes');
    expect(shown).toEqual({
      email: padded.slice(0, 300),
      firstName: 'a'.repeat(300),
      lastName: '',
      dateOfBirth: '1990-01-01'.padEnd(20, ' '),
      marketingOptOut: '',
    });
  });

  it('gives a field that is not text the message a missing field gets', () => {
    const { form } = registrationForm(PUBLIC_URL).parse({
      email: ['a@b.test'],
      password: ['x'],
      firstName: {},
      lastName: 3,
      dateOfBirth: [],
    });
    const policy = readerPasswordPolicy();
    expect(checkEmail(form.email)).toEqual({ ok: false, message: MESSAGES.email });
    expect(checkPassword(form.password, policy)).toEqual({ ok: false, message: policy.message });
    expect(checkName(form.firstName, 'first')).toEqual({ ok: false, message: MESSAGES.firstNameMissing });
    expect(checkName(form.lastName, 'last')).toEqual({ ok: false, message: MESSAGES.lastNameMissing });
    expect(checkDateOfBirth(form.dateOfBirth, TODAY)).toEqual({ ok: false, message: MESSAGES.dateOfBirthMissing });
  });

  it('keeps next on this site and reads a sign-in as text', () => {
    expect(nextQuery(PUBLIC_URL).parse({ next: '/world?page=2' })).toEqual({ next: '/world?page=2' });
    expect(nextQuery(PUBLIC_URL).parse({ next: ['/a', '/b'] })).toEqual({ next: '/' });
    expect(nextQuery(PUBLIC_URL).parse({})).toEqual({ next: '/' });
    expect(signInForm(PUBLIC_URL).parse({ email: ['x'], password: 'Secret1' })).toEqual({ next: '/', email: '', password: 'Secret1' });
  });

  it('refuses settings fields in a shape no form sends', () => {
    expect(profileForm.safeParse({ firstName: ['Ann', 'Eve'], lastName: 'Lee' }).success).toBe(false);
    expect(profileForm.parse({ lastName: 'x'.repeat(400) })).toEqual({
      input: { firstName: '', lastName: 'x'.repeat(400) },
      shown: { firstName: '', lastName: 'x'.repeat(300) },
    });
    expect(preferencesForm.parse({})).toEqual({ marketingOptOut: false, newsletter: [] });
    expect(preferencesForm.parse({ marketingOptOut: 'on', newsletter: ['3', '12'] })).toEqual({
      marketingOptOut: true,
      newsletter: [3, 12],
    });
    expect(preferencesForm.parse({ newsletter: '7' })).toEqual({ marketingOptOut: false, newsletter: [7] });
    for (const bad of [
      { marketingOptOut: 'yes' },
      { newsletter: 'morning' },
      { newsletter: ['1', '01'] },
      { newsletter: Array(501).fill('1') },
    ])
      expect(preferencesForm.safeParse(bad).success, JSON.stringify(bad).slice(0, 40)).toBe(false);
  });
});
