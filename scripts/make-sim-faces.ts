/**
 * Draws the simulated card's face photos: six synthetic, cartoon-like greyscale portraits,
 * generated procedurally from a seed (no real person, no photo, no model). Each is written as
 * PGM, compressed by OpenJPEG's `opj_compress` into a lossy JP2 (what the 券面AP DF27 holds),
 * and embedded as base64 in src/sim/assets/faces/faces-data.ts so Node and the browser bundle
 * both get the bytes without fs.
 *
 *   npx tsx scripts/make-sim-faces.ts [--preview <dir>]
 *
 * Needs `opj_compress` (Debian/Ubuntu: apt-get install libopenjp2-tools) only when run; the
 * committed .jp2 files and faces-data.ts are what the app and tests use.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Polygon } from '../src/sim/images/flatten';
import { readJp2Info } from '../src/sim/images/jp2-info';
import { polygonCoverage } from '../src/sim/images/scanline';

/** UNCONFIRMED: real card photo dimensions are unknown; 3:4 portrait at 240×320 is our pick. */
const WIDTH = 240;
const HEIGHT = 320;
/** Lossy ratio against the 76.8 KB raw image; ≈ 8 lands the files at roughly 7–11 KB. */
const COMPRESSION_RATIO = 8;
const OUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../src/sim/assets/faces');

type Pt = readonly [number, number];
type Shade = number | ((x: number, y: number) => number);

// ---------------------------------------------------------------------------------------------
// A tiny painter: anti-aliased polygon fills (our own scanline rasteriser) on a float canvas.

class Canvas {
  readonly lum = new Float32Array(WIDTH * HEIGHT);

  constructor(background: (x: number, y: number) => number) {
    for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) this.lum[y * WIDTH + x] = background(x, y);
  }

  /** Union of `polys` (non-zero), painted with `shade` at `opacity`. */
  fill(polys: Polygon | Polygon[], shade: Shade, opacity = 1): void {
    const list = (typeof polys[0] === 'number' ? [polys as Polygon] : (polys as Polygon[])).map(ccw);
    const cov = polygonCoverage(list, WIDTH, HEIGHT, { subsamples: 4 });
    for (let i = 0; i < cov.length; i++) {
      const a = cov[i]! * opacity;
      if (a <= 0) continue;
      const v = typeof shade === 'number' ? shade : shade(i % WIDTH, Math.floor(i / WIDTH));
      this.lum[i] = this.lum[i]! * (1 - a) + v * a;
    }
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.lum, (v) => Math.max(0, Math.min(255, Math.round(v))));
  }
}

/** Same orientation for every polygon, so overlapping parts of one fill never cancel. */
function ccw(p: Polygon): Polygon {
  let area = 0;
  for (let i = 0; i < p.length; i += 2) {
    area += p[i]! * p[(i + 3) % p.length]! - p[(i + 2) % p.length]! * p[i + 1]!;
  }
  if (area >= 0) return p;
  const r: number[] = [];
  for (let i = p.length - 2; i >= 0; i -= 2) r.push(p[i]!, p[i + 1]!);
  return r;
}

function ellipse(cx: number, cy: number, rx: number, ry: number, rot = 0, n = 72): Polygon {
  const out: number[] = [];
  const c = Math.cos(rot), s = Math.sin(rot);
  for (let i = 0; i < n; i++) {
    const t = (i / n) * 2 * Math.PI;
    const x = rx * Math.cos(t), y = ry * Math.sin(t);
    out.push(cx + x * c - y * s, cy + x * s + y * c);
  }
  return out;
}

/** An elliptical ring as one keyhole polygon (outer one way, inner back the other way). */
function ring(cx: number, cy: number, rx: number, ry: number, thickness: number, n = 72): Polygon {
  const out: number[] = [];
  for (let i = 0; i <= n; i++) {
    const t = (i / n) * 2 * Math.PI;
    out.push(cx + rx * Math.cos(t), cy + ry * Math.sin(t));
  }
  for (let i = n; i >= 0; i--) {
    const t = (i / n) * 2 * Math.PI;
    out.push(cx + (rx - thickness) * Math.cos(t), cy + (ry - thickness) * Math.sin(t));
  }
  return out;
}

