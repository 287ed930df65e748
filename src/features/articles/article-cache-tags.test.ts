import { describe, expect, it } from 'vitest';
import { tagsOfArticleState, type ArticleListings } from './article-cache-tags.js';

const now = '2026-03-10T12:00:00.000Z';
const live: ArticleListings = {
  id: 12,
  status: 'published',
  publishedAt: '2026-03-10T11:00:00.000Z',
  sectionPath: 'world/europe/ports',
  topicSlugs: ['coast', 'shipping'],
  authorSlugs: ['ada-fenwick'],
};

describe('tagsOfArticleState', () => {
  it('names the article and every listing a live article appears on, sections above its own included', () => {
    expect(tagsOfArticleState(live, now)).toEqual([
      'article:12',
      'listing:site',
      'listing:section:world',
      'listing:section:world/europe',
      'listing:section:world/europe/ports',
      'listing:topic:coast',
      'listing:topic:shipping',
      'listing:author:ada-fenwick',
      'sitemaps',
      'sitemaps:articles-1',
    ]);
  });

  it('names the article sitemap child of its id range (ranges of 50,000 ids)', () => {
    const rangeOf = (id: number) => tagsOfArticleState({ ...live, id }, now).filter((tag) => tag.startsWith('sitemaps:'));
    expect(rangeOf(50_000)).toEqual(['sitemaps:articles-1']);
    expect(rangeOf(50_001)).toEqual(['sitemaps:articles-2']);
    expect(rangeOf(1_000_000)).toEqual(['sitemaps:articles-20']);
  });

  it.each([
    ['a draft', { status: 'draft' as const }],
    ['a withdrawn article', { status: 'withdrawn' as const }],
    ['a scheduled article', { publishedAt: '2026-03-11T08:00:00.000Z' }],
  ])('names only the article for %s: readers see it on no listing', (_name, state) => {
    expect(tagsOfArticleState({ ...live, ...state }, now)).toEqual(['article:12']);
  });
});
