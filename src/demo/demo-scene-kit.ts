// Drawing kit for the demo pictures: a fixed 1600×900 canvas (the SVG viewBox)
// keeps geometry simple; callers scale. No text anywhere: fonts would make the
// rendered bytes depend on the machine.

export const W = 1600;
export const H = 900;

export interface Rng {
  next(): number;
  range(min: number, max: number): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export interface Palette {
  skyTop: string;
  skyBottom: string;
  sun: string;
  far: string;
  mid: string;
  near: string;
  ground: string;
  water: string;
  light: string;
  accents: readonly [string, string, string, string];
  night: boolean;
}

export type Stop = readonly [offset: number, color: string, opacity?: number];
export type Attrs = Record<string, string | number | undefined>;
export type Pt = [number, number];

// Two decimals keep the markup short without visible stair-stepping.
export const n = (v: number): string => String(Math.round(v * 100) / 100);
/** Tag for path data: interpolated numbers are rounded like attributes are. */
export const pd = (parts: TemplateStringsArray, ...values: number[]): string =>
  parts.reduce((out, part, i) => out + n(values[i - 1]!) + part);
export const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;

export function el(tag: string, attrs: Attrs, children?: string): string {
  let s = '<' + tag;
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) s += ` ${k}="${typeof v === 'number' ? n(v) : v}"`;
  return children === undefined ? s + '/>' : `${s}>${children}</${tag}>`;
}

export function mix(a: string, b: string, t: number): string {
  const pa = parseInt(a.slice(1), 16),
    pb = parseInt(b.slice(1), 16);
  const ch = (s: number) => Math.round(((pa >> s) & 255) * (1 - t) + ((pb >> s) & 255) * t);
  return '#' + ((1 << 24) | (ch(16) << 16) | (ch(8) << 8) | ch(0)).toString(16).slice(1);
}

export const poly = (pts: Pt[], fill: string, extra: Attrs = {}): string =>
  el('polygon', { points: pts.map(([x, y]) => `${n(x)},${n(y)}`).join(' '), fill, ...extra });

/** Collects <defs> with ids that are unique within one document. */
export class Canvas {
  private readonly defs: string[] = [];
  private nextId = 0;
  constructor(
    readonly rng: Rng,
    readonly p: Palette,
  ) {}

  private add(tag: string, attrs: Attrs, body: string): string {
    const id = `d${this.nextId++}`;
    this.defs.push(el(tag, { id, ...attrs }, body));
    return `url(#${id})`;
  }
  private static stops(stops: readonly Stop[]): string {
    return stops.map(([o, c, a]) => el('stop', { offset: o, 'stop-color': c, 'stop-opacity': a })).join('');
  }
  linear(stops: readonly Stop[], o: { x1?: number; y1?: number; x2?: number; y2?: number; user?: boolean; repeat?: boolean } = {}): string {
    return this.add(
      'linearGradient',
      {
        x1: o.x1 ?? 0,
        y1: o.y1 ?? 0,
        x2: o.x2 ?? 0,
        y2: o.y2 ?? 1,
        gradientUnits: o.user ? 'userSpaceOnUse' : undefined,
        spreadMethod: o.repeat ? 'repeat' : undefined,
      },
      Canvas.stops(stops),
    );
  }
  radial(stops: readonly Stop[], o: { cx?: number; cy?: number; r?: number } = {}): string {
    return this.add('radialGradient', { cx: o.cx ?? 0.5, cy: o.cy ?? 0.5, r: o.r ?? 0.5 }, Canvas.stops(stops));
  }
  clip(shape: string): string {
    return this.add('clipPath', {}, shape);
  }
  pattern(w: number, h: number, body: string): string {
    return this.add('pattern', { width: w, height: h, patternUnits: 'userSpaceOnUse' }, body);
  }
  defsMarkup(): string {
    return `<defs>${this.defs.join('')}</defs>`;
  }
}