/** Closed Catmull-Rom curve through `pts`: organic shapes (hair, jaw, shoulders). */
function blob(pts: readonly Pt[], steps = 10): Polygon {
  const out: number[] = [];
  const n = pts.length;
  for (let i = 0; i < n; i++) {
    const p0 = pts[(i - 1 + n) % n]!, p1 = pts[i]!, p2 = pts[(i + 1) % n]!, p3 = pts[(i + 2) % n]!;
    for (let k = 0; k < steps; k++) {
      const t = k / steps, t2 = t * t, t3 = t2 * t;
      const f = (a: number, b: number, c: number, d: number) =>
        0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      out.push(f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1]));
    }
  }
  return out;
}

/** Open Catmull-Rom curve sampled into points (for strokes). */
function curve(pts: readonly Pt[], steps = 12): Pt[] {
  const out: Pt[] = [];
  const n = pts.length;
  for (let i = 0; i < n - 1; i++) {
    const p0 = pts[Math.max(0, i - 1)]!, p1 = pts[i]!, p2 = pts[i + 1]!, p3 = pts[Math.min(n - 1, i + 2)]!;
    for (let k = 0; k < steps; k++) {
      const t = k / steps, t2 = t * t, t3 = t2 * t;
      const f = (a: number, b: number, c: number, d: number) =>
        0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      out.push([f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])]);
    }
  }
  out.push(pts[n - 1]!);
  return out;
}

/** A stroke along `pts` whose width swells to `width` mid-way and tapers to `endWidth` at the ends. */
function taper(pts: readonly Pt[], width: number, endWidth = width * 0.3): Polygon {
  const line = curve(pts);
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const a = line[Math.max(0, i - 1)]!, b = line[Math.min(line.length - 1, i + 1)]!;
    const dx = b[0] - a[0], dy = b[1] - a[1];
    const len = Math.hypot(dx, dy) || 1;
    const t = i / (line.length - 1);
    const w = (endWidth + (width - endWidth) * Math.sin(Math.PI * t)) / 2;
    const [x, y] = line[i]!;
    left.push(x - (dy / len) * w, y + (dx / len) * w);
    right.push(x + (dy / len) * w, y - (dx / len) * w);
  }
  const out = [...left];
  for (let i = right.length - 2; i >= 0; i -= 2) out.push(right[i]!, right[i + 1]!);
  return out;
}

/** Small deterministic PRNG (mulberry32), so a seed always draws the same face. */
function rng(seed: number): (lo: number, hi: number) => number {
  let a = seed >>> 0;
  return (lo, hi) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + (hi - lo) * u;
  };
}

// ---------------------------------------------------------------------------------------------
// The portraits.

type HairStyle = 'short-part' | 'long' | 'bob' | 'balding' | 'curly' | 'bun';

interface FaceSpec {
  readonly id: string;
  readonly seed: number;
  readonly hair: HairStyle;
  readonly glasses?: boolean;
  readonly beard?: boolean;
  readonly smile: number; // −0.3 … 1: mouth corner lift
  readonly outfit: 'suit' | 'sweater' | 'cardigan' | 'shirt' | 'turtleneck';
  /** Fixed hair grey level instead of a seeded dark one. */
  readonly hairTone?: number;
  readonly earrings?: boolean;
}

const FACES: readonly FaceSpec[] = [
  { id: 'face-01', seed: 101, hair: 'short-part', smile: 0.1, outfit: 'suit' },
  { id: 'face-02', seed: 202, hair: 'long', smile: 0.8, outfit: 'sweater' },
  { id: 'face-03', seed: 303, hair: 'bob', glasses: true, smile: 0.35, outfit: 'cardigan', hairTone: 105 },
  { id: 'face-04', seed: 404, hair: 'balding', beard: true, smile: 0, outfit: 'shirt' },
  { id: 'face-05', seed: 505, hair: 'curly', smile: 1, outfit: 'sweater' },
  { id: 'face-06', seed: 606, hair: 'bun', smile: 0.45, outfit: 'turtleneck', earrings: true },
];

