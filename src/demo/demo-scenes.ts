// The twelve demo scenes, each drawn from the shared kit with a seeded random source.
import {
  type Canvas,
  H,
  W,
  crops,
  el,
  fields,
  lerp,
  mix,
  n,
  pd,
  pine,
  poly,
  ridge,
  roundTree,
  sky,
  water,
  type Pt,
} from './demo-scene-kit.js';
import { chart, portrait, snow, stage } from './demo-scenes-figures.js';
import type { DemoScene } from './demo-types.js';

function harbour(c: Canvas): string {
  const { rng, p } = c;
  const hz = rng.range(500, 560);
  let s = sky(c, hz) + ridge(c, hz + 4, rng.range(40, 120), mix(p.far, p.skyBottom, 0.35), 5).svg + water(c, hz);
  // The quay is drawn on the right and mirrored half the time.
  const q = hz + 40,
    metal = (k: number) => mix(p.accents[k]!, p.near, 0.3);
  let quay =
    el('rect', { x: 900, y: q, width: 720, height: 46, fill: p.near }) +
    el('rect', { x: 900, y: q + 46, width: 720, height: 14, fill: '#000', opacity: 0.25 });
  for (let x = 960; x < 1580; x += 74) {
    const rows = rng.int(0, 3);
    for (let r = 0; r < rows; r++)
      quay += el('rect', { x, y: q - (r + 1) * 32, width: 70, height: 30, fill: mix(rng.pick(p.accents), p.mid, 0.35) });
  }
  for (let i = 0, cranes = rng.int(2, 3); i < cranes; i++) {
    const x = 1000 + i * rng.range(180, 230),
      top = q - rng.range(240, 320),
      col = metal(rng.int(0, 1));
    const boom = rng.range(260, 380);
    quay +=
      el('path', { d: pd`M${x} ${q}L${x + 14} ${top}h12L${x + 40} ${q}h-8L${x + 20} ${top + 30}L${x + 8} ${q}Z`, fill: col }) +
      el('rect', { x: x - boom, y: top - 10, width: boom + 110, height: 14, fill: col }) +
      el('rect', { x: x + 30, y: top - 4, width: 40, height: 30, fill: col }) +
      el('path', {
        d: pd`M${x + 20} ${top - 50}L${x - boom} ${top - 8}M${x + 20} ${top - 50}L${x + 100} ${top - 8}M${x + 20} ${top - 50}V${top}M${x - boom * 0.6} ${top + 4}v${rng.range(60, 160)}`,
        stroke: col,
        'stroke-width': 3,
        fill: 'none',
      });
  }
  const flip = rng.next() < 0.5;
  s += flip ? el('g', { transform: `translate(${W} 0) scale(-1 1)` }, quay) : quay;
  const boats = rng.int(2, 4);
  for (let i = 0; i < boats; i++) {
    const y = rng.range(hz + 70, H - 90),
      k = 0.5 + (y - hz) / (H - hz),
      x = 120 + (i + rng.next() * 0.6) * (640 / boats) + (flip ? 700 : 0);
    const hull = rng.pick(p.accents);
    s += el('ellipse', { cx: x, cy: y + 30 * k, rx: 80 * k, ry: 8 * k, fill: '#000', opacity: 0.15 });
    s += el('path', { d: pd`M${x - 75 * k} ${y}H${x + 80 * k}L${x + 58 * k} ${y + 26 * k}H${x - 60 * k}Z`, fill: mix(hull, p.near, 0.25) });
    if (rng.next() < 0.5) {
      s += el('rect', { x: x - 4 * k, y: y - 150 * k, width: 5 * k, height: 150 * k, fill: p.near });
      s += poly(
        [
          [x + 4 * k, y - 145 * k],
          [x + 4 * k, y - 10 * k],
          [x + 70 * k, y - 10 * k],
        ],
        mix(p.skyBottom, '#ffffff', 0.6),
      );
      s += poly(
        [
          [x - 6 * k, y - 120 * k],
          [x - 6 * k, y - 10 * k],
          [x - 50 * k, y - 10 * k],
        ],
        mix(p.skyBottom, '#ffffff', 0.4),
      );
    } else {
      s += el('rect', { x: x - 40 * k, y: y - 40 * k, width: 70 * k, height: 40 * k, fill: mix('#e8e2d4', p.skyBottom, 0.3) });
      s += el('rect', { x: x - 32 * k, y: y - 32 * k, width: 54 * k, height: 10 * k, fill: p.near, opacity: 0.6 });
      s += el('rect', { x: x + 8 * k, y: y - 70 * k, width: 8 * k, height: 30 * k, fill: p.near });
    }
  }
  return s;
}