// ---------- shared pieces ----------

export function clouds(c: Canvas, count: number, maxY: number, color: string, opacity: number): string {
  const { rng } = c;
  let s = '';
  for (let i = 0; i < count; i++) {
    const x = rng.range(-150, W),
      y = rng.range(70, maxY),
      k = rng.range(0.6, 1.5),
      w = 280 * k;
    let g = el('rect', { x, y, width: w, height: 36 * k, rx: 18 * k });
    const bumps = rng.int(2, 4);
    for (let b = 0; b < bumps; b++) g += el('circle', { cx: x + (w * (b + 0.7)) / (bumps + 0.4), cy: y + 8 * k, r: rng.range(28, 58) * k });
    s += el('g', { fill: color, opacity }, g);
  }
  return s;
}

/** Gradient sky with a sun (or moon and stars at night) and a few flat clouds. */
export function sky(c: Canvas, horizon: number, o: { clouds?: number; overcast?: boolean } = {}): string {
  const { rng, p } = c;
  const cloudCount = o.clouds ?? rng.int(2, 5),
    sun = !o.overcast;
  let s = el('rect', {
    width: W,
    height: H,
    fill: c.linear([
      [0, p.skyTop],
      [horizon / H, p.skyBottom],
      [1, p.skyBottom],
    ]),
  });
  if (p.night && sun) {
    let stars = '';
    for (let i = 0; i < 70; i++) stars += el('circle', { cx: rng.range(0, W), cy: rng.range(0, horizon * 0.75), r: rng.range(0.8, 2.4) });
    s += el('g', { fill: '#ffffff', opacity: 0.7 }, stars);
  }
  const sx = rng.range(200, W - 200),
    sy = rng.range(110, horizon * 0.5);
  s += el('circle', {
    cx: sx,
    cy: sy,
    r: 260,
    fill: c.radial([
      [0, p.sun, sun ? 0.5 : 0.3],
      [1, p.sun, 0],
    ]),
  });
  if (sun) s += el('circle', { cx: sx, cy: sy, r: rng.range(36, 60), fill: p.sun });
  const cloud = o.overcast ? mix(p.far, '#9aa0a6', 0.5) : p.night ? mix(p.skyTop, '#ffffff', 0.18) : mix(p.skyBottom, '#ffffff', 0.45);
  return s + clouds(c, cloudCount, horizon * 0.55, cloud, p.night ? 0.5 : 0.75);
}

export interface Ridge {
  svg: string;
  yAt(x: number): number;
}

/** A smooth hill line; yAt lets trees and houses stand on it. */
export function ridge(c: Canvas, baseY: number, amp: number, fill: string, segments = 6): Ridge {
  const step = (W + 400) / segments;
  const pts: Pt[] = [];
  for (let i = 0; i <= segments; i++) {
    const jitter = i > 0 && i < segments ? c.rng.range(-0.3, 0.3) * step : 0;
    pts.push([-200 + i * step + jitter, baseY - c.rng.range(0, amp)]);
  }
  const first = pts[0]!,
    last = pts[segments]!;
  let d = pd`M${first[0]} ${first[1]}`;
  const samples: Pt[] = [first];
  let prev = first;
  for (let i = 1; i < segments; i++) {
    const [cx, cy] = pts[i]!,
      nx = pts[i + 1]!;
    const end: Pt = [(cx + nx[0]) / 2, (cy + nx[1]) / 2];
    d += pd`Q${cx} ${cy} ${end[0]} ${end[1]}`;
    for (let t = 0.125; t <= 1; t += 0.125) {
      const u = 1 - t;
      samples.push([u * u * prev[0] + 2 * u * t * cx + t * t * end[0], u * u * prev[1] + 2 * u * t * cy + t * t * end[1]]);
    }
    prev = end;
  }
  samples.push(last);
  d += pd`L${last[0]} ${last[1]}L${W + 200} ${H + 10}L-200 ${H + 10}Z`;
  const yAt = (x: number): number => {
    for (let i = 1; i < samples.length; i++) {
      const a = samples[i - 1]!,
        b = samples[i]!;
      if (x <= b[0]) return lerp(a[1], b[1], (x - a[0]) / (b[0] - a[0] || 1));
    }
    return last[1];
  };
  return { svg: el('path', { d, fill }), yAt };
}