function drawFace(spec: FaceSpec): Uint8Array {
  const r = rng(spec.seed);
  const bgTop = r(228, 240);
  const c = new Canvas((_x, y) => bgTop - (y / HEIGHT) * 12);

  const cx = 120 + r(-3, 3);
  const cy = 148 + r(-4, 4);
  const rx = r(62, 71);
  const ry = r(82, 90);
  const jaw = r(0.12, 0.26);
  const skin = r(172, 200);
  const hairTone = spec.hairTone ?? (spec.hair === 'balding' ? r(140, 165) : r(28, 70));
  const cloth = r(45, 115);
  const chinY = cy + ry;

  // Skin shading: a little darker towards the sides and bottom, for a rounded look.
  const skinShade = (x: number, y: number) =>
    skin - 22 * Math.min(1, ((x - cx) / rx) ** 2) - 10 * Math.max(0, (y - cy) / ry);

  // Hair behind the head (long hair and bob fall over the shoulders/neck).
  if (spec.hair === 'long') {
    c.fill(blob([[cx - rx - 14, cy - 20], [cx - rx * 0.7, cy - ry - 14], [cx + rx * 0.7, cy - ry - 14], [cx + rx + 14, cy - 20], [cx + rx + 22, chinY + 40], [cx + rx - 5, chinY + 70], [cx - rx + 5, chinY + 70], [cx - rx - 22, chinY + 40]]), hairTone);
  } else if (spec.hair === 'bob') {
    c.fill(blob([[cx - rx - 16, cy - 10], [cx - rx * 0.75, cy - ry - 16], [cx + rx * 0.75, cy - ry - 16], [cx + rx + 16, cy - 10], [cx + rx + 14, chinY - 8], [cx + rx - 8, chinY + 4], [cx - rx + 8, chinY + 4], [cx - rx - 14, chinY - 8]]), hairTone);
  } else if (spec.hair === 'bun') {
    c.fill(ellipse(cx + r(-6, 6), cy - ry - 18, 30, 24), hairTone);
  }

  // Neck, then shoulders and clothes over it.
  const neckW = rx * r(0.42, 0.52);
  c.fill(blob([[cx - neckW, chinY - 40], [cx + neckW, chinY - 40], [cx + neckW + 4, chinY + 40], [cx - neckW - 4, chinY + 40]], 4), (x, y) => skinShade(x, y) - 14);
  c.fill(taper([[cx - neckW, chinY - 6], [cx, chinY + 8], [cx + neckW, chinY - 6]], 16, 8), skin - 45, 0.35); // shadow under the chin
  const shoulderY = chinY + r(26, 34);
  const shoulders = blob([[cx - 30, shoulderY - 6], [cx + 30, shoulderY - 6], [cx + 95, shoulderY + 12], [cx + 128, HEIGHT + 30], [cx - 128, HEIGHT + 30], [cx - 95, shoulderY + 12]], 12);
  c.fill(shoulders, (x) => cloth + 10 * Math.cos(((x - cx) / 130) * Math.PI));
  drawOutfit(c, spec.outfit, cx, shoulderY, neckW, cloth, r);

  // Ears, then the face itself (egg shape, narrower at the jaw).
  for (const side of [-1, 1]) {
    c.fill(ellipse(cx + side * (rx - 2), cy + 4, 11, 19, side * 0.15), skin - 14);
    c.fill(taper([[cx + side * (rx + 2), cy - 6], [cx + side * (rx + 6), cy + 4], [cx + side * (rx + 2), cy + 14]], 3), skin - 50, 0.6);
    if (spec.earrings) c.fill(ellipse(cx + side * (rx + 1), cy + 27, 3.5, 3.5), 245);
  }
  const face: number[] = [];
  for (let i = 0; i < 96; i++) {
    const t = (i / 96) * 2 * Math.PI;
    const lower = Math.max(0, Math.sin(t));
    face.push(cx + rx * Math.cos(t) * (1 - jaw * lower * lower), cy + ry * Math.sin(t));
  }
  c.fill(face, skinShade);
  for (const side of [-1, 1]) c.fill(ellipse(cx + side * rx * 0.55, cy + ry * 0.32, rx * 0.2, ry * 0.1), skin - 18, 0.25); // cheeks

  drawHairFront(c, spec.hair, cx, cy, rx, ry, hairTone, r);
  drawEyesAndBrows(c, cx, cy, rx, ry, hairTone, r);

  // Nose: a soft shade line down one side, a tip and two nostrils.
  const noseY = cy + ry * 0.3;
  c.fill(taper([[cx - 4, cy - ry * 0.02], [cx - 6, noseY - 8], [cx - 10, noseY + 2]], 3, 1), skin - 40, 0.55);
  c.fill(taper([[cx - 11, noseY + 3], [cx, noseY + 8], [cx + 11, noseY + 3]], 3, 1.5), skin - 55, 0.7);
  for (const side of [-1, 1]) c.fill(ellipse(cx + side * 6, noseY + 4, 3.2, 1.8), skin - 90, 0.8);

  drawMouth(c, spec, cx, cy + ry * 0.58, rx, skin, r);

  if (spec.beard) {
    const beard = blob([[cx - rx * 0.92, cy + ry * 0.2], [cx - rx * 0.55, cy + ry * 0.5], [cx, cy + ry * 0.45], [cx + rx * 0.55, cy + ry * 0.5], [cx + rx * 0.92, cy + ry * 0.2], [cx + rx * 0.7, chinY - 5], [cx, chinY + 10], [cx - rx * 0.7, chinY - 5]]);
    c.fill(beard, hairTone - 20, 0.9);
    c.fill(ellipse(cx, cy + ry * 0.62, rx * 0.22, ry * 0.06), skin - 60); // mouth gap in the beard
    c.fill(taper([[cx - rx * 0.36, cy + ry * 0.52], [cx, cy + ry * 0.44], [cx + rx * 0.36, cy + ry * 0.52]], 10, 4), hairTone - 25); // mustache
  }
  if (spec.glasses) {
    for (const side of [-1, 1]) {
      const ex = cx + side * rx * 0.4, ey = cy - ry * 0.04;
      c.fill(ellipse(ex, ey, 19, 14), 255, 0.12); // faint lens glare
      c.fill(ring(ex, ey, 21, 16, 3), 30);
    }
    c.fill(taper([[cx - rx * 0.4 + 18, cy - ry * 0.06], [cx, cy - ry * 0.1], [cx + rx * 0.4 - 18, cy - ry * 0.06]], 3, 3), 30);
    for (const side of [-1, 1]) c.fill(taper([[cx + side * (rx * 0.4 + 21), cy - ry * 0.06], [cx + side * (rx - 1), cy - ry * 0.1]], 3, 3), 30);
  }
  return c.toBytes();
}