function city(c: Canvas): string {
  const { rng, p } = c;
  const hz = rng.range(640, 700);
  let s = sky(c, hz);
  let far = '';
  for (let x = -20; x < W; x += rng.range(50, 120)) far += el('rect', { x, y: hz - rng.range(120, 360), width: 130, height: 400 });
  s += el('g', { fill: mix(p.far, p.skyBottom, 0.3) }, far);
  let lit = '';
  for (let x = -30; x < W;) {
    const w = rng.range(80, 170),
      h = rng.range(160, 520),
      top = hz - h,
      fill = mix(p.mid, p.near, rng.range(0.3, 1));
    s += el('rect', { x, y: top, width: w, height: h + 2, fill });
    if (rng.next() < 0.3) s += el('rect', { x: x + w * 0.2, y: top - 40, width: w * 0.6, height: 42, fill });
    if (rng.next() < 0.25) s += el('rect', { x: x + w / 2 - 2, y: top - 110, width: 4, height: 110, fill });
    const cols = Math.floor((w - 16) / 20),
      chance = p.night ? 0.45 : 0.2;
    for (let r = top + 16; r < hz - 24; r += 28)
      for (let k = 0; k < cols; k++) {
        if (rng.next() < chance) lit += el('rect', { x: x + 12 + k * 20, y: r, width: 10, height: 14 });
      }
    x += w + rng.range(-20, 12);
  }
  s += el('g', { fill: p.light, opacity: p.night ? 0.9 : 0.55 }, lit);
  s += water(c, hz, 30);
  let streaks = '';
  for (let i = 0; i < 40; i++)
    streaks += el('rect', { x: rng.range(0, W), y: hz + rng.range(4, 120), width: 6, height: rng.range(20, 90) });
  return s + el('g', { fill: p.light, opacity: 0.22 }, streaks) + el('rect', { y: hz, width: W, height: 6, fill: p.near });
}

function hills(c: Canvas): string {
  const { rng, p } = c;
  let s = sky(c, 520);
  for (let i = 0; i < 4; i++) {
    const t = i / 3,
      haze = 0.45 * (1 - t),
      r = ridge(c, 500 + i * 110, rng.range(60, 140), mix(mix(p.far, p.ground, t), p.skyBottom, haze), 5);
    s += r.svg;
    if (i === 0) continue;
    s += fields(c, r.svg, 420 + i * 110, crops(p, haze));
    const green = mix(mix('#3d5a3a', p.near, 0.35), p.skyBottom, haze);
    for (let k = 0, trees = rng.int(3, 7); k < trees; k++) {
      const x = rng.range(40, W - 40);
      s += roundTree(x, r.yAt(x) + 14 + 20 * t, (8 + 16 * t) * rng.range(0.8, 1.3), green);
    }
    if (i === 2) {
      const x = rng.range(200, W - 300),
        y = r.yAt(x + 50) + 10;
      s +=
        el('rect', { x, y: y - 50, width: 100, height: 50, fill: mix('#ece4d2', p.skyBottom, 0.2) }) +
        poly(
          [
            [x - 10, y - 48],
            [x + 50, y - 90],
            [x + 110, y - 48],
          ],
          mix(p.accents[0], p.near, 0.2),
        ) +
        el('rect', { x: x + 40, y: y - 30, width: 18, height: 30, fill: p.near });
    }
  }
  return s;
}

