// The rules every writer of an event meets, and who may take part.
import { describe, expect, it } from 'vitest';
import { eventEligibility } from './event-eligibility.js';
import { checkEventInput } from './event-rules.js';
import { eventInput } from './testing/event-fixtures.js';
import { formatEventTime } from './views/event-time.js';

const NOW = Date.parse('2026-10-20T12:00:00Z');

describe('event rules', () => {
  it('accepts a valid event', () => {
    expect(checkEventInput(eventInput())).toEqual({ ok: true });
  });

  it('names each bad field', () => {
    const checked = checkEventInput(
      eventInput({
        slug: '-Bad-',
        startsAt: '2026-10-22 18:00',
        endsAt: '2026-10-22T18:00:00Z',
        capacity: 1.5,
        access: 'free' as never,
        streamUrl: 'ftp://x',
        recordingUrl: 'not a url',
        speakerIds: [1, 1],
      }),
    );
    expect(checked).toEqual({
      ok: false,
      errors: {
        slug: 'must be lower-case letters, digits and single hyphens',
        startsAt: 'must be a date and time with its zone, e.g. 2026-10-25T18:00:00Z',
        capacity: 'must be a whole number from 1 to 100000',
        access: 'must be registered or premium',
        streamUrl: 'must be a web address (https://…)',
        recordingUrl: 'must be a web address (https://…)',
        speakers: 'name each speaker once',
      },
    });
    expect(checkEventInput(eventInput({ endsAt: '2026-10-22T17:59:00Z' }))).toMatchObject({
      errors: { endsAt: 'must be after the start' },
    });
    // At most 72 hours: the upcoming list's walk relies on it.
    const start = Date.parse(eventInput({}).startsAt);
    const endingAfter = (hours: number) => eventInput({ endsAt: new Date(start + hours * 3_600_000).toISOString() });
    expect(checkEventInput(endingAfter(72))).toEqual({ ok: true });
    expect(checkEventInput(endingAfter(72.01))).toMatchObject({ errors: { endsAt: 'must be at most 72 hours after the start' } });
  });
});

describe('who may take part (the access decision, without a meter)', () => {
  const registered = { kind: 'registered' as const, premiumReads: [], subscriptionEndsAt: null };
  const subscriber = { kind: 'registered' as const, premiumReads: [], subscriptionEndsAt: NOW + 86_400_000 };
  const lapsed = { kind: 'registered' as const, premiumReads: [], subscriptionEndsAt: NOW - 1 };
  const anonymous = { kind: 'anonymous' as const, meter: [] };

  it('registered events: any signed-in reader; Premium events: subscribers and staff', () => {
    expect(eventEligibility('registered', registered, NOW)).toEqual({ kind: 'eligible' });
    expect(eventEligibility('registered', anonymous, NOW)).toEqual({ kind: 'needs-account' });
    expect(eventEligibility('premium', registered, NOW)).toEqual({ kind: 'needs-subscription' });
    expect(eventEligibility('premium', lapsed, NOW)).toEqual({ kind: 'needs-subscription' });
    expect(eventEligibility('premium', subscriber, NOW)).toEqual({ kind: 'eligible' });
    expect(eventEligibility('premium', { kind: 'staff' }, NOW)).toEqual({ kind: 'eligible' });
  });

  it('a free recording is for everyone, even without an account', () => {
    expect(eventEligibility('free', anonymous, NOW)).toEqual({ kind: 'eligible' });
  });
});

describe('event times', () => {
  it("show the zone's name, so the end of summer time is visible (Europe/London)", () => {
    expect(formatEventTime('2026-10-25T00:30:00Z', 'Europe/London')).toBe('Sunday 25 October 2026 01:30 BST');
    expect(formatEventTime('2026-10-25T01:30:00Z', 'Europe/London')).toBe('Sunday 25 October 2026 01:30 GMT');
  });
});
