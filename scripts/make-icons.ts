/**
 * Draws the PWA icons: a white ID card with a gold chip, held under contactless waves
 * (「かざす」, "hold it over"), on the kiosk's theme blue. Shapes are signed-distance functions
 * sampled 4×4 per pixel, so edges are anti-aliased without a graphics library.
 *
 *   npx tsx scripts/make-icons.ts
 *
 * Writes public/icons/: icon-192/512.png (purpose "any": rounded square, transparent corners),
 * maskable-192/512.png (full bleed, artwork inside the 80 % safe circle), apple-touch-icon-180.png
 * (opaque) and favicon-32.png. The PNGs are committed; rerun only to change the design.
 */
import { encode } from 'fast-png';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { THEME_COLOUR } from '../src/app/pwa/pwa-config';

const OUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../public/icons');
const SUPERSAMPLE = 4;

type Rgb = readonly [number, number, number];
/** Signed distance in unit coordinates (0…1 across the icon); negative inside. */
type Sdf = (x: number, y: number) => number;
interface Layer {
  readonly shape: Sdf;
  readonly colour: Rgb;
}

const BLUE = hex(THEME_COLOUR);
const WHITE: Rgb = [255, 255, 255];
const GOLD = hex('#f2c14e');
const CHIP_LINE = hex('#b8860b');
const CARD_STRIPE = hex('#dce6f7');