function drawOutfit(
  c: Canvas, outfit: FaceSpec['outfit'], cx: number, sy: number, neckW: number, cloth: number,
  r: (lo: number, hi: number) => number,
): void {
  switch (outfit) {
    case 'suit':
      c.fill(blob([[cx - neckW - 2, sy - 8], [cx + neckW + 2, sy - 8], [cx + 6, sy + 70], [cx - 6, sy + 70]], 4), 235); // shirt
      c.fill(blob([[cx - 7, sy + 2], [cx + 7, sy + 2], [cx + 10, sy + 70], [cx, sy + 84], [cx - 10, sy + 70]], 4), cloth - 30); // tie
      for (const side of [-1, 1]) c.fill(blob([[cx + side * (neckW + 4), sy - 8], [cx + side * 8, sy + 60], [cx + side * 60, sy + 8]], 6), cloth - 20); // lapels
      break;
    case 'shirt':
      for (const side of [-1, 1]) c.fill(blob([[cx + side * neckW, sy - 12], [cx + side * 2, sy + 16], [cx + side * (neckW + 26), sy + 10]], 6), Math.min(235, cloth + 80));
      for (let k = 0; k < 3; k++) c.fill(ellipse(cx, sy + 30 + k * 22, 2.5, 2.5), cloth - 35);
      break;
    case 'cardigan':
      c.fill(blob([[cx - neckW - 4, sy - 10], [cx + neckW + 4, sy - 10], [cx + 4, sy + 80], [cx - 4, sy + 80]], 6), Math.min(230, cloth + 70)); // blouse in the V
      for (let k = 0; k < 3; k++) c.fill(ellipse(cx + 20, sy + 50 + k * 22, 3, 3), 30);
      break;
    case 'sweater':
      c.fill(taper([[cx - neckW - 4, sy - 8], [cx, sy + r(8, 14)], [cx + neckW + 4, sy - 8]], 9, 7), cloth - 22); // round neckline rib
      break;
    case 'turtleneck':
      c.fill(blob([[cx - neckW - 4, sy - 34], [cx + neckW + 4, sy - 34], [cx + neckW + 10, sy + 6], [cx - neckW - 10, sy + 6]], 4), cloth + 8);
      for (let k = 1; k < 4; k++) c.fill(taper([[cx - neckW, sy - 34 + k * 9], [cx + neckW, sy - 34 + k * 9]], 1.5, 1.5), cloth - 15, 0.6);
      break;
  }
}

