// The per-node counters: increments merge per (day, article, metric), days
// follow the publication's zone (and turn at its midnight, not UTC's), a
// drain empties them in key order, and a failed flush's rows come back.
import { describe, expect, it } from 'vitest';
import { InsightCounters, dayInZone } from './insight-counters.js';

const at = (iso: string) => Date.parse(iso);

describe('insight counters', () => {
  it('merges increments of one key into one row, and keeps metrics and articles apart', () => {
    const counters = new InsightCounters('Europe/London');
    const now = at('2026-03-10T12:00:00Z');
    for (let i = 0; i < 1000; i++) counters.add(now, 7, 'view_anonymous');
    counters.add(now, 7, 'wall_impression');
    counters.add(now, 8, 'view_anonymous', 3);
    counters.add(now, 0, 'registration_completed');
    expect(counters.drain()).toEqual([
      { day: '2026-03-10', articleId: 0, metric: 'registration_completed', count: 1 },
      { day: '2026-03-10', articleId: 7, metric: 'view_anonymous', count: 1000 },
      { day: '2026-03-10', articleId: 7, metric: 'wall_impression', count: 1 },
      { day: '2026-03-10', articleId: 8, metric: 'view_anonymous', count: 3 },
    ]);
    expect(counters.isEmpty).toBe(true);
    expect(counters.drain()).toEqual([]);
  });

  it("turns the day at the publication's midnight, not UTC's", () => {
    const counters = new InsightCounters('America/New_York');
    // Daylight saving time began on 8 March: New York is UTC-4.
    counters.add(at('2026-03-11T03:59:59Z'), 1, 'comment'); // 23:59:59 on the 10th in New York
    counters.add(at('2026-03-11T04:00:00Z'), 1, 'comment'); // midnight on the 11th
    counters.add(at('2026-03-11T03:30:00Z'), 1, 'comment'); // a late report for the 10th
    expect(counters.drain()).toEqual([
      { day: '2026-03-10', articleId: 1, metric: 'comment', count: 2 },
      { day: '2026-03-11', articleId: 1, metric: 'comment', count: 1 },
    ]);
  });

  it('knows a zone a quarter of an hour off the hour', () => {
    expect(dayInZone(at('2026-03-10T18:14:59Z'), 'Asia/Kathmandu')).toBe('2026-03-10'); // 23:59:59 +05:45
    expect(dayInZone(at('2026-03-10T18:15:00Z'), 'Asia/Kathmandu')).toBe('2026-03-11');
    const counters = new InsightCounters('Asia/Kathmandu');
    counters.add(at('2026-03-10T18:14:59Z'), 2, 'premium_unlock');
    counters.add(at('2026-03-10T18:15:00Z'), 2, 'premium_unlock');
    expect(counters.drain().map((row) => row.day)).toEqual(['2026-03-10', '2026-03-11']);
  });

  it('puts back what a failed flush drained, adding to what was counted since', () => {
    const counters = new InsightCounters('UTC');
    const now = at('2026-03-10T12:00:00Z');
    counters.add(now, 3, 'registration_started', 2);
    const failed = counters.drain();
    counters.add(now, 3, 'registration_started');
    counters.add(now, 4, 'comment');
    counters.restore(failed);
    counters.add(now, 3, 'registration_started');
    expect(counters.drain()).toEqual([
      { day: '2026-03-10', articleId: 3, metric: 'registration_started', count: 4 },
      { day: '2026-03-10', articleId: 4, metric: 'comment', count: 1 },
    ]);
  });

  it('handles large article ids without mixing metrics', () => {
    const counters = new InsightCounters('UTC');
    const big = 2 ** 40 + 1;
    counters.add(at('2026-03-10T12:00:00Z'), big, 'comment');
    counters.add(at('2026-03-10T12:00:00Z'), big + 1, 'view_anonymous');
    expect(counters.drain().map((row) => [row.articleId, row.metric])).toEqual([
      [big, 'comment'],
      [big + 1, 'view_anonymous'],
    ]);
  });
});
