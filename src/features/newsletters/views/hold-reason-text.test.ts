import { expect, it } from 'vitest';
import { createAccountNewsletters } from '../account-newsletters.js';
import type { HoldReason, Newsletter } from '../newsletters.types.js';
import { holdReasonText } from './hold-reason-text.js';

const REASONS: HoldReason[] = ['email-unconfirmed', 'premium-required', 'address-suppressed', 'account-deleted'];

const newsletter = (id: number): Newsletter => ({
  id,
  slug: `list-${id}`,
  name: `List ${id}`,
  description: '',
  frequency: '',
  senderName: '',
  access: 'registered',
  sendTime: '',
  isBriefing: false,
});

it('words every hold reason once, each differently, as a sentence', () => {
  const texts = REASONS.map(holdReasonText);
  for (const text of texts) expect(text).toMatch(/^[A-Z].+\.$/);
  expect(new Set(texts).size).toBe(REASONS.length);
});

it('gives /account the words /newsletters shows for each reason', async () => {
  const rows = REASONS.map((reason, index) => ({
    newsletter: newsletter(index + 1),
    isSubscribed: true,
    status: { kind: 'held' as const, reason },
    canSubscribe: true,
  }));
  const unused = async () => {
    throw new Error('not called');
  };
  const listed = await createAccountNewsletters({
    listReaderNewsletters: async () => rows,
    subscribeReader: unused,
    unsubscribeReader: unused,
  }).list(7);
  const notes = new Map(listed.map((row) => [row.id, row.heldNote]));
  REASONS.forEach((reason, index) => {
    expect(notes.get(index + 1)).toBe(holdReasonText(reason));
  });
});
