// Which library image a URL names: only our renditions, on this site or as a path.
import { describe, expect, it } from 'vitest';
import { imagePublicIdFromUrl } from './media.types.js';

describe('imagePublicIdFromUrl', () => {
  const site = 'https://news.example.test';
  it('reads our rendition URLs, absolute on this site or a path alone', () => {
    expect(imagePublicIdFromUrl('https://news.example.test/media/quay-abc123/1600.jpg', site)).toBe('quay-abc123');
    expect(imagePublicIdFromUrl('/media/quay-abc123/480.webp', site)).toBe('quay-abc123');
    expect(imagePublicIdFromUrl('https://news.example.test/media/quay-abc123/960.jpg', `${site}/`)).toBe('quay-abc123');
  });

  it('names no image for anything else', () => {
    for (const src of [
      'https://elsewhere.example/media/quay-abc123/1600.jpg',
      'https://news.example.test.evil.example/media/quay-abc123/1600.jpg',
      '//news.example.test/media/quay-abc123/1600.jpg',
      '/media/quay-abc123/1600.png',
      '/media/quay-abc123/1200.jpg',
      '/media/quay-abc123/0480.jpg',
      '/media/quay-abc123/1600.jpg?x=1',
      '/media/Quay/1600.jpg',
      '/media/../secret/1600.jpg',
      'media/quay-abc123/1600.jpg',
      'javascript:alert(1)',
      '',
    ])
      expect(imagePublicIdFromUrl(src, site), src).toBeNull();
  });
});