function river(c: Canvas): string {
  const { rng, p } = c;
  const hz = rng.range(440, 500);
  let s = sky(c, hz, { clouds: rng.int(6, 9), overcast: true }) + el('rect', { width: W, height: hz, fill: '#6c737c', opacity: 0.3 });
  s += ridge(c, hz + 4, rng.range(30, 90), mix(p.far, p.skyBottom, 0.3), 6).svg;
  const land = el('rect', { y: hz, width: W, height: H - hz, fill: mix(p.ground, p.far, 0.3) });
  s += land + fields(c, land, hz, crops(p, 0.25));
  // The river's centre is a cubic running into the distance; its width shrinks towards the horizon.
  const tx = rng.range(650, 950),
    bx = rng.range(500, 1100),
    swing = rng.range(-450, 450);
  const centre = (t: number): Pt => {
    const u = 1 - t;
    return [u * u * u * tx + 3 * u * t * (u * (tx + swing) + t * (bx - swing)) + t * t * t * bx, lerp(hz, H + 20, t * t * 0.4 + t * 0.6)];
  };
  const half = (t: number): number => 8 + 380 * t ** 1.6;
  // The flood is the channel widened by a ragged, random margin on each side.
  const bank = (k: number, side: number): Pt[] => {
    const pts: Pt[] = [];
    for (let i = 0; i <= 40; i++) {
      const t = i / 40,
        [x, y] = centre(t),
        spill = k === 1 ? 1 : 1.4 + rng.range(0.3, 1.3) * Math.min(1, t * 3);
      pts.push([x + side * half(t) * spill, y]);
    }
    return side > 0 ? pts.reverse() : pts;
  };
  const floodLeft = bank(2, -1),
    floodRight = bank(2, 1),
    floodShape = poly([...floodLeft, ...floodRight], '#000');
  const flood = mix(p.water, p.skyBottom, 0.2);
  s += poly(
    [...floodLeft, ...floodRight],
    c.linear([
      [0, flood],
      [1, mix(flood, p.near, 0.15)],
    ]),
  );
  s += poly([...bank(1, -1), ...bank(1, 1)], mix(p.water, p.near, 0.3), { opacity: 0.7 });
  const by = rng.range(hz + 110, hz + 190),
    row = Math.max(
      0,
      floodLeft.findIndex(([, y]) => y >= by),
    ),
    t = row / 40,
    ph = 40 + 70 * t;
  const [bcx] = centre(t),
    span = half(t) * 1.3 + 60,
    x0 = bcx - span,
    x1 = bcx + span,
    arches = rng.int(3, 5),
    sw = (x1 - x0) / arches,
    pw = sw * 0.16;
  // Embankment ramps run down to the fields beyond the water on both sides.
  let d = pd`M${x0 - 220} ${by + ph}L${x0} ${by}H${x1}L${x1 + 220} ${by + ph}`;
  for (let i = arches - 1; i >= 0; i--) {
    const r = x0 + (i + 1) * sw - pw / 2,
      l = x0 + i * sw + pw / 2;
    d += pd`L${r} ${by + ph}A${(r - l) / 2} ${ph * 0.75} 0 0 0 ${l} ${by + ph}`;
  }
  d += 'Z';
  const stone = mix('#b8ad9c', p.mid, 0.3);
  s += el(
    'g',
    { 'clip-path': c.clip(floodShape) },
    el('path', { d, fill: p.near, opacity: 0.18, transform: `translate(0 ${n(2 * (by + ph))}) scale(1 -1)` }),
  );
  s +=
    el('path', { d, fill: stone }) +
    el('path', {
      d: pd`M${x0 - 220} ${by + ph}L${x0} ${by}H${x1}L${x1 + 220} ${by + ph}`,
      stroke: mix(stone, p.near, 0.35),
      'stroke-width': 8,
      fill: 'none',
    });
  // Half-drowned trees and fence posts, each ringed by a ripple where it meets the water.
  const green = mix('#3d5a3a', p.near, 0.4),
    ripple = mix(flood, '#ffffff', 0.35);
  let things = '',
    ripples = '';
  for (let i = 0, k = rng.int(6, 10); i < k; i++) {
    const tt = rng.range(0.35, 0.98),
      [x, y] = centre(tt),
      depth = 0.3 + tt;
    const cx = x + (rng.next() < 0.5 ? -1 : 1) * half(tt) * rng.range(1.15, 1.6);
    if (Math.abs(y - by - ph) < 30) continue;
    if (rng.next() < 0.6)
      things +=
        el('circle', { cx, cy: y - 22 * depth, r: 24 * depth, fill: green }) +
        el('rect', { x: cx - 3 * depth, y: y - 8 * depth, width: 6 * depth, height: 8 * depth, fill: green });
    else
      for (let f = 0; f < 5; f++)
        things += el('rect', { x: cx + f * 36 * depth, y: y - 18 * depth, width: 5 * depth, height: 18 * depth, fill: p.near });
    ripples += el('ellipse', { cx: cx + 40 * depth, cy: y, rx: 110 * depth, ry: 7 * depth });
  }
  s += el('g', { fill: 'none', stroke: ripple, 'stroke-width': 2, opacity: 0.6 }, ripples) + things;
  let rain = '';
  for (let i = 0; i < 140; i++) rain += pd`M${rng.range(-100, W)} ${rng.range(-40, H)}l${rng.range(5, 11)} ${rng.range(20, 45)}`;
  return s + el('path', { d: rain, stroke: '#e4e8ec', 'stroke-width': 1.6, opacity: 0.35 });
}

