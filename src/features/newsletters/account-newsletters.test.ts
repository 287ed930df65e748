import { expect, it } from 'vitest';
import { createAccountNewsletters } from './account-newsletters.js';
import type { Newsletter, ReaderNewsletter, SubscribeOutcome } from './newsletters.types.js';

function row(id: number, options: { access?: 'registered' | 'premium'; isSubscribed?: boolean; canSubscribe?: boolean }): ReaderNewsletter {
  const newsletter: Newsletter = {
    id,
    slug: `list-${id}`,
    name: `List ${id}`,
    description: '',
    frequency: '',
    senderName: '',
    access: options.access ?? 'registered',
    sendTime: '',
    isBriefing: false,
  };
  const isSubscribed = options.isSubscribed ?? false;
  const canSubscribe = options.canSubscribe ?? true;
  return {
    newsletter,
    isSubscribed,
    status: isSubscribed && !canSubscribe ? { kind: 'held', reason: 'premium-required' } : { kind: 'receiving' },
    canSubscribe,
  };
}

function fakeService(rows: ReaderNewsletter[], answer: (id: number) => SubscribeOutcome = () => ({ kind: 'subscribed' })) {
  const calls: string[] = [];
  return {
    calls,
    service: {
      listReaderNewsletters: async () => rows,
      subscribeReader: async (_userId: number, id: number) => {
        calls.push(`subscribe ${id}`);
        return answer(id);
      },
      unsubscribeReader: async (_userId: number, id: number) => {
        calls.push(`unsubscribe ${id}`);
      },
    },
  };
}

const READER_LISTS = () => [
  row(1, {}),
  row(2, { isSubscribed: true }),
  // A Premium-only list the reader cannot join, and one they joined while Premium (now lapsed).
  row(3, { access: 'premium', canSubscribe: false }),
  row(4, { access: 'premium', isSubscribed: true, canSubscribe: false }),
];

it('signs up and leaves through the newsletters service, keeping what stays chosen and ignoring unknown ids', async () => {
  const { calls, service } = fakeService(READER_LISTS());
  expect(await createAccountNewsletters(service).choose(7, [1, 4, 999])).toEqual({ kind: 'saved' });
  expect(calls).toEqual(['subscribe 1', 'unsubscribe 2']);
});

it('refuses a Premium-only sign-up without Premium before writing anything', async () => {
  const { calls, service } = fakeService(READER_LISTS());
  expect(await createAccountNewsletters(service).choose(7, [1, 3])).toEqual({ kind: 'premium-required', names: ['List 3'] });
  expect(calls).toEqual([]);
});

it('reports a sign-up the service itself refuses (Premium ended a moment ago)', async () => {
  const { calls, service } = fakeService([row(5, { access: 'premium' }), row(6, {})], (id) =>
    id === 5 ? { kind: 'premium-required' } : { kind: 'subscribed' },
  );
  expect(await createAccountNewsletters(service).choose(7, [5, 6])).toEqual({ kind: 'premium-required', names: ['List 5'] });
  expect(calls).toEqual(['subscribe 5', 'subscribe 6']);
});

it('offers a checkbox for what the reader may choose or leave, and says why a chosen one is held', async () => {
  const { service } = fakeService(READER_LISTS());
  const listed = await createAccountNewsletters(service).list(7);
  expect(listed.map((choice) => [choice.id, choice.canChoose, choice.isPremiumOnly, choice.heldNote !== null])).toEqual([
    [1, true, false, false],
    [2, true, false, false],
    [3, false, true, false],
    [4, true, true, true],
  ]);
});
