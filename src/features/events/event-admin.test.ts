import { describe, expect, it } from 'vitest';
import { eventTimeLabel } from './emails/event-emails.js';
import { slugFromTitle } from './event-admin.service.js';

describe('slugFromTitle', () => {
  it('makes lower-case words joined by hyphens, without accents, at most 80 characters', () => {
    expect(slugFromTitle('Budget night, live!')).toBe('budget-night-live');
    expect(slugFromTitle('Zoë’s café: Q&A')).toBe('zoe-s-cafe-q-a');
    expect(slugFromTitle('“”…')).toBe('event');
    const long = slugFromTitle('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});

describe('eventTimeLabel', () => {
  it('names the zone on each end, so a DST change between them shows', () => {
    expect(eventTimeLabel({ startsAt: '2026-10-25T00:30:00Z', endsAt: '2026-10-25T01:30:00Z' }, 'Europe/London')).toBe(
      'Sunday 25 October 2026 01:30 BST to 01:30 GMT',
    );
    expect(eventTimeLabel({ startsAt: '2026-12-31T23:00:00Z', endsAt: '2027-01-01T01:00:00Z' }, 'Europe/London')).toBe(
      'Thursday 31 December 2026 23:00 GMT to Friday 1 January 2027 01:00 GMT',
    );
  });
});
