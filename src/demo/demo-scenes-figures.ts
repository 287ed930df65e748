// Demo scenes of portraits, charts, the stage and snow, split from demo-scenes.ts to keep files short.
import { type Canvas, H, W, el, lerp, mix, n, pd, pine, poly, ridge, sky, type Pt } from './demo-scene-kit.js';

export function portrait(c: Canvas): string {
  const { rng, p } = c;
  const accent = rng.pick(p.accents),
    cx = W / 2 + rng.range(-260, 260),
    hy = rng.range(330, 380),
    hrx = rng.range(96, 112),
    hry = hrx * rng.range(1.2, 1.35);
  let s = el('rect', {
    width: W,
    height: H,
    fill: c.radial(
      [
        [0, mix(accent, '#ffffff', 0.35)],
        [1, mix(accent, p.near, 0.35)],
      ],
      { cx: cx / W, cy: 0.4, r: 0.8 },
    ),
  });
  if (rng.next() < 0.5)
    s += el('circle', { cx: cx + rng.range(-120, 120), cy: hy, r: rng.range(260, 340), fill: '#ffffff', opacity: 0.16 });
  else
    for (let i = 0; i < 4; i++) {
      s += el('rect', {
        x: -400 + i * 520 + rng.range(-60, 60),
        y: -200,
        width: 160,
        height: 1400,
        fill: '#ffffff',
        opacity: 0.07,
        transform: 'rotate(18 800 450)',
      });
    }
  const body = mix(p.near, accent, 0.15),
    hair = mix(body, '#000000', 0.3),
    neckTop = hy + hry * 0.7,
    sh = neckTop + rng.range(110, 140);
  const shoulders =
    pd`M${cx - 400} ${H + 10}C${cx - 390} ${sh + 60} ${cx - 260} ${sh} ${cx - 130} ${sh - 10}` +
    pd`L${cx + 130} ${sh - 10}C${cx + 260} ${sh} ${cx + 390} ${sh + 60} ${cx + 400} ${H + 10}Z`;
  const style = rng.int(0, 3);
  const figure = (fill: string, hairFill: string): string =>
    (style === 2
      ? el('rect', { x: cx - hrx * 1.15, y: hy - hry * 0.9, width: hrx * 2.3, height: hry * 2.1, rx: hrx, fill: hairFill })
      : '') +
    el('path', { d: shoulders, fill }) +
    el('rect', { x: cx - 44, y: neckTop - 20, width: 88, height: sh - neckTop + 20, fill }) +
    el('ellipse', { cx: cx - hrx, cy: hy + 10, rx: 16, ry: 26, fill }) +
    el('ellipse', { cx: cx + hrx, cy: hy + 10, rx: 16, ry: 26, fill }) +
    el('ellipse', { cx, cy: hy, rx: hrx, ry: hry, fill });
  const rim = mix(accent, '#ffffff', 0.6);
  // A lighter copy nudged sideways reads as rim light without any blur filter.
  s += el('g', { transform: `translate(${n(rng.range(-8, 8))} -6)`, opacity: 0.5 }, figure(rim, rim)) + figure(body, hair);
  const cap = (grow: number, brow: number, dip: number): string =>
    el('path', {
      d: pd`M${cx - hrx - grow} ${hy + brow}A${hrx + grow} ${hry + grow} 0 0 1 ${cx + hrx + grow} ${hy + brow}Q${cx} ${hy - hry * dip} ${cx - hrx - grow} ${hy + brow}Z`,
      fill: hair,
    });
  if (style === 0) s += cap(4, -10, 0.5);
  if (style === 1) s += el('circle', { cx: cx + rng.range(-20, 20), cy: hy - hry - 20, r: 46, fill: hair });
  if (style === 2) s += cap(8, 20, 0.6);
  s += poly(
    [
      [cx - 70, sh - 10],
      [cx + 70, sh - 10],
      [cx, sh + rng.range(70, 120)],
    ],
    mix(rng.pick(p.accents), '#ffffff', 0.55),
  );
  s += poly(
    [
      [cx - 130, sh - 10],
      [cx - 50, sh - 10],
      [cx, sh + 140],
      [cx - 40, H + 10],
    ],
    mix(body, '#000000', 0.2),
  );
  return (
    s +
    poly(
      [
        [cx + 130, sh - 10],
        [cx + 50, sh - 10],
        [cx, sh + 140],
        [cx + 40, H + 10],
      ],
      mix(body, '#000000', 0.2),
    )
  );
}