function drawHairFront(
  c: Canvas, hair: HairStyle, cx: number, cy: number, rx: number, ry: number, tone: number,
  r: (lo: number, hi: number) => number,
): void {
  const top = cy - ry;
  switch (hair) {
    case 'short-part': {
      const part = cx - rx * 0.35;
      c.fill(blob([[cx - rx - 4, cy - 4], [cx - rx - 6, top + 20], [cx - rx * 0.5, top - 10], [cx + rx * 0.5, top - 12], [cx + rx + 6, top + 24], [cx + rx + 3, cy - 6], [cx + rx * 0.8, top + ry * 0.42], [cx + rx * 0.1, top + ry * 0.3], [part, top + ry * 0.3], [cx - rx * 0.85, top + ry * 0.45]]), tone);
      c.fill(taper([[part, top + ry * 0.28], [part + 5, top + 8], [part + 8, top]], 2.5, 1), tone + 70, 0.6); // parting
      break;
    }
    case 'long':
    case 'bob': {
      const fringe = hair === 'bob'
        ? [[cx - rx - 8, cy - 2], [cx - rx - 6, top + 10], [cx, top - 16], [cx + rx + 6, top + 10], [cx + rx + 8, cy - 2], [cx + rx * 0.8, top + ry * 0.5], [cx, top + ry * 0.52], [cx - rx * 0.8, top + ry * 0.5]] as Pt[]
        : [[cx - rx - 10, cy + 10], [cx - rx - 6, top + 16], [cx, top - 14], [cx + rx + 6, top + 16], [cx + rx + 10, cy + 10], [cx + rx * 0.7, top + ry * 0.38], [cx + rx * 0.1, top + ry * 0.28], [cx - rx * 0.5, top + ry * 0.55], [cx - rx * 0.82, cy - 10]] as Pt[];
      c.fill(blob(fringe), tone);
      for (let k = 0; k < 5; k++) { // a few lighter strands for texture
        const x = cx - rx * 0.6 + k * rx * 0.3;
        c.fill(taper([[x, top + 4], [x + r(-8, 8), top + ry * 0.25]], 2, 0.5), tone + 45, 0.5);
      }
      break;
    }
    case 'balding':
      for (const side of [-1, 1]) {
        c.fill(blob([[cx + side * (rx - 14), cy - ry * 0.55], [cx + side * (rx + 8), cy - ry * 0.35], [cx + side * (rx + 6), cy + 6], [cx + side * (rx - 6), cy - 4]], 8), tone);
      }
      for (let k = 0; k < 3; k++) c.fill(taper([[cx - rx * 0.4, top + 32 + k * 9], [cx, top + 29 + k * 9], [cx + rx * 0.4, top + 32 + k * 9]], 2, 0.5), tone - 60, 0.35); // forehead lines
      c.fill(ellipse(cx - rx * 0.2, top + 16, rx * 0.28, 8, -0.15), 255, 0.25); // shine on the scalp
      break;
    case 'curly': {
      for (let k = 0; k < 26; k++) {
        const t = Math.PI * (1.02 + (k / 25) * 0.96);
        const rr = 1 + r(0.05, 0.22);
        c.fill(ellipse(cx + Math.cos(t) * rx * rr, cy - 8 + Math.sin(t) * ry * rr * 0.98, r(15, 22), r(15, 22)), tone + r(-8, 8));
      }
      c.fill(blob([[cx - rx * 0.95, cy - ry * 0.3], [cx - rx * 0.6, top + 4], [cx + rx * 0.6, top + 4], [cx + rx * 0.95, cy - ry * 0.3], [cx + rx * 0.5, top + ry * 0.36], [cx - rx * 0.5, top + ry * 0.36]]), tone);
      for (let k = 0; k < 14; k++) { // little arcs hint at curls
        const x = cx + r(-rx, rx) * 0.85, y = top + r(-10, ry * 0.2);
        c.fill(taper([[x - 5, y + 2], [x, y - 3], [x + 5, y + 2]], 2.5, 1), tone + 40, 0.5);
      }
      break;
    }
    case 'bun':
      c.fill(blob([[cx - rx - 3, cy - 6], [cx - rx * 0.85, top + 6], [cx, top - 8], [cx + rx * 0.85, top + 6], [cx + rx + 3, cy - 6], [cx + rx * 0.75, top + ry * 0.4], [cx, top + ry * 0.32], [cx - rx * 0.75, top + ry * 0.4]]), tone);
      for (let k = 0; k < 6; k++) { // combed-back lines
        const x = cx - rx * 0.6 + k * rx * 0.24;
        c.fill(taper([[x, top + ry * 0.33], [x * 0.9 + cx * 0.1, top - 2]], 1.8, 0.5), tone + 40, 0.5);
      }
      break;
  }
}