function parliament(c: Canvas): string {
  const { rng, p } = c;
  const hz = rng.range(690, 730),
    cx = W / 2 + rng.range(-140, 140);
  let s = sky(c, hz);
  const stone = mix('#ddd4c2', p.skyBottom, 0.25),
    shade = mix(stone, p.near, 0.28),
    dark = mix(stone, p.near, 0.6);
  const wing = rng.range(520, 640),
    wingH = rng.range(170, 220);
  s += el('rect', { x: cx - wing, y: hz - wingH, width: wing * 2, height: wingH, fill: shade });
  s += el('rect', { x: cx - wing - 10, y: hz - wingH - 14, width: wing * 2 + 20, height: 16, fill: stone });
  let win = '';
  for (let x = cx - wing + 30; x < cx + wing - 40; x += 44) {
    if (Math.abs(x - cx) < 260) continue;
    for (let r = 0; r < 3; r++) win += el('rect', { x, y: hz - wingH + 26 + r * 52, width: 18, height: 32, rx: 9 });
  }
  s += el('g', { fill: p.night ? p.light : dark, opacity: p.night ? 0.8 : 1 }, win);
  const drumTop = hz - rng.range(360, 400),
    domeH = rng.range(120, 180);
  s += el('rect', { x: cx - 130, y: drumTop, width: 260, height: hz - drumTop, fill: shade });
  for (let x = cx - 115; x < cx + 115; x += 28) s += el('rect', { x, y: drumTop + 10, width: 10, height: 70, fill: stone });
  s += el('rect', { x: cx - 142, y: drumTop - 8, width: 284, height: 14, fill: stone });
  const dome = mix(rng.pick(['#7d9c8f', '#8a8f98', '#a0805e']), p.mid, 0.25);
  s += el('path', { d: pd`M${cx - 135} ${drumTop - 8}A135 ${domeH} 0 0 1 ${cx + 135} ${drumTop - 8}Z`, fill: dome });
  s += el('path', { d: pd`M${cx} ${drumTop - 8}h135A135 ${domeH} 0 0 0 ${cx} ${drumTop - 8 - domeH}Z`, fill: '#000', opacity: 0.12 });
  let ribs = '';
  for (const f of [-0.66, -0.33, 0, 0.33, 0.66])
    ribs += pd`M${cx + f * 135} ${drumTop - 8}Q${cx + f * 120} ${drumTop - domeH * 0.8} ${cx} ${drumTop - 8 - domeH}`;
  s += el('path', { d: ribs, stroke: mix(dome, '#ffffff', 0.25), 'stroke-width': 3, fill: 'none' });
  const lt = drumTop - 8 - domeH;
  s += el('rect', { x: cx - 16, y: lt - 46, width: 32, height: 48, fill: stone }) + el('circle', { cx, cy: lt - 46, r: 16, fill: dome });
  s +=
    el('rect', { x: cx - 2, y: lt - 130, width: 4, height: 70, fill: p.near }) +
    el('rect', { x: cx + 2, y: lt - 128, width: 48, height: 30, fill: mix(p.accents[0], p.mid, 0.2) });
  const pw = rng.int(3, 4) * 56 + 20,
    ptop = hz - 260;
  s += el('rect', { x: cx - pw, y: ptop, width: pw * 2, height: 260, fill: shade });
  s += poly(
    [
      [cx - pw - 20, ptop],
      [cx, ptop - rng.range(70, 100)],
      [cx + pw + 20, ptop],
    ],
    stone,
  );
  s += el('rect', { x: cx - pw - 20, y: ptop, width: pw * 2 + 40, height: 30, fill: stone });
  for (let x = cx - pw + 12; x <= cx + pw - 30; x += 56)
    s +=
      el('rect', { x, y: ptop + 30, width: 22, height: 210, fill: stone }) +
      el('rect', { x: x + 15, y: ptop + 30, width: 7, height: 210, fill: '#000', opacity: 0.12 });
  for (let i = 0; i < 3; i++)
    s += el('rect', {
      x: cx - pw - 30 - i * 20,
      y: hz - 20 + i * 10,
      width: 2 * (pw + 30 + i * 20),
      height: 12,
      fill: i % 2 ? stone : shade,
    });
  s += el('rect', { y: hz + 10, width: W, height: H - hz, fill: mix(p.ground, '#bdb5a5', 0.55) });
  for (let i = 0; i < 6; i++) s += el('rect', { y: hz + 30 + i * i * 6, width: W, height: 2, fill: p.near, opacity: 0.12 });
  for (const side of [-1, 1])
    for (let k = 0, trees = rng.int(2, 4); k < trees; k++)
      s += roundTree(cx + side * (wing + 40 + k * 90), hz + 40, rng.range(34, 50), mix(p.near, p.ground, 0.3));
  return s;
}

