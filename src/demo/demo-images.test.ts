import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { drawDemoSceneSvg, renderDemoImage } from './demo-images.js';
import type { DemoScene } from './demo-types.js';

const SCENES: DemoScene[] = [
  'harbour',
  'city',
  'hills',
  'river',
  'parliament',
  'stadium',
  'market',
  'forest',
  'portrait',
  'chart',
  'stage',
  'snow',
];

describe('demo images', () => {
  for (const scene of SCENES) {
    describe(scene, () => {
      it('renders a 1600×900 JPEG', async () => {
        const image = await renderDemoImage(scene, 7);
        expect(image).toMatchObject({ mime: 'image/jpeg', width: 1600, height: 900 });
        const meta = await sharp(image.data).metadata();
        expect(meta).toMatchObject({ format: 'jpeg', width: 1600, height: 900, isProgressive: true });
      });

      it('is deterministic for a seed and differs between seeds', async () => {
        expect(drawDemoSceneSvg(scene, 42)).toBe(drawDemoSceneSvg(scene, 42));
        const [a, b, c] = await Promise.all([renderDemoImage(scene, 42), renderDemoImage(scene, 42), renderDemoImage(scene, 43)]);
        expect(a.data.equals(b.data)).toBe(true);
        expect(a.data.equals(c.data)).toBe(false);
      });

      it('contains no text, scripts or external references', () => {
        const svg = drawDemoSceneSvg(scene, 3);
        expect(svg).not.toMatch(/<(text|script|image|use|foreignObject|style)\b|href|font|NaN|undefined/i);
      });
    });
  }

  it('honours a requested size', async () => {
    const image = await renderDemoImage('city', 1, { width: 640, height: 640 });
    const meta = await sharp(image.data).metadata();
    expect([meta.width, meta.height, image.width, image.height]).toEqual([640, 640, 640, 640]);
  });

  it('rejects unusable sizes', async () => {
    await expect(renderDemoImage('city', 1, { width: 0 })).rejects.toThrow(RangeError);
  });
});