function drawEyesAndBrows(
  c: Canvas, cx: number, cy: number, rx: number, ry: number, hairTone: number,
  r: (lo: number, hi: number) => number,
): void {
  const eyeY = cy - ry * 0.04;
  const gap = rx * r(0.36, 0.42);
  const ew = rx * r(0.15, 0.19);
  const eh = ew * r(0.45, 0.6);
  const browLift = r(-3, 4);
  const browW = r(4, 8);
  const look = r(-1.5, 1.5); // gaze direction
  for (const side of [-1, 1]) {
    const ex = cx + side * gap;
    c.fill(ellipse(ex, eyeY, ew, eh), 245);
    c.fill(ellipse(ex + look, eyeY + 0.5, eh * 0.9, eh * 0.9), 70);
    c.fill(ellipse(ex + look, eyeY + 0.5, eh * 0.45, eh * 0.45), 10);
    c.fill(ellipse(ex + look - 2, eyeY - 2, 1.6, 1.6), 250); // catch-light
    c.fill(taper([[ex - ew - 2, eyeY + 1], [ex, eyeY - eh - 1.5], [ex + ew + 2, eyeY + 1]], 3, 1.5), 25); // upper lid
    c.fill(taper([[ex - ew * 0.8, eyeY + eh * 0.8], [ex, eyeY + eh + 1], [ex + ew * 0.8, eyeY + eh * 0.8]], 1.2, 0.5), 120, 0.5);
    const by = eyeY - ry * 0.2 - browLift;
    c.fill(taper([[ex - side * ew * 1.25, by + 5], [ex, by - 3], [ex + side * ew * 1.3, by + 2 + browLift * 0.5]], browW, browW * 0.45), Math.min(hairTone, 90) - 10);
  }
}

function drawMouth(
  c: Canvas, spec: FaceSpec, cx: number, my: number, rx: number, skin: number,
  r: (lo: number, hi: number) => number,
): void {
  const w = rx * r(0.3, 0.4);
  const lift = spec.smile * 7;
  if (spec.smile >= 0.75) {
    // Open smile: dark mouth, a band of teeth, lower lip shade.
    const mouth = blob([[cx - w, my - lift], [cx, my - 2], [cx + w, my - lift], [cx + w * 0.5, my + 10], [cx, my + 13], [cx - w * 0.5, my + 10]], 8);
    c.fill(mouth, 40);
    c.fill(blob([[cx - w * 0.8, my - lift * 0.7], [cx, my - 1], [cx + w * 0.8, my - lift * 0.7], [cx, my + 4]], 8), 240);
    c.fill(taper([[cx - w * 0.5, my + 15], [cx, my + 17], [cx + w * 0.5, my + 15]], 3, 1), skin - 45, 0.6);
  } else {
    c.fill(taper([[cx - w, my - lift], [cx, my + 1], [cx + w, my - lift]], 4, 1.5), skin - 95);
    c.fill(taper([[cx - w * 0.5, my + 8], [cx, my + 10], [cx + w * 0.5, my + 8]], 3, 1), skin - 40, 0.5); // lower lip
  }
}