function stadium(c: Canvas): string {
  const { rng, p } = c;
  const hz = 440,
    cx = W / 2 + rng.range(-80, 80),
    cy = rng.range(590, 630),
    rx = rng.range(660, 740),
    ry = rng.range(230, 270);
  let s =
    sky(c, hz) + ridge(c, hz, 60, mix(p.far, p.skyBottom, 0.3), 5).svg + el('rect', { y: hz, width: W, height: H - hz, fill: p.near });
  const mast = (x: number, base: number, h: number): string => {
    const top = base - h;
    return (
      el('rect', { x: x - 4, y: top, width: 8, height: h, fill: mix(p.near, p.mid, 0.5) }) +
      el('circle', {
        cx: x,
        cy: top,
        r: 120,
        fill: c.radial([
          [0, p.light, p.night ? 0.6 : 0.3],
          [1, p.light, 0],
        ]),
      }) +
      el('rect', { x: x - 36, y: top - 22, width: 72, height: 34, fill: mix(p.light, '#ffffff', 0.4) }) +
      el('path', { d: pd`M${x - 36} ${top - 5}h72M${x - 12} ${top - 22}v34M${x + 12} ${top - 22}v34`, stroke: p.mid, 'stroke-width': 2 })
    );
  };
  s += mast(cx - rx * 0.72, cy - ry * 0.6, rng.range(300, 360)) + mast(cx + rx * 0.72, cy - ry * 0.6, rng.range(300, 360));
  s += el('ellipse', { cx, cy: cy + 20, rx, ry, fill: mix(p.mid, p.near, 0.4) });
  s += el('ellipse', { cx, cy: cy - 24, rx, ry, fill: mix('#cfcac0', p.mid, 0.4) });
  const crowd = c.pattern(
    18,
    12,
    el('rect', { width: 18, height: 12, fill: mix(p.near, p.mid, 0.5) }) +
      p.accents.map((a, i) => el('circle', { cx: 3 + i * 4.5, cy: 4 + (i % 2) * 5, r: 2, fill: mix(a, '#ffffff', 0.2) })).join(''),
  );
  s += el('ellipse', { cx, cy: cy - 24, rx: rx * 0.94, ry: ry * 0.9, fill: crowd });
  let tiers = '';
  for (const f of [0.86, 0.78]) tiers += el('ellipse', { cx, cy: cy - 24, rx: rx * f, ry: ry * f });
  s += el('g', { fill: 'none', stroke: p.near, 'stroke-width': 5, opacity: 0.5 }, tiers);
  s += el('ellipse', { cx, cy: cy - 24, rx: rx * 0.68, ry: ry * 0.62, fill: mix('#8a6b52', p.near, 0.3) });
  const pt = cy - 24 - ry * 0.4,
    pb = cy - 24 + ry * 0.4,
    tw = rx * 0.46,
    bw = rx * 0.56;
  const pitch: Pt[] = [
    [cx - tw, pt],
    [cx + tw, pt],
    [cx + bw, pb],
    [cx - bw, pb],
  ];
  const green = mix('#5f8b4c', p.near, p.night ? 0.25 : 0.1);
  let stripes = '';
  for (let i = 0; i < 12; i++)
    stripes += el('rect', { x: cx - bw + i * (bw / 6), y: pt, width: bw / 12, height: pb - pt, fill: mix(green, '#ffffff', 0.12) });
  s += poly(pitch, green) + el('g', { 'clip-path': c.clip(poly(pitch, '#000')) }, stripes);
  s += el(
    'g',
    { fill: 'none', stroke: '#f1efe8', 'stroke-width': 3, opacity: 0.85 },
    poly(pitch, 'none') + el('path', { d: pd`M${cx} ${pt}V${pb}` }) + el('ellipse', { cx, cy: (pt + pb) / 2, rx: 60, ry: 30 }),
  );
  let beams = '';
  for (const side of [-1, 1]) {
    const x = cx + side * rx * 0.95,
      top = cy + ry * 0.5 - 360;
    beams += poly(
      [
        [x - 20, top],
        [x + 20, top],
        [cx - side * rx * 0.1, pb],
        [cx + side * rx * 0.5, pt],
      ],
      c.linear([
        [0, p.light, p.night ? 0.35 : 0.15],
        [1, p.light, 0],
      ]),
    );
    s += mast(x, cy + ry * 0.5, 360);
  }
  return s + beams;
}