export function pine(x: number, base: number, h: number, fill: string, snow?: string): string {
  // Trunk wound clockwise like the tiers: opposite winding would punch a hole where they overlap.
  let d = pd`M${x - h * 0.03} ${base}v${-h * 0.15}h${h * 0.06}v${h * 0.15}Z`;
  let caps = '';
  for (let k = 0; k < 3; k++) {
    const top = base - h + k * h * 0.24,
      bot = top + h * 0.42 + k * h * 0.04,
      hw = h * (0.15 + k * 0.07);
    d += pd`M${x} ${top}L${x + hw} ${bot}L${x - hw} ${bot}Z`;
    if (snow) caps += pd`M${x} ${top}L${x + hw * 0.4} ${top + h * 0.17}L${x - hw * 0.4} ${top + h * 0.17}Z`;
  }
  return el('path', { d, fill }) + (snow ? el('path', { d: caps, fill: snow }) : '');
}

export const roundTree = (x: number, base: number, r: number, fill: string): string =>
  el('rect', { x: x - r * 0.12, y: base - r * 1.2, width: r * 0.24, height: r * 1.2, fill }) +
  el('circle', { cx: x, cy: base - r * 1.5, r, fill });

export function water(c: Canvas, top: number, glints = 40): string {
  const { rng, p } = c;
  const s = el('rect', {
    y: top,
    width: W,
    height: H - top,
    fill: c.linear([
      [0, mix(p.water, p.skyBottom, 0.4)],
      [1, mix(p.water, p.near, 0.35)],
    ]),
  });
  let g = '';
  for (let i = 0; i < glints; i++) {
    const y = top + rng.next() ** 1.6 * (H - top);
    g += el('rect', { x: rng.range(-50, W), y, width: rng.range(30, 140), height: 2 + (y - top) / 120 });
  }
  return s + el('g', { fill: mix(p.skyBottom, '#ffffff', 0.3), opacity: 0.3 }, g);
}

export const crops = (p: Palette, haze: number): string[] =>
  ['#7f9a5a', '#a9a55e', '#c9b676', '#8c7a55', '#6f8f5e', '#98a86a'].map((k) => mix(mix(k, p.ground, 0.4), p.skyBottom, haze));

/** Patchwork of fields with hedgerows, clipped to a piece of land. */
export function fields(c: Canvas, land: string, top: number, colors: string[]): string {
  const { rng } = c;
  let g = '',
    hedges = '',
    x = -300,
    xb = -300 + rng.range(-150, 150);
  while (x < W + 200) {
    const w = rng.range(160, 380),
      nx = x + w,
      nb = nx + rng.range(-150, 150),
      u = rng.range(0.1, 0.45),
      v = rng.range(0.1, 0.45);
    const lm: Pt = [lerp(x, xb, u), lerp(top, H, u)],
      rm: Pt = [lerp(nx, nb, v), lerp(top, H, v)];
    g += poly([[x, top], [nx, top], rm, lm], rng.pick(colors)) + poly([lm, rm, [nb, H], [xb, H]], rng.pick(colors));
    hedges += pd`M${nx} ${top}L${nb} ${H}M${lm[0]} ${lm[1]}L${rm[0]} ${rm[1]}`;
    x = nx;
    xb = nb;
  }
  return el('g', { 'clip-path': c.clip(land) }, g + el('path', { d: hedges, stroke: c.p.near, 'stroke-width': 4, opacity: 0.3 }));
}

// ---------- scenes ----------