// ---------------------------------------------------------------------------------------------
// Output: PGM → opj_compress → JP2 → base64 module.

function pgm(pixels: Uint8Array): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${WIDTH} ${HEIGHT}\n255\n`);
  const out = new Uint8Array(header.length + pixels.length);
  out.set(header);
  out.set(pixels, header.length);
  return out;
}

function compressJp2(pgmPath: string, jp2Path: string): void {
  const res = spawnSync('opj_compress', ['-i', pgmPath, '-o', jp2Path, '-r', String(COMPRESSION_RATIO), '-I', '-C', 'Kazasu synthetic face - not a real person'], { encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    throw new Error(`opj_compress failed (install libopenjp2-tools): ${res.error?.message ?? res.stderr}`);
  }
}

function facesDataModule(files: readonly { id: string; bytes: Uint8Array }[]): string {
  const chunks = (b64: string) => b64.match(/.{1,100}/g)!.map((s) => `    '${s}',`).join('\n');
  return `// GENERATED by scripts/make-sim-faces.ts — do not edit by hand.
// Regenerate with: npx tsx scripts/make-sim-faces.ts
//
// Synthetic cartoon portraits drawn procedurally (not real people), as JPEG 2000 (JP2
// container, greyscale ${WIDTH}×${HEIGHT}). Embedded as base64 so Node and the browser bundle both
// get the bytes without fs. Import this module lazily (\`await import(…)\`) to keep the
// ~${Math.round(files.reduce((n, f) => n + f.bytes.length, 0) * 4 / 3 / 1024)} KB of text out of the main chunk.
import { SimImageError } from '../../images/sim-image-error';

export const SIM_FACE_IDS = [${files.map((f) => `'${f.id}'`).join(', ')}] as const;
export type SimFaceId = (typeof SIM_FACE_IDS)[number];

/** Pixel size of every face photo. UNCONFIRMED for real cards: our choice, 3:4 portrait. */
export const SIM_FACE_SIZE = { width: ${WIDTH}, height: ${HEIGHT} } as const;

const BASE64: Readonly<Record<SimFaceId, string>> = {
${files.map((f) => `  '${f.id}': [\n${chunks(Buffer.from(f.bytes).toString('base64'))}\n  ].join(''),`).join('\n')}
};

/** The JP2 bytes of one face (a fresh copy each call, so callers may modify it). */
export function faceJp2(id: string): Uint8Array {
  const b64 = (BASE64 as Readonly<Record<string, string>>)[id];
  if (b64 === undefined) throw new SimImageError('sim-image-unknown-face', \`no simulated face "\${id}"\`);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
`;
}

function main(): void {
  const previewAt = process.argv.indexOf('--preview');
  const previewDir = previewAt >= 0 ? process.argv[previewAt + 1] : undefined;
  const work = mkdtempSync(join(tmpdir(), 'sim-faces-'));
  try {
    const files: { id: string; bytes: Uint8Array }[] = [];
    for (const spec of FACES) {
      const pgmPath = join(work, `${spec.id}.pgm`);
      const jp2Path = join(OUT_DIR, `${spec.id}.jp2`);
      const image = pgm(drawFace(spec));
      writeFileSync(pgmPath, image);
      if (previewDir) writeFileSync(join(previewDir, `${spec.id}.pgm`), image);
      compressJp2(pgmPath, jp2Path);
      const bytes = new Uint8Array(readFileSync(jp2Path));
      const info = readJp2Info(bytes);
      if (info.components !== 1 || info.width !== WIDTH || info.height !== HEIGHT) {
        throw new Error(`${spec.id}: unexpected JP2 header ${JSON.stringify(info)}`);
      }
      files.push({ id: spec.id, bytes });
      console.log(`${spec.id}.jp2  ${statSync(jp2Path).size} bytes`);
    }
    writeFileSync(join(OUT_DIR, 'faces-data.ts'), facesDataModule(files));
    console.log(`wrote ${join(OUT_DIR, 'faces-data.ts')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
