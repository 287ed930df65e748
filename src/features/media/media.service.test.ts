import { describe, expect, it } from 'vitest';
import { newImagePublicId } from './media.service.js';

describe('new image public ids', () => {
  it('are a readable slug and a random part, within the URL alphabet and length', () => {
    const id = newImagePublicId('Harbour wall at dusk — after the storm!');
    expect(id).toMatch(/^harbour-wall-at-dusk-after-the-storm-[a-z0-9]{12}$/);
    expect(newImagePublicId('x'.repeat(200)).length).toBeLessThanOrEqual(64);
    expect(newImagePublicId('***')).toMatch(/^image-[a-z0-9]{12}$/);
  });

  it('cannot be guessed from the name: the same name never gives the same id', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newImagePublicId('gated chart')));
    expect(ids.size).toBe(1000);
  });
});