export function chart(c: Canvas): string {
  const { rng, p } = c;
  const paper = mix('#f4f1ea', p.skyBottom, 0.08),
    L = 150,
    R = W - 90,
    T = 130,
    B = H - 130,
    label = '#cdc6b8';
  const barCol = rng.pick([p.accents[2], p.accents[3]]),
    lineCol = rng.pick([p.accents[0], p.accents[1]]);
  let s = el('rect', { width: W, height: H, fill: paper });
  s +=
    el('rect', { x: L, y: 50, width: 28, height: 28, fill: barCol }) +
    el('rect', { x: L + 40, y: 58, width: 160, height: 12, rx: 6, fill: label });
  s +=
    el('rect', { x: L + 250, y: 62, width: 28, height: 6, fill: lineCol }) +
    el('rect', { x: L + 290, y: 58, width: 120, height: 12, rx: 6, fill: label });
  const lines = rng.int(4, 6);
  let grid = '';
  for (let i = 0; i < lines; i++) {
    grid += pd`M${L} ${T + (i * (B - T)) / lines}H${R}`;
    s += el('rect', { x: L - 70, y: T + (i * (B - T)) / lines - 5, width: 44, height: 10, rx: 5, fill: label });
  }
  s += el('path', { d: grid, stroke: '#d6cfc2', 'stroke-width': 2 });
  const bars = rng.int(6, 14),
    slot = (R - L) / bars,
    bw = slot * 0.62,
    hi = rng.int(0, bars - 1);
  let v = rng.range(0.3, 0.7),
    u = rng.range(0.3, 0.7),
    ticks = '',
    bar = '';
  const pts: Pt[] = [];
  for (let i = 0; i < bars; i++) {
    // A pull towards the middle keeps the walks from pinning against the frame.
    v = Math.min(0.95, Math.max(0.12, v + rng.range(-0.2, 0.2) + (0.55 - v) * 0.3));
    u = Math.min(0.92, Math.max(0.08, u + rng.range(-0.15, 0.15) + (0.5 - u) * 0.3));
    bar += el('rect', {
      x: L + i * slot + (slot - bw) / 2,
      y: B - v * (B - T),
      width: bw,
      height: v * (B - T),
      fill: i === hi ? barCol : mix(barCol, paper, 0.35),
    });
    ticks += pd`M${L + (i + 0.5) * slot} ${B}v14`;
    pts.push([L + (i + 0.5) * slot, B - u * (B - T)]);
  }
  const line = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${n(x)} ${n(y)}`).join('');
  s += el('path', { d: `${line}L${n(pts[pts.length - 1]![0])} ${B}L${n(pts[0]![0])} ${B}Z`, fill: lineCol, opacity: 0.08 }) + bar;
  s +=
    el('path', { d: ticks, stroke: '#8d877c', 'stroke-width': 2 }) +
    el('rect', { x: L, y: B - 1, width: R - L, height: 4, fill: '#5d5850' });
  s += el('path', { d: line, stroke: lineCol, 'stroke-width': 5, fill: 'none', 'stroke-linejoin': 'round' });
  for (const [x, y] of pts) s += el('circle', { cx: x, cy: y, r: 8, fill: paper, stroke: lineCol, 'stroke-width': 4 });
  return s;
}

export function stage(c: Canvas): string {
  const { rng, p } = c;
  const cloth = rng.pick(['#7a2430', '#5d2a4a', '#2f4a5e', '#6b3a24', '#3f5a3a']),
    floorY = rng.range(630, 680);
  let s = el('rect', {
    width: W,
    height: H,
    fill: c.linear([
      [0, '#0d0c10'],
      [1, mix(p.near, '#000000', 0.5)],
    ]),
  });
  s += poly(
    [
      [0, H],
      [W, H],
      [W - 180, floorY],
      [180, floorY],
    ],
    mix('#6b4a32', p.near, 0.35),
  );
  let planks = '';
  for (let x = -400; x <= W + 400; x += 90) planks += pd`M${x} ${H}L${W / 2 + (x - W / 2) * 0.78} ${floorY}`;
  s += el('path', { d: planks, stroke: '#000', 'stroke-width': 2, opacity: 0.3 });
  const tx = W / 2 + rng.range(-260, 260),
    sx = tx + rng.range(-170, 170),
    py = floorY + rng.range(60, 110);
  s += poly(
    [
      [sx - 25, -10],
      [sx + 25, -10],
      [tx + 230, py],
      [tx - 230, py],
    ],
    c.linear([
      [0, p.light, 0.45],
      [1, p.light, 0.1],
    ]),
  );
  s += el('ellipse', {
    cx: tx,
    cy: py,
    rx: 250,
    ry: 55,
    fill: c.radial([
      [0, p.light, 0.75],
      [1, p.light, 0],
    ]),
  });
  const fig = mix(p.near, '#000000', 0.5);
  if (rng.next() < 0.6) {
    const h = rng.range(250, 300);
    s +=
      el('path', {
        d: pd`M${tx - 45} ${py}L${tx - 30} ${py - h * 0.72}Q${tx} ${py - h * 0.8} ${tx + 30} ${py - h * 0.72}L${tx + 45} ${py}Z`,
        fill: fig,
      }) + el('circle', { cx: tx, cy: py - h * 0.86, r: h * 0.1, fill: fig });
  } else {
    s +=
      el('path', { d: pd`M${tx} ${py}V${py - 230}M${tx - 40} ${py}h80`, stroke: fig, 'stroke-width': 6 }) +
      el('ellipse', { cx: tx, cy: py - 240, rx: 10, ry: 16, fill: fig });
  }
  // One repeating gradient gives every curtain its folds.
  const shadow = mix(cloth, '#000000', 0.45);
  const folds = c.linear(
    [
      [0, shadow],
      [0.5, mix(cloth, '#ffffff', 0.12)],
      [1, shadow],
    ],
    { x2: rng.range(60, 90), y2: 0, user: true, repeat: true },
  );
  const cw = rng.range(230, 330),
    tie = rng.range(520, 600);
  const drape = pd`M-10 0H${cw}C${cw * 0.9} 300 ${cw * 0.4} ${tie - 120} ${cw * 0.45} ${tie}C${cw * 0.55} ${tie + 100} ${cw * 0.9} 800 ${cw * 0.75} ${H + 10}H-10Z`;
  const side = el('path', { d: drape, fill: folds }) + el('ellipse', { cx: cw * 0.45, cy: tie, rx: 22, ry: 12, fill: '#c9a24a' });
  s += side + el('g', { transform: `translate(${W} 0) scale(-1 1)` }, side);
  s += el('rect', { width: W, height: 110, fill: folds });
  let scallops = '';
  for (let x = 0; x <= W; x += 100) scallops += el('circle', { cx: x + 50, cy: 110, r: 50 });
  s += el('g', { fill: mix(cloth, '#000000', 0.2) }, scallops) + el('rect', { y: 104, width: W, height: 6, fill: '#c9a24a', opacity: 0.8 });
  let lights = '';
  for (let x = 240; x < W - 200; x += 110) lights += el('ellipse', { cx: x, cy: H - 6, rx: 26, ry: 14 });
  return s + el('g', { fill: p.light, opacity: 0.7 }, lights);
}

export function snow(c: Canvas): string {
  const { rng, p } = c;
  let s = sky(c, 560, { clouds: rng.int(1, 3) });
  const white = mix('#f3f5f7', p.skyBottom, 0.12);
  for (let layer = 0; layer < 2; layer++) {
    const base = 560 + layer * 60,
      rock = mix(layer ? p.mid : p.far, '#9aa7b4', 0.3);
    const peaks: Pt[] = [[-100, base]];
    for (let x = -100 + rng.range(100, 200); x < W + 200; x += rng.range(200, 340)) {
      peaks.push([x, rng.range(layer ? 260 : 170, layer ? 420 : 360)]);
      peaks.push([x + rng.range(90, 160), base - rng.range(40, 150)]);
    }
    peaks.push([W + 200, base]);
    s += poly([...peaks, [W + 200, H], [-100, H]], rock);
    for (let i = 1; i < peaks.length - 1; i += 2) {
      const [px, py] = peaks[i]!,
        l = peaks[i - 1]!,
        r = peaks[i + 1]!,
        f = rng.range(0.3, 0.45);
      const lp: Pt = [lerp(px, l[0], f), lerp(py, l[1], f)],
        rp: Pt = [lerp(px, r[0], f), lerp(py, r[1], f)];
      s += poly(
        [
          [px, py],
          [r[0], r[1]],
          [px + (r[0] - px) * 0.1, base],
        ],
        '#000',
        { opacity: 0.14 },
      );
      s += poly(
        [
          [px, py],
          rp,
          [lerp(rp[0], lp[0], 0.3), rp[1] - 24],
          [lerp(rp[0], lp[0], 0.55), lp[1] + 10],
          [lerp(rp[0], lp[0], 0.8), lp[1] - 20],
          lp,
        ],
        white,
      );
    }
  }
  const r1 = ridge(c, 700, 70, mix(white, p.skyTop, 0.18), 5),
    r2 = ridge(c, 800, 60, white, 4);
  s += r1.svg;
  for (let x = rng.range(0, 60); x < W; x += rng.range(40, 140))
    s += pine(x, r1.yAt(x) + 6, rng.range(70, 120), mix(p.near, '#1f3328', 0.3), white);
  s += r2.svg;
  let flakes = '';
  // fill-opacity, not opacity: element opacity makes librsvg composite each flake offscreen, doubling render time.
  for (let i = 0; i < 180; i++)
    flakes += el('circle', { cx: rng.range(0, W), cy: rng.range(0, H), r: rng.range(1.5, 5.5), 'fill-opacity': rng.range(0.45, 0.95) });
  return s + el('g', { fill: '#ffffff' }, flakes);
}
