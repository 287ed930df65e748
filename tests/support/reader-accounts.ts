// Test support: a reader's registration details and the confirmation of their
// address through the email a loopback SMTP inbox received.
import type { Page } from 'playwright-core';
import type { TestInbox } from './test-inbox.js';

export interface TestReader {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
}

const REGISTRATION_FIELDS = ['email', 'password', 'firstName', 'lastName', 'dateOfBirth'] as const;

/** Fills the registration form (`#field-{name}`); the caller submits it, after the proof of work if JavaScript is on. */
export async function fillRegistration(page: Page, reader: TestReader): Promise<void> {
  for (const field of REGISTRATION_FIELDS) await page.fill(`#field-${field}`, reader[field]);
}

/**
 * Opens the link in the reader's confirmation email and presses its button:
 * opening the link alone confirms nothing (mail scanners follow links).
 */
export async function confirmEmailFromInbox(page: Page, options: { inbox: TestInbox; baseUrl: string; email: string }): Promise<void> {
  const email = await options.inbox.waitFor(options.email, /Confirm your email address/);
  const link = /https?:\/\/\S+\/account\/verify\?token=\S+/.exec(email.text)?.[0];
  if (!link?.startsWith(options.baseUrl)) throw new Error(`No confirmation link to ${options.baseUrl} in: ${email.text}`);
  await page.goto(link);
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
  await page.waitForLoadState();
  const heading = await page.locator('h1').textContent();
  if (heading !== 'Your email address is confirmed') throw new Error(`Confirming ${options.email} ended on "${heading}"`);
}