function hex(colour: string): Rgb {
  const n = Number.parseInt(colour.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

// --- shapes -----------------------------------------------------------------------------------

function roundedRect(cx: number, cy: number, w: number, h: number, r: number, angleDeg = 0): Sdf {
  const a = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  return (x, y) => {
    // Rotate the point into the rectangle's frame.
    const dx = x - cx;
    const dy = y - cy;
    const lx = cos * dx + sin * dy;
    const ly = -sin * dx + cos * dy;
    const qx = Math.abs(lx) - (w / 2 - r);
    const qy = Math.abs(ly) - (h / 2 - r);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}

/** A stroked arc with round caps, angles in degrees counter-clockwise from +x (y points down). */
function arc(cx: number, cy: number, radius: number, width: number, fromDeg: number, toDeg: number): Sdf {
  const from = (fromDeg * Math.PI) / 180;
  const to = (toDeg * Math.PI) / 180;
  const ends = [from, to].map((t) => [cx + radius * Math.cos(t), cy - radius * Math.sin(t)] as const);
  return (x, y) => {
    const t = Math.atan2(-(y - cy), x - cx);
    if (t >= from && t <= to) return Math.abs(Math.hypot(x - cx, y - cy) - radius) - width / 2;
    return Math.min(...ends.map(([ex, ey]) => Math.hypot(x - ex, y - ey))) - width / 2;
  };
}

/** Points inside `shape` but outside `hole`. */
function minus(shape: Sdf, hole: Sdf): Sdf {
  return (x, y) => Math.max(shape(x, y), -hole(x, y));
}

/** Scales artwork about the icon centre (used to fit the maskable safe zone). */
function scaled(shape: Sdf, factor: number): Sdf {
  return (x, y) => shape(0.5 + (x - 0.5) / factor, 0.5 + (y - 0.5) / factor) * factor;
}

// --- artwork ------------------------------------------------------------------------------------

const CARD_ANGLE = -14;
const CARD = { cx: 0.43, cy: 0.6, w: 0.54, h: 0.34 };

function artwork(): Layer[] {
  const card = roundedRect(CARD.cx, CARD.cy, CARD.w, CARD.h, 0.04, CARD_ANGLE);
  // Chip and stripe positions are given in the card's own frame, then rotated with it.
  const a = (CARD_ANGLE * Math.PI) / 180;
  const at = (u: number, v: number): [number, number] => [
    CARD.cx + Math.cos(a) * u - Math.sin(a) * v,
    CARD.cy + Math.sin(a) * u + Math.cos(a) * v,
  ];
  const [chipX, chipY] = at(-0.14, -0.01);
  const chip = roundedRect(chipX, chipY, 0.11, 0.085, 0.016, CARD_ANGLE);
  const chipInner = roundedRect(chipX, chipY, 0.05, 0.085 - 0.03, 0.006, CARD_ANGLE);
  const [stripeX, stripeY] = at(0.1, 0.05);
  const stripeA = roundedRect(stripeX, stripeY - 0.035, 0.2, 0.03, 0.015, CARD_ANGLE);
  const [stripeBX, stripeBY] = at(0.1, 0.09);
  const stripeB = roundedRect(stripeBX, stripeBY - 0.035, 0.2, 0.03, 0.015, CARD_ANGLE);
  // Waves rise from the card's upper right corner.
  const waveCx = 0.6;
  const waveCy = 0.44;
  const waves = [0.1, 0.18, 0.26].map((r) => arc(waveCx, waveCy, r, 0.045, 15, 75));
  return [
    { shape: card, colour: WHITE },
    { shape: chip, colour: GOLD },
    // Contact pads: the outline of a smaller rectangle inside the chip.
    { shape: (x, y) => Math.abs(chipInner(x, y)) - 0.004, colour: CHIP_LINE },
    { shape: stripeA, colour: CARD_STRIPE },
    { shape: stripeB, colour: CARD_STRIPE },
    ...waves.map((shape) => ({ shape, colour: WHITE })),
  ];
}

// --- rendering ----------------------------------------------------------------------------------

interface IconSpec {
  readonly file: string;
  readonly size: number;
  /** Background shape (undefined = full bleed). */
  readonly background?: Sdf;
  /** Artwork scale about the centre. */
  readonly scale: number;
}

function render(spec: IconSpec): Uint8Array {
  const { size } = spec;
  const layers = artwork().map((l) => ({ ...l, shape: scaled(l.shape, spec.scale) }));
  const background = spec.background ?? (() => -1);
  const data = new Uint8Array(size * size * 4);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let alpha = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          if (background(x, y) > 0) continue;
          let colour: Rgb = BLUE;
          for (const layer of layers) if (layer.shape(x, y) <= 0) colour = layer.colour;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          alpha++;
        }
      }
      const o = (py * size + px) * 4;
      if (alpha > 0) {
        data[o] = Math.round(r / alpha);
        data[o + 1] = Math.round(g / alpha);
        data[o + 2] = Math.round(b / alpha);
      }
      data[o + 3] = Math.round((255 * alpha) / n);
    }
  }
  return data;
}

const ROUNDED_SQUARE = roundedRect(0.5, 0.5, 1, 1, 0.2);
/** The maskable safe zone is a circle of radius 0.4 about the centre; the artwork fits at 0.8. */
const MASKABLE_SCALE = 0.8;

const SPECS: readonly IconSpec[] = [
  { file: 'icon-192.png', size: 192, background: ROUNDED_SQUARE, scale: 1 },
  { file: 'icon-512.png', size: 512, background: ROUNDED_SQUARE, scale: 1 },
  { file: 'maskable-192.png', size: 192, scale: MASKABLE_SCALE },
  { file: 'maskable-512.png', size: 512, scale: MASKABLE_SCALE },
  { file: 'apple-touch-icon-180.png', size: 180, scale: 0.9 },
  { file: 'favicon-32.png', size: 32, background: roundedRect(0.5, 0.5, 1, 1, 0.18), scale: 1.1 },
];

mkdirSync(OUT_DIR, { recursive: true });
for (const spec of SPECS) {
  const png = encode({ width: spec.size, height: spec.size, data: render(spec), channels: 4, depth: 8 });
  writeFileSync(join(OUT_DIR, spec.file), png);
  console.log(`${spec.file}: ${spec.size}×${spec.size}, ${png.length} bytes`);
}
