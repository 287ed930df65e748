import { describe, expect, it } from 'vitest';
import { eventNoticeText } from './event-notices.js';
import type { Attendance, Registration } from './events.types.js';
import type { EventViewer } from './views/event-pages.js';

const registration = { id: 1 } as Registration;
const held: Record<Attendance['kind'], Attendance> = {
  none: { kind: 'none' },
  confirmed: { kind: 'confirmed', registration },
  waiting: { kind: 'waiting', registration, place: 2 },
};
const eligible = (kind: Attendance['kind']): EventViewer => ({
  kind: 'eligible',
  csrfToken: 't',
  attendance: held[kind],
  joinLink: null,
  joinOpensAt: '2026-10-22T17:45:00.000Z',
});
const anonymous: EventViewer = { kind: 'anonymous', csrfToken: 't' };

describe('event notices', () => {
  it('shows each notice only to a reader it is true of', () => {
    expect(eventNoticeText('signed-up', eligible('confirmed'), 'upcoming')).toMatch(/^You are signed up/);
    expect(eventNoticeText('signed-up', eligible('waiting'), 'upcoming')).toBeNull();
    expect(eventNoticeText('signed-up', anonymous, 'upcoming')).toBeNull();
    expect(eventNoticeText('waiting', eligible('waiting'), 'upcoming')).toMatch(/waiting list/);
    expect(eventNoticeText('waiting', eligible('confirmed'), 'upcoming')).toBeNull();
    expect(eventNoticeText('already', eligible('confirmed'), 'upcoming')).not.toBeNull();
    expect(eventNoticeText('already', eligible('none'), 'upcoming')).toBeNull();
    expect(eventNoticeText('cancelled', eligible('none'), 'upcoming')).toBe('Your place is cancelled.');
    expect(eventNoticeText('cancelled', eligible('confirmed'), 'upcoming')).toBeNull();
    expect(eventNoticeText('cancelled', { kind: 'needs-subscription' }, 'upcoming')).toBeNull();
    expect(eventNoticeText('closed', anonymous, 'cancelled')).toMatch(/closed/);
    expect(eventNoticeText('closed', eligible('none'), 'ended')).toMatch(/closed/);
    expect(eventNoticeText('closed', eligible('none'), 'upcoming')).toBeNull();
  });

  it('shows nothing for a key that is not one of ours', () => {
    for (const key of [
      'none',
      '',
      'Signed-Up',
      '<script>alert(1)</script>',
      'constructor',
      'toString',
      '__proto__',
      undefined,
      null,
      1,
      ['signed-up'],
    ])
      expect(eventNoticeText(key, eligible('confirmed'), 'upcoming')).toBeNull();
  });
});