function market(c: Canvas): string {
  const { rng, p } = c;
  const street = 640;
  let s = sky(c, 520);
  for (let x = -20; x < W;) {
    const w = rng.range(150, 230),
      h = rng.range(260, 400),
      top = street - h,
      fill = mix(rng.pick(p.accents), '#e9e2d2', 0.55);
    s +=
      el('rect', { x, y: top, width: w, height: h, fill }) +
      el('rect', { x: x - 4, y: top, width: w + 8, height: 14, fill: mix(fill, p.near, 0.35) });
    let win = '';
    for (let r = top + 40; r < street - 90; r += 80)
      for (let k = x + 24; k < x + w - 40; k += 56) win += el('rect', { x: k, y: r, width: 28, height: 44 });
    s += el('g', { fill: p.night ? p.light : mix(p.near, fill, 0.25), opacity: 0.85 }, win);
    x += w;
  }
  s += el('rect', { y: street, width: W, height: H - street, fill: mix(p.ground, '#b8ad9a', 0.65) });
  for (let i = 0; i < 5; i++) s += el('rect', { y: street + 20 + i * i * 12, width: W, height: 2, fill: p.near, opacity: 0.12 });
  const stalls = rng.int(3, 5),
    slot = (W - 80) / stalls,
    produce = ['#b5523b', '#d9a441', '#7a8f5a', '#c97b3a', '#8e3b46', '#a4b465'];
  for (let i = 0; i < stalls; i++) {
    const w = slot * rng.range(0.8, 0.92),
      x = 40 + i * slot + (slot - w) / 2,
      top = rng.range(430, 480),
      table = rng.range(700, 730);
    const a = rng.pick(p.accents),
      cream = mix('#efe8d8', p.skyBottom, 0.2),
      sw = w / (2 * rng.int(3, 4));
    s +=
      el('rect', { x: x + 6, y: top, width: 8, height: H - top - 60, fill: p.near }) +
      el('rect', { x: x + w - 14, y: top, width: 8, height: H - top - 60, fill: p.near });
    for (let k = 0; k * sw < w - 1; k++) {
      const f = k % 2 ? cream : mix(a, p.mid, 0.15);
      s +=
        el('rect', { x: x + k * sw, y: top, width: sw + 0.5, height: 70, fill: f }) +
        el('circle', { cx: x + k * sw + sw / 2, cy: top + 70, r: sw / 2, fill: f });
    }
    s += el('rect', { x, y: top - 10, width: w, height: 12, fill: mix(a, p.near, 0.4) });
    s += el('rect', { x: x + 10, y: table, width: w - 20, height: H - table - 40, fill: mix(cream, a, 0.2) });
    for (let row = 0; row < 2; row++)
      for (let k = x + 28 + row * 11; k < x + w - 28; k += 22) {
        s += el('circle', { cx: k, cy: table - 10 - row * 17, r: 11, fill: produce[Math.floor(((k - x) / 66 + i) % produce.length)] });
      }
    s +=
      el('rect', { x: x + 20, y: H - 120, width: 70, height: 50, fill: '#8c6a4a' }) +
      el('rect', { x: x + 20, y: H - 100, width: 70, height: 4, fill: '#5e4630' });
  }
  for (let b = 0; b < 2; b++) {
    const y0 = 90 + b * 60,
      sag = rng.range(50, 110);
    let flags = el('path', { d: pd`M-20 ${y0}Q${W / 2} ${y0 + 2 * sag} ${W + 20} ${y0}`, stroke: p.near, 'stroke-width': 2, fill: 'none' });
    for (let t = 0.02; t < 1; t += 0.03) {
      const x = lerp(-20, W + 20, t),
        y = y0 + 2 * sag * 2 * t * (1 - t);
      flags += poly(
        [
          [x - 14, y],
          [x + 14, y],
          [x, y + 32],
        ],
        p.accents[Math.round(t / 0.03) % 4]!,
      );
    }
    s += flags;
  }
  for (let i = 0, people = rng.int(2, 4); i < people; i++) {
    const x = rng.range(80, W - 80),
      h = rng.range(230, 300),
      fill = mix(p.near, '#000', rng.range(0, 0.3));
    s +=
      el('rect', { x: x - 46, y: H - h + 70, width: 92, height: h, rx: 40, fill }) + el('circle', { cx: x, cy: H - h + 28, r: 34, fill });
  }
  return s;
}

function forest(c: Canvas): string {
  const { rng, p } = c;
  let s = sky(c, 520, { clouds: rng.int(0, 2) });
  for (let k = 0; k < 5; k++) {
    const t = k / 4,
      base = 420 + k * 105,
      h = 110 + k * 70;
    const col = mix(mix(p.far, mix(p.near, p.ground, 0.2), t), p.skyBottom, 0.45 * (1 - t)),
      r = ridge(c, base, 40, col, 5);
    let trees = '';
    for (let x = rng.range(-40, 0); x < W + 40; x += h * rng.range(0.22, 0.42))
      trees += pine(x, r.yAt(x) + 8, h * rng.range(0.75, 1.2), col);
    s += r.svg + trees;
    if (k < 4)
      s += el('rect', {
        y: base - 60,
        width: W,
        height: 160,
        fill: c.linear([
          [0, p.skyBottom, 0],
          [0.5, p.skyBottom, 0.4],
          [1, p.skyBottom, 0],
        ]),
      });
  }
  return s;
}

export const SCENES: Record<DemoScene, (c: Canvas) => string> = {
  harbour,
  city,
  hills,
  river,
  parliament,
  stadium,
  market,
  forest,
  portrait,
  chart,
  stage,
  snow,
};
