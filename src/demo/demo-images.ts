// The demo newspaper's pictures: stylised flat illustrations drawn as SVG and
// rendered to JPEG with sharp, so the demo ships no stock photography and
// every picture is reproducible from its (scene, seed) pair.
import sharp from 'sharp';
import { Canvas, H, W, type Palette, type Rng } from './demo-scene-kit.js';
import { SCENES } from './demo-scenes.js';
import type { DemoScene } from './demo-types.js';

/** mulberry32: tiny, fast and good enough to scatter shapes; Math.random would break reproducibility. */
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

// Folding the scene name in means seed 1 of "city" and seed 1 of "forest" don't share a palette and layout.
function sceneSeed(scene: DemoScene, seed: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < scene.length; i++) h = Math.imul(h ^ scene.charCodeAt(i), 0x01000193);
  return (h ^ Math.imul(Math.trunc(seed) | 0, 0x9e3779b1)) >>> 0;
}

// Muted, slightly desaturated colours so pictures sit quietly beside body text.
const PALETTES: readonly Palette[] = [
  {
    // overcast morning
    skyTop: '#9fb4c4',
    skyBottom: '#e8dccb',
    sun: '#f6e7c8',
    far: '#8fa1ad',
    mid: '#5f7482',
    near: '#3b4a55',
    ground: '#6f7d5c',
    water: '#7d97a8',
    light: '#f6d98a',
    accents: ['#b5523b', '#d9a441', '#3f6e8c', '#7a8f5a'],
    night: false,
  },
  {
    // ochre dusk
    skyTop: '#5b6a8a',
    skyBottom: '#e9b48a',
    sun: '#f7d6a0',
    far: '#8d7f95',
    mid: '#5e5470',
    near: '#342f43',
    ground: '#5a5643',
    water: '#6f7896',
    light: '#ffd27a',
    accents: ['#c2673f', '#e0b05a', '#47708a', '#8a5a6a'],
    night: false,
  },
  {
    // night
    skyTop: '#0f1a2e',
    skyBottom: '#3a4a6a',
    sun: '#ebe6d6',
    far: '#2c3a55',
    mid: '#1f2a40',
    near: '#111827',
    ground: '#243040',
    water: '#23324d',
    light: '#ffcf6b',
    accents: ['#b8564a', '#c9a24a', '#5b86a6', '#7c9a6b'],
    night: true,
  },
  {
    // sage overcast
    skyTop: '#b3c0ba',
    skyBottom: '#e6e4d8',
    sun: '#fbf6e6',
    far: '#a3ada2',
    mid: '#72806f',
    near: '#45523f',
    ground: '#7e8c5e',
    water: '#8fa3a0',
    light: '#f3d98f',
    accents: ['#a84f3c', '#d6a84e', '#4c6f7d', '#6c7f4a'],
    night: false,
  },
  {
    // rose dawn
    skyTop: '#7d8fb3',
    skyBottom: '#f0c9b4',
    sun: '#fde8cc',
    far: '#a896a8',
    mid: '#76687e',
    near: '#463f52',
    ground: '#6d6a4f',
    water: '#9aa6c0',
    light: '#ffe0a0',
    accents: ['#b3553f', '#e3b15c', '#4a6f93', '#8b6d8f'],
    night: false,
  },
  {
    // clear blue noon
    skyTop: '#6f93b5',
    skyBottom: '#d9e2e4',
    sun: '#fff6dc',
    far: '#94a8b5',
    mid: '#587085',
    near: '#2f3e4c',
    ground: '#748a58',
    water: '#6a8fa8',
    light: '#f4d27e',
    accents: ['#b0493a', '#d8a23f', '#2f6283', '#5f8a64'],
    night: false,
  },
];

// Floods, fields and forests read as murk in the dark; lit windows and floodlights are better at night.
const NIGHT_SCENES: ReadonlySet<DemoScene> = new Set<DemoScene>(['harbour', 'city', 'parliament', 'stadium', 'stage']);

/** Deterministic SVG markup for a scene; the same (scene, seed) always yields the same string. */
export function drawDemoSceneSvg(scene: DemoScene, seed: number, width = W, height = H): string {
  const draw = SCENES[scene];
  if (!draw) throw new RangeError(`Unknown demo scene: ${String(scene)}`);
  const rng = mulberry32(sceneSeed(scene, seed));
  const palettes = NIGHT_SCENES.has(scene) ? PALETTES : PALETTES.filter((p) => !p.night);
  const canvas = new Canvas(rng, rng.pick(palettes));
  const body = draw(canvas);
  // "slice" crops instead of distorting when the caller asks for another aspect ratio.
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${W} ${H}" preserveAspectRatio="xMidYMid slice">` +
    `${canvas.defsMarkup()}${body}</svg>`
  );
}

export interface RenderedDemoImage {
  data: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
}

export async function renderDemoImage(
  scene: DemoScene,
  seed: number,
  options: { width?: number; height?: number } = {},
): Promise<RenderedDemoImage> {
  const width = options.width ?? W,
    height = options.height ?? H;
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 16 || v > 8000) throw new RangeError(`Demo image ${name} must be an integer from 16 to 8000, got ${v}`);
  }
  const svg = drawDemoSceneSvg(scene, seed, width, height);
  // density 72 makes one SVG user unit one pixel, so the width/height attributes are the output size.
  const { data, info } = await sharp(Buffer.from(svg), { density: 72 })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 82, progressive: true, mozjpeg: false })
    .toBuffer({ resolveWithObject: true });
  return { data, mime: 'image/jpeg', width: info.width, height: info.height };
}
