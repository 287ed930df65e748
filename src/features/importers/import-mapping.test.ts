// The mapping's rules without a database: publication state, fields, clipping, progress lines.
import { describe, expect, it } from 'vitest';
import { clip, createRequestFor, saveChoiceFor } from './import-mapping.js';
import { createProgress, formatDuration, progressLine } from './import-progress.js';
import type { SourcePost } from './import-source.types.js';

const NOW = '2026-12-06T12:00:00.000Z';
const post: SourcePost = {
  sourceId: '1',
  title: '  Harbour   reopens ',
  slug: 'harbour-reopens',
  html: '<p>x</p>',
  excerpt: 'A short\nstandfirst',
  status: 'published',
  publishedAt: '2024-01-01T08:00:00.000Z',
  access: 'registered',
  authorIds: ['a', 'missing'],
  section: { name: 'Coast', slug: 'coast' },
  topics: ['Ferries', 'Ferries', 'Tides'],
  featureImage: null,
  commentsEnabled: false,
  legacyPaths: ['/harbour-reopens'],
};

describe('import mapping', () => {
  it('keeps a published post live at its own date, a future schedule scheduled, a draft a draft', () => {
    expect(saveChoiceFor(post, NOW)).toEqual({ action: 'publish', publishAt: '2024-01-01T08:00:00.000Z' });
    expect(saveChoiceFor({ status: 'published', publishedAt: null }, NOW)).toEqual({ action: 'publish', publishAt: NOW });
    expect(saveChoiceFor({ status: 'published', publishedAt: '2030-01-01T00:00:00.000Z' }, NOW)).toEqual({
      action: 'publish',
      publishAt: NOW,
    });
    expect(saveChoiceFor({ status: 'scheduled', publishedAt: '2030-01-01T00:00:00.000Z' }, NOW)).toEqual({
      action: 'schedule',
      publishAt: '2030-01-01T00:00:00.000Z',
    });
    expect(saveChoiceFor({ status: 'scheduled', publishedAt: '2020-01-01T00:00:00.000Z' }, NOW)).toEqual({
      action: 'publish',
      publishAt: '2020-01-01T00:00:00.000Z',
    });
    expect(saveChoiceFor({ status: 'draft', publishedAt: '2020-01-01T00:00:00.000Z' }, NOW)).toEqual({ action: 'save' });
  });

  it('builds the editing service request: names for authors, topics once each, whitespace tidied', () => {
    const request = createRequestFor(post, {
      authors: new Map([['a', { sourceId: 'a', name: 'Ada Penrose', bio: '' }]]),
      sectionPath: 'coast',
      extraTopics: ['Events'],
      slug: 'harbour-reopens',
      body: { type: 'doc', content: [] },
      hero: null,
      now: NOW,
    });
    expect(request).toEqual({
      fields: {
        headline: 'Harbour reopens',
        standfirst: 'A short standfirst',
        slug: 'harbour-reopens',
        section: 'coast',
        topics: ['Events', 'Ferries', 'Tides'],
        authors: ['Ada Penrose'],
        access: 'registered',
        commentsEnabled: false,
        body: { type: 'doc', content: [] },
        hero: null,
      },
      action: 'publish',
      publishAt: '2024-01-01T08:00:00.000Z',
    });
  });

  it('clips long text with an ellipsis', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
  });
});

describe('import progress', () => {
  it('formats the bar, the rate and the time left', () => {
    expect(progressLine(50, 200, 10)).toBe(`[${'#'.repeat(6)}${'·'.repeat(18)}] 50/200  25%  5.0 posts/s  ETA 0:30`);
    expect(progressLine(0, 10, 0)).toContain('ETA --:--');
    expect(formatDuration(3725)).toBe('1:02:05');
  });

  it('redraws in place on a terminal and writes plain lines every tenth otherwise', () => {
    let clock = 0;
    const terminal: string[] = [];
    const bar = createProgress({ isTTY: true, write: (text) => terminal.push(text) }, () => clock);
    for (let done = 1; done <= 100; done += 1) {
      clock += 10;
      bar.update({ done, total: 100 });
    }
    bar.finish();
    expect(terminal.every((text) => text.startsWith('\r') || text === '\n')).toBe(true);
    expect(terminal.length).toBeLessThan(15);
    const log: string[] = [];
    const lines = createProgress({ isTTY: false, write: (text) => log.push(text) }, () => clock);
    for (let done = 1; done <= 100; done += 1) lines.update({ done, total: 100 });
    lines.finish();
    expect(log).toHaveLength(11); // 0%, 10%, … 100%
    expect(log.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
  });
});
